// Sorts as C++ types (docs/extraction-and-runtime.md 1.3), their numerals,
// arithmetic and, for finite sorts, how to enumerate their values.
#pragma once

#include "codegen/src/slice.h"
#include "ir/program.h"
#include "support/diagnostic.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ivy::codegen {

struct CppSort {
    enum class Kind { Bool, Int, Nat, BitVector, Range, String, Native, Enum, Struct, Unsupported };
    Kind kind = Kind::Int;
    std::string name;   // the C++ type inside the class (`bool`, or a nested name)
    std::string target; // what a typedef names (`int`, `unsigned`, native text ...)
    bool vector_class = false; // a native std::vector<...>: a class deriving from it
    std::vector<ir::SortId> deps; // sorts a native type names
    unsigned width = 0;        // BitVector
    long long lo = 0, hi = -1; // Range
    std::optional<long long> card;          // number of values, when fixed
    std::optional<ir::SymbolId> card_param; // number of values given at run time
    std::string why_unsupported;
};

class TypeMap {
public:
    TypeMap(const ir::Program& p, const Slice& slice, Diagnostics& diags);

    const CppSort& sort(ir::SortId s) const { return sorts_[s]; }
    const std::string& name(ir::SortId s) const { return sorts_[s].name; }
    // The type as written outside the class (impl blocks): `NAME::t`.
    std::string qualified(ir::SortId s, const std::string& classname) const;
    bool integral(ir::SortId s) const;
    bool finite(ir::SortId s) const { return sorts_[s].card || sorts_[s].card_param; }

    // A numeral or string literal of sort `s` (Ivy text such as `5` or `"abc"`);
    // nothing (with an error) when it has no C++ meaning.
    std::optional<std::string> numeral(const std::string& text, ir::SortId s, SourceLocation at) const;
    // `a op b` at sort `s`, for op in + - * / <.
    std::string arith(const std::string& op, ir::SortId s, const std::string& a, const std::string& b) const;
    // The C++ expression of the number of values of a finite sort.
    std::string card_expr(ir::SortId s) const;
    // Converts a loop counter (long long) to a value of `s`.
    std::string from_index(ir::SortId s, const std::string& index) const;
    // A default value (`T{}`).
    std::string default_value(ir::SortId s) const { return name(s) + "{}"; }

    // Every non-bool sort the class declares, fields before the structs holding them.
    std::vector<ir::SortId> declaration_order(const std::vector<ir::SortId>& used) const;

private:
    void classify(ir::SortId s);
    void apply_cardinalities();

    const ir::Program& p_;
    const Slice& slice_;
    Diagnostics& diags_;
    std::vector<CppSort> sorts_;
};

// Substitutes back-quoted names in native text (as kept in interpretations and
// native definitions) by `replace(name)`.
std::string substitute_quoted(const std::string& text, const std::function<std::string(const std::string&)>& replace);

} // namespace ivy::codegen
