#include "frontend/src/auto_labels.h"

namespace ivy::frontend {
namespace {

using namespace ast;

class Numbering {
public:
    void decls(std::vector<Decl>& list) {
        for (Decl& d : list) std::visit([&](auto& node) { decl(node, d.loc); }, d.node);
    }

private:
    std::uint32_t next() { return ++counter_; }

    void label(std::optional<Label>& l, const char* prefix, SourceLocation at) {
        if (l) return;
        l = Label{prefix + std::to_string(next()), at, true};
    }

    void proof(std::vector<ProofStep>& steps) {
        for (ProofStep& s : steps) {
            proof(s.steps);
            proof(s.else_steps);
            if (s.kind == ProofKind::Property) label(s.label, "prop", s.loc);
            if (s.kind == ProofKind::Tactic)
                for (auto& l : s.expr_labels) label(l, "invar", s.loc);
        }
    }

    void schema(Schema& s) {
        for (SchemaItem& item : s.items)
            if (item.kind == SchemaItem::Kind::Property) label(item.label, "prop", item.loc);
    }

    void block(Block& b) {
        for (Stmt& s : b) std::visit([&](auto& node) { stmt(node, s.loc); }, s.node);
    }

    void stmt(AssertStmt& s, SourceLocation at) {
        proof(s.proof);
        label(s.label, "asrt", at);
    }
    void stmt(BlockStmt& s, SourceLocation) { block(s.body); }
    void stmt(IfStmt& s, SourceLocation) {
        block(s.then_body);
        block(s.else_body);
    }
    void stmt(WhileStmt& s, SourceLocation at) {
        for (LoopInvariant& inv : s.invariants) label(inv.label, "asrt", at);
        block(s.body);
    }
    void stmt(LocalStmt& s, SourceLocation) { block(s.body); }
    template <class Other>
    void stmt(Other&, SourceLocation) {}

    void decl(SymbolDecl& d, SourceLocation at) {
        for (SymDef& s : d.items)
            if (s.rhs) label(s.label, "def", at);
    }
    void decl(DerivedDecl& d, SourceLocation at) {
        for (Defn& x : d.defns) label(x.label, "def", at);
    }
    void decl(DefinitionDecl& d, SourceLocation at) {
        proof(d.proof);
        label(d.label, "def", at);
    }
    void decl(FormulaDecl& d, SourceLocation at) {
        static const char* const kPrefix[] = {"axiom", "prop", "conj", "invar"};
        if (d.schema) schema(*d.schema);
        proof(d.proof);
        label(d.label, kPrefix[static_cast<int>(d.kind)], at);
    }
    void decl(TheoremDecl& d, SourceLocation) {
        if (d.schema) schema(*d.schema);
        proof(d.proof);
    }
    void decl(InterpretDecl& d, SourceLocation at) { label(d.label, "interp", at); }
    void decl(NativeDecl& d, SourceLocation at) { label(d.label, "native", at); }
    void decl(ModuleDecl& d, SourceLocation) { decls(d.body); }
    void decl(ObjectDecl& d, SourceLocation) { decls(d.body); }
    void decl(IsolateDecl& d, SourceLocation) { decls(d.body); }
    void decl(SectionDecl& d, SourceLocation) { decls(d.body); }
    void decl(ActionDecl& d, SourceLocation) { block(d.body.block); }
    void decl(MonitorDecl& d, SourceLocation) {
        block(d.body.block);
        block(d.after_part);
        d.number = next();
        if (d.kind == MonitorDecl::Kind::Around) d.after_number = next();
    }
    template <class Other>
    void decl(Other&, SourceLocation) {}

    std::uint32_t counter_ = 0;
};

} // namespace

void assign_automatic_labels(std::vector<ast::Decl>& decls) { Numbering().decls(decls); }

} // namespace ivy::frontend
