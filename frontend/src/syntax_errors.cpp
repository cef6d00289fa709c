#include "frontend/src/syntax_errors.h"

#include "IvyLexer.h"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

namespace ivy::frontend {
namespace {

SourceLocation location_of(FileId file, const antlr4::Token* token) {
    return {file, static_cast<std::uint32_t>(token->getLine()),
            static_cast<std::uint32_t>(token->getCharPositionInLine() + 1)};
}

// Groups of tokens named together in "expected ..." messages. A group is named
// when the expected set holds its `witnesses`, and then all its members are
// dropped from the list of single tokens.
struct TokenGroup {
    std::string_view description;
    std::vector<std::string_view> witnesses;
    std::vector<std::string_view> members;
};

const std::vector<TokenGroup>& token_groups() {
    static const std::vector<TokenGroup> groups = {
        {"a declaration",
         {"'relation'", "'action'", "'type'"},
         {"'include'", "'finite'", "'ghost'", "'type'", "'alias'", "'interpret'", "'relation'",
          "'function'", "'individual'", "'var'", "'destructor'", "'parameter'", "'derived'",
          "'explicit'", "'definition'", "'temporal'", "'axiom'", "'property'", "'conjecture'",
          "'invariant'", "'theorem'", "'module'", "'instance'", "'instantiate'",
          "'autoinstance'", "'object'", "'trusted'", "'isolate'", "'extract'",
          "'specification'", "'implementation'", "'private'", "'export'", "'import'",
          "'action'", "'method'", "'before'", "'after'", "'around'", "'implement'",
          "'delegate'", "'attribute'", "NATIVE", "'mixin'", "'execute'"}},
        {"a statement",
         {"'call'", "'while'", "'require'"},
         {"'require'", "'ensure'", "'assert'", "'assume'", "'call'", "'var'", "'if'", "'while'",
          "'local'", "'{'", "ID", "STRING", "VAR", "'true'", "'false'", "'('", "'~'", "'old'",
          "'forall'", "'exists'", "'globally'", "'eventually'"}},
        {"an expression",
         {"ID", "VAR", "'('"},
         {"ID", "STRING", "VAR", "'true'", "'false'", "'('", "'~'", "'old'", "'forall'",
          "'exists'", "'globally'", "'eventually'"}},
        {"an operator",
         {"'&'", "'|'", "'+'"},
         {"'.'", "'*'", "'/'", "'+'", "'-'", "':'", "'if'", "'~='", "'='", "'<'", "'<='", "'>'",
          "'>='", "'*>'", "'&'", "'|'", "'->'", "'<->'", "'isa'"}},
    };
    return groups;
}

std::string describe_name(std::string_view display) {
    if (display == "ID") return "a name";
    if (display == "VAR") return "a variable";
    if (display == "STRING") return "a string";
    if (display == "NATIVE") return "a native quote";
    if (display == "EOF" || display == "<EOF>") return "end of file";
    return std::string(display);
}

std::string join_alternatives(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += (i + 1 == items.size()) ? " or " : ", ";
        out += items[i];
    }
    return out;
}

} // namespace

void FirstError::record(SourceLocation loc, std::string message) {
    if (!error_) error_ = SyntaxError{loc, std::move(message)};
}

antlr4::Token* FurthestTokenStream::LT(ssize_t k) {
    antlr4::Token* t = antlr4::CommonTokenStream::LT(k);
    if (t && k > 0 && (!furthest_ || t->getTokenIndex() > furthest_->getTokenIndex())) furthest_ = t;
    return t;
}

void LexerErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token*, size_t line,
                                     size_t column, const std::string&, std::exception_ptr) {
    std::string what = "character";
    if (auto* lexer = dynamic_cast<antlr4::Lexer*>(recognizer)) {
        antlr4::CharStream* input = lexer->getInputStream();
        size_t at = lexer->tokenStartCharIndex;
        if (at < input->size()) {
            std::string c = input->getText(antlr4::misc::Interval(at, at));
            // Control characters are shown by their code, not printed raw.
            bool printable = c.size() > 1 || (c[0] >= 0x20 && c[0] < 0x7f);
            static const char kHex[] = "0123456789abcdef";
            what = printable ? "character '" + c + "'"
                             : std::string("character 0x") + kHex[(c[0] >> 4) & 0xF] + kHex[c[0] & 0xF];
        }
    }
    sink_.record({file_, static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(column + 1)},
                 "syntax error at column " + std::to_string(column + 1) + ": unexpected " + what);
}

