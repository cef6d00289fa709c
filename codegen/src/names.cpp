#include "codegen/src/names.h"

#include <set>

namespace ivy::codegen {
namespace {

bool is_cpp_keyword(const std::string& s) {
    static const std::set<std::string> kKeywords = {
        "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
        "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
        "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
        "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
        "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
        "if", "inline", "int", "long", "main", "mutable", "namespace", "new", "noexcept", "not",
        "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected", "public",
        "register", "reinterpret_cast", "requires", "return", "short", "signed", "sizeof",
        "static", "static_assert", "static_cast", "struct", "switch", "template", "this",
        "thread_local", "throw", "true", "try", "typedef", "typeid", "typename", "union",
        "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
        "std", "ivy", "assert", "errno", "stdin", "stdout", "stderr", "NULL", "EOF"};
    return kKeywords.count(s) > 0;
}

} // namespace

std::string mangle(std::string_view ivy_name) {
    std::string out;
    out.reserve(ivy_name.size() + 8);
    for (char c : ivy_name) {
        if (c == '.' || c == '[' || c == ']') out += "__";
        else if (c == ':') out += "__COLON__";
        else if (c == '-') out += '_';
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') out += c;
        else out += "_" + std::to_string(static_cast<unsigned char>(c)) + "_";
    }
    // `a[b]` ends in `__`; names ending in underscores are fine in C++.
    if (is_cpp_keyword(out)) out += '_';
    return out;
}

std::string cpp_string_literal(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                static const char* const kHex = "0123456789abcdef";
                out += "\\x";
                out += kHex[(c >> 4) & 0xf];
                out += kHex[c & 0xf];
                out += "\"\"";
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += items[i];
    }
    return out;
}

} // namespace ivy::codegen
