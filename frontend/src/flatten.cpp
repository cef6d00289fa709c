#include "frontend/src/flatten.h"

#include <map>
#include <set>

namespace ivy::frontend {

std::vector<std::string> split_name(const std::string& dotted) {
    std::vector<std::string> parts(1);
    int depth = 0;
    for (char c : dotted) {
        if (c == '[') ++depth;
        if (c == ']') --depth;
        if (c == '.' && depth == 0) parts.emplace_back();
        else parts.back() += c;
    }
    return parts;
}

std::string join_name(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) {
        if (!out.empty()) out += '.';
        out += p;
    }
    return out;
}

namespace {

using namespace ast;

// ------------------------------------------------------------------ one level's rule

// How names change when a body closes: members declared in it get the body's
// object name as a prefix; module parameters become the instance's arguments;
// `this` becomes the object's name.
struct LevelRule {
    std::vector<std::string> prefix; // empty at the root and for unnamed instantiations
    bool object_level = false;       // `this` stands for `prefix`
    bool root = false;
    std::map<std::string, bool> declared; // first component -> static (types, fields, constants)
    std::map<std::string, std::vector<std::string>> subst; // module parameter -> argument
    std::uint32_t object_args = 0; // parameters of the enclosing objects, this one included

    // Rewrites `parts` in place. `bound` and `implicit`, when given, belong to the
    // reference being rewritten (an App head, a definition's left side) and record,
    // the first time the name turns out to be declared here, how many object
    // parameters it passes implicitly.
    void apply(std::vector<std::string>& parts, bool* bound, std::uint32_t* implicit) const {
        if (parts.empty()) return;
        for (std::string& part : parts) part = subscripts(part);
        const std::string first = parts[0];
        if (auto it = subst.find(first); it != subst.end()) {
            parts.erase(parts.begin());
            parts.insert(parts.begin(), it->second.begin(), it->second.end());
            return;
        }
        if (first == "this" && object_level) {
            parts.erase(parts.begin());
            parts.insert(parts.begin(), prefix.begin(), prefix.end());
            if (parts.empty()) parts.emplace_back("this"); // the root object
            return;
        }
        auto it = declared.find(first);
        if (it == declared.end()) return;
        parts.insert(parts.begin(), prefix.begin(), prefix.end());
        if (bound && !*bound && (object_level || root)) {
            *bound = true;
            *implicit = it->second ? 0 : object_args;
        }
    }

    // `head`, when given, is the App node naming `parts`.
    void apply(std::vector<std::string>& parts, Expr* head) const {
        apply(parts, head ? &head->bound : nullptr, head ? &head->object_args : nullptr);
    }

    // `bv[n]` -> `bv[8]`: each subscript is a name of its own (docs/ivy-language.md
    // 1.3), rewritten by the same rule, so module parameters reach inside it.
    std::string subscripts(const std::string& part) const {
        size_t open = part.find('[');
        if (open == std::string::npos) return part;
        std::string out = part.substr(0, open);
        while (open != std::string::npos) {
            size_t close = part.find(']', open);
            if (close == std::string::npos) return part; // not a subscript after all
            std::vector<std::string> inner = split_name(part.substr(open + 1, close - open - 1));
            apply(inner, nullptr, nullptr);
            out += "[" + join_name(inner) + "]";
            open = part.find('[', close);
            out += part.substr(close + 1, (open == std::string::npos ? part.size() : open) - close - 1);
        }
        return out;
    }

    void apply(std::string& dotted, Expr* head) const {
        std::vector<std::string> parts = split_name(dotted);
        apply(parts, head);
        dotted = join_name(parts);
    }

    // A declaration's own name (never shadowed by locals).
    void declared_name(std::string& name) const { apply(name, nullptr); }

    // An attribute's name is prefixed by its object whatever it names.
    void attribute_name(Expr& chain) const {
        Expr* head = &chain;
        while (head->kind == ExprKind::Member) head = &head->args[0];
        if (!prefix.empty() && object_level) head->name = join_name(prefix) + "." + head->name;
    }
};

// ------------------------------------------------------------------ applying a rule

// Walks a declaration and applies a LevelRule to every name in it, leaving alone
// names that a local (formal, `var`, `local`, `some` witness, macro parameter,
// object parameter, schema-local symbol) shadows.
class Rewriter {
public:
    explicit Rewriter(const LevelRule& rule) : rule_(rule) {}

