// Declarations: objects, sorts, aliases, symbols, interpretations, definitions,
// facts, isolates, exports, attributes and native blocks.
#include "frontend/src/compiler.h"

#include "frontend/ast_walk.h"

#include <algorithm>

namespace ivy::frontend {

using namespace ast;
using ir::SortId;
using ir::SymbolId;

namespace {

// The names a call atom spells (`a.b(x).c` -> {"a", "b", "c"}, args {x}).
void chain_parts(const Expr& e, std::vector<std::string>& parts, std::vector<std::string>& args) {
    if (e.kind == ExprKind::Member) {
        chain_parts(e.args[0], parts, args);
        parts.push_back(e.name);
        for (size_t i = 1; i < e.args.size(); ++i) args.push_back(e.args[i].name);
        return;
    }
    for (const std::string& p : split_name(e.name)) parts.push_back(p);
    for (const Expr& a : e.args) args.push_back(a.name);
}

// Collects the variables of every expression a walk meets.
class VariableCollector : public AstWalker {
public:
    explicit VariableCollector(std::set<std::string>& out) : out_(out) {}
    void on_expr(const Expr& e, Role) override { written_variables(e, out_); }

private:
    std::set<std::string>& out_;
};

void defined_variables(const DefnLhs& lhs, std::set<std::string>& out) {
    for (const Binder& b : lhs.args) out.insert(b.name);
}

} // namespace

std::set<std::string> written_variables(const Decl& d) {
    std::set<std::string> out;
    VariableCollector collector(out);
    walk({d}, collector);
    if (const auto* def = std::get_if<DefinitionDecl>(&d.node)) defined_variables(def->defn.lhs, out);
    if (const auto* sd = std::get_if<SymbolDecl>(&d.node))
        for (const SymDef& item : sd->items) defined_variables(item.lhs, out);
    if (const auto* dv = std::get_if<DerivedDecl>(&d.node))
        for (const Defn& x : dv->defns) defined_variables(x.lhs, out);
    return out;
}

std::string fresh_variable(const std::string& prefix, std::size_t& next, const std::set<std::string>& taken) {
    for (;; ++next) {
        std::string name = prefix + std::to_string(next);
        if (!taken.count(name)) {
            ++next;
            return name;
        }
    }
}

void Compiler::error(SourceLocation at, const std::string& message) {
    diags_.error(at, message);
    if (instantiated_at_)
        for (SourceLocation line : *instantiated_at_) diags_.error(line, "instantiated here");
}

Compiler::Compiler(FlatProgram flat, Diagnostics& diags) : flat_(std::move(flat)), diags_(diags) {
    ir::Sort boolean;
    boolean.name = "bool";
    boolean.kind = ir::Sort::Kind::Bool;
    program_.sorts.push_back(boolean);
    program_.sort_index["bool"] = ir::kBoolSort;
    program_.objects.push_back(ir::Object{});
    program_.object_index[""] = 0;
}

ir::Program Compiler::run() {
    collect_aliases(); // pure names: first, so that every sort position sees them
    collect_sorts();
    collect_objects();
    collect_symbols();
    collect_action_signatures();
    collect_interpretations();
    collect_definitions_and_facts();
    compile_action_bodies();
    collect_isolates_and_exports();
    return std::move(program_);
}

ir::Origin Compiler::origin(const FlatDecl& d) const {
    return ir::Origin{d.object, d.visibility, d.decl.loc};
}

ir::SymbolId Compiler::add_symbol(ir::Symbol symbol, bool indexed) {
    auto id = static_cast<SymbolId>(program_.symbols.size());
    if (indexed) {
        if (auto [it, fresh] = first_declared_.emplace(symbol.name, symbol.origin.loc); !fresh) {
            error(symbol.origin.loc, "redefining " + symbol.name + " (from " + location_text(it->second) + ")");
        } else {
            program_.symbol_index[symbol.name] = id;
        }
    }
    program_.symbols.push_back(std::move(symbol));
    return id;
}

std::vector<std::string> Compiler::expand_alias(std::vector<std::string> parts) const {
    for (int round = 0; round < 8; ++round) { // aliases of aliases, without looping forever
        bool changed = false;
        for (size_t k = parts.size(); k >= 1; --k) {
            std::vector<std::string> prefix(parts.begin(), parts.begin() + static_cast<long>(k));
            auto it = aliases_.find(join_name(prefix));
            if (it == aliases_.end()) continue;
            std::vector<std::string> out = it->second;
            out.insert(out.end(), parts.begin() + static_cast<long>(k), parts.end());
            parts = std::move(out);
            changed = true;
            break;
        }
        if (!changed) break;
    }
    return parts;
}

std::optional<SortId> Compiler::resolve_sort(const Name& name) {
    return program_.find_sort(join_name(expand_alias(name.parts)));
}

SortId Compiler::sort_or_error(const Name& name, SourceLocation at) {
    if (std::optional<SortId> s = resolve_sort(name)) return *s;
    error(name.loc.known() ? name.loc : at, "unknown sort '" + name.str() + "'");
    return ir::kBoolSort;
}

NameScope Compiler::formula_scope(const FlatDecl& d) {
    NameScope scope;
    if (d.object_params.empty()) return scope;
    const std::set<std::string> written = written_variables(d.decl);
    std::size_t next = 0;
    for (const Param& p : d.object_params) {
        scope.bind(p.name, LocalName{std::nullopt, fresh_variable("V", next, written), sort_or_error(p.sort, p.loc)});
        scope.object_params.push_back(p.name);
    }
    return scope;
}

// ------------------------------------------------------------------ sorts

void Compiler::collect_sorts() {
    // Every sort first, so that fields may mention sorts declared later.
    for (const FlatDecl& d : flat_.decls) {
        Compiling compiling(*this, d);
        const auto* t = std::get_if<TypeDecl>(&d.decl.node);
        if (!t) continue;
        std::string name = t->name.str();
        if (name == "this") {
            error(d.decl.loc, "'type this' is allowed only inside an object");
            continue;
        }
        ir::Sort sort;
        sort.name = name;
        sort.kind = t->kind == TypeDecl::Kind::Enum ? ir::Sort::Kind::Enum : ir::Sort::Kind::Uninterpreted;
        sort.is_struct = t->kind == TypeDecl::Kind::Struct;
        sort.finite = t->finite;
        sort.origin = origin(d);
        if (auto [it, fresh] = first_declared_.emplace(name, d.decl.loc); !fresh) {
            error(d.decl.loc, "redefining " + name + " (from " + location_text(it->second) + ")");
            continue;
        }
        program_.sort_index[name] = static_cast<SortId>(program_.sorts.size());
        program_.sorts.push_back(std::move(sort));
    }
    for (const FlatDecl& d : flat_.decls) {
        Compiling compiling(*this, d);
        const auto* t = std::get_if<TypeDecl>(&d.decl.node);
        if (!t) continue;
        std::optional<SortId> id = program_.find_sort(t->name.str());
        if (!id) continue;
        if (t->kind == TypeDecl::Kind::Enum) {
            for (const Name& v : t->values) {
                ir::Symbol s;
                s.name = v.str();
                s.kind = ir::Symbol::Kind::EnumValue;
                s.range = *id;
                s.origin = origin(d);
                s.origin.loc = v.loc;
                program_.sorts[*id].values.push_back(add_symbol(std::move(s), true));
            }
        } else if (t->kind == TypeDecl::Kind::Struct) {
            for (const TypedTerm& f : t->fields) {
                ir::Symbol s;
                s.name = f.name.str();
                s.kind = ir::Symbol::Kind::Destructor;
                s.domain = {*id};
                s.range = sort_or_error(f.sort, f.loc);
                s.origin = origin(d);
                s.origin.loc = f.loc;
                program_.sorts[*id].fields.push_back(add_symbol(std::move(s), true));
            }
        } else if (t->kind == TypeDecl::Kind::Range) {
            ir::Interpretation interp;
            interp.sort = *id;
            interp.theory = ir::Interpretation::Theory::Range;
            interp.lo = program_.terms.app(numeral_symbol(t->values[0].str(), *id), *id);
            interp.hi = program_.terms.app(numeral_symbol(t->values[1].str(), *id), *id);
            interp.origin = origin(d);
            program_.interpretations.push_back(interp);
        }
    }
}

void Compiler::collect_aliases() {
    for (const FlatDecl& d : flat_.decls) {
        Compiling compiling(*this, d);
        const auto* a = std::get_if<AliasDecl>(&d.decl.node);
        if (!a) continue;
        std::vector<std::string> target, args;
        chain_parts(a->target, target, args);
        if (target.size() == 1 && target[0] == "this") target.clear(); // the root object
        aliases_[a->name] = std::move(target);
    }
}

void Compiler::collect_objects() {
    for (const FlatObject& o : flat_.objects) {
        Compiling compiling(*this, o.instantiated_at);
        ir::Object obj;
        obj.name = o.name;
        for (const Param& p : o.params) {
            obj.param_names.push_back(p.name);
            obj.param_sorts.push_back(sort_or_error(p.sort, p.loc));
        }
        obj.origin = ir::Origin{"", o.visibility, o.loc};
        program_.object_index[o.name] = program_.objects.size();
        program_.objects.push_back(std::move(obj));
    }
}

// ------------------------------------------------------------------ symbols

void Compiler::collect_symbols() {
    auto object_sorts = [&](const FlatDecl& d) {
        std::vector<SortId> sorts;
        for (const Param& p : d.object_params) sorts.push_back(sort_or_error(p.sort, p.loc));
        return sorts;
    };
    auto declare = [&](const FlatDecl& d, const std::string& name, const std::vector<Binder>& args,
                       const Name& sort, ir::Symbol::Kind kind, bool relation, SourceLocation at) {
        ir::Symbol s;
        s.name = name;
        s.kind = kind;
        if (kind != ir::Symbol::Kind::Destructor) {
            s.domain = object_sorts(d);
            s.object_params = s.domain.size();
        }
        for (const Binder& b : args) {
            if (b.sort.empty()) {
                error(b.loc, "the sort of argument " + b.name + " of " + name + " must be written (" +
                                 b.name + ":t)");
                return;
            }
            s.domain.push_back(sort_or_error(b.sort, b.loc));
        }
        if (relation) {
            s.range = sort.empty() ? ir::kBoolSort : sort_or_error(sort, at);
        } else if (sort.empty()) {
            error(at, "the sort of " + name + " must be written (" + name + " : t)");
            return;
        } else {
            s.range = sort_or_error(sort, at);
        }
        s.origin = origin(d);
        s.origin.loc = at;
        SymbolId id = add_symbol(std::move(s), true);
        if (kind == ir::Symbol::Kind::Destructor && !program_.symbols[id].domain.empty())
            program_.sorts[program_.symbols[id].domain[0]].fields.push_back(id);
    };

    for (const FlatDecl& d : flat_.decls) {
        Compiling compiling(*this, d);
        if (const auto* sd = std::get_if<SymbolDecl>(&d.decl.node)) {
            for (const SymDef& item : sd->items) {
                if (item.lhs.infix) {
                    error(item.lhs.loc, "an operator cannot be declared; define it with "
                                        "'definition (X " + item.lhs.name.str() + " Y) = ...'");
                    continue;
                }
                // A defined function may leave its sort to its definition.
                if (!sd->relation && item.sort.empty() && item.rhs) continue;
                declare(d, item.lhs.name.str(), item.lhs.args, item.sort, ir::Symbol::Kind::State,
                        sd->relation, item.lhs.loc);
            }
        } else if (const auto* st = std::get_if<StateDecl>(&d.decl.node)) {
            auto kind = st->kind == StateDecl::Kind::Destructor ? ir::Symbol::Kind::Destructor
                                                                : ir::Symbol::Kind::State;
            for (const TypedTerm& t : st->items) {
                if (t.infix) {
                    error(t.loc, "an operator cannot be declared as state");
                    continue;
                }
                declare(d, t.name.str(), t.args, t.sort, kind, false, t.loc);
            }
        } else if (const auto* p = std::get_if<ParameterDecl>(&d.decl.node)) {
            declare(d, p->term.name.str(), p->term.args, p->term.sort, ir::Symbol::Kind::Parameter, false,
                    p->term.loc);
        } else if (const auto* dv = std::get_if<DerivedDecl>(&d.decl.node)) {
            for (const Defn& x : dv->defns)
                if (!x.sort.empty()) declare(d, x.lhs.name.str(), x.lhs.args, x.sort, ir::Symbol::Kind::State,
                                             false, x.lhs.loc);
        }
    }
}

void Compiler::collect_interpretations() {
    for (const FlatDecl& d : flat_.decls) {
        Compiling compiling(*this, d);
        const auto* in = std::get_if<InterpretDecl>(&d.decl.node);
        if (!in) continue;
        if (in->lhs.kind != InterpretOperand::Kind::Name) {
            error(d.decl.loc, "only a sort can be interpreted");
            continue;
        }
        std::optional<SortId> sort = resolve_sort(in->lhs.name);
        if (!sort) {
            if (program_.find_symbol(join_name(expand_alias(in->lhs.name.parts))))
                error(d.decl.loc, "interpreting a symbol (" + in->lhs.name.str() + ") is not supported");
            else
                error(d.decl.loc, "unknown sort '" + in->lhs.name.str() + "'");
            continue;
        }
        ir::Interpretation interp;
        interp.label = in->label ? in->label->name : std::string();
        interp.sort = *sort;
        interp.origin = origin(d);
        using Theory = ir::Interpretation::Theory;
        if (in->kind == InterpretDecl::Kind::Range) {
            interp.theory = Theory::Range;
            NameScope scope;
            for (int i = 0; i < 2; ++i) {
                Unit unit;
                std::optional<TNode> t = expr(in->range[i], scope, unit, nullptr);
                if (!t || !expect_sort(unit, *t, *sort, "a bound of the range")) continue;
                std::optional<ir::TermId> bound = lower(*t, unit);
                (i == 0 ? interp.lo : interp.hi) = bound;
            }
        } else if (in->kind == InterpretDecl::Kind::Enum) {
            error(d.decl.loc, "interpreting a sort as an enumeration is not supported; declare "
                              "'type t = {a, b}' instead");
            continue;
        } else if (in->rhs.kind == InterpretOperand::Kind::Native) {
            interp.theory = Theory::Native;
            std::string text;
            for (const ir::NativeCode::Piece& p : native_code(in->rhs.native.text, nullptr, d.decl.loc).pieces)
                text += p.kind == ir::NativeCode::Piece::Kind::Text ? p.text : "`" + p.text + "`";
            interp.native = text;
            // A native `int` still means the integers to the checker.
            std::string trimmed = in->rhs.native.text;
            trimmed.erase(0, trimmed.find_first_not_of(" \t\n"));
            trimmed.erase(trimmed.find_last_not_of(" \t\n") + 1);
            if (trimmed == "int") interp.theory = Theory::Int;
        } else {
            const std::string target = in->rhs.name.str();
            if (target == "int") interp.theory = Theory::Int;
            else if (target == "nat") interp.theory = Theory::Nat;
            else if (target == "strlit") interp.theory = Theory::String;
            else if (target == "real") interp.theory = Theory::Real;
            else if (target.rfind("bv[", 0) == 0 && target.back() == ']') {
                interp.theory = Theory::BitVector;
                std::string digits = target.substr(3, target.size() - 4);
                bool ok = !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos &&
                          digits.size() < 4;
                interp.width = ok ? static_cast<unsigned>(std::stoul(digits)) : 0;
                if (interp.width == 0 || interp.width > 64) {
                    error(d.decl.loc, "bad bit-vector width in '" + target + "' (1 to 64)");
                    continue;
                }
            } else {
                error(d.decl.loc, "unknown interpretation '" + target +
                                      "' (expected int, nat, strlit, real, bv[N], {lo..hi} or <<<C++ type>>>)");
                continue;
            }
        }
        for (const ir::Interpretation& other : program_.interpretations)
            if (other.sort == *sort) {
                error(d.decl.loc, "sort " + sort_name(*sort) + " is interpreted twice (first at " +
                                      location_text(other.origin.loc) + ")");
                break;
            }
        program_.interpretations.push_back(std::move(interp));
    }
}

// ------------------------------------------------------------------ definitions and facts

// Every variable free on the right side of a definition must be a parameter on its
// left (docs/ivy-language.md 3.7): `definition f(X) = Y` would define nothing.
bool Compiler::defines_its_variables(const TNode& body, const DefnLhs& lhs, const std::vector<std::string>& implicit,
                                     const NameScope& scope, const std::string& name) {
    std::set<std::string> free;
    free_variables(body, free);
    std::set<std::string> defined(implicit.begin(), implicit.end());
    for (const Binder& b : lhs.args) defined.insert(b.name);
    for (const std::string& v : free) {
        if (defined.count(v)) continue;
        std::string what = "variable " + v;
        for (const auto& [param, local] : scope.frames.front())
            if (local.var == v) what = "the object parameter " + param;
        error(lhs.loc, what + " of the right side does not occur on the left side of the definition of '" + name + "'");
        return false;
    }
    return true;
}

std::vector<TNode> Compiler::definition_params(const DefnLhs& lhs, NameScope& scope, Unit& unit) {
    std::vector<TNode> params;
    for (const Binder& b : lhs.args) {
        bool is_var = std::isupper(static_cast<unsigned char>(b.name[0]));
        Unifier::Slot slot = b.sort.empty() ? unit.unifier.fresh() : unit.unifier.known(sort_or_error(b.sort, b.loc));
        TNode v;
        v.kind = TNode::Kind::Var;
        v.slot = slot;
        v.name = b.name;
        v.loc = b.loc;
        if (is_var) unit.free_vars[b.name] = slot;
        else scope.bind(b.name, LocalName{std::nullopt, b.name, unit.unifier.sort(slot).value_or(ir::kBoolSort)});
        params.push_back(v);
    }
    return params;
}

std::optional<SymbolId> Compiler::defined_symbol(const FlatDecl& d, const DefinedSide& side, Unit& unit,
                                                 bool& declared_here) {
    const DefnLhs& lhs = side.lhs;
    const std::vector<TNode>& params = side.params;
    declared_here = false;
    if (lhs.infix || is_literal(side.name)) {
        // `definition (X < Y) = ...`: the operands' sort, written or from the body.
        if (lhs.infix && params.size() == 2) unit.unifier.unify(params[0].slot, params[1].slot);
        if (lhs.infix && side.body && side.name != "<" && params.size() == 2)
            unit.unifier.unify(params[0].slot, side.body->slot);
        std::optional<SortId> s = !lhs.infix ? resolve_sort(side.sort)
                                             : (params.empty() ? std::nullopt : unit.unifier.sort(params[0].slot));
        if (!s) {
            error(lhs.loc, "the sort of '" + side.name + "' must be written in its definition (X:t)");
            return std::nullopt;
        }
        return lhs.infix ? builtin_symbol(side.name, *s) : numeral_symbol(side.name, *s);
    }
    if (std::optional<SymbolId> declared = program_.find_symbol(side.name)) return declared;
    // `function f(X:t) = e`: the symbol takes its sort from `e`.
    std::optional<SortId> range = side.body ? unit.unifier.sort(side.body->slot) : std::nullopt;
    if (!range && !side.sort.empty()) range = resolve_sort(side.sort);
    if (!range || side.native) {
        error(lhs.loc, "unknown symbol '" + side.name + "' in definition");
        return std::nullopt;
    }
    ir::Symbol s;
    s.name = side.name;
    for (const Param& p : d.object_params) s.domain.push_back(sort_or_error(p.sort, p.loc));
    s.object_params = s.domain.size();
    for (const TNode& p : params) s.domain.push_back(unit.unifier.sort(p.slot).value_or(ir::kBoolSort));
    s.range = *range;
    s.origin = origin(d);
    s.origin.loc = lhs.loc;
    declared_here = true;
    return add_symbol(std::move(s), true);
}

// The sides of a definition agree with the symbol it defines: as many arguments (the
// object parameters passed implicitly aside) of its sorts, a body of its sort, and
// no variable on the right that the left does not bind.
bool Compiler::definition_fits(const ir::Symbol& sym, const DefinedSide& side, std::size_t implicit,
                               const std::vector<std::string>& implicit_vars, const NameScope& scope, Unit& unit) {
    const std::vector<TNode>& params = side.params;
    if (implicit + params.size() != sym.domain.size()) {
        error(side.lhs.loc, "wrong number of arguments to '" + side.name + "' in its definition: expected " +
                                std::to_string(sym.domain.size() - implicit) + ", got " +
                                std::to_string(params.size()));
        return false;
    }
    for (size_t i = 0; i < params.size(); ++i)
        if (!expect_sort(unit, params[i], sym.domain[implicit + i],
                         "parameter " + params[i].name + " of '" + side.name + "'"))
            return false;
    if (!side.body) return true;
    return expect_sort(unit, *side.body, sym.range, "the definition of '" + side.name + "'") &&
           defines_its_variables(*side.body, side.lhs, implicit_vars, scope, side.name);
}

void Compiler::define(const FlatDecl& d, const std::optional<Label>& label, const DefnLhs& lhs, const Name& sort,
                      const DefnRhs& rhs) {
    if (rhs.kind == DefnRhs::Kind::Some) {
        error(lhs.loc, "'some ... in ... else ...' definitions are not supported");
        return;
    }
    NameScope scope = formula_scope(d);
    scope.frames.emplace_back();
    Unit unit;
    DefinedSide side{lhs, sort, lhs.infix ? lhs.name.str() : join_name(expand_alias(lhs.name.parts)),
                     definition_params(lhs, scope, unit), std::nullopt, rhs.kind == DefnRhs::Kind::Native};
    if (rhs.kind == DefnRhs::Kind::Expr) side.body = expr(*rhs.expr, scope, unit, nullptr);
    bool declared_here = false;
    std::optional<SymbolId> symbol = defined_symbol(d, side, unit, declared_here);
    if (!symbol) return;
    // A copy: lowering below may add symbols and move the vector.
    const ir::Symbol sym = program_.symbols[*symbol];
    // Inside its object the defined name takes the object parameters implicitly (set
    // by flattening), as does a name this definition declares; from anywhere else
    // they are written like the others.
    const bool plain = !lhs.infix && !is_literal(side.name);
    const size_t implicit = !plain        ? 0
                            : declared_here ? sym.object_params
                                            : std::min({static_cast<size_t>(lhs.object_args), sym.object_params,
                                                        scope.object_params.size()});
    std::vector<std::string> implicit_vars; // the variables the object parameters stand for
    for (size_t i = 0; i < implicit; ++i) implicit_vars.push_back(scope.frames.front().at(scope.object_params[i]).var);
    if (!definition_fits(sym, side, implicit, implicit_vars, scope, unit)) return;

    ir::Definition def;
    def.label = label ? label->name : std::string();
    def.symbol = *symbol;
    def.macro = std::any_of(lhs.args.begin(), lhs.args.end(),
                            [](const Binder& b) { return !std::isupper(static_cast<unsigned char>(b.name[0])); });
    for (size_t i = 0; i < implicit; ++i)
        def.params.push_back(program_.terms.var(program_.terms.variable(implicit_vars[i], sym.domain[i]),
                                                sym.domain[i]));
    for (const TNode& p : side.params) {
        std::optional<ir::TermId> t = lower(p, unit);
        if (!t) return;
        def.params.push_back(*t);
    }
    if (!definition_body(def, side, rhs, scope, unit)) return;
    def.origin = origin(d);
    if (!defined_symbols_.insert(*symbol).second && !def.native) {
        error(lhs.loc, "'" + sym.name + "' is defined twice");
        return;
    }
    program_.definitions.push_back(std::move(def));
}

// The right side: native text (for extraction only) or the lowered body.
bool Compiler::definition_body(ir::Definition& def, const DefinedSide& side, const DefnRhs& rhs,
                               const NameScope& scope, Unit& unit) {
    if (rhs.kind == DefnRhs::Kind::Native) {
        std::string text;
        for (const ir::NativeCode::Piece& p : native_code(rhs.native.text, &scope, rhs.native.loc).pieces)
            text += p.kind == ir::NativeCode::Piece::Kind::Text ? p.text : "`" + p.text + "`";
        def.native = text;
        return true;
    }
    if (!side.body) return false;
    std::optional<ir::TermId> t = lower(*side.body, unit);
    if (t) def.body = *t;
    return t.has_value();
}

void Compiler::collect_definitions_and_facts() {
    // Labels name facts and definitions (in `with` lists, in messages), so one label
    // twice in a scope, which is the same qualified label, is an error
    // (docs/ivy-language.md 3.7). Automatic labels repeat only where unnamed
    // `instantiate`s splice one module text twice into a scope; nobody writes those.
    std::map<std::string, std::pair<SourceLocation, bool>> labels; // first place, automatic
    auto unique_label = [&](const std::optional<Label>& label) {
        if (!label) return true;
        auto [it, fresh] = labels.emplace(label->name, std::make_pair(label->loc, label->automatic));
        if (fresh || (label->automatic && it->second.second)) return true;
        error(label->loc, "label " + label->name + " is used twice (first at " + location_text(it->second.first) + ")");
        return false;
    };

    for (const FlatDecl& d : flat_.decls) {
        Compiling compiling(*this, d);
        if (const auto* def = std::get_if<DefinitionDecl>(&d.decl.node)) {
            if (unique_label(def->label)) define(d, def->label, def->defn.lhs, def->defn.sort, def->defn.rhs);
        } else if (const auto* sd = std::get_if<SymbolDecl>(&d.decl.node)) {
            for (const SymDef& item : sd->items)
                if (item.rhs && unique_label(item.label)) define(d, item.label, item.lhs, item.sort, *item.rhs);
        } else if (const auto* dv = std::get_if<DerivedDecl>(&d.decl.node)) {
            for (const Defn& x : dv->defns)
                if (unique_label(x.label)) define(d, x.label, x.lhs, x.sort, x.rhs);
        } else if (const auto* f = std::get_if<FormulaDecl>(&d.decl.node)) {
            if (!unique_label(f->label)) continue;
            if (f->temporal) {
                error(d.decl.loc, "temporal properties are not supported");
                continue;
            }
            if (!f->formula) continue; // a schema axiom: not used by the checker
            NameScope scope = formula_scope(d);
            std::optional<ir::TermId> t = formula(*f->formula, scope);
            if (!t) continue;
            ir::Fact fact;
            fact.kind = f->kind == FormulaDecl::Kind::Axiom      ? ir::Fact::Kind::Axiom
                        : f->kind == FormulaDecl::Kind::Property ? ir::Fact::Kind::Property
                                                                 : ir::Fact::Kind::Conjecture;
            fact.label = f->label ? f->label->name : std::string();
            fact.automatic_label = f->label && f->label->automatic;
            fact.explicit_ = f->explicit_;
            fact.formula = *t;
            fact.origin = origin(d);
            if (f->label) fact.origin.loc = f->formula->loc.known() && f->label->automatic ? f->formula->loc
                                                                                          : f->label->loc;
            program_.facts.push_back(std::move(fact));
        }
    }
}

// ------------------------------------------------------------------ native code

namespace {

// Where offset `i` of native text that starts at `at` is: a quote spans lines, and a
// message should name the line its name is on.
SourceLocation line_in(SourceLocation at, const std::string& text, size_t i) {
    at.line += static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<long>(i), '\n'));
    at.column = 0;
    return at;
}

} // namespace

