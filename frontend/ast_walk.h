// One traversal of the AST, in source order, for passes that look at every
// declaration, statement or expression without caring about the rest.
#pragma once

#include "frontend/ast.h"

namespace ivy::frontend {

class AstWalker {
public:
    // Where an expression sits: a formula or term, or a call atom (`isolate i = a, this`,
    // `export a.b`, `call x := c(y).d`), which may name `this` and is not an expression
    // of the grammar on its own.
    enum class Role { Term, CallAtom };

    virtual ~AstWalker() = default;
    virtual void on_decl(const ast::Decl&) {}
    virtual void on_stmt(const ast::Stmt&) {}
    // Each maximal expression once; its subexpressions are the callee's business.
    virtual void on_expr(const ast::Expr&, Role) {}
};

// Visits `decls`, the bodies nested in them, their statements and expressions.
void walk(const std::vector<ast::Decl>& decls, AstWalker& walker);

} // namespace ivy::frontend