    void flat(FlatDecl& d) {
        for (Param& p : d.object_params) sort(p.sort);
        Scope scope(*this);
        for (const Param& p : d.object_params) local(p.name);
        decl(d.decl);
    }

    void object_params(std::vector<Param>& params) {
        for (Param& p : params) sort(p.sort);
    }

private:
    // Locals in scope; a Scope restores the set when it ends.
    struct Scope {
        explicit Scope(Rewriter& r) : r_(r), mark_(r.locals_.size()) {}
        ~Scope() { r_.locals_.resize(mark_); }
        Rewriter& r_;
        size_t mark_;
    };
    void local(const std::string& name) { locals_.push_back(name); }
    bool shadowed(const std::string& first) const {
        for (const std::string& l : locals_)
            if (l == first) return true;
        return false;
    }

    void sort(Name& n) {
        if (!n.empty()) rule_.apply(n.parts, nullptr);
    }
    void name_ref(Name& n) {
        if (!n.empty() && !shadowed(n.parts[0])) rule_.apply(n.parts, nullptr);
    }
    void label(std::optional<Label>& l) {
        if (l) rule_.declared_name(l->name);
    }

    void expr(Expr& e) {
        switch (e.kind) {
        case ExprKind::App: {
            std::vector<std::string> parts = split_name(e.name);
            if (!shadowed(parts[0])) {
                rule_.apply(parts, &e);
                e.name = join_name(parts);
                operator_application(e);
            }
            break;
        }
        case ExprKind::Ascribe:
        case ExprKind::Isa: sort(e.sort); break;
        case ExprKind::Quant:
            for (Binder& b : e.binders) sort(b.sort);
            break;
        default: break;
        }
        for (Expr& a : e.args) expr(a);
    }
    void expr(std::optional<Expr>& e) {
        if (e) expr(*e);
    }

    // A module parameter bound to an operator (`ordered(t, <)`) and applied to two
    // operands (`lt(X, Y)`) is that operator written infix: `X < Y`.
    static void operator_application(Expr& e) {
        static const std::map<std::string, BinaryOp> kOperators = {
            {"=", BinaryOp::Eq},    {"<", BinaryOp::Lt},   {"<=", BinaryOp::Le},    {">", BinaryOp::Gt},
            {">=", BinaryOp::Ge},   {"*>", BinaryOp::Pto}, {"+", BinaryOp::Plus},   {"-", BinaryOp::Minus},
            {"*", BinaryOp::Times}, {"/", BinaryOp::Div},
        };
        auto it = kOperators.find(e.name);
        if (it == kOperators.end() || e.args.size() != 2) return;
        e.kind = ExprKind::Binary;
        e.op = it->second;
        e.name.clear();
    }
    void exprs(std::vector<Expr>& es) {
        for (Expr& e : es) expr(e);
    }

    void binders(std::vector<Binder>& bs) {
        for (Binder& b : bs) sort(b.sort);
    }

    // Back-quoted names in native code.
    void native(Native& n) {
        std::string out;
        size_t start = 0;
        bool in_name = false;
        for (size_t i = 0; i <= n.text.size(); ++i) {
            if (i < n.text.size() && n.text[i] != '`') continue;
            std::string piece = n.text.substr(start, i - start);
            if (in_name && !piece.empty() && !shadowed(split_name(piece)[0])) rule_.apply(piece, nullptr);
            out += piece;
            if (i < n.text.size()) out += '`';
            in_name = !in_name;
            start = i + 1;
        }
        n.text = std::move(out);
    }

    void lhs(DefnLhs& d, bool declares) {
        if (!d.infix && !d.name.empty() && (declares || !shadowed(d.name.parts[0])))
            rule_.apply(d.name.parts, &d.bound, &d.object_args);
        binders(d.args);
        for (const Binder& b : d.args)
            if (!b.name.empty() && !std::isupper(static_cast<unsigned char>(b.name[0]))) local(b.name);
    }
    void rhs(DefnRhs& r) {
        binders(r.binders);
        expr(r.expr);
        if (r.kind == DefnRhs::Kind::Native) native(r.native);
        expr(r.some_value);
        expr(r.some_default);
    }
    void defn(Defn& d, bool declares) {
        label(d.label);
        Scope scope(*this);
        lhs(d.lhs, declares);
        sort(d.sort);
        rhs(d.rhs);
    }
    void typed_term(TypedTerm& t) {
        if (!t.infix) rule_.apply(t.name.parts, nullptr);
        binders(t.args);
        sort(t.sort);
    }