ir::NativeCode Compiler::native_code(const std::string& text, const NameScope* scope, SourceLocation at) {
    using Piece = ir::NativeCode::Piece;
    ir::NativeCode code;
    // Checked first: after a stray quote, C++ text would be read as names and
    // reported as unknown ones, which would only mislead. Paired from the left, the
    // last quote is the one without a partner.
    if (std::count(text.begin(), text.end(), '`') % 2 != 0) {
        error(line_in(at, text, text.rfind('`')), "unterminated back-quote in native code");
        return code;
    }
    auto add_text = [&](const std::string& t) { // adjacent text stays one piece
        if (t.empty()) return;
        if (!code.pieces.empty() && code.pieces.back().kind == Piece::Kind::Text) code.pieces.back().text += t;
        else code.pieces.push_back(Piece{Piece::Kind::Text, t});
    };
    size_t start = 0;
    bool in_name = false;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '`') continue;
        std::string piece = text.substr(start, i - start);
        if (!in_name || is_literal(piece)) {
            add_text(piece); // a numeral or string module argument (`n` in m(8)) is its text
        } else {
            // `%` before a back-quote asks for the C++ type of what it names.
            bool type = !code.pieces.empty() && !code.pieces.back().text.empty() &&
                        code.pieces.back().text.back() == '%';
            if (type) code.pieces.back().text.pop_back();
            code.pieces.push_back(native_name(piece, type, scope, line_in(at, text, start)));
        }
        in_name = !in_name;
        start = i + 1;
    }
    return code;
}

