// First-error reporting for the ANTLR lexer and parser.
//
// Ivy stops at the first syntax error, and so do we: recovery would only produce
// follow-on noise. The strategy records one readable message and cancels the parse,
// which also guarantees that no input makes error recovery loop.
#pragma once

#include "support/source_location.h"

#include <antlr4-runtime.h>
#include <optional>
#include <string>

namespace ivy::frontend {

struct SyntaxError {
    SourceLocation loc;
    std::string message;
};

// Keeps the first error reported to it.
class FirstError {
public:
    void record(SourceLocation loc, std::string message);
    const std::optional<SyntaxError>& get() const { return error_; }

private:
    std::optional<SyntaxError> error_;
};

// A token stream that remembers the furthest token the parser looked at. When
// prediction fails, every alternative has died by that token, so it marks the end of
// the longest prefix that could still be Ivy: where a human sees the error. ANTLR's
// own offending token can be earlier (an optional part abandoned, then a later
// decision failing on it).
class FurthestTokenStream : public antlr4::CommonTokenStream {
public:
    using antlr4::CommonTokenStream::CommonTokenStream;
    antlr4::Token* LT(ssize_t k) override;
    antlr4::Token* furthest() const { return furthest_; }
    void forget_furthest() { furthest_ = nullptr; }

private:
    antlr4::Token* furthest_ = nullptr;
};

// Turns lexer errors (characters that start no token) into messages.
class LexerErrorListener : public antlr4::BaseErrorListener {
public:
    LexerErrorListener(FileId file, FirstError& sink) : file_(file), sink_(sink) {}
    void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                     size_t column, const std::string& msg, std::exception_ptr e) override;

private:
    FileId file_;
    FirstError& sink_;
};

// Records the first parse error as `syntax error at column C: unexpected X, expected Y`
// and throws antlr4::ParseCancellationException instead of recovering.
class ReportFirstErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
    ReportFirstErrorStrategy(FileId file, FirstError& sink) : file_(file), sink_(sink) {}

    void recover(antlr4::Parser* parser, std::exception_ptr e) override;
    antlr4::Token* recoverInline(antlr4::Parser* parser) override;
    void sync(antlr4::Parser* parser) override;

protected:
    void reportNoViableAlternative(antlr4::Parser* parser,
                                   const antlr4::NoViableAltException& e) override;
    void reportInputMismatch(antlr4::Parser* parser,
                             const antlr4::InputMismatchException& e) override;
    void reportFailedPredicate(antlr4::Parser* parser,
                               const antlr4::FailedPredicateException& e) override;

private:
    void report(antlr4::Parser* parser, antlr4::Token* offending,
                const antlr4::misc::IntervalSet* expected);

    FileId file_;
    FirstError& sink_;
};

// How a token reads in a message: `'foo'`, `end of file`, `a native quote`.
std::string describe_token(const antlr4::Token* token);

// What the parser wanted, in words: "an expression", "';' or '}'", "a declaration".
std::string describe_expected(const antlr4::misc::IntervalSet& expected,
                              const antlr4::dfa::Vocabulary& vocabulary);

} // namespace ivy::frontend
