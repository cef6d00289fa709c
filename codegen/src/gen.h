// Shared state of one extraction: the program, its slice, the type map, the names
// of everything the class declares, and the helpers bodies ask for on the way
// (definition methods, native-call adapters), which the class layout emits last.
#pragma once

#include "codegen/src/names.h"
#include "codegen/src/slice.h"
#include "codegen/src/types.h"
#include "codegen/to_cpp.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ivy::codegen {

// The C++ signature of an action's method.
struct Signature {
    struct Param {
        ir::SymbolId formal = 0;
        std::string type;
        std::string name;
        bool by_ref = false; // a second or later result
    };
    std::vector<Param> params;                        // stripped formals left out
    std::optional<ir::SymbolId> result;               // the returned (first) result
    std::string result_type = "void";
    bool result_is_param = false;                     // an in/out first result
    std::map<ir::SymbolId, std::size_t> stripped;     // formal -> extract parameter
    std::vector<ir::SymbolId> extra_results;          // results passed by reference

    std::string param_list() const;                   // "int prm__x, bool& prm__y"
    std::string arg_list() const;                     // "prm__x, prm__y"
};

// What the bodies need besides the class's own declarations, collected while they
// are emitted.
struct Helpers {
    std::set<std::size_t> definitions; // indexes into Program::definitions
    std::set<ir::ActionId> adapters;   // `__nat__` adapters for native code
};

class Gen {
public:
    Gen(const ir::Program& p, const Slice& slice, const ToCppOptions& options, std::string classname,
        Diagnostics& diags);

    const ir::Program& p;
    const Slice& slice;
    const ToCppOptions& options;
    const std::string classname;
    Diagnostics& diags;
    TypeMap types;
    Helpers helpers;
    std::map<std::size_t, bool> definition_ok; // definitions tried in assertions

    // ---- names
    std::string member(ir::SymbolId s) const { return mangle(p.symbols[s].name); }
    std::string method(ir::ActionId a) const { return "ext__" + mangle(p.actions[a].name); }
    std::string import_method(ir::ActionId a) const { return "imp__" + mangle(p.actions[a].name); }
    std::string adapter(ir::ActionId a) const { return "__nat__" + mangle(p.actions[a].name); }
    std::string param_member(std::size_t i) const { return mangle(slice.params[i].name); }
    std::string enum_value(ir::SymbolId s) const { return mangle(p.symbols[s].name); }
    // A struct field is named by the last component of its destructor (as in Ivy, so
    // native code can write `x.is_end`).
    std::string field(ir::SymbolId s) const;
    // The name a field prints and parses under in the REPL.
    std::string field_label(ir::SymbolId s) const;
    std::string definition_method(ir::SymbolId s) const;
    // A formal or local: `prm__x`, `loc__x`.
    std::string variable(ir::SymbolId s) const;

    // ---- types
    const std::string& type(ir::SortId s) const { return types.name(s); }
    std::string type_of(ir::SymbolId s) const { return type(p.symbols[s].range); }

    // ---- state members
    // The domain of a state symbol after its stripped arguments are dropped.
    std::vector<ir::SortId> member_domain(ir::SymbolId s) const;
    bool dense(ir::SymbolId s) const;
    std::string member_type(ir::SymbolId s) const;

    // ---- actions
    Signature signature(ir::ActionId a) const;

    // The location text of a check: `file: line N`.
    static std::string where(SourceLocation loc);
};

} // namespace ivy::codegen
