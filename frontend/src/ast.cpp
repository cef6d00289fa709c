#include "frontend/ast.h"

namespace ivy::frontend::ast {

std::string Name::str() const {
    std::string out;
    for (const std::string& part : parts) {
        if (!out.empty()) out += '.';
        out += part;
    }
    return out;
}

} // namespace ivy::frontend::ast