    void schema(Schema& s) {
        // Names a schema declares are its own (`individual a:t` in a theorem).
        for (SchemaItem& item : s.items) {
            if (item.kind == SchemaItem::Kind::Type) local(item.name.str());
            for (SymDef& d : item.symbols) local(d.lhs.name.str());
            for (TypedTerm& t : item.terms) local(t.name.str());
        }
        for (SchemaItem& item : s.items) {
            for (SymDef& d : item.symbols) {
                binders(d.lhs.args);
                sort(d.sort);
            }
            for (TypedTerm& t : item.terms) {
                binders(t.args);
                sort(t.sort);
            }
            label(item.label);
            expr(item.formula);
            for (Defn& d : item.defns) defn(d, false);
        }
    }

    void proof(std::vector<ProofStep>& steps) {
        for (ProofStep& s : steps) {
            for (Name& t : s.targets) name_ref(t);
            exprs(s.exprs);
            label(s.label);
            for (auto& l : s.expr_labels) label(l);
            for (DefnLhs& n : s.named) lhs(n, true);
            proof(s.steps);
            proof(s.else_steps);
        }
    }

    void params(std::vector<Param>& ps) {
        for (Param& p : ps) {
            sort(p.sort);
            local(p.name);
        }
    }

    void block(Block& b) {
        Scope scope(*this);
        for (Stmt& s : b) std::visit([&](auto& node) { stmt(node); }, s.node);
    }

    void condition(Condition& c) {
        for (Param& w : c.witnesses) {
            sort(w.sort);
            local(w.name);
        }
        expr(c.formula);
        expr(c.extremum);
    }

    void stmt(AssertStmt& s) {
        expr(s.formula);
        proof(s.proof);
    }
    void stmt(CallStmt& s) {
        exprs(s.results);
        expr(s.callee);
    }
    void stmt(VarStmt& s) {
        sort(s.sort);
        expr(s.init);
        local(s.name); // in scope to the end of the enclosing block
    }
    void stmt(AssignStmt& s) {
        exprs(s.targets);
        expr(s.value);
    }
    void stmt(HavocStmt& s) { expr(s.target); }
    void stmt(ExprStmt& s) { expr(s.expr); }
    void stmt(BlockStmt& s) { block(s.body); }
    void stmt(IfStmt& s) {
        {
            Scope scope(*this);
            condition(s.cond);
            block(s.then_body);
        }
        block(s.else_body);
    }
    void stmt(WhileStmt& s) {
        Scope scope(*this);
        condition(s.cond);
        for (LoopInvariant& inv : s.invariants) expr(inv.formula);
        expr(s.decreases);
        block(s.body);
    }
    void stmt(LocalStmt& s) {
        Scope scope(*this);
        params(s.params);
        block(s.body);
    }

    void body(ActionBody& b) {
        if (b.kind == ActionBody::Kind::Native) native(b.native);
        block(b.block);
    }

    void decl(Decl& d) {
        std::visit([&](auto& node) { decl_node(node); }, d.node);
    }

