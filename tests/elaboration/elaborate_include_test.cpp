// `include`: where files are looked for, each file once, and the errors a bad
// include gives (docs/ivy-language.md 1.1, 3.2).
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

TEST(ElaborateInclude, SplicesDeclarationsInPlace) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    dir.write("middle.ivy", "#lang ivy\ntype in_middle\n");
    std::string main =
        dir.write("main.ivy", "#lang ivy1.7\ntype first\ninclude middle\ntype last\n");
    Elaboration e = elaborate_path(main);
    ASSERT_TRUE(e.program) << e.first_error();
    EXPECT_EQ(section(strip_locations(ir::show(*e.program)), "sorts"), "type first\n"
                                                                       "type in_middle\n"
                                                                       "type last\n");
    // Included declarations keep the included file's name and line.
    EXPECT_EQ(lines_with(ir::show(*e.program), "in_middle"),
              "type in_middle  # " + (dir.path() / "middle.ivy").string() + ": line 2\n");
}

TEST(ElaborateInclude, IncludingFilesFolderBeforeStandardLibrary) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    // A file named like a standard library file, next to the including file, wins.
    dir.write("order.ivy", "#lang ivy\ntype local_order\n");
    std::string main = dir.write("main.ivy", "#lang ivy1.7\ninclude order\n");
    Elaboration e = elaborate_path(main);
    ASSERT_TRUE(e.program) << e.first_error();
    EXPECT_EQ(section(strip_locations(ir::show(*e.program)), "sorts"), "type local_order\n");
}

TEST(ElaborateInclude, FallsBackToStandardLibrary) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    std::string main = dir.write(
        "main.ivy", "#lang ivy1.7\ninclude order\ntype t\ninstantiate totally_ordered(t)\n");
    Elaboration e = elaborate_path(main);
    ASSERT_TRUE(e.program) << e.first_error();
    // The module came from the standard library file.
    ASSERT_FALSE(e.program->facts.empty());
    EXPECT_EQ(e.program->facts[0].label, "transitivity");
    EXPECT_EQ(file_name(e.program->facts[0].origin.loc.file), stdlib_dir() + "/order.ivy");
}

TEST(ElaborateInclude, IncludedFileLooksInItsOwnFolderFirst) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    // `lib/coll.ivy` includes `helper`: its own folder's helper.ivy, not the main file's.
    dir.write("lib/coll.ivy", "#lang ivy\ninclude helper\n");
    dir.write("lib/helper.ivy", "#lang ivy\ntype helper_from_lib\n");
    dir.write("app/helper.ivy", "#lang ivy\ntype helper_from_app\n");
    std::string main = dir.write("app/main.ivy", "#lang ivy1.7\ninclude coll\n");
    ElaborateOptions options;
    options.library_dirs.push_back((dir.path() / "lib").string());
    Diagnostics diags;
    std::optional<ir::Program> p = elaborate_file(main, options, diags);
    ASSERT_TRUE(p) << (diags.all().empty() ? "" : format(diags.all()[0]));
    EXPECT_EQ(section(strip_locations(ir::show(*p)), "sorts"), "type helper_from_lib\n");
}

TEST(ElaborateInclude, EachFileOnce) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    dir.write("common.ivy", "#lang ivy\ntype shared\nrelation r(X:shared)\n");
    dir.write("a.ivy", "#lang ivy\ninclude common\ntype in_a\n");
    dir.write("b.ivy", "#lang ivy\ninclude common\ntype in_b\n");
    std::string main = dir.write(
        "main.ivy", "#lang ivy1.7\ninclude a\ninclude b\ninclude common\ninclude a\ntype m\n");
    Elaboration e = elaborate_path(main);
    ASSERT_TRUE(e.program) << e.first_error(); // no `redefining shared`
    EXPECT_EQ(section(strip_locations(ir::show(*e.program)), "sorts"), "type shared\n"
                                                                       "type in_a\n"
                                                                       "type in_b\n"
                                                                       "type m\n");
}

TEST(ElaborateInclude, StandardLibraryReachedManyWaysIsIncludedOnce) {
    // `collections` includes `order` itself.
    Elaboration e = elaborate_body("include order\ninclude collections\ninclude order\n"
                                   "type d\ntype r\ninstance arr : array(d, r)\n");
    ASSERT_TRUE(e.program) << e.first_error();
    EXPECT_TRUE(e.program->find_action("arr.append"));
}

TEST(ElaborateInclude, MissingFileNamesTheIncludeLine) {
    std::string error = error_of("type t\n\ninclude no_such_file\n");
    EXPECT_EQ(error.substr(0, error.find(" (looked in")),
              "test.ivy: line 4: error: cannot find include file 'no_such_file.ivy'");
    // The message says where it looked, the standard library included.
    EXPECT_NE(error.find(stdlib_dir()), std::string::npos) << error;
}

TEST(ElaborateInclude, MissingFileInsideAnIncludedFileNamesThatFile) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    std::string inner = dir.write("inner.ivy", "#lang ivy\ntype ok\ninclude gone\n");
    std::string main = dir.write("main.ivy", "#lang ivy1.7\ninclude inner\n");
    std::string error = elaborate_path(main).first_error();
    EXPECT_EQ(error.substr(0, error.find(" (looked in")),
              inner + ": line 3: error: cannot find include file 'gone.ivy'");
}

TEST(ElaborateInclude, CycleIsAnError) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    dir.write("a.ivy", "#lang ivy1.7\ninclude b\ntype in_a\n");
    std::string b = dir.write("b.ivy", "#lang ivy1.7\n# b goes back to a\ninclude a\ntype in_b\n");
    std::string main = dir.write("main.ivy", "#lang ivy1.7\ninclude a\n");
    EXPECT_EQ(elaborate_path(main).first_error(),
              b + ": line 3: error: include cycle: 'a.ivy' is already being included");
}

TEST(ElaborateInclude, FileIncludingItselfIsACycle) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    std::string self = dir.write("self.ivy", "#lang ivy1.7\ntype t\ninclude self\n");
    EXPECT_EQ(elaborate_path(self).first_error(),
              self + ": line 3: error: include cycle: 'self.ivy' is already being included");
}

TEST(ElaborateInclude, VersionMismatchIsAnError) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    dir.write("legacy.ivy", "#lang ivy1.6\ntype in_legacy\n");
    std::string main = dir.write("main.ivy", "#lang ivy1.7\ntype t\n\ninclude legacy\n");
    EXPECT_EQ(elaborate_path(main).first_error(),
              main +
                  ": line 4: error: 'legacy.ivy' is written in ivy1.6 but the including program in "
                  "ivy1.7");
}

TEST(ElaborateInclude, SameVersionAndBareHeaderAreAccepted) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    dir.write("same.ivy", "#lang ivy1.7\ntype in_same\n");
    dir.write("bare.ivy", "#lang ivy\ntype in_bare\n");
    std::string main = dir.write("main.ivy", "#lang ivy1.7\ninclude same\ninclude bare\n");
    Elaboration e = elaborate_path(main);
    ASSERT_TRUE(e.program) << e.first_error();
    EXPECT_EQ(section(strip_locations(ir::show(*e.program)), "sorts"),
              "type in_same\ntype in_bare\n");
}

TEST(ElaborateInclude, OnlyAtTopLevel) {
    EXPECT_EQ(error_of("object o = {\n    include order\n}\n"),
              "test.ivy: line 3: error: 'include' is allowed only at the top level of a file");
}

} // namespace
} // namespace ivy::frontend::testing