ir::NativeCode::Piece Compiler::native_name(const std::string& written, bool type, const NameScope* scope,
                                            SourceLocation at) {
    using Piece = ir::NativeCode::Piece;
    Piece p{Piece::Kind::Text, join_name(expand_alias(split_name(written)))};
    if (const LocalName* local = scope ? scope->find(written) : nullptr) {
        p.kind = Piece::Kind::Symbol;
        // An `implement` may rename its action's formals; name the formal by its
        // declaration, which is the only name the Program keeps ("fml:x" -> "x").
        if (local->symbol) {
            const std::string& declared = program_.symbols[*local->symbol].name;
            if (size_t colon = declared.find(':'); colon != std::string::npos) p.text = declared.substr(colon + 1);
        }
    } else if (program_.find_symbol(p.text)) p.kind = Piece::Kind::Symbol;
    else if (program_.find_action(p.text)) p.kind = type ? Piece::Kind::Type : Piece::Kind::Action;
    else if (program_.find_sort(p.text)) p.kind = Piece::Kind::Sort;
    else if (program_.object_index.count(p.text)) p.kind = Piece::Kind::Object;
    else error(at, "unknown name `" + written + "` in native code");
    return p;
}

// ------------------------------------------------------------------ isolates, exports, ...

void Compiler::collect_isolates_and_exports() {
    // Whether `name` is something an isolate may list (docs/verification.md 2.2).
    auto known = [&](const std::string& name) {
        if (name == "this" || program_.object_index.count(name) || program_.find_action(name) ||
            program_.find_sort(name) || program_.find_symbol(name))
            return true;
        for (const ir::Fact& f : program_.facts)
            if (f.label == name) return true;
        for (const ir::Definition& def : program_.definitions)
            if (def.label == name) return true;
        return false;
    };
    auto member = [&](const Expr& e, bool& ok) {
        std::vector<std::string> parts, args;
        chain_parts(e, parts, args);
        ir::Isolate::Member m{join_name(expand_alias(parts)), args, e.loc};
        if (m.name.empty()) m.name = "this";
        if (!known(m.name)) {
            error(e.loc, m.name + " is not an object, action, sort, definition, interpreted function or property");
            ok = false;
        }
        return m;
    };

    for (const FlatDecl& d : flat_.decls) {
        Compiling compiling(*this, d);
        if (const auto* iso = std::get_if<IsolateDecl>(&d.decl.node)) {
            ir::Isolate out;
            out.name = iso->name;
            out.trusted = iso->trusted;
            out.extract = iso->extract;
            for (const Param& p : iso->params) {
                out.param_names.push_back(p.name);
                out.param_sorts.push_back(sort_or_error(p.sort, p.loc));
            }
            bool ok = true;
            for (const Expr& e : iso->members) out.verified.push_back(member(e, ok));
            for (const Expr& e : iso->with) out.with.push_back(member(e, ok));
            out.origin = origin(d);
            if (ok) program_.isolates.push_back(std::move(out));
        } else if (const auto* ex = std::get_if<ExportDecl>(&d.decl.node)) {
            std::vector<std::string> parts, args;
            chain_parts(ex->target, parts, args);
            const std::string name = join_name(expand_alias(parts));
            std::optional<ir::ActionId> a = program_.find_action(name);
            if (!a) {
                error(d.decl.loc, "cannot " + std::string(ex->import ? "import" : "export") +
                                      " '" + name + "': it is not an action");
                continue;
            }
            (ex->import ? program_.actions[*a].imported : program_.actions[*a].exported) = true;
        } else if (const auto* at = std::get_if<AttributeDecl>(&d.decl.node)) {
            std::vector<std::string> parts, args, vparts, vargs;
            chain_parts(at->name, parts, args);
            chain_parts(at->value, vparts, vargs);
            program_.attributes.push_back(ir::Attribute{join_name(parts), join_name(vparts), origin(d)});
        } else if (const auto* n = std::get_if<NativeDecl>(&d.decl.node)) {
            ir::NativeBlock block;
            const std::string& text = n->native.text;
            size_t eol = text.find('\n');
            std::string tag = text.substr(0, eol);
            tag.erase(0, tag.find_first_not_of(" \t"));
            tag.erase(tag.find_last_not_of(" \t\r") + 1);
            // A one-line quote has no tag: it is member code.
            bool one_line = eol == std::string::npos;
            block.tag = one_line || tag.empty() ? "member" : tag;
            // Inside `object o(p:t)` the block may name the object's parameters (an `init`
            // block runs once for each of their values).
            NameScope scope = formula_scope(d);
            SourceLocation code_at = n->native.loc;
            if (!one_line) ++code_at.line; // the code starts on the line after the tag
            block.code = native_code(one_line ? text : text.substr(eol + 1), &scope, code_at);
            block.origin = origin(d);
            program_.natives.push_back(std::move(block));
        } else if (std::holds_alternative<MixinDecl>(d.decl.node)) {
            error(d.decl.loc, "'mixin' declarations are not supported; write 'before' or 'after'");
        }
    }
}

} // namespace ivy::frontend
