// Building the AST from ANTLR's parse tree.
//
// The parse tree is thrown away once this is done; nothing else in the project sees
// ANTLR types. Rules the grammar deliberately leaves loose (the ';' between
// statements) are enforced here, with errors in the parser's style.
#pragma once

#include "frontend/ast.h"
#include "frontend/src/syntax_errors.h"

#include "IvyParser.h"

namespace ivy::frontend {

// Builds a file's AST from its parse tree. Errors go to `errors`; when one is
// recorded the returned AST is incomplete and must be dropped.
ast::File build_file_ast(ivygrammar::IvyParser::FileContext* tree, FileId file, FirstError& errors);

ast::Expr build_expr_ast(ivygrammar::IvyParser::ExprOnlyContext* tree, FileId file,
                         FirstError& errors);

} // namespace ivy::frontend
