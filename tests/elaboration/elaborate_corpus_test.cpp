// Whole files: every standard library file, every example and every parser test spec
// (the Raft-style and Multi-Paxos-style specifications) elaborates without error.
#include "tests/elaboration/elaborate_test_util.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <regex>
#include <set>

namespace ivy::frontend::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> ivy_files(const fs::path& dir) {
    std::vector<std::string> files;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".ivy")
            files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

// A test name for a file: its stem, with anything but letters and digits as `_`.
std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string name = fs::path(info.param).stem().string();
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

// The names a file includes (`include NAME` at the start of a line).
std::vector<std::string> includes_of(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::vector<std::string> out;
    static const std::regex kInclude(R"(^\s*include\s+([A-Za-z0-9_]+))");
    std::smatch m;
    while (std::getline(in, line))
        if (std::regex_search(line, m, kInclude)) out.push_back(m[1]);
    return out;
}

// The first name that `path` includes, directly or through files next to it, that is
// neither next to its includer nor in the standard library.
std::optional<std::string> missing_include(const std::string& path, std::set<std::string>& seen) {
    if (!seen.insert(path).second) return std::nullopt;
    for (const std::string& name : includes_of(path)) {
        fs::path local = fs::path(path).parent_path() / (name + ".ivy");
        fs::path library = fs::path(stdlib_dir()) / (name + ".ivy");
        std::error_code ec;
        if (fs::is_regular_file(local, ec)) {
            if (auto missing = missing_include(local.string(), seen)) return missing;
        } else if (fs::is_regular_file(library, ec)) {
            if (auto missing = missing_include(library.string(), seen)) return missing;
        } else {
            return name;
        }
    }
    return std::nullopt;
}

// Elaborates `path`, or skips when a file it needs has not been written yet.
void expect_elaborates(const std::string& path) {
    std::set<std::string> seen;
    if (std::optional<std::string> missing = missing_include(path, seen))
        GTEST_SKIP() << path << " includes '" << *missing << "', which is not in " << stdlib_dir()
                     << " yet; this test runs once it is";
    Elaboration e = elaborate_path(path);
    EXPECT_TRUE(e.program) << e.first_error();
    EXPECT_TRUE(e.first_error().empty()) << e.first_error();
}

// ------------------------------------------------------------------ standard library

class StandardLibraryFile : public ::testing::TestWithParam<std::string> {};

TEST_P(StandardLibraryFile, ElaboratesWhenIncluded) {
    // Included by a one-line program: the whole file is parsed and its top-level
    // declarations (and any instances in it) elaborate.
    const std::string name = fs::path(GetParam()).stem().string();
    Elaboration e = elaborate_body("include " + name + "\n");
    EXPECT_TRUE(e.program) << e.first_error();
    EXPECT_TRUE(e.first_error().empty()) << e.first_error();
}

INSTANTIATE_TEST_SUITE_P(ElaborateCorpus, StandardLibraryFile,
                         ::testing::ValuesIn(ivy_files(fs::path(stdlib_dir()))), test_name);

TEST(ElaborateCorpus, StandardLibraryIsThere) {
    std::vector<std::string> files = ivy_files(fs::path(stdlib_dir()));
    for (const char* needed : {"order.ivy", "collections.ivy", "collections_impl.ivy"})
        EXPECT_TRUE(std::any_of(files.begin(), files.end(), [&](const std::string& f) {
            return fs::path(f).filename() == needed;
        })) << needed;
}

// ------------------------------------------------------------------ standard library modules

// A program that instantiates one standard-library module with arguments of the
// kinds it expects; `bug` is set while an elaborator bug keeps it from elaborating.
struct ModuleCase {
    const char* module;
    const char* program; // after the includes
    const char* bug = nullptr;
};

std::ostream& operator<<(std::ostream& out, const ModuleCase& c) {
    return out << c.module;
}

