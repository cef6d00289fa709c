// A one-line account of a parsed file: what `make demo` shows for each example.
#include "frontend/ast_printer.h"
#include "frontend/ast_walk.h"

#include <map>

namespace ivy::frontend {
namespace {

using namespace ast;

const char* decl_kind(const Decl& d) {
    struct Kind {
        const char* operator()(const IncludeDecl&) const { return "include"; }
        const char* operator()(const TypeDecl&) const { return "type"; }
        const char* operator()(const AliasDecl&) const { return "alias"; }
        const char* operator()(const InterpretDecl&) const { return "interpret"; }
        const char* operator()(const SymbolDecl& s) const { return s.relation ? "relation" : "function"; }
        const char* operator()(const StateDecl&) const { return "state"; }
        const char* operator()(const ParameterDecl&) const { return "parameter"; }
        const char* operator()(const DerivedDecl&) const { return "definition"; }
        const char* operator()(const DefinitionDecl&) const { return "definition"; }
        const char* operator()(const FormulaDecl& f) const {
            static const char* const kNames[] = {"axiom", "property", "conjecture", "invariant"};
            return kNames[static_cast<int>(f.kind)];
        }
        const char* operator()(const TheoremDecl&) const { return "theorem"; }
        const char* operator()(const ModuleDecl&) const { return "module"; }
        const char* operator()(const InstanceDecl&) const { return "instance"; }
        const char* operator()(const ObjectDecl&) const { return "object"; }
        const char* operator()(const IsolateDecl& i) const { return i.extract ? "extract" : "isolate"; }
        const char* operator()(const SectionDecl&) const { return nullptr; } // not a declaration of its own
        const char* operator()(const ActionDecl&) const { return "action"; }
        const char* operator()(const MonitorDecl&) const { return "monitor"; }
        const char* operator()(const ExportDecl& e) const { return e.import ? "import" : "export"; }
        const char* operator()(const DelegateDecl&) const { return "delegate"; }
        const char* operator()(const AttributeDecl&) const { return "attribute"; }
        const char* operator()(const NativeDecl&) const { return "native"; }
        const char* operator()(const MixinDecl&) const { return "mixin"; }
    };
    return std::visit(Kind{}, d.node);
}

size_t count_nodes(const Expr& e) {
    size_t n = 1;
    for (const Expr& a : e.args) n += count_nodes(a);
    return n;
}

class Counter : public AstWalker {
public:
    std::map<std::string, size_t> decls;
    size_t statements = 0;
    size_t expressions = 0;

    void on_decl(const Decl& d) override {
        if (const char* kind = decl_kind(d)) ++decls[kind];
    }
    void on_stmt(const Stmt&) override { ++statements; }
    void on_expr(const Expr& e, Role) override { expressions += count_nodes(e); }
};

} // namespace

std::string summarize(const ast::File& file) {
    Counter c;
    walk(file.decls, c);
    size_t total = 0;
    std::string kinds;
    for (const auto& [kind, n] : c.decls) {
        total += n;
        kinds += (kinds.empty() ? "" : ", ") + std::to_string(n) + " " + kind;
    }
    return std::to_string(total) + " declarations (" + kinds + "), " + std::to_string(c.statements) +
           " statements, " + std::to_string(c.expressions) + " expressions";
}

} // namespace ivy::frontend
