// Files of the repository, for tests that read them (IVY_SOURCE_ROOT is set by
// tests/CMakeLists.txt).
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace ivy::testing {

// The text of a file of the repository, e.g. "specs/raft.ivy".
inline std::string source_file(const std::string& relative) {
    std::ifstream in(std::string(IVY_SOURCE_ROOT) + "/" + relative);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace ivy::testing
