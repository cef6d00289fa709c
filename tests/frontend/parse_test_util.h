// Helpers shared by the parser tests: parse a snippet, get its tree as an
// S-expression or its error as Ivy prints it.
#pragma once

#include "frontend/ast_printer.h"
#include "frontend/parser.h"

#include <string>
#include <string_view>

namespace ivy::frontend::testing {

inline constexpr std::string_view kHeader = "#lang ivy1.7\n";

// The declarations of `body` (written without the `#lang` line) as S-expressions,
// one top-level declaration per line, or the first error prefixed with "error: ".
inline std::string decls_sexpr(std::string_view body) {
    Diagnostics diags;
    std::string text = std::string(kHeader) + std::string(body);
    std::optional<ast::File> file = parse_text(text, intern_file("test.ivy"), diags);
    if (!file) return "error: " + (diags.all().empty() ? std::string("?") : format(diags.all()[0]));
    SexprOptions options;
    options.width = 1 << 20; // one line per declaration
    std::string out;
    for (const ast::Decl& d : file->decls) {
        ast::File one;
        one.decls.push_back(d);
        std::string s = to_sexpr(one, options); // "(file (lang ivy) DECL)\n"
        constexpr std::string_view kPrefix = "(file (lang ivy) ";
        out += s.substr(kPrefix.size(), s.size() - kPrefix.size() - 2) + "\n";
    }
    return out;
}

// The one declaration in `body`, as an S-expression on one line.
inline std::string decl_sexpr(std::string_view body) {
    std::string s = decls_sexpr(body);
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

// An expression as an S-expression on one line, or "error: ...".
inline std::string expr_sexpr(std::string_view text) {
    Diagnostics diags;
    std::optional<ast::Expr> e = parse_expression(text, intern_file("expr"), diags);
    if (!e) return "error: " + (diags.all().empty() ? std::string("?") : format(diags.all()[0]));
    SexprOptions options;
    options.width = 1 << 20;
    std::string s = to_sexpr(*e, options);
    s.pop_back();
    return s;
}

// The first diagnostic for a whole file's text (including its `#lang` line), as
// printed; empty when it parses.
inline std::string file_error(std::string_view text) {
    Diagnostics diags;
    std::optional<ast::File> file = parse_text(text, intern_file("test.ivy"), diags);
    if (file) return "";
    return diags.all().empty() ? std::string("?") : format(diags.all()[0]);
}

// The first diagnostic for `body` with the `#lang ivy1.7` line added; empty when it parses.
inline std::string body_error(std::string_view body) {
    return file_error(std::string(kHeader) + std::string(body));
}

} // namespace ivy::frontend::testing
