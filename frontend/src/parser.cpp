// The parser driver: text in, AST or one clear error out.
//
// Stages: UTF-8 and `#lang` header checks; lexing, with checks on the token stream
// (unclosed quotes); a fast SLL parse that bails out at the first problem; on failure
// a full-LL re-parse that reports the first error precisely; a bound on nesting; the
// AST build. Everything runs on a thread with a large stack (support/big_stack.h), so
// deep nesting is an error message rather than a stack overflow.
#include "frontend/parser.h"

#include "frontend/src/ast_builder.h"
#include "frontend/src/syntax_errors.h"
#include "support/big_stack.h"
#include "support/file_io.h"

#include "IvyLexer.h"
#include "IvyParser.h"

#include <utility>

namespace ivy::frontend {
namespace {

using ivygrammar::IvyLexer;
using ivygrammar::IvyParser;

// Ivy specs are tens of kilobytes; the bounds below are far above any real one and
// keep recursion within the parser thread's stack.
constexpr size_t kMaxTextBytes = size_t{16} << 20;
constexpr size_t kMaxTreeDepth = 10000;

const char* const kLanguageVersion = "1.7";

SourceLocation at(FileId file, size_t line, size_t column) {
    return {file, static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(column)};
}

// Checks that `text` is well-formed UTF-8 (no overlong forms, surrogates or code
// points above U+10FFFF) and records where it is not.
bool check_utf8(std::string_view text, FileId file, FirstError& errors) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < text.size();) {
        auto byte = static_cast<unsigned char>(text[i]);
        size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3
                                        : (byte >> 3) == 0x1E ? 4 : 0;
        bool ok = length != 0 && i + length <= text.size();
        std::uint32_t cp = length == 1 ? byte : length == 2 ? byte & 0x1F
                                              : length == 3 ? byte & 0x0F : byte & 0x07;
        for (size_t k = 1; ok && k < length; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            ok = (next & 0xC0) == 0x80;
            cp = (cp << 6) | (next & 0x3F);
        }
        static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
        ok = ok && cp >= kMinimum[length] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        if (!ok) {
            errors.record(at(file, line, column),
                          "syntax error at column " + std::to_string(column) +
                              ": invalid UTF-8 byte 0x" + "0123456789abcdef"[byte >> 4] +
                              "0123456789abcdef"[byte & 0xF]);
            return false;
        }
        if (byte == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        i += length;
    }
    return true;
}

// The first line must be `#lang ivy` (keeping the includer's version) or
// `#lang ivy1.7`. Returns the version written, or nothing after an error.
std::optional<std::string> read_header(std::string_view text, FileId file, FirstError& errors) {
    std::string_view first = text.substr(0, text.find('\n'));
    while (!first.empty() && (first.back() == '\r' || first.back() == ' ' || first.back() == '\t'))
        first.remove_suffix(1);
    constexpr std::string_view kPrefix = "#lang ivy";
    if (first.substr(0, kPrefix.size()) != kPrefix) {
        errors.record(at(file, 1, 1), "the file must begin with '#lang ivy1.7'");
        return std::nullopt;
    }
    std::string version(first.substr(kPrefix.size()));
    if (!version.empty() && version != kLanguageVersion) {
        errors.record(at(file, 1, 1), "unsupported language version 'ivy" + version +
                                          "' (this tool implements ivy" + kLanguageVersion + ")");
        return std::nullopt;
    }
    return version;
}

// Problems visible in the token stream before parsing: unclosed strings, unclosed
// native quotes (which lex as three adjacent '<'), and the Ivy 1.8 operators `<<`,
// `>>` and `::` (two adjacent characters here).
bool check_tokens(const std::vector<antlr4::Token*>& tokens, FileId file, FirstError& errors) {
    auto adjacent = [&](size_t i, size_t n, const char* text) {
        if (i + n > tokens.size()) return false;
        for (size_t k = 0; k < n; ++k)
            if (tokens[i + k]->getText() != text ||
                (k > 0 && tokens[i + k]->getStartIndex() != tokens[i]->getStartIndex() + k))
                return false;
        return true;
    };
    for (size_t i = 0; i < tokens.size(); ++i) {
        const antlr4::Token* t = tokens[i];
        SourceLocation where = at(file, t->getLine(), t->getCharPositionInLine() + 1);
        std::string column = std::to_string(where.column);
        if (t->getType() == IvyLexer::UNTERMINATED_STRING) {
            errors.record(where, "syntax error at column " + column + ": unclosed string");
            return false;
        }
        if (adjacent(i, 3, "<")) {
            errors.record(where, "syntax error at column " + column +
                                     ": native quote '<<<' is not closed by '>>>'");
            return false;
        }
        for (const char* op : {"<", ">", ":"}) {
            if (adjacent(i, 2, op)) {
                errors.record(where, "syntax error at column " + column + ": '" + op + op +
                                         "' is an Ivy 1.8 operator (this tool implements ivy" +
                                         kLanguageVersion + ")");
                return false;
            }
        }
    }
    return true;
}

// The depth of a parse tree, measured without recursion. A chain of binary operators
// nests one level per operator, as parentheses do. Reports the first place, in text
// order, where the limit is passed.
bool check_depth(antlr4::tree::ParseTree* root, FileId file, FirstError& errors) {
    std::vector<std::pair<antlr4::tree::ParseTree*, size_t>> stack{{root, 1}};
    while (!stack.empty()) {
        auto [node, depth] = stack.back();
        stack.pop_back();
        if (depth > kMaxTreeDepth) {
            auto* ctx = dynamic_cast<antlr4::ParserRuleContext*>(node);
            const antlr4::Token* start = ctx ? ctx->getStart()
                                             : static_cast<antlr4::tree::TerminalNode*>(node)->getSymbol();
            errors.record(at(file, start->getLine(), start->getCharPositionInLine() + 1),
                          "syntax error at column " + std::to_string(start->getCharPositionInLine() + 1) +
                              ": expression nested too deeply (more than " + std::to_string(kMaxTreeDepth) +
                              " levels, counting each parenthesis and each operator of a chain)");
            return false;
        }
        // Children pushed last-first, so that they are visited in text order.
        for (auto it = node->children.rbegin(); it != node->children.rend(); ++it)
            stack.emplace_back(*it, depth + 1);
    }
    return true;
}

// Lexes and parses `text` with the grammar rule `rule`, then builds with `build`.
// Both are called on the parser thread; the result is written to `out`.
template <class Result, class Rule, class Build>
void parse_with(std::string_view text, FileId file, FirstError& errors, std::optional<Result>& out,
                Rule rule, Build build) {
    antlr4::ANTLRInputStream input(text.data(), text.size());
    IvyLexer lexer(&input);
    LexerErrorListener lexer_errors(file, errors);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&lexer_errors);
    FurthestTokenStream tokens(&lexer);
    tokens.fill();
    if (errors.get() || !check_tokens(tokens.getTokens(), file, errors)) return;

