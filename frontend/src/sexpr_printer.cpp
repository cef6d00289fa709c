// The AST as S-expressions: `(kind attributes... children...)`.
//
// The tree is first converted to a small generic S-expression tree, then laid out:
// a node that fits in the line width is printed flat, otherwise its children go on
// their own lines, indented by two.
#include "frontend/ast_printer.h"

#include <type_traits>

namespace ivy::frontend {
namespace {

using namespace ast;

struct S {
    std::string head;   // the atom, or a list's first element
    std::vector<S> kids;
    bool list = false;
    size_t flat = 0;    // length when printed on one line
};

S atom(std::string text) {
    S s;
    s.flat = text.size();
    s.head = std::move(text);
    return s;
}

S list(std::string head, std::vector<S> kids = {}) {
    S s;
    s.list = true;
    s.flat = head.size() + 2;
    for (const S& k : kids) s.flat += k.flat + 1;
    s.head = std::move(head);
    s.kids = std::move(kids);
    return s;
}

void layout(const S& s, int indent, int width, std::string& out) {
    if (!s.list) {
        out += s.head;
        return;
    }
    bool flat = static_cast<int>(s.flat) + indent <= width;
    out += '(';
    out += s.head;
    for (const S& k : s.kids) {
        if (flat) {
            out += ' ';
        } else {
            out += '\n';
            out.append(static_cast<size_t>(indent + 2), ' ');
        }
        layout(k, indent + 2, width, out);
    }
    out += ')';
}

class Converter {
public:
    explicit Converter(const SexprOptions& options) : options_(options) {}

    std::string tag(std::string head, SourceLocation loc) const {
        if (options_.locations && loc.known())
            head += "@" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
        return head;
    }

    S name(const Name& n) const { return atom(tag(n.str(), n.loc)); }

    // ---------------------------------------------------------------- expressions

    static const char* op_text(BinaryOp op) {
        switch (op) {
        case BinaryOp::Times: return "*";
        case BinaryOp::Div: return "/";
        case BinaryOp::Plus: return "+";
        case BinaryOp::Minus: return "-";
        case BinaryOp::Neq: return "~=";
        case BinaryOp::Eq: return "=";
        case BinaryOp::Lt: return "<";
        case BinaryOp::Le: return "<=";
        case BinaryOp::Gt: return ">";
        case BinaryOp::Ge: return ">=";
        case BinaryOp::Pto: return "*>";
        case BinaryOp::And: return "&";
        case BinaryOp::Or: return "|";
        case BinaryOp::Implies: return "->";
        case BinaryOp::Iff: return "<->";
        }
        return "?";
    }

    S binder(const Binder& b) const {
        std::string text = b.name;
        if (!b.sort.empty()) text += ":" + b.sort.str();
        return atom(tag(text, b.loc));
    }

    std::vector<S> exprs(const std::vector<Expr>& es) const {
        std::vector<S> out;
        for (const Expr& e : es) out.push_back(expr(e));
        return out;
    }

    S expr(const Expr& e) const {
        switch (e.kind) {
        case ExprKind::App:
            if (e.args.empty()) return atom(tag(e.name, e.loc));
            return with_head(tag("app", e.loc), atom(e.name), exprs(e.args));
        case ExprKind::Var:
        case ExprKind::Bool:
            return atom(tag(e.name, e.loc));
        case ExprKind::Member:
            return with_head(tag(".", e.loc), atom(e.name), exprs(e.args));
        case ExprKind::Old: return list(tag("old", e.loc), exprs(e.args));
        case ExprKind::Not: return list(tag("~", e.loc), exprs(e.args));
        case ExprKind::Binary: return list(tag(op_text(e.op), e.loc), exprs(e.args));
        case ExprKind::Ite: return list(tag("ite", e.loc), exprs(e.args));
        case ExprKind::Ascribe: return list(tag(":", e.loc), {expr(e.args[0]), name(e.sort)});
        case ExprKind::Isa: return list(tag("isa", e.loc), {expr(e.args[0]), name(e.sort)});
        case ExprKind::Temporal:
            return list(tag(e.temporal == TemporalOp::Globally ? "globally" : "eventually", e.loc),
                        exprs(e.args));
        case ExprKind::Quant: {
            std::vector<S> binders;
            for (const Binder& b : e.binders) binders.push_back(binder(b));
            return list(tag(e.quant == Quantifier::Forall ? "forall" : "exists", e.loc),
                        {list("vars", std::move(binders)), expr(e.args[0])});
        }
        }
        return atom("?");
    }