void ReportFirstErrorStrategy::recover(antlr4::Parser*, std::exception_ptr) {
    throw antlr4::ParseCancellationException();
}

antlr4::Token* ReportFirstErrorStrategy::recoverInline(antlr4::Parser* parser) {
    antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
    report(parser, parser->getCurrentToken(), &expected);
    throw antlr4::ParseCancellationException();
}

void ReportFirstErrorStrategy::sync(antlr4::Parser*) {}

void ReportFirstErrorStrategy::reportNoViableAlternative(antlr4::Parser* parser,
                                                         const antlr4::NoViableAltException& e) {
    // The expected set describes the decision's first token; it only fits the
    // offending token when prediction failed right there.
    antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
    bool at_start = e.getStartToken() == e.getOffendingToken();
    report(parser, e.getOffendingToken(), at_start ? &expected : nullptr);
}

void ReportFirstErrorStrategy::reportInputMismatch(antlr4::Parser* parser,
                                                   const antlr4::InputMismatchException& e) {
    antlr4::misc::IntervalSet expected = e.getExpectedTokens();
    report(parser, e.getOffendingToken(), &expected);
}

void ReportFirstErrorStrategy::reportFailedPredicate(antlr4::Parser* parser,
                                                     const antlr4::FailedPredicateException& e) {
    report(parser, e.getOffendingToken(), nullptr);
}

void ReportFirstErrorStrategy::report(antlr4::Parser* parser, antlr4::Token* offending,
                                      const antlr4::misc::IntervalSet* expected) {
    // Past ANTLR's offending token, its expected set no longer applies.
    if (auto* stream = dynamic_cast<FurthestTokenStream*>(parser->getTokenStream());
        stream && stream->furthest() &&
        stream->furthest()->getTokenIndex() > offending->getTokenIndex()) {
        offending = stream->furthest();
        expected = nullptr;
    }
    SourceLocation loc = location_of(file_, offending);
    std::string message = "syntax error at column " + std::to_string(loc.column) +
                          ": unexpected " + describe_token(offending);
    if (expected && !expected->isEmpty())
        message += ", expected " + describe_expected(*expected, parser->getVocabulary());
    if (offending->getText() == "this") message += " ('this' is not an expression in Ivy 1.7)";
    sink_.record(loc, std::move(message));
}

std::string describe_token(const antlr4::Token* token) {
    if (token->getType() == antlr4::Token::EOF) return "end of file";
    std::string text = token->getText();
    if (text.rfind("<<<", 0) == 0) return "native quote";
    if (token->getType() == ivygrammar::IvyLexer::RESERVED) return "'" + text + "' (a reserved word)";
    constexpr size_t kMaxShown = 24;
    if (text.size() > kMaxShown) text = text.substr(0, kMaxShown) + "...";
    return "'" + text + "'";
}

std::string describe_expected(const antlr4::misc::IntervalSet& expected,
                              const antlr4::dfa::Vocabulary& vocabulary) {
    std::set<std::string> names;
    for (ssize_t type : expected.toList())
        names.insert(type == static_cast<ssize_t>(antlr4::Token::EOF) ? std::string("EOF")
                                                : vocabulary.getDisplayName(type));

    std::vector<std::string> items;
    for (const TokenGroup& group : token_groups()) {
        bool present = std::all_of(group.witnesses.begin(), group.witnesses.end(),
                                   [&](std::string_view w) { return names.count(std::string(w)); });
        if (!present) continue;
        items.emplace_back(group.description);
        for (std::string_view member : group.members) names.erase(std::string(member));
    }
    for (const std::string& name : names) items.push_back(describe_name(name));

    constexpr size_t kMaxListed = 8;
    if (items.size() > kMaxListed) {
        items.resize(kMaxListed);
        items.emplace_back("...");
    }
    return join_alternatives(items);
}

} // namespace ivy::frontend
