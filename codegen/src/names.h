// C++ names for Ivy names (docs/extraction-and-runtime.md 1.6): `a.b.c` becomes
// `a__b__c`; brackets become `__` and `:` becomes `__COLON__`; a name that is a C++
// keyword gets a trailing underscore.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ivy::codegen {

std::string mangle(std::string_view ivy_name);

// `items` separated by `sep`: argument and parameter lists of generated code.
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

// A C++ string literal holding `text`.
std::string cpp_string_literal(std::string_view text);

} // namespace ivy::codegen