    void decl_node(IncludeDecl&) {}
    void decl_node(TypeDecl& d) {
        rule_.apply(d.name.parts, nullptr);
        for (Name& v : d.values) rule_.apply(v.parts, nullptr);
        for (TypedTerm& f : d.fields) typed_term(f);
    }
    void decl_node(AliasDecl& d) {
        rule_.declared_name(d.name);
        expr(d.target);
    }
    void operand(InterpretOperand& o) {
        if (o.kind == InterpretOperand::Kind::Name) sort(o.name);
        if (o.kind == InterpretOperand::Kind::Native) native(o.native);
    }
    void decl_node(InterpretDecl& d) {
        label(d.label);
        operand(d.lhs);
        operand(d.rhs);
        exprs(d.range);
        for (Name& v : d.values) name_ref(v);
    }
    void decl_node(SymbolDecl& d) {
        for (SymDef& s : d.items) {
            label(s.label);
            Scope scope(*this);
            lhs(s.lhs, true);
            sort(s.sort);
            if (s.rhs) rhs(*s.rhs);
        }
    }
    void decl_node(StateDecl& d) {
        for (TypedTerm& t : d.items) typed_term(t);
    }
    void decl_node(ParameterDecl& d) {
        typed_term(d.term);
        if (d.default_value) name_ref(*d.default_value);
    }
    void decl_node(DerivedDecl& d) {
        for (Defn& x : d.defns) defn(x, true);
    }
    void decl_node(DefinitionDecl& d) {
        label(d.label);
        defn(d.defn, false);
        proof(d.proof);
    }
    void decl_node(FormulaDecl& d) {
        label(d.label);
        expr(d.formula);
        if (d.schema) {
            Scope scope(*this);
            schema(*d.schema);
        }
        for (DefnLhs& n : d.named) lhs(n, true);
        for (Name& w : d.with) name_ref(w);
        proof(d.proof);
    }
    void decl_node(TheoremDecl& d) {
        for (DefnLhs& n : d.name) rule_.apply(n.name.parts, nullptr);
        label(d.label);
        Scope scope(*this);
        if (d.schema) schema(*d.schema);
        expr(d.formula);
        proof(d.proof);
    }
    void decl_node(ModuleDecl&) {}
    void decl_node(InstanceDecl&) {}
    void decl_node(ObjectDecl&) {}
    void decl_node(SectionDecl&) {}
    void decl_node(IsolateDecl& d) {
        rule_.declared_name(d.name);
        Scope scope(*this);
        params(d.params);
        exprs(d.members);
        exprs(d.with);
    }
    void decl_node(ActionDecl& d) {
        rule_.declared_name(d.name);
        Scope scope(*this);
        params(d.params);
        params(d.results);
        body(d.body);
    }
    void decl_node(MonitorDecl& d) {
        if (!d.target.empty()) name_ref(d.target);
        rule_.declared_name(d.hidden_name);
        if (!d.after_hidden_name.empty()) rule_.declared_name(d.after_hidden_name);
        Scope scope(*this);
        params(d.params);
        params(d.results);
        body(d.body);
        block(d.after_part);
    }
    void decl_node(ExportDecl& d) { expr(d.target); }
    void decl_node(DelegateDecl& d) {
        exprs(d.actions);
        expr(d.delegate_to);
    }
    void decl_node(AttributeDecl& d) { rule_.attribute_name(d.name); }
    void decl_node(NativeDecl& d) {
        label(d.label);
        native(d.native);
    }
    void decl_node(MixinDecl& d) {
        expr(d.mixin);
        expr(d.target);
    }

    const LevelRule& rule_;
    std::vector<std::string> locals_;
};

// ------------------------------------------------------------------ the flattener

struct Frame {
    std::vector<Param> params; // of the enclosing objects, outermost first
    ir::Visibility visibility = ir::Visibility::Public;
    std::vector<SourceLocation> instantiated_at;
};

// What a body produced, relative to its own object.
struct Level {
    std::vector<FlatDecl> decls;
    std::vector<FlatObject> objects;
    std::map<std::string, bool> declared;
    // Each object declared here and its members, for `object o = { ... more }`.
    std::map<std::string, std::map<std::string, bool>> object_members;
    // Where each object declared here was first written, for `redefining` messages.
    std::map<std::string, SourceLocation> object_lines;

