// A one-line account of a parsed file: what `make demo` shows for each example.
#include "frontend/ast_printer.h"

#include <map>

namespace ivy::frontend {
namespace {

using namespace ast;

struct Counts {
    std::map<std::string, size_t> decls;
    size_t statements = 0;
    size_t expressions = 0;
};

class Counter {
public:
    Counts counts;

    void decls(const std::vector<Decl>& list) {
        for (const Decl& d : list) std::visit([&](const auto& node) { decl(node); }, d.node);
    }

private:
    void expr(const Expr& e) {
        ++counts.expressions;
        for (const Expr& a : e.args) expr(a);
    }
    void block(const Block& b) {
        for (const Stmt& s : b) {
            ++counts.statements;
            std::visit([&](const auto& node) { stmt(node); }, s.node);
        }
    }
    void condition(const Condition& c) {
        if (c.formula) expr(*c.formula);
        if (c.extremum) expr(*c.extremum);
    }

    void stmt(const AssertStmt& s) { expr(s.formula); }
    void stmt(const CallStmt& s) {
        for (const Expr& r : s.results) expr(r);
        expr(s.callee);
    }
    void stmt(const VarStmt& s) {
        if (s.init) expr(*s.init);
    }
    void stmt(const AssignStmt& s) {
        for (const Expr& t : s.targets) expr(t);
        expr(s.value);
    }
    void stmt(const HavocStmt& s) { expr(s.target); }
    void stmt(const ExprStmt& s) { expr(s.expr); }
    void stmt(const BlockStmt& s) { block(s.body); }
    void stmt(const IfStmt& s) {
        condition(s.cond);
        block(s.then_body);
        block(s.else_body);
    }
    void stmt(const WhileStmt& s) {
        condition(s.cond);
        for (const LoopInvariant& inv : s.invariants) expr(inv.formula);
        if (s.decreases) expr(*s.decreases);
        block(s.body);
    }
    void stmt(const LocalStmt& s) { block(s.body); }

    void count(const char* kind) { ++counts.decls[kind]; }

    void decl(const IncludeDecl&) { count("include"); }
    void decl(const TypeDecl&) { count("type"); }
    void decl(const AliasDecl&) { count("alias"); }
    void decl(const InterpretDecl&) { count("interpret"); }
    void decl(const SymbolDecl& d) { count(d.relation ? "relation" : "function"); }
    void decl(const StateDecl&) { count("state"); }
    void decl(const ParameterDecl&) { count("parameter"); }
    void decl(const DerivedDecl&) { count("definition"); }
    void decl(const DefinitionDecl& d) {
        count("definition");
        if (d.defn.rhs.expr) expr(*d.defn.rhs.expr);
    }
    void decl(const FormulaDecl& d) {
        static const char* const kNames[] = {"axiom", "property", "conjecture", "invariant"};
        count(kNames[static_cast<int>(d.kind)]);
        if (d.formula) expr(*d.formula);
    }
    void decl(const TheoremDecl&) { count("theorem"); }
    void decl(const ModuleDecl& d) {
        count("module");
        decls(d.body);
    }
    void decl(const InstanceDecl&) { count("instance"); }
    void decl(const ObjectDecl& d) {
        count("object");
        decls(d.body);
    }
    void decl(const IsolateDecl& d) {
        count(d.extract ? "extract" : "isolate");
        decls(d.body);
    }
    void decl(const SectionDecl& d) { decls(d.body); }
    void decl(const ActionDecl& d) {
        count("action");
        block(d.body.block);
    }
    void decl(const MonitorDecl& d) {
        count("monitor");
        block(d.body.block);
        block(d.after_part);
    }
    void decl(const ExportDecl& d) { count(d.import ? "import" : "export"); }
    void decl(const DelegateDecl&) { count("delegate"); }
    void decl(const AttributeDecl&) { count("attribute"); }
    void decl(const NativeDecl&) { count("native"); }
    void decl(const MixinDecl&) { count("mixin"); }
};

} // namespace

std::string summarize(const ast::File& file) {
    Counter c;
    c.decls(file.decls);
    size_t total = 0;
    std::string kinds;
    for (const auto& [kind, n] : c.counts.decls) {
        total += n;
        kinds += (kinds.empty() ? "" : ", ") + std::to_string(n) + " " + kind;
    }
    return std::to_string(total) + " declarations (" + kinds + "), " +
           std::to_string(c.counts.statements) + " statements, " +
           std::to_string(c.counts.expressions) + " expressions";
}

} // namespace ivy::frontend