const ModuleCase kModuleCases[] = {
    {"array", "instance idx : unbounded_sequence\ntype val\ninstance arr : array(idx, val)\n"},
    {"vector", "type val\ninstance vec : vector(val)\n"},
    {"vector_bounded", "type val\ninstance vb : vector_bounded(val, 10)\n"},
    {"rel_array",
     "instance idx : unbounded_sequence\ntype val\ninstance ra : rel_array(idx, val)\n"},
    {"option", "type val\ninstance opt : option(val)\n"},
    {"null_type", "type val\nindividual none : val\ninstance nt : null_type(val, none)\n"},
    {"path", "instance idx : unbounded_sequence\ntype val\ninstance pth : path(idx, val)\n"},
    {"map", "type key\ntype val\ninstance mp : map(key, val, 0)\n"},
    {"partial_function", "type key\ntype val\ninstance pf : partial_function(key, val)\n"},
    {"witness", "type val\ninstance w : witness(val)\n"},
    {"functional", "type val\nrelation rel2(X:val, Y:val)\ninstantiate functional(rel2)\n"},
    {"inverse_functional",
     "type val\nrelation rel2(X:val, Y:val)\ninstantiate inverse_functional(rel2)\n"},
    {"set_wrapper",
     "instance idx : unbounded_sequence\ninstance os : ordered_set(idx)\n"}, // inside ordered_set
    {"ordered_set", "instance idx : unbounded_sequence\ninstance os : ordered_set(idx)\n"},
    {"map_wrapper",
     "instance key : iterable\ntype val\ninstance om : ordered_map(key, val)\n"}, // inside
                                                                                  // ordered_map
    {"ordered_map", "instance key : iterable\ntype val\ninstance om : ordered_map(key, val)\n"},
    {"ordered_map_impl",
     "instance key : iterable\ntype val\ninstance omi : ordered_map_impl(key, val)\n"},
    {"keyval", "instance idx : unbounded_sequence\ntype key\ntype val\ninstance kv : keyval(idx, "
               "key, val)\n"},
    {"segment", "instance idx : unbounded_sequence\ntype val\ninstance arr : array(idx, val)\n"
                "instance seg : segment(idx, val, arr)\n"},
    {"array_impl",
     "instance idx : unbounded_sequence\ntype val\ninstance arr : array(idx, val)\n"}, // in array
    {"totally_ordered", "type val\ninstantiate totally_ordered(val)\n"},
    {"totally_ordered_with_zero", "type val\ninstantiate totally_ordered_with_zero(val)\n"},
    {"unbounded_sequence", "instance seq : unbounded_sequence\n"},
    {"bounded_sequence_spec", "instance bss : bounded_sequence_spec\n"},
    {"bounded_sequence", "instance bsq : bounded_sequence(bv[8])\n"},
    {"bit_vector", "instance word : bit_vector(8)\n"},
    {"order_iterator", "instance idx : unbounded_sequence\ninstance oi : order_iterator(idx)\n"},
    {"order_iterator_impl",
     "instance idx : unbounded_sequence\ninstance oii : order_iterator_impl(idx)\n"},
    {"sequence_iterator",
     "instance bss : bounded_sequence_spec\ninstance si : sequence_iterator(bss)\n"},
    {"unbounded_queue", "type val\ninstance q : unbounded_queue(val)\n"},
    {"iterable", "instance node : iterable\n"},
    {"simple_tcp", "instance node : iterable\ntype val\ninstance net : simple_tcp(node, val)\n"},
    {"timeout_sec", "instance sec : timeout_sec\n"},
    {"udp_simple", "instance node : iterable\ntype val\ninstance net : udp_simple(node, val)\n"},
};

// The names of the modules declared in the standard library files.
std::vector<std::string> standard_library_modules() {
    std::vector<std::string> out;
    static const std::regex kModule(R"(^\s*module\s+([A-Za-z0-9_]+))");
    for (const std::string& path : ivy_files(fs::path(stdlib_dir()))) {
        std::ifstream in(path);
        std::string line;
        std::smatch m;
        while (std::getline(in, line))
            if (std::regex_search(line, m, kModule)) out.push_back(m[1]);
    }
    return out;
}

class StandardLibraryModule : public ::testing::TestWithParam<ModuleCase> {};