    void declare(const std::string& name, bool is_static) {
        auto [it, fresh] = declared.emplace(name, is_static);
        if (!fresh) it->second = it->second && is_static; // a type and an object may share a name
    }
    void merge(Level&& inner) {
        for (FlatDecl& d : inner.decls) decls.push_back(std::move(d));
        for (FlatObject& o : inner.objects) objects.push_back(std::move(o));
        for (const auto& [name, is_static] : inner.declared) declare(name, is_static);
        for (auto& [name, members] : inner.object_members) object_members[name] = std::move(members);
        for (const auto& [name, line] : inner.object_lines) object_lines.emplace(name, line);
    }
};

// The first component of every name a declaration introduces at its level, and
// whether it is static (types, their fields and constants never take object
// parameters).
void declared_names(const Decl& d, Level& level) {
    auto first = [](const std::string& n) { return split_name(n)[0]; };
    auto add = [&](const std::string& n, bool is_static) {
        if (!n.empty()) level.declare(first(n), is_static);
    };
    auto label = [&](const std::optional<Label>& l) {
        if (l) add(l->name, true);
    };
    std::visit(
        [&](const auto& node) {
            using T = std::decay_t<decltype(node)>;
            if constexpr (std::is_same_v<T, TypeDecl>) {
                if (node.name.str() != "this") add(node.name.str(), true);
                if (node.kind == TypeDecl::Kind::Enum)
                    for (const Name& v : node.values) add(v.str(), true);
                for (const TypedTerm& f : node.fields) add(f.name.str(), true);
            } else if constexpr (std::is_same_v<T, AliasDecl>) {
                add(node.name, true);
            } else if constexpr (std::is_same_v<T, SymbolDecl>) {
                for (const SymDef& s : node.items) {
                    if (!s.lhs.infix) add(s.lhs.name.str(), false);
                    label(s.label);
                }
            } else if constexpr (std::is_same_v<T, StateDecl>) {
                for (const TypedTerm& t : node.items)
                    if (!t.infix) add(t.name.str(), node.kind == StateDecl::Kind::Destructor);
            } else if constexpr (std::is_same_v<T, ParameterDecl>) {
                add(node.term.name.str(), false);
            } else if constexpr (std::is_same_v<T, DerivedDecl>) {
                for (const Defn& x : node.defns) {
                    if (!x.lhs.infix) add(x.lhs.name.str(), false);
                    label(x.label);
                }
            } else if constexpr (std::is_same_v<T, DefinitionDecl> || std::is_same_v<T, FormulaDecl> ||
                                 std::is_same_v<T, InterpretDecl> || std::is_same_v<T, NativeDecl>) {
                label(node.label);
            } else if constexpr (std::is_same_v<T, TheoremDecl>) {
                for (const DefnLhs& n : node.name) add(n.name.str(), true);
                label(node.label);
            } else if constexpr (std::is_same_v<T, IsolateDecl>) {
                add(node.name, false);
            } else if constexpr (std::is_same_v<T, ActionDecl>) {
                add(node.name, false);
            } else if constexpr (std::is_same_v<T, MonitorDecl>) {
                add(node.hidden_name, false);
                add(node.after_hidden_name, false);
            }
        },
        d.node);
}

// `after net.recv` is the hidden action `net_recv[after12]`.
std::string mixin_name(const MonitorDecl& m, bool after_part) {
    std::string target = m.kind == MonitorDecl::Kind::AfterInit ? std::string("init") : m.target.str();
    for (char& c : target)
        if (c == '.') c = '_';
    static const char* const kKinds[] = {"before", "after", "after", "before", "implement"};
    const char* kind = after_part ? "after" : kKinds[static_cast<int>(m.kind)];
    return target + "[" + kind + std::to_string(after_part ? m.after_number : m.number) + "]";
}

class Flattener {
public:
    explicit Flattener(Diagnostics& diags) : diags_(diags) {}

    FlatProgram run(std::vector<Decl> decls) {
        root_decls_ = std::move(decls);
        Level root;
        Frame frame;
        module_scopes_.emplace_back();
        action_scopes_.emplace_back();
        body(root_decls_, frame, root);
        LevelRule rule;
        rule.root = true;
        rule.declared = root.declared;
        apply(rule, root);
        return FlatProgram{std::move(root.decls), std::move(root.objects)};
    }

private:
    void apply(const LevelRule& rule, Level& level) {
        Rewriter rewriter(rule);
        for (FlatDecl& d : level.decls) {
            rewriter.flat(d);
            if (rule.object_level) d.object = d.object.empty() ? join_name(rule.prefix)
                                                               : join_name(rule.prefix) + "." + d.object;
        }
        for (FlatObject& o : level.objects) {
            rewriter.object_params(o.params);
            if (rule.object_level) o.name = join_name(rule.prefix) + "." + o.name;
        }
    }

    // The actions declared so far in the enclosing bodies, innermost last; a module's
    // body is a boundary the search does not cross (as in Ivy, which resolves this
    // while parsing the module's text).
    struct ActionScope {
        std::map<std::string, const ActionDecl*> actions;
        bool module_body = false;
    };

    const ActionDecl* find_action(const std::string& name) const {
        for (auto it = action_scopes_.rbegin(); it != action_scopes_.rend(); ++it) {
            if (auto a = it->actions.find(name); a != it->actions.end()) return a->second;
            if (it->module_body) break;
        }
        return nullptr;
    }

    // A monitor that writes fewer parameters (or results) than its action has takes
    // the rest under the action's names, so that those names are the monitor's own
    // locals and never confused with members of the same name.
    void complete_monitor_params(MonitorDecl& m) const {
        if (m.kind == MonitorDecl::Kind::AfterInit || m.target.parts.size() != 1) return;
        const ActionDecl* a = find_action(m.target.parts[0]);
        if (!a) return;
        for (size_t i = m.params.size(); i < a->params.size(); ++i) m.params.push_back(a->params[i]);
        for (size_t i = m.results.size(); i < a->results.size(); ++i) m.results.push_back(a->results[i]);
    }

