#include "ir/printer.h"

#include <algorithm>

namespace ivy::ir {
namespace {

// Binding strength, as in docs/ivy-language.md 2.4 (larger binds tighter).
enum Prec { kQuant = 1, kImplies = 2, kOr = 3, kAnd = 4, kNot = 5, kEq = 6, kIte = 8, kAdd = 10, kMul = 11,
            kOld = 12, kAtom = 14 };

std::string location(SourceLocation loc) {
    if (!loc.known()) return "";
    return "  # " + file_name(loc.file) + ": line " + std::to_string(loc.line);
}

class TermPrinter {
public:
    explicit TermPrinter(const Program& p) : terms_(p.terms), symbols_(p.symbols), sorts_(p.sorts) {}
    TermPrinter(const TermTable& terms, const std::vector<Symbol>& symbols, const std::vector<Sort>& sorts,
                bool compact = false)
        : terms_(terms), symbols_(symbols), sorts_(sorts), compact_(compact) {}

    std::string print(TermId t, int min = 0) {
        int prec = precedence(t);
        std::string body = bare(t);
        return prec < min ? "(" + body + ")" : body;
    }

private:
    int precedence(TermId t) const {
        const TermTable& terms = terms_;
        switch (terms.op(t)) {
        case Op::Forall:
        case Op::Exists: return kQuant;
        case Op::Implies:
        case Op::Iff: return kImplies;
        case Op::Or: return kOr;
        case Op::And: return kAnd;
        case Op::Not: return kNot;
        case Op::Eq: return kEq;
        case Op::Ite: return kIte;
        case Op::Old: return kOld;
        case Op::App: {
            const Symbol& s = symbols_[terms.payload(t)];
            if (s.kind != Symbol::Kind::Builtin) return kAtom;
            return s.name == "<" ? kEq : (s.name == "+" || s.name == "-") ? kAdd : kMul;
        }
        default: return kAtom;
        }
    }

    // Operands of a left-associative operator of precedence `prec`: the first may be
    // another application of it, the others must bind tighter.
    std::string join(std::span<const TermId> args, const char* sep, int prec) {
        std::string out;
        for (size_t i = 0; i < args.size(); ++i) {
            if (i > 0) out += sep;
            out += print(args[i], i == 0 ? prec : prec + 1);
        }
        return out;
    }

    std::string bare(TermId t) {
        const TermTable& terms = terms_;
        auto args = terms.args(t);
        switch (terms.op(t)) {
        case Op::Var: return terms.variable_info(terms.payload(t)).name;
        case Op::True: return "true";
        case Op::False: return "false";
        case Op::Not: return "~" + print(args[0], kNot);
        case Op::And: return join(args, " & ", kAnd);
        case Op::Or: return join(args, " | ", kOr);
        case Op::Implies: return print(args[0], kImplies) + " -> " + print(args[1], kImplies + 1);
        case Op::Iff: return print(args[0], kImplies) + " <-> " + print(args[1], kImplies + 1);
        case Op::Eq: return print(args[0], kEq) + " = " + print(args[1], kEq + 1);
        case Op::Ite: return print(args[1], kIte) + " if " + print(args[0]) + " else " + print(args[2], kIte + 1);
        case Op::Old: return "old " + print(args[0], kOld + 1);
        case Op::Forall:
        case Op::Exists: {
            std::string out = terms.op(t) == Op::Forall ? "forall " : "exists ";
            for (size_t i = 0; i + 1 < args.size(); ++i) {
                const Variable& v = terms.variable_info(terms.payload(args[i]));
                out += (i > 0 ? (compact_ ? "," : ", ") : "") + v.name;
                if (!compact_) out += ":" + sorts_[v.sort].name;
            }
            return out + ". " + print(args.back(), kQuant);
        }
        case Op::App: {
            const Symbol& s = symbols_[terms.payload(t)];
            if (s.kind == Symbol::Kind::Builtin) {
                int prec = precedence(t);
                return print(args[0], prec) + " " + s.name + " " + print(args[1], prec + 1);
            }
            if (args.empty()) return s.name;
            std::string out = s.name + "(";
            for (size_t i = 0; i < args.size(); ++i) out += (i ? (compact_ ? "," : ", ") : "") + print(args[i]);
            return out + ")";
        }
        }
        return "?";
    }

