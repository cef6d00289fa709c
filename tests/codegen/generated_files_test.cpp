// Every file extracted at build time (GENERATED_DIR: the classes, REPLs and testers
// of tests/codegen/CMakeLists.txt, with the standard library's tcp, timeout and
// collections natives) includes only the runtime's headers, its own header and the
// standard library, so that it builds wherever the runtime headers are.
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sstream>

namespace {

namespace fs = std::filesystem;

// The include directives of `text` that are neither `runtime/...`, `own_header`,
// nor a standard header (`<name>`: no extension, no directory).
std::vector<std::string> foreign_includes(const std::string& text, const std::string& own_header) {
    static const std::regex directive(R"(^\s*#\s*include\s*(<[^>]*>|"[^"]*"))");
    static const std::regex allowed(R"(<[a-z_0-9]+>|"runtime/[^"]+")");
    std::vector<std::string> out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (!std::regex_search(line, m, directive)) continue;
        std::string target = m[1];
        if (!std::regex_match(target, allowed) && target != "\"" + own_header + "\"") out.push_back(target);
    }
    return out;
}

TEST(GeneratedFiles, IncludeOnlyTheRuntimeAndTheStandardLibrary) {
    size_t files = 0;
    for (const auto& entry : fs::directory_iterator(GENERATED_DIR)) {
        const fs::path& path = entry.path();
        if (path.extension() != ".h" && path.extension() != ".cpp") continue;
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        EXPECT_EQ(foreign_includes(text.str(), path.stem().string() + ".h"), std::vector<std::string>{}) << path;
        ++files;
    }
    EXPECT_GE(files, 20u) << "the extracts of tests/codegen/CMakeLists.txt are missing";
}

TEST(GeneratedFiles, TheCheckRecognisesForeignIncludes) {
    EXPECT_EQ(foreign_includes("#include <vector>\n#include \"runtime/extracted/net.h\"\n#include \"x.h\"\n", "x.h"),
              std::vector<std::string>{});
    EXPECT_EQ(foreign_includes("#include \"frontend/ast.h\"\n  # include <asio.hpp>\n#include \"y.h\"\n", "x.h"),
              (std::vector<std::string>{"\"frontend/ast.h\"", "<asio.hpp>", "\"y.h\""}));
}

} // namespace