    const ModuleDecl* find_module(const std::string& name) const {
        for (auto it = module_scopes_.rbegin(); it != module_scopes_.rend(); ++it)
            if (auto m = it->find(name); m != it->end()) return m->second;
        return nullptr;
    }

    void body(const std::vector<Decl>& decls, const Frame& frame, Level& level) {
        for (const Decl& d : decls) one(d, frame, level);
    }

    void one(const Decl& d, const Frame& frame, Level& level) {
        if (const auto* m = std::get_if<ModuleDecl>(&d.node)) {
            module_scopes_.back()[m->name] = m;
            level.declare(m->name, true);
        } else if (const auto* inst = std::get_if<InstanceDecl>(&d.node)) {
            for (const Instance& i : inst->items) instance(d, *inst, i, frame, level);
        } else if (const auto* o = std::get_if<ObjectDecl>(&d.node)) {
            if (!o->continuation && redefines_object(o->name, d.loc, frame, level)) return;
            Level inner = object(o->name, o->params, o->body, frame, d.loc, {}, o->continuation, level);
            level.merge(std::move(inner));
        } else if (const auto* iso = std::get_if<IsolateDecl>(&d.node); iso && iso->has_body) {
            if (redefines_object(iso->name, d.loc, frame, level)) return;
            Level inner = object(iso->name, iso->params, iso->body, frame, d.loc, {}, false, level);
            level.merge(std::move(inner));
            // What remains is the isolate itself, verifying its own object.
            IsolateDecl record = *iso;
            record.has_body = false;
            record.body.clear();
            Expr self;
            self.kind = ExprKind::App;
            self.name = iso->name;
            self.loc = d.loc;
            for (const Param& p : iso->params) {
                Expr arg;
                arg.kind = ExprKind::App;
                arg.name = p.name;
                arg.loc = p.loc;
                self.args.push_back(arg);
            }
            record.members.push_back(std::move(self));
            emit(Decl{d.loc, std::move(record)}, frame, level);
        } else if (const auto* s = std::get_if<SectionDecl>(&d.node)) {
            Frame inner = frame;
            static const ir::Visibility kTags[] = {ir::Visibility::Spec, ir::Visibility::Impl,
                                                   ir::Visibility::Private};
            inner.visibility = kTags[static_cast<int>(s->kind)];
            body(s->body, inner, level);
        } else if (std::holds_alternative<IncludeDecl>(d.node)) {
            error(d.loc, "'include' is allowed only at the top level of a file", frame);
        } else {
            if (const auto* a = std::get_if<ActionDecl>(&d.node)) action_scopes_.back().actions[a->name] = a;
            Decl copy = d;
            if (auto* m = std::get_if<MonitorDecl>(&copy.node)) {
                complete_monitor_params(*m);
                m->hidden_name = mixin_name(*m, false);
                if (m->kind == MonitorDecl::Kind::Around) m->after_hidden_name = mixin_name(*m, true);
            }
            emit(std::move(copy), frame, level);
        }
    }

    // An error, followed by the lines of the module instances it is inside, innermost
    // first, as Ivy reports them (docs/verification.md 6).
    void error(SourceLocation at, const std::string& message, const Frame& frame) {
        diags_.error(at, message);
        for (SourceLocation line : frame.instantiated_at) diags_.error(line, "instantiated here");
    }

    // Two objects of one name in a scope are an error: `object o = { ...` is the way
    // to continue one (docs/ivy-language.md 3.4).
    bool redefines_object(const std::string& name, SourceLocation at, const Frame& frame, const Level& level) {
        auto it = level.object_lines.find(name);
        if (it == level.object_lines.end()) return false;
        error(at, "redefining " + name + " (from " + location_text(it->second) + ")", frame);
        return true;
    }

    void emit(Decl d, const Frame& frame, Level& level) {
        declared_names(d, level);
        FlatDecl flat;
        flat.decl = std::move(d);
        flat.object_params = frame.params;
        flat.visibility = frame.visibility;
        flat.instantiated_at = frame.instantiated_at;
        level.decls.push_back(std::move(flat));
    }