TEST_P(StandardLibraryModule, Elaborates) {
    const ModuleCase& c = GetParam();
    if (c.bug) GTEST_SKIP() << "elaborator bug: " << c.bug;
    std::string program;
    for (const char* file : {"order", "collections", "tcp", "timeout", "udp"}) {
        std::error_code ec;
        if (fs::is_regular_file(fs::path(stdlib_dir()) / (std::string(file) + ".ivy"), ec))
            program += "include " + std::string(file) + "\n";
    }
    std::vector<std::string> declared = standard_library_modules();
    if (std::find(declared.begin(), declared.end(), c.module) == declared.end())
        GTEST_SKIP() << "module " << c.module << " is not in " << stdlib_dir() << " (yet)";
    Elaboration e = elaborate_body(program + c.program);
    EXPECT_TRUE(e.program) << e.first_error();
    EXPECT_TRUE(e.first_error().empty()) << e.first_error();
}

INSTANTIATE_TEST_SUITE_P(ElaborateCorpus, StandardLibraryModule, ::testing::ValuesIn(kModuleCases),
                         [](const ::testing::TestParamInfo<ModuleCase>& info) {
                             return std::string(info.param.module);
                         });

TEST(ElaborateCorpus, EveryStandardLibraryModuleHasACase) {
    for (const std::string& name : standard_library_modules())
        EXPECT_TRUE(std::any_of(std::begin(kModuleCases), std::end(kModuleCases),
                                [&](const ModuleCase& c) { return name == c.module; }))
            << "module " << name << " of the standard library has no instantiation in kModuleCases";
}

TEST(ElaborateCorpus, TwoIterableSorts) {
    Elaboration e =
        elaborate_body("include order\ninstance node : iterable\ninstance slot : iterable\n");
    EXPECT_TRUE(e.program) << e.first_error();
}

// ------------------------------------------------------------------ examples and specs

class ExampleFile : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleFile, Elaborates) {
    expect_elaborates(GetParam());
}

INSTANTIATE_TEST_SUITE_P(ElaborateCorpus, ExampleFile,
                         ::testing::ValuesIn(ivy_files(fs::path(IVY_SOURCE_ROOT) / "examples")),
                         test_name);

class ParseSpecFile : public ::testing::TestWithParam<std::string> {};

TEST_P(ParseSpecFile, Elaborates) {
    expect_elaborates(GetParam());
}

INSTANTIATE_TEST_SUITE_P(ElaborateCorpus, ParseSpecFile,
                         ::testing::ValuesIn(ivy_files(fs::path(IVY_SOURCE_ROOT) /
                                                       "tests/specs/parse")),
                         test_name);

TEST(ElaborateCorpus, RaftStyleSpec) {
    const std::string path = std::string(IVY_SOURCE_ROOT) + "/tests/specs/parse/raft_style.ivy";
    std::set<std::string> seen;
    if (std::optional<std::string> missing = missing_include(path, seen))
        GTEST_SKIP() << "raft_style.ivy needs '" << *missing << "' in the standard library";
    Elaboration e = elaborate_path(path);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    // The pieces the spec is built from are there under their qualified names.
    EXPECT_TRUE(p.find_sort("node"));
    EXPECT_TRUE(p.find_sort("node.iter.t"));
    EXPECT_TRUE(p.find_symbol("net.sent"));
    EXPECT_TRUE(p.find_action("net.send"));
    EXPECT_FALSE(p.isolates.empty());
    EXPECT_FALSE(p.initializers.empty());
}

TEST(ElaborateCorpus, MultiPaxosStyleSpec) {
    const std::string path =
        std::string(IVY_SOURCE_ROOT) + "/tests/specs/parse/multi_paxos_style.ivy";
    std::set<std::string> seen;
    if (std::optional<std::string> missing = missing_include(path, seen))
        GTEST_SKIP() << "multi_paxos_style.ivy needs '" << *missing << "' in the standard library";
    Elaboration e = elaborate_path(path);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    EXPECT_TRUE(p.find_symbol("shim.net.sent"));
    EXPECT_TRUE(p.find_action("shim.one_a_handler.handle"));
    EXPECT_FALSE(p.isolates.empty());
}

} // namespace
} // namespace ivy::frontend::testing