    static S with_head(std::string head, S first, std::vector<S> rest) {
        rest.insert(rest.begin(), std::move(first));
        return list(std::move(head), std::move(rest));
    }

    // ---------------------------------------------------------------- pieces

    S label(const std::optional<Label>& l) const {
        return atom(tag("[" + (l ? l->name : std::string()) + "]", l ? l->loc : SourceLocation{}));
    }

    void add_label(std::vector<S>& kids, const std::optional<Label>& l) const {
        if (l) kids.push_back(label(l));
    }

    S param(const Param& p) const {
        return list(tag(p.receiver ? "^param" : "param", p.loc), {atom(p.name), name(p.sort)});
    }

    S params(const char* head, const std::vector<Param>& ps) const {
        std::vector<S> kids;
        for (const Param& p : ps) kids.push_back(param(p));
        return list(head, std::move(kids));
    }

    S native(const Native& n) const {
        std::string text = "<<<" + n.text + ">>>";
        return atom(tag(text, n.loc));
    }

    S lhs(const DefnLhs& d) const {
        std::vector<S> kids{name(d.name)};
        for (const Binder& b : d.args) kids.push_back(binder(b));
        return list(tag(d.infix ? "infix" : "lhs", d.loc), std::move(kids));
    }

    S rhs(const DefnRhs& r) const {
        switch (r.kind) {
        case DefnRhs::Kind::Expr: return expr(*r.expr);
        case DefnRhs::Kind::Native: return native(r.native);
        case DefnRhs::Kind::Some: {
            std::vector<S> binders;
            for (const Binder& b : r.binders) binders.push_back(binder(b));
            std::vector<S> kids{list("vars", std::move(binders)), expr(*r.expr)};
            if (r.some_value) kids.push_back(list("in", {expr(*r.some_value)}));
            if (r.some_default) kids.push_back(list("else", {expr(*r.some_default)}));
            return list("some", std::move(kids));
        }
        }
        return atom("?");
    }

    S defn(const Defn& d) const {
        std::vector<S> kids{lhs(d.lhs)};
        if (!d.sort.empty()) kids.push_back(list(":", {name(d.sort)}));
        kids.push_back(rhs(d.rhs));
        return list(tag("defn", d.loc), std::move(kids));
    }

    S sym_def(const SymDef& d) const {
        std::vector<S> kids{lhs(d.lhs)};
        if (!d.sort.empty()) kids.push_back(list(":", {name(d.sort)}));
        if (d.rhs) kids.push_back(list("=", {rhs(*d.rhs)}));
        return list("sym", std::move(kids));
    }

    S typed_term(const TypedTerm& t) const {
        std::vector<S> kids{name(t.name)};
        for (const Binder& b : t.args) kids.push_back(binder(b));
        if (!t.sort.empty()) kids.push_back(list(":", {name(t.sort)}));
        return list(tag(t.infix ? "infix" : "term", t.loc), std::move(kids));
    }

    S schema(const Schema& s) const {
        std::vector<S> kids;
        for (const SchemaItem& item : s.items) {
            std::vector<S> parts;
            const char* head = "";
            switch (item.kind) {
            case SchemaItem::Kind::Type:
                head = "type";
                parts.push_back(name(item.name));
                break;
            case SchemaItem::Kind::Relation:
            case SchemaItem::Kind::Function:
                head = item.kind == SchemaItem::Kind::Relation ? "relation" : "function";
                for (const SymDef& d : item.symbols) parts.push_back(sym_def(d));
                break;
            case SchemaItem::Kind::Individual:
                head = "individual";
                for (const TypedTerm& t : item.terms) parts.push_back(typed_term(t));
                break;
            case SchemaItem::Kind::Property:
            case SchemaItem::Kind::Axiom:
                head = item.kind == SchemaItem::Kind::Property ? "property" : "axiom";
                add_label(parts, item.label);
                parts.push_back(expr(*item.formula));
                break;
            case SchemaItem::Kind::Definition:
                head = "definition";
                parts.push_back(defn(item.defns.at(0)));
                break;
            }
            kids.push_back(list(tag(head, item.loc), std::move(parts)));
        }
        return list(tag("schema", s.loc), std::move(kids));
    }