    const TermTable& terms_;
    const std::vector<Symbol>& symbols_;
    const std::vector<Sort>& sorts_;
    bool compact_ = false;
};

class StmtPrinter {
public:
    explicit StmtPrinter(const Program& p) : p_(p), terms_(p) {}

    void block(const Block& b, int indent, std::string& out) {
        for (size_t i = 0; i < b.size(); ++i) {
            out.append(static_cast<size_t>(indent), ' ');
            std::visit([&](const auto& node) { stmt(node, indent, out); }, b[i].node);
            out += (i + 1 < b.size() ? ";" : "") + location(b[i].loc) + "\n";
        }
    }

private:
    std::string term(TermId t) { return terms_.print(t); }

    void stmt(const AssignStmt& s, int, std::string& out) { out += term(s.lhs) + " := " + term(s.rhs); }
    void stmt(const HavocStmt& s, int, std::string& out) { out += term(s.lhs) + " := *"; }
    void stmt(const DeclareStmt& s, int, std::string& out) {
        const Symbol& local = p_.symbols[s.local];
        out += "var " + local.name + " : " + p_.sort_name(local.range);
    }
    void stmt(const CallStmt& s, int, std::string& out) {
        out += "call ";
        for (size_t i = 0; i < s.results.size(); ++i) out += (i > 0 ? ", " : "") + term(s.results[i]);
        if (!s.results.empty()) out += " := ";
        out += p_.actions[s.callee].name; // Ivy writes no parentheses for no arguments
        for (size_t i = 0; i < s.args.size(); ++i) out += (i > 0 ? ", " : "(") + term(s.args[i]);
        if (!s.args.empty()) out += ")";
    }
    void stmt(const AssertStmt& s, int, std::string& out) {
        static const char* const kWords[] = {"require", "ensure", "assert", "assume"};
        out += kWords[static_cast<int>(s.kind)];
        if (!s.label.empty()) out += " [" + s.label + "]";
        out += " " + term(s.formula);
    }
    void stmt(const IfStmt& s, int indent, std::string& out) {
        out += "if ";
        if (!s.witnesses.empty()) {
            out += "some ";
            for (size_t i = 0; i < s.witnesses.size(); ++i) {
                const Symbol& w = p_.symbols[s.witnesses[i]];
                out += (i > 0 ? ", " : "") + w.name + ":" + p_.sort_name(w.range);
            }
            out += ". ";
        }
        out += term(s.cond);
        if (s.extremum) out += std::string(s.maximizing ? " maximizing " : " minimizing ") + term(*s.extremum);
        out += " {\n";
        block(s.then_body, indent + 4, out);
        out.append(static_cast<size_t>(indent), ' ');
        out += "}";
        if (!s.else_body.empty()) {
            out += " else {\n";
            block(s.else_body, indent + 4, out);
            out.append(static_cast<size_t>(indent), ' ');
            out += "}";
        }
    }
    void stmt(const WhileStmt& s, int indent, std::string& out) {
        out += "while " + term(s.cond);
        for (const Fact& inv : s.invariants) {
            out += "\n";
            out.append(static_cast<size_t>(indent + 4), ' ');
            out += "invariant " + (inv.label.empty() ? "" : "[" + inv.label + "] ") + term(inv.formula);
        }
        if (s.decreases) out += " decreases " + term(*s.decreases);
        out += " {\n";
        block(s.body, indent + 4, out);
        out.append(static_cast<size_t>(indent), ' ');
        out += "}";
    }
    void stmt(const NativeStmt&, int, std::string& out) { out += "<<< native >>>"; }

    const Program& p_;
    TermPrinter terms_;
};

std::string native_text(const NativeCode& code) {
    std::string out;
    for (const NativeCode::Piece& piece : code.pieces)
        out += piece.kind == NativeCode::Piece::Kind::Text ? piece.text : "`" + piece.text + "`";
    return out;
}

// Whether `object` is `root` or inside it.
bool within(const std::string& object, const std::string& root) {
    if (root == "this" || root.empty()) return true;
    return object == root || object.rfind(root + ".", 0) == 0;
}

class Shower {
public:
    Shower(const Program& p, const ShowOptions& o) : p_(p), terms_(p), stmts_(p) {
        if (o.isolate.empty()) return;
        for (const Isolate& iso : p.isolates)
            if (iso.name == o.isolate) {
                filtering_ = true;
                for (const Isolate::Member& m : iso.verified) roots_.push_back(m.name);
                for (const Isolate::Member& m : iso.with) roots_.push_back(m.name);
                isolate_ = &iso;
            }
        unknown_isolate_ = !filtering_;
    }

