#include "ir/program.h"

namespace ivy::ir {
namespace {

template <class Map>
std::optional<typename Map::mapped_type> lookup(const Map& index, const std::string& name) {
    if (auto it = index.find(name); it != index.end()) return it->second;
    return std::nullopt;
}

} // namespace

std::optional<SortId> Program::find_sort(const std::string& name) const { return lookup(sort_index, name); }
std::optional<SymbolId> Program::find_symbol(const std::string& name) const { return lookup(symbol_index, name); }
std::optional<ActionId> Program::find_action(const std::string& name) const { return lookup(action_index, name); }

} // namespace ivy::ir