    S proof(const std::vector<ProofStep>& steps, const char* head = "proof") const {
        std::vector<S> kids;
        for (const ProofStep& s : steps) kids.push_back(step(s));
        return list(head, std::move(kids));
    }

    S step(const ProofStep& s) const {
        static const char* const kNames[] = {"apply", "assume", "instantiate", "showgoals",
                                             "defergoal", "spoil", "unfold", "forget", "tactic",
                                             "property", "let", "if", "group"};
        std::vector<S> kids;
        for (const Name& t : s.targets) kids.push_back(name(t));
        if (!s.renaming.empty()) {
            std::vector<S> pairs;
            for (const auto& [from, to] : s.renaming) pairs.push_back(atom(from + "/" + to));
            kids.push_back(list("rename", std::move(pairs)));
        }
        if (s.temporal) kids.push_back(atom("temporal"));
        add_label(kids, s.label);
        for (size_t i = 0; i < s.exprs.size(); ++i) {
            if (i < s.expr_labels.size()) add_label(kids, s.expr_labels[i]);
            kids.push_back(expr(s.exprs[i]));
        }
        for (const DefnLhs& n : s.named) kids.push_back(list("named", {lhs(n)}));
        if (!s.steps.empty() || s.kind == ProofKind::Group || s.kind == ProofKind::If)
            kids.push_back(proof(s.steps, "steps"));
        if (s.kind == ProofKind::If) kids.push_back(proof(s.else_steps, "else"));
        return list(tag(kNames[static_cast<int>(s.kind)], s.loc), std::move(kids));
    }

    // ---------------------------------------------------------------- statements

    S block(const char* head, const Block& b) const {
        std::vector<S> kids;
        for (const Stmt& s : b) kids.push_back(stmt(s));
        return list(head, std::move(kids));
    }

    S condition(const Condition& c) const {
        switch (c.kind) {
        case Condition::Kind::Star: return atom("*");
        case Condition::Kind::Formula: return expr(*c.formula);
        case Condition::Kind::Some: {
            std::vector<S> kids{params(c.witnesses_in_parens ? "(witnesses)" : "witnesses",
                                       c.witnesses),
                                expr(*c.formula)};
            if (c.extremum)
                kids.push_back(list(c.maximizing ? "maximizing" : "minimizing", {expr(*c.extremum)}));
            return list("some", std::move(kids));
        }
        }
        return atom("?");
    }

    S stmt(const Stmt& s) const {
        return std::visit([&](const auto& node) { return stmt_node(node, s.loc); }, s.node);
    }