    std::string run() {
        if (unknown_isolate_) return "";
        sorts();
        symbols();
        definitions();
        facts();
        actions();
        initializers();
        isolates();
        return out_;
    }

    bool unknown_isolate() const { return unknown_isolate_; }

private:
    bool shown(const Origin& o) const {
        if (!filtering_) return true;
        return std::any_of(roots_.begin(), roots_.end(), [&](const std::string& r) { return within(o.object, r); });
    }
    void section(const char* title) {
        if (!out_.empty()) out_ += "\n";
        out_ += std::string("# ") + title + "\n";
    }

    void sorts() {
        section("sorts");
        for (const Sort& s : p_.sorts) {
            if (s.kind == Sort::Kind::Bool || !shown(s.origin)) continue;
            out_ += "type " + s.name;
            if (s.kind == Sort::Kind::Enum) {
                out_ += " = {";
                for (size_t i = 0; i < s.values.size(); ++i) out_ += (i ? ", " : "") + p_.symbols[s.values[i]].name;
                out_ += "}";
            } else if (s.is_struct) {
                out_ += " = struct {";
                for (size_t i = 0; i < s.fields.size(); ++i) {
                    const Symbol& f = p_.symbols[s.fields[i]];
                    out_ += (i ? ", " : "") + f.name + " : " + p_.sort_name(f.range);
                }
                out_ += "}";
            }
            out_ += location(s.origin.loc) + "\n";
        }
        for (const Interpretation& in : p_.interpretations) {
            if (!shown(in.origin)) continue;
            static const char* const kTheories[] = {"int", "nat", "bv", "range", "strlit", "real", "native"};
            std::string target = kTheories[static_cast<int>(in.theory)];
            if (in.theory == Interpretation::Theory::BitVector) target = "bv[" + std::to_string(in.width) + "]";
            if (in.theory == Interpretation::Theory::Range)
                target = "{" + (in.lo ? terms_.print(*in.lo) : "?") + ".." + (in.hi ? terms_.print(*in.hi) : "?") + "}";
            if (in.theory == Interpretation::Theory::Native) target = "<<<" + in.native + ">>>";
            out_ += "interpret " + p_.sort_name(in.sort) + " -> " + target + location(in.origin.loc) + "\n";
        }
    }

    std::string signature(const Symbol& s) const {
        std::string out = s.name;
        if (!s.domain.empty()) {
            out += "(";
            for (size_t i = 0; i < s.domain.size(); ++i) out += (i ? ", " : "") + p_.sort_name(s.domain[i]);
            out += ")";
        }
        return out;
    }

    void symbols() {
        section("symbols");
        for (const Symbol& s : p_.symbols) {
            using K = Symbol::Kind;
            if (s.kind != K::State && s.kind != K::Destructor && s.kind != K::Parameter) continue;
            if (!shown(s.origin)) continue;
            const char* word = s.kind == K::Destructor ? "destructor "
                               : s.kind == K::Parameter ? "parameter "
                               : s.is_relation()         ? "relation "
                                                         : "function ";
            out_ += word + signature(s);
            if (!s.is_relation()) out_ += " : " + p_.sort_name(s.range);
            out_ += location(s.origin.loc) + "\n";
        }
    }

    void definitions() {
        section("definitions");
        for (const Definition& d : p_.definitions) {
            if (!shown(d.origin)) continue;
            const Symbol& s = p_.symbols[d.symbol];
            out_ += "definition ";
            if (!d.label.empty()) out_ += "[" + d.label + "] ";
            out_ += s.name;
            if (!d.params.empty()) {
                out_ += "(";
                for (size_t i = 0; i < d.params.size(); ++i) out_ += (i ? ", " : "") + terms_.print(d.params[i]);
                out_ += ")";
            }
            out_ += " = " + (d.native ? "<<<" + *d.native + ">>>" : terms_.print(d.body));
            out_ += location(d.origin.loc) + "\n";
        }
    }

    void facts() {
        section("axioms, properties and invariants");
        for (const Fact& f : p_.facts) {
            if (!shown(f.origin)) continue;
            static const char* const kWords[] = {"axiom", "property", "invariant"};
            out_ += std::string(f.explicit_ ? "explicit " : "") + kWords[static_cast<int>(f.kind)] + " [" + f.label +
                    "] " + terms_.print(f.formula) + location(f.origin.loc) + "\n";
        }
    }

