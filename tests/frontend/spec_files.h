// Every Ivy file in the repository that tests should read: examples, specs, test
// specs and the standard library.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace ivy::frontend::testing {

inline std::vector<std::string> all_spec_files() {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (const char* dir : {"examples", "specs", "tests/specs", "frontend/include"}) {
        fs::path root = fs::path(IVY_SOURCE_ROOT) / dir;
        if (!fs::exists(root)) continue;
        for (const auto& entry : fs::recursive_directory_iterator(root))
            if (entry.is_regular_file() && entry.path().extension() == ".ivy")
                files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace ivy::frontend::testing
