#include "verifier/src/code_units.h"

#include <optional>

namespace ivy::verifier {
namespace {

using Kind = CodeUnit::Kind;

const ir::Block kNoCode;

// The position of initializer `index` among those present in `v`, if it is.
std::optional<std::size_t> present_initializer(const ir::Program& p, const IsolateView& v, std::size_t index) {
    for (std::size_t i = 0; i < v.initializers.size(); ++i)
        if (v.initializers[i] == &p.initializers[index]) return i;
    return std::nullopt;
}

} // namespace

std::vector<CodeUnit> all_code_units(const ir::Program& p) {
    std::vector<CodeUnit> out;
    for (ir::ActionId a = 0; a < p.actions.size(); ++a) {
        out.push_back({Kind::Declaration, a, 0});
        for (const CodeUnit& m : mixins_of(p, a)) out.push_back(m);
    }
    for (std::size_t i = 0; i < p.initializers.size(); ++i) out.push_back({Kind::Initializer, ir::ActionId(i), 0});
    return out;
}

std::vector<CodeUnit> mixins_of(const ir::Program& p, ir::ActionId a) {
    const ir::Action& action = p.actions[a];
    std::vector<CodeUnit> out;
    if (!action.implementation_name.empty()) out.push_back({Kind::Implementation, a, 0});
    for (std::size_t i = 0; i < action.befores.size(); ++i) out.push_back({Kind::Before, a, i});
    for (std::size_t i = 0; i < action.afters.size(); ++i) out.push_back({Kind::After, a, i});
    return out;
}

std::string unit_name(const ir::Program& p, const CodeUnit& u) {
    switch (u.kind) {
    case Kind::Declaration: return p.actions[u.action].name;
    case Kind::Implementation: return p.actions[u.action].implementation_name;
    case Kind::Before: return p.actions[u.action].befores[u.monitor].name;
    case Kind::After: return p.actions[u.action].afters[u.monitor].name;
    case Kind::Initializer: return p.initializers[u.action].name;
    }
    return {};
}

SourceLocation unit_location(const ir::Program& p, const CodeUnit& u) {
    switch (u.kind) {
    case Kind::Declaration: return p.actions[u.action].origin.loc;
    case Kind::Implementation: return p.actions[u.action].implementation->loc;
    case Kind::Before: return p.actions[u.action].befores[u.monitor].origin.loc;
    case Kind::After: return p.actions[u.action].afters[u.monitor].origin.loc;
    case Kind::Initializer: return p.initializers[u.action].origin.loc;
    }
    return {};
}

const ir::Block& unit_code(const ir::Program& p, const CodeUnit& u) {
    switch (u.kind) {
    case Kind::Declaration: {
        const ir::Action& a = p.actions[u.action];
        return a.implementation_name.empty() ? a.body : kNoCode;
    }
    case Kind::Implementation: return p.actions[u.action].body;
    case Kind::Before: return p.actions[u.action].befores[u.monitor].body;
    case Kind::After: return p.actions[u.action].afters[u.monitor].body;
    case Kind::Initializer: return p.initializers[u.action].body;
    }
    return kNoCode;
}

bool unit_present(const ir::Program& p, const IsolateView& v, const CodeUnit& u) {
    switch (u.kind) {
    case Kind::Declaration: return v.declaration_present[u.action];
    case Kind::Implementation: return v.action_roles[u.action] != Role::Opaque;
    case Kind::Before: return v.before_present[u.action][u.monitor];
    case Kind::After: return v.after_present[u.action][u.monitor];
    case Kind::Initializer: return present_initializer(p, v, u.action).has_value();
    }
    return false;
}

bool unit_verified(const ir::Program& p, const IsolateView& v, const CodeUnit& u) {
    switch (u.kind) {
    case Kind::Declaration: return v.declaration_verified[u.action];
    case Kind::Implementation: return v.action_roles[u.action] == Role::Verified;
    case Kind::Before: return v.before_verified[u.action][u.monitor];
    case Kind::After: return v.after_verified[u.action][u.monitor];
    case Kind::Initializer: {
        std::optional<std::size_t> i = present_initializer(p, v, u.action);
        return i && v.initializer_verified[*i];
    }
    }
    return false;
}

} // namespace ivy::verifier