    S stmt_node(const AssertStmt& s, SourceLocation at) const {
        static const char* const kNames[] = {"require", "ensure", "assert", "assume"};
        std::vector<S> kids;
        add_label(kids, s.label);
        kids.push_back(expr(s.formula));
        if (!s.proof.empty()) kids.push_back(proof(s.proof));
        return list(tag(kNames[static_cast<int>(s.kind)], at), std::move(kids));
    }
    S stmt_node(const CallStmt& s, SourceLocation at) const {
        std::vector<S> kids;
        if (!s.results.empty()) kids.push_back(list("results", exprs(s.results)));
        kids.push_back(expr(s.callee));
        return list(tag("call", at), std::move(kids));
    }
    S stmt_node(const VarStmt& s, SourceLocation at) const {
        std::vector<S> kids{atom(s.name)};
        if (!s.sort.empty()) kids.push_back(list(":", {name(s.sort)}));
        if (s.init) kids.push_back(list(":=", {expr(*s.init)}));
        return list(tag("var", at), std::move(kids));
    }
    S stmt_node(const AssignStmt& s, SourceLocation at) const {
        std::vector<S> kids = exprs(s.targets);
        kids.push_back(expr(s.value));
        return list(tag(":=", at), std::move(kids));
    }
    S stmt_node(const HavocStmt& s, SourceLocation at) const {
        return list(tag("havoc", at), {expr(s.target)});
    }
    S stmt_node(const ExprStmt& s, SourceLocation at) const {
        return list(tag("do", at), {expr(s.expr)});
    }
    S stmt_node(const BlockStmt& s, SourceLocation at) const {
        return block(tag("block", at).c_str(), s.body);
    }
    S stmt_node(const IfStmt& s, SourceLocation at) const {
        std::vector<S> kids{condition(s.cond), block("then", s.then_body)};
        if (s.has_else) kids.push_back(block("else", s.else_body));
        return list(tag("if", at), std::move(kids));
    }
    S stmt_node(const WhileStmt& s, SourceLocation at) const {
        std::vector<S> kids{condition(s.cond)};
        for (const LoopInvariant& inv : s.invariants) {
            std::vector<S> parts;
            add_label(parts, inv.label);
            parts.push_back(expr(inv.formula));
            kids.push_back(list("invariant", std::move(parts)));
        }
        if (s.decreases) kids.push_back(list("decreases", {expr(*s.decreases)}));
        kids.push_back(block("do", s.body));
        return list(tag("while", at), std::move(kids));
    }
    S stmt_node(const LocalStmt& s, SourceLocation at) const {
        return list(tag("local", at), {params("params", s.params), block("do", s.body)});
    }

    S body(const ActionBody& b) const {
        switch (b.kind) {
        case ActionBody::Kind::None: return atom("(no body)");
        case ActionBody::Kind::Crash: return atom("*");
        case ActionBody::Kind::Native: return native(b.native);
        case ActionBody::Kind::Block: return block("body", b.block);
        }
        return atom("?");
    }

    // ---------------------------------------------------------------- declarations

    S decls(const char* head, const std::vector<Decl>& ds) const {
        std::vector<S> kids;
        for (const Decl& d : ds) kids.push_back(decl(d));
        return list(head, std::move(kids));
    }

    S decl(const Decl& d) const {
        return std::visit([&](const auto& node) { return decl_node(node, d.loc); }, d.node);
    }