    // Formal parameters as written (`x:id`), without their internal `fml:` prefix.
    void params(const std::vector<SymbolId>& list) {
        out_ += "(";
        for (size_t i = 0; i < list.size(); ++i) {
            const Symbol& s = p_.symbols[list[i]];
            std::string name = s.name.rfind("fml:", 0) == 0 ? s.name.substr(4) : s.name;
            out_ += (i ? ", " : "") + name + ":" + p_.sort_name(s.range);
        }
        out_ += ")";
    }

    void actions() {
        section("actions (monitors merged in order: befores, body, afters)");
        for (const Action& a : p_.actions) {
            if (!shown(a.origin)) continue;
            out_ += std::string(a.exported ? "export " : a.imported ? "import " : "") + "action " + a.name;
            params(a.params);
            if (!a.results.empty()) {
                out_ += " returns ";
                params(a.results);
            }
            out_ += " = {" + location(a.origin.loc) + "\n";
            for (const Monitor& m : a.befores) monitor(m);
            if (a.body_kind == Action::BodyKind::Native) {
                out_ += "    <<<" + native_text(a.native_body) + ">>>\n";
            } else if (a.body_kind == Action::BodyKind::Block) {
                out_ += "    # body" + location(a.implementation ? a.implementation->loc : a.origin.loc) + "\n";
                stmts_.block(a.body, 4, out_);
            }
            for (const Monitor& m : a.afters) monitor(m);
            out_ += "}\n";
        }
    }

    void monitor(const Monitor& m) {
        out_ += std::string("    # ") + (m.kind == Monitor::Kind::Before ? "before" : "after") + " monitor " +
                m.name + location(m.origin.loc) + "\n";
        stmts_.block(m.body, 4, out_);
    }

    void initializers() {
        section("initializers");
        for (const Initializer& init : p_.initializers) {
            if (!shown(init.origin)) continue;
            out_ += "after init " + init.name;
            if (!init.params.empty()) params(init.params);
            out_ += " {" + location(init.origin.loc) + "\n";
            stmts_.block(init.body, 4, out_);
            out_ += "}\n";
        }
    }

    void members(const std::vector<Isolate::Member>& list) {
        for (size_t i = 0; i < list.size(); ++i) {
            out_ += (i ? ", " : "") + list[i].name;
            if (!list[i].args.empty()) {
                out_ += "(";
                for (size_t k = 0; k < list[i].args.size(); ++k) out_ += (k ? ", " : "") + list[i].args[k];
                out_ += ")";
            }
        }
    }

    void isolates() {
        section("isolates");
        for (const Isolate& iso : p_.isolates) {
            if (isolate_ && &iso != isolate_) continue;
            out_ += std::string(iso.trusted ? "trusted " : "") + (iso.extract ? "extract " : "isolate ") + iso.name;
            if (!iso.param_names.empty()) {
                out_ += "(";
                for (size_t i = 0; i < iso.param_names.size(); ++i)
                    out_ += (i ? ", " : "") + iso.param_names[i] + ":" + p_.sort_name(iso.param_sorts[i]);
                out_ += ")";
            }
            out_ += " = ";
            members(iso.verified);
            if (!iso.with.empty()) {
                out_ += " with ";
                members(iso.with);
            }
            out_ += location(iso.origin.loc) + "\n";
        }
    }

    const Program& p_;
    TermPrinter terms_;
    StmtPrinter stmts_;
    bool filtering_ = false;
    bool unknown_isolate_ = false;
    std::vector<std::string> roots_;
    const Isolate* isolate_ = nullptr;
    std::string out_;
};

} // namespace

std::string to_string(const Program& p, TermId t) { return TermPrinter(p).print(t); }

std::string to_string(const TermTable& terms, const std::vector<Symbol>& symbols, const std::vector<Sort>& sorts,
                      TermId t, bool compact) {
    return TermPrinter(terms, symbols, sorts, compact).print(t);
}

std::string to_string(const Program& p, const Block& b, int indent) {
    std::string out;
    StmtPrinter(p).block(b, indent, out);
    return out;
}

std::string show(const Program& p, const ShowOptions& options) { return Shower(p, options).run(); }

} // namespace ivy::ir