    IvyParser parser(&tokens);
    parser.removeErrorListeners();
    auto* simulator = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();

    // SLL prediction is much faster and almost always enough; only input it cannot
    // decide (or that is wrong) pays for full LL and a precise message.
    simulator->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    decltype((parser.*rule)()) tree = nullptr;
    try {
        tree = (parser.*rule)();
    } catch (const antlr4::ParseCancellationException&) {
        tokens.seek(0);
        tokens.forget_furthest();
        parser.reset();
        simulator->setPredictionMode(antlr4::atn::PredictionMode::LL);
        parser.setErrorHandler(std::make_shared<ReportFirstErrorStrategy>(file, errors));
        try {
            tree = (parser.*rule)();
        } catch (const antlr4::ParseCancellationException&) {
            tree = nullptr;
        }
    }
    if (!tree) {
        errors.record(at(file, 1, 1), "syntax error");
        return;
    }
    if (errors.get() || !check_depth(tree, file, errors)) return;
    Result result = build(tree, file, errors);
    if (!errors.get()) out = std::move(result);
}

// Runs `parse` on the big-stack thread and turns the outcome into diagnostics.
template <class Result, class Parse>
std::optional<Result> run_parse(std::string_view text, FileId file, Diagnostics& diags,
                                Parse parse) {
    FirstError errors;
    std::optional<Result> out;
    if (text.size() > kMaxTextBytes) {
        errors.record(at(file, 1, 1), "file too large (limit " +
                                          std::to_string(kMaxTextBytes >> 20) + " MiB)");
    } else {
        try {
            run_with_big_stack([&] { parse(errors, out); });
        } catch (const std::exception& e) {
            errors.record(at(file, 1, 1), std::string("internal parser error: ") + e.what());
        }
    }
    if (const auto& e = errors.get()) {
        diags.error(e->loc, e->message);
        return std::nullopt;
    }
    return out;
}

} // namespace

std::optional<ast::File> parse_text(std::string_view text, FileId file, Diagnostics& diags) {
    return run_parse<ast::File>(text, file, diags, [&](FirstError& errors, std::optional<ast::File>& out) {
        if (!check_utf8(text, file, errors)) return;
        std::optional<std::string> version = read_header(text, file, errors);
        if (!version) return;
        parse_with<ast::File>(text, file, errors, out, &IvyParser::file, build_file_ast);
        if (out) out->version = *version;
    });
}

std::optional<ast::File> parse_file(const std::string& path, Diagnostics& diags) {
    std::string error;
    std::optional<std::string> text = read_text_file(path, error);
    if (!text) {
        diags.error({}, error);
        return std::nullopt;
    }
    return parse_text(*text, intern_file(path), diags);
}

std::optional<ast::Expr> parse_expression(std::string_view text, FileId file, Diagnostics& diags) {
    return run_parse<ast::Expr>(text, file, diags, [&](FirstError& errors, std::optional<ast::Expr>& out) {
        if (!check_utf8(text, file, errors)) return;
        parse_with<ast::Expr>(text, file, errors, out, &IvyParser::exprOnly, build_expr_ast);
    });
}

} // namespace ivy::frontend