    S decl_node(const IncludeDecl& d, SourceLocation at) const {
        return list(tag("include", at), {atom(d.name)});
    }
    S decl_node(const TypeDecl& d, SourceLocation at) const {
        std::vector<S> kids{name(d.name)};
        if (d.finite) kids.push_back(atom("finite"));
        if (d.ghost) kids.push_back(atom("ghost"));
        std::vector<S> values;
        for (const Name& v : d.values) values.push_back(name(v));
        switch (d.kind) {
        case TypeDecl::Kind::Uninterpreted: break;
        case TypeDecl::Kind::Enum: kids.push_back(list("enum", std::move(values))); break;
        case TypeDecl::Kind::Range: kids.push_back(list("range", std::move(values))); break;
        case TypeDecl::Kind::Struct: {
            std::vector<S> fields;
            for (const TypedTerm& f : d.fields) fields.push_back(typed_term(f));
            kids.push_back(list("struct", std::move(fields)));
            break;
        }
        }
        return list(tag("type", at), std::move(kids));
    }
    S decl_node(const AliasDecl& d, SourceLocation at) const {
        return list(tag("alias", at), {atom(d.name), expr(d.target)});
    }
    S operand(const InterpretOperand& o) const {
        if (o.kind == InterpretOperand::Kind::Native) return native(o.native);
        return name(o.name);
    }
    S decl_node(const InterpretDecl& d, SourceLocation at) const {
        std::vector<S> kids{operand(d.lhs)};
        switch (d.kind) {
        case InterpretDecl::Kind::Operand: kids.push_back(operand(d.rhs)); break;
        case InterpretDecl::Kind::Range: kids.push_back(list("range", exprs(d.range))); break;
        case InterpretDecl::Kind::Enum: {
            std::vector<S> values;
            for (const Name& v : d.values) values.push_back(name(v));
            kids.push_back(list("enum", std::move(values)));
            break;
        }
        }
        return list(tag("interpret", at), std::move(kids));
    }
    S decl_node(const SymbolDecl& d, SourceLocation at) const {
        std::vector<S> kids;
        for (const SymDef& s : d.items) kids.push_back(sym_def(s));
        return list(tag(d.relation ? "relation" : "function", at), std::move(kids));
    }
    S decl_node(const StateDecl& d, SourceLocation at) const {
        static const char* const kNames[] = {"individual", "var", "destructor"};
        std::vector<S> kids;
        for (const TypedTerm& t : d.items) kids.push_back(typed_term(t));
        return list(tag(kNames[static_cast<int>(d.kind)], at), std::move(kids));
    }
    S decl_node(const ParameterDecl& d, SourceLocation at) const {
        std::vector<S> kids{typed_term(d.term)};
        if (d.default_value) kids.push_back(list("=", {name(*d.default_value)}));
        return list(tag("parameter", at), std::move(kids));
    }
    S decl_node(const DerivedDecl& d, SourceLocation at) const {
        std::vector<S> kids;
        for (const Defn& x : d.defns) kids.push_back(defn(x));
        return list(tag("derived", at), std::move(kids));
    }
    S decl_node(const DefinitionDecl& d, SourceLocation at) const {
        std::vector<S> kids;
        if (d.explicit_) kids.push_back(atom("explicit"));
        if (d.schema) kids.push_back(atom("schema"));
        add_label(kids, d.label);
        kids.push_back(defn(d.defn));
        if (!d.proof.empty()) kids.push_back(proof(d.proof));
        return list(tag("definition", at), std::move(kids));
    }
    S decl_node(const FormulaDecl& d, SourceLocation at) const {
        static const char* const kNames[] = {"axiom", "property", "conjecture", "invariant"};
        std::vector<S> kids;
        if (d.explicit_) kids.push_back(atom("explicit"));
        if (d.temporal) kids.push_back(atom("temporal"));
        add_label(kids, d.label);
        if (d.formula) kids.push_back(expr(*d.formula));
        if (d.schema) kids.push_back(schema(*d.schema));
        for (const DefnLhs& n : d.named) kids.push_back(list("named", {lhs(n)}));
        if (!d.with.empty()) {
            std::vector<S> with;
            for (const Name& w : d.with) with.push_back(name(w));
            kids.push_back(list("with", std::move(with)));
        }
        if (!d.proof.empty()) kids.push_back(proof(d.proof));
        return list(tag(kNames[static_cast<int>(d.kind)], at), std::move(kids));
    }
    S decl_node(const TheoremDecl& d, SourceLocation at) const {
        std::vector<S> kids;
        for (const DefnLhs& n : d.name) kids.push_back(lhs(n));
        add_label(kids, d.label);
        if (d.schema) kids.push_back(schema(*d.schema));
        if (d.formula) kids.push_back(expr(*d.formula));
        if (!d.proof.empty()) kids.push_back(proof(d.proof));
        return list(tag("theorem", at), std::move(kids));
    }
    S decl_node(const ModuleDecl& d, SourceLocation at) const {
        static const char* const kNames[] = {"module", "module-object", "module-isolate"};
        std::vector<S> params;
        for (const std::string& p : d.params) params.push_back(atom(p));
        std::vector<S> kids{atom(d.name), list("params", std::move(params))};
        if (!d.with.empty()) kids.push_back(list("with", exprs(d.with)));
        kids.push_back(decls("body", d.body));
        return list(tag(kNames[static_cast<int>(d.kind)], at), std::move(kids));
    }
    S module_ref(const ModuleRef& r) const {
        std::vector<S> kids{name(r.name)};
        for (const ModuleArg& a : r.args) {
            std::string text = a.value.str();
            if (!a.sort.empty()) text += ":" + a.sort.str();
            kids.push_back(atom(tag(text, a.loc)));
        }
        return list(tag("ref", r.loc), std::move(kids));
    }
    S decl_node(const InstanceDecl& d, SourceLocation at) const {
        static const char* const kNames[] = {"instance", "instantiate", "autoinstance"};
        std::vector<S> kids;
        for (const Instance& i : d.items) {
            std::vector<S> parts;
            if (i.name) parts.push_back(module_ref(*i.name));
            parts.push_back(module_ref(i.module));
            kids.push_back(list("inst", std::move(parts)));
        }
        return list(tag(kNames[static_cast<int>(d.kind)], at), std::move(kids));
    }
    S decl_node(const ObjectDecl& d, SourceLocation at) const {
        std::vector<S> kids{atom(d.name)};
        if (!d.params.empty()) kids.push_back(params("params", d.params));
        if (d.continuation) kids.push_back(atom("..."));
        kids.push_back(decls("body", d.body));
        return list(tag("object", at), std::move(kids));
    }
    S decl_node(const IsolateDecl& d, SourceLocation at) const {
        std::vector<S> kids{atom(d.name)};
        if (d.trusted) kids.push_back(atom("trusted"));
        if (!d.params.empty()) kids.push_back(params("params", d.params));
        if (d.has_body) kids.push_back(decls("body", d.body));
        else kids.push_back(list("members", exprs(d.members)));
        if (!d.with.empty()) kids.push_back(list("with", exprs(d.with)));
        return list(tag(d.extract ? "extract" : "isolate", at), std::move(kids));
    }
    S decl_node(const SectionDecl& d, SourceLocation at) const {
        static const char* const kNames[] = {"specification", "implementation", "private"};
        return decls(tag(kNames[static_cast<int>(d.kind)], at).c_str(), d.body);
    }
    S decl_node(const ActionDecl& d, SourceLocation at) const {
        std::vector<S> kids{atom(d.name)};
        if (d.dir != ActionDecl::Dir::None)
            kids.push_back(atom(d.dir == ActionDecl::Dir::Export ? "export" : "import"));
        if (!d.params.empty()) kids.push_back(params("params", d.params));
        if (!d.results.empty()) kids.push_back(params("returns", d.results));
        if (d.body.kind != ActionBody::Kind::None) kids.push_back(body(d.body));
        return list(tag(d.method ? "method" : "action", at), std::move(kids));
    }
    S decl_node(const MonitorDecl& d, SourceLocation at) const {
        static const char* const kNames[] = {"before", "after", "after-init", "around", "implement"};
        std::vector<S> kids;
        if (!d.target.empty()) kids.push_back(name(d.target));
        if (!d.params.empty()) kids.push_back(params("params", d.params));
        if (!d.results.empty()) kids.push_back(params("returns", d.results));
        kids.push_back(body(d.body));
        if (d.kind == MonitorDecl::Kind::Around) kids.push_back(block("after", d.after_part));
        return list(tag(kNames[static_cast<int>(d.kind)], at), std::move(kids));
    }
    S decl_node(const ExportDecl& d, SourceLocation at) const {
        return list(tag(d.import ? "import" : "export", at), {expr(d.target)});
    }
    S decl_node(const DelegateDecl& d, SourceLocation at) const {
        std::vector<S> kids = exprs(d.actions);
        if (d.delegate_to) kids.push_back(list("->", {expr(*d.delegate_to)}));
        return list(tag("delegate", at), std::move(kids));
    }
    S decl_node(const AttributeDecl& d, SourceLocation at) const {
        return list(tag("attribute", at), {expr(d.name), expr(d.value)});
    }
    S decl_node(const NativeDecl& d, SourceLocation at) const {
        return list(tag("native", at), {native(d.native)});
    }
    S decl_node(const MixinDecl& d, SourceLocation at) const {
        return list(tag("mixin", at),
                    {expr(d.mixin), atom(d.before ? "before" : "after"), expr(d.target)});
    }

private:
    SexprOptions options_;
};

std::string render(const S& s, const SexprOptions& options) {
    std::string out;
    layout(s, 0, options.width, out);
    out += '\n';
    return out;
}

} // namespace

std::string to_sexpr(const ast::File& file, const SexprOptions& options) {
    Converter c(options);
    std::vector<S> kids{list("lang", {atom(file.version.empty() ? "ivy" : "ivy" + file.version)})};
    for (const Decl& d : file.decls) kids.push_back(c.decl(d));
    return render(list("file", std::move(kids)), options);
}

std::string to_sexpr(const ast::Expr& expr, const SexprOptions& options) {
    return render(Converter(options).expr(expr), options);
}

} // namespace ivy::frontend
