// Isolates: what one verification unit sees of the program (docs/verification.md 2).
//
// For each isolate, every declaration is verified (its guarantees are checked here),
// present (visible; its facts are assumed) or opaque (abstracted away: an opaque
// action keeps only its present monitors). The view also lists the isolate's
// external actions, the facts it assumes and checks, and the invariants it borrows
// from other isolates.
#pragma once

#include "ir/program.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ivy::verifier {

enum class Role { Verified, Present, Opaque };

struct IsolateView {
    std::string name;
    const ir::Isolate* isolate = nullptr; // null for the implicit isolate `this`
    bool trusted = false;

    std::vector<Role> action_roles;                 // by ActionId, judged by the implementing name
    std::vector<bool> declaration_present;          // by ActionId, judged by the declared name
    std::vector<bool> declaration_verified;
    std::vector<std::vector<bool>> before_present;  // by ActionId, then monitor index
    std::vector<std::vector<bool>> after_present;
    std::vector<std::vector<bool>> before_verified;
    std::vector<std::vector<bool>> after_verified;

    std::vector<const ir::Fact*> axioms;
    struct Property {
        const ir::Fact* fact;
        bool checked; // else assumed
    };
    std::vector<Property> properties;          // declaration order
    std::vector<const ir::Fact*> invariants;   // Inv: conjectures verified here
    std::vector<const ir::Fact*> assumptions;  // Asm: present conjectures of other isolates
    // Asm members declared before this isolate's first own conjecture, which are
    // also assumed when an external action returns (docs/verification.md 2.6).
    std::set<const ir::Fact*> assumed_at_exit;
    std::vector<const ir::Definition*> definitions;
    std::vector<const ir::Interpretation*> interpretations;
    std::vector<const ir::Initializer*> initializers;
    std::vector<bool> initializer_verified; // parallel to `initializers`

    // `isolate iso(me:t) = p(me)`: the objects whose first parameter the isolate fixes
    // to its own, with that parameter's name and sort (docs/verification.md 2.7).
    struct Stripped {
        std::string object;
        std::string parameter;
        ir::SortId sort = ir::kBoolSort;
    };
    std::vector<Stripped> stripped;

    std::vector<ir::ActionId> exports;     // external actions, sorted by name
    std::set<ir::ActionId> called_from_outside;
};

// Every isolate of the program: the declared ones and Ivy's implicit `this`, sorted
// by name as Ivy checks them.
std::vector<std::string> isolate_names(const ir::Program& p);

// The views of all isolates at once (borrowed invariants need every isolate's exports).
std::map<std::string, IsolateView> isolate_views(const ir::Program& p);

// Which isolate verifies each conjecture ("" when none does).
std::map<const ir::Fact*, std::string> conjecture_owners(const ir::Program& p,
                                                         const std::map<std::string, IsolateView>& views);

} // namespace ivy::verifier
