// Terms to Z3 (docs/verification.md 5), in one Z3 context.
//
// Sorts follow the isolate's interpretations: integers (nat and ranges with their
// bounds), bit-vectors, strings, enumerations as datatypes, everything else
// uninterpreted. `<` and the arithmetic operators on an uninterpreted sort are
// uninterpreted symbols of that sort; its numerals are plain constants, not
// distinct from each other.
#pragma once

#include "verifier/src/isolation.h"
#include "verifier/src/workspace.h"

#include <map>
#include <z3++.h>

namespace ivy::verifier {

class Encoder {
public:
    Encoder(z3::context& ctx, const Workspace& ws, const IsolateView& view);

    z3::expr encode(ir::TermId t);
    z3::sort sort(ir::SortId s);
    z3::func_decl decl(ir::SymbolId s);

    // Constraints the encoding needs beside the formulas: bounds of nat- and
    // range-valued symbols, extensionality of structs. Returns the new ones since the
    // last call.
    std::vector<z3::expr> take_side_conditions();

    // Starts over for a new solver in the same context: what was encoded, and the
    // side conditions already handed out, are forgotten. Sorts are kept, since Z3
    // cannot declare an enumeration twice in one context.
    void reset();

    // Which theory a sort has here; nullptr when uninterpreted.
    const ir::Interpretation* interpretation(ir::SortId s) const;
    // The Z3 constant of each element of an enumerated sort.
    const std::vector<z3::func_decl>* enum_values(ir::SortId s);
    // The symbols encoded so far, by their Z3 declaration name.
    const std::map<ir::SymbolId, z3::func_decl>& declared() const { return decls_; }

private:
    z3::sort declare_sort(ir::SortId s);
    void struct_extensionality(ir::SortId s, const z3::sort& z);
    z3::expr builtin(const ir::Symbol& s, ir::SortId sort, const std::vector<z3::expr>& args);
    z3::expr numeral(const std::string& text, ir::SortId sort);
    std::optional<z3::expr> bounds(ir::SortId sort, const z3::expr& x); // nat and range guards
    z3::expr clamp(ir::SortId sort, const z3::expr& x);
    z3::expr range_bound(ir::TermId bound);

    z3::context& ctx_;
    const Workspace& ws_;
    std::map<ir::SortId, const ir::Interpretation*> theories_;
    std::map<ir::SortId, z3::sort> sorts_;
    std::map<ir::SortId, std::vector<z3::func_decl>> enums_;
    std::map<ir::SymbolId, z3::func_decl> decls_;
    std::map<ir::TermId, z3::expr> memo_;
    std::vector<z3::expr> side_;
    std::set<ir::SortId> struct_done_;
};

} // namespace ivy::verifier
