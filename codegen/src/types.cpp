#include "codegen/src/types.h"

#include "codegen/src/names.h"

#include <functional>
#include <set>

namespace ivy::codegen {

std::string substitute_quoted(const std::string& text, const std::function<std::string(const std::string&)>& replace) {
    std::string out;
    size_t pos = 0;
    for (;;) {
        size_t open = text.find('`', pos);
        if (open == std::string::npos) break;
        size_t close = text.find('`', open + 1);
        if (close == std::string::npos) break;
        out.append(text, pos, open - pos);
        out += replace(text.substr(open + 1, close - open - 1));
        pos = close + 1;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

namespace {

std::string trim(std::string s) {
    s.erase(0, s.find_first_not_of(" \t\n\r"));
    s.erase(s.find_last_not_of(" \t\n\r") + 1);
    return s;
}

// A decimal or hexadecimal numeral of Ivy text; nothing for anything else.
std::optional<long long> parse_number(const std::string& text) {
    if (text.empty()) return std::nullopt;
    try {
        size_t used = 0;
        long long v = std::stoll(text, &used, 0);
        if (used != text.size()) return std::nullopt;
        return v;
    } catch (...) {
        return std::nullopt;
    }
}

} // namespace

TypeMap::TypeMap(const ir::Program& p, const Slice& slice, Diagnostics& diags)
    : p_(p), slice_(slice), diags_(diags), sorts_(p.sorts.size()) {
    for (ir::SortId s = 0; s < p.sorts.size(); ++s) classify(s);
    apply_cardinalities();
}

void TypeMap::classify(ir::SortId s) {
    const ir::Sort& sort = p_.sorts[s];
    CppSort& c = sorts_[s];
    c.name = s == ir::kBoolSort ? "bool" : mangle(sort.name);
    if (s == ir::kBoolSort) {
        c.kind = CppSort::Kind::Bool;
        c.card = 2;
        return;
    }
    if (sort.kind == ir::Sort::Kind::Enum) {
        c.kind = CppSort::Kind::Enum;
        c.card = static_cast<long long>(sort.values.size());
        return;
    }
    const ir::Interpretation* interp = nullptr;
    for (const ir::Interpretation& i : p_.interpretations)
        if (i.sort == s) interp = &i;
    if (!interp) {
        bool has_fields = false;
        for (ir::SymbolId f : sort.fields)
            has_fields = has_fields || p_.symbols[f].kind == ir::Symbol::Kind::Destructor;
        c.kind = has_fields ? CppSort::Kind::Struct : CppSort::Kind::Int;
        c.target = "int"; // Ivy's default for an uninterpreted sort
        return;
    }
    using T = ir::Interpretation::Theory;
    switch (interp->theory) {
    case T::Int:
        c.kind = CppSort::Kind::Int;
        c.target = "int";
        break;
    case T::Nat:
        c.kind = CppSort::Kind::Nat;
        c.target = "unsigned long long";
        break;
    case T::BitVector:
        c.kind = CppSort::Kind::BitVector;
        c.width = interp->width;
        c.target = interp->width <= 32 ? "unsigned" : "unsigned long long";
        if (interp->width <= 16) c.card = 1LL << interp->width;
        break;
    case T::Range: {
        c.kind = CppSort::Kind::Range;
        c.target = "int";
        auto bound = [&](const std::optional<ir::TermId>& t) -> std::optional<long long> {
            if (!t || p_.terms.op(*t) != ir::Op::App) return std::nullopt;
            return parse_number(p_.symbols[p_.terms.payload(*t)].name);
        };
        auto lo = bound(interp->lo), hi = bound(interp->hi);
        if (!lo || !hi || *hi < *lo) {
            c.kind = CppSort::Kind::Unsupported;
            c.why_unsupported = "the bounds of range " + sort.name + " must be numbers";
        } else {
            c.lo = *lo;
            c.hi = *hi;
            c.card = *hi - *lo + 1;
        }
        break;
    }
    case T::String:
        c.kind = CppSort::Kind::String;
        c.target = "__strlit";
        break;
    case T::Real:
        c.kind = CppSort::Kind::Unsupported;
        c.why_unsupported = "sort " + sort.name + " is interpreted as real, which extraction does not support";
        break;
    case T::Native: {
        c.kind = CppSort::Kind::Native;
        c.target = trim(substitute_quoted(interp->native, [&](const std::string& n) {
            auto ref = p_.find_sort(n);
            if (!ref) return mangle(n);
            c.deps.push_back(*ref);
            return *ref == ir::kBoolSort ? std::string("bool") : mangle(p_.sorts[*ref].name);
        }));
        c.vector_class = c.target.starts_with("std::vector<");
        break;
    }
    }
}

// `attribute cardinality = size` in the object of a sort (`node` from `iterable`)
// makes the sort finite, its number of values a parameter known at run time.
void TypeMap::apply_cardinalities() {
    const std::string suffix = ".cardinality";
    for (const ir::Attribute& a : p_.attributes) {
        if (!a.name.ends_with(suffix)) continue;
        std::string sort_name = a.name.substr(0, a.name.size() - suffix.size());
        auto s = p_.find_sort(sort_name);
        if (!s) continue;
        if (auto n = parse_number(a.value)) {
            sorts_[*s].card = *n;
            continue;
        }
        std::string qualified = a.origin.object.empty() ? a.value : a.origin.object + "." + a.value;
        auto sym = p_.find_symbol(qualified);
        if (!sym) sym = p_.find_symbol(a.value);
        if (sym && p_.symbols[*sym].kind == ir::Symbol::Kind::Parameter) sorts_[*s].card_param = *sym;
    }
}

std::string TypeMap::qualified(ir::SortId s, const std::string& classname) const {
    if (s == ir::kBoolSort) return "bool";
    return classname + "::" + sorts_[s].name;
}

bool TypeMap::integral(ir::SortId s) const {
    switch (sorts_[s].kind) {
    case CppSort::Kind::Int:
    case CppSort::Kind::Nat:
    case CppSort::Kind::BitVector:
    case CppSort::Kind::Range:
        return true;
    default:
        return false;
    }
}

std::optional<std::string> TypeMap::numeral(const std::string& text, ir::SortId s, SourceLocation at) const {
    const CppSort& c = sorts_[s];
    if (!text.empty() && text[0] == '"') {
        if (c.kind != CppSort::Kind::String && c.kind != CppSort::Kind::Native) {
            diags_.error(at, "string " + text + " has sort " + p_.sorts[s].name + ", which is not interpreted as strlit");
            return std::nullopt;
        }
        std::string inner = text.size() >= 2 ? text.substr(1, text.size() - 2) : std::string();
        return c.name + "(" + cpp_string_literal(inner) + ")";
    }
    std::optional<long long> v = parse_number(text);
    if (!v) {
        diags_.error(at, "numeral " + text + " of sort " + p_.sorts[s].name + " has no C++ value");
        return std::nullopt;
    }
    switch (c.kind) {
    case CppSort::Kind::Int:
        return "(" + c.name + ")" + std::to_string(*v);
    case CppSort::Kind::Nat:
        return "(" + c.name + ")" + std::to_string(*v) + "ULL";
    case CppSort::Kind::BitVector: {
        unsigned long long mask = c.width >= 64 ? ~0ULL : ((1ULL << c.width) - 1);
        return "(" + c.name + ")" + std::to_string(static_cast<unsigned long long>(*v) & mask) + "ULL";
    }
    case CppSort::Kind::Range:
        return "(" + c.name + ")" + std::to_string(*v < c.lo ? c.lo : *v > c.hi ? c.hi : *v);
    case CppSort::Kind::Native:
        return c.name + "(" + std::to_string(*v) + ")";
    default:
        diags_.error(at, "numeral " + text + " of sort " + p_.sorts[s].name + " has no C++ value");
        return std::nullopt;
    }
}

std::string TypeMap::arith(const std::string& op, ir::SortId s, const std::string& a, const std::string& b) const {
    const CppSort& c = sorts_[s];
    if (op == "<") return "(" + a + " < " + b + ")";
    const std::string& t = c.name;
    switch (c.kind) {
    case CppSort::Kind::Nat:
        if (op == "-") return "ivy::extracted::nat_sub<" + t + ">(" + a + ", " + b + ")";
        if (op == "/") return "ivy::extracted::divide<" + t + ">(" + a + ", " + b + ")";
        return "(" + t + ")(" + a + " " + op + " " + b + ")";
    case CppSort::Kind::BitVector: {
        std::string mask = "ivy::extracted::bv_mask<" + t + ">(" + std::to_string(c.width) + ")";
        std::string raw = op == "/" ? "ivy::extracted::divide<" + t + ">(" + a + ", " + b + ")"
                                    : "(" + t + ")(" + a + " " + op + " " + b + ")";
        return "(" + t + ")(" + raw + " & " + mask + ")";
    }
    case CppSort::Kind::Range: {
        std::string raw = op == "/" ? "ivy::extracted::divide<long long>(" + a + ", " + b + ")"
                                    : "((long long)" + a + " " + op + " (long long)" + b + ")";
        return "ivy::extracted::clamp_range<" + t + ">(" + raw + ", " + std::to_string(c.lo) + "LL, " +
               std::to_string(c.hi) + "LL)";
    }
    case CppSort::Kind::Int:
        if (op == "/") return "ivy::extracted::divide<" + t + ">(" + a + ", " + b + ")";
        return "(" + t + ")(" + a + " " + op + " " + b + ")";
    default:
        return "(" + a + " " + op + " " + b + ")";
    }
}

std::string TypeMap::card_expr(ir::SortId s) const {
    const CppSort& c = sorts_[s];
    if (c.card) return std::to_string(*c.card) + "LL";
    if (c.card_param) return "(long long)this->" + mangle(p_.symbols[*c.card_param].name);
    return "0LL";
}

std::string TypeMap::from_index(ir::SortId s, const std::string& index) const {
    const CppSort& c = sorts_[s];
    if (c.kind == CppSort::Kind::Bool) return "(" + index + " != 0)";
    if (c.kind == CppSort::Kind::Range) return "(" + c.name + ")(" + index + " + " + std::to_string(c.lo) + "LL)";
    return "(" + c.name + ")(" + index + ")";
}

std::vector<ir::SortId> TypeMap::declaration_order(const std::vector<ir::SortId>& used) const {
    std::vector<ir::SortId> order;
    std::set<ir::SortId> done, visiting;
    std::function<void(ir::SortId)> visit = [&](ir::SortId s) {
        if (s == ir::kBoolSort || done.count(s) || visiting.count(s)) return;
        visiting.insert(s);
        if (sorts_[s].kind == CppSort::Kind::Struct)
            for (ir::SymbolId f : p_.sorts[s].fields)
                if (p_.symbols[f].kind == ir::Symbol::Kind::Destructor) visit(p_.symbols[f].range);
        for (ir::SortId d : sorts_[s].deps) visit(d);
        visiting.erase(s);
        done.insert(s);
        order.push_back(s);
    };
    for (ir::SortId s : used) visit(s);
    return order;
}

} // namespace ivy::codegen