    // An object body (or an instance's, with `subst` for the module's parameters)
    // flattened and prefixed with the object's name.
    Level object(const std::string& name, const std::vector<Param>& params, const std::vector<Decl>& decls,
                 const Frame& frame, SourceLocation at,
                 std::map<std::string, std::vector<std::string>> subst, bool continuation,
                 const Level& enclosing, bool module_body = false) {
        Frame inner_frame = frame;
        for (const Param& p : params) inner_frame.params.push_back(p);
        Level inner;
        if (continuation)
            if (auto it = enclosing.object_members.find(name); it != enclosing.object_members.end())
                inner.declared = it->second;

        module_scopes_.emplace_back();
        action_scopes_.push_back(ActionScope{{}, module_body});
        body(decls, inner_frame, inner);
        action_scopes_.pop_back();
        module_scopes_.pop_back();

        std::map<std::string, bool> members = inner.declared;
        LevelRule rule;
        rule.prefix = {name};
        rule.object_level = true;
        rule.declared = std::move(inner.declared);
        rule.subst = std::move(subst);
        rule.object_args = static_cast<std::uint32_t>(inner_frame.params.size());
        apply(rule, inner);

        Level out;
        for (FlatDecl& d : inner.decls) out.decls.push_back(std::move(d));
        for (FlatObject& o : inner.objects) out.objects.push_back(std::move(o));
        if (!continuation) {
            out.objects.push_back(
                FlatObject{name, params, frame.params.size(), frame.visibility, at, frame.instantiated_at});
            out.object_lines[name] = at;
        }
        out.declare(name, false);
        out.object_members[name] = std::move(members);
        return out;
    }

    void instance(const Decl& d, const InstanceDecl& decl, const Instance& inst, const Frame& frame,
                  Level& level) {
        if (decl.kind == InstanceDecl::Kind::Autoinstance) return; // instantiated on demand: not supported yet
        const std::string module_name = inst.module.name.str();
        const ModuleDecl* module = find_module(module_name);
        if (!module) {
            error(inst.module.loc, "unknown module '" + module_name + "'", frame);
            return;
        }
        if (module->params.size() != inst.module.args.size()) {
            error(inst.module.loc, "wrong number of arguments to module " + module_name + ": expected " +
                                       std::to_string(module->params.size()) + ", got " +
                                       std::to_string(inst.module.args.size()),
                  frame);
            return;
        }
        if (++instantiation_depth_ > kMaxInstantiationDepth) {
            error(inst.module.loc,
                  "module instantiations nested too deeply (is '" + module_name + "' instantiating itself?)", frame);
            --instantiation_depth_;
            return;
        }
        std::map<std::string, std::vector<std::string>> subst;
        for (size_t i = 0; i < module->params.size(); ++i)
            subst[module->params[i]] = inst.module.args[i].value.parts;

        Frame inner = frame;
        inner.instantiated_at.insert(inner.instantiated_at.begin(), d.loc);
        if (inst.name) {
            if (redefines_object(inst.name->name.str(), d.loc, frame, level)) {
                --instantiation_depth_;
                return;
            }
            std::vector<Param> params;
            for (const ModuleArg& a : inst.name->args)
                params.push_back(Param{a.value.str(), a.sort, false, a.loc});
            Level out = object(inst.name->name.str(), params, module->body, inner, d.loc, std::move(subst),
                               false, level, true);
            level.merge(std::move(out));
        } else {
            // An unnamed `instantiate m(args)`: the body joins this level, with only the
            // module's parameters replaced.
            Level spliced;
            module_scopes_.emplace_back();
            action_scopes_.push_back(ActionScope{{}, true});
            body(module->body, inner, spliced);
            action_scopes_.pop_back();
            module_scopes_.pop_back();
            LevelRule rule;
            rule.subst = std::move(subst);
            apply(rule, spliced);
            level.merge(std::move(spliced));
        }
        --instantiation_depth_;
    }

    static constexpr int kMaxInstantiationDepth = 64;

    Diagnostics& diags_;
    std::vector<Decl> root_decls_;
    std::vector<std::map<std::string, const ModuleDecl*>> module_scopes_;
    std::vector<ActionScope> action_scopes_;
    int instantiation_depth_ = 0;
};

} // namespace

FlatProgram flatten(std::vector<ast::Decl> decls, Diagnostics& diags) {
    return Flattener(diags).run(std::move(decls));
}

} // namespace ivy::frontend
