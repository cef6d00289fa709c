// `export` and `import`, as declarations of their own and as action prefixes
// (docs/ivy-language.md 3.9).
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

const char* const kExports = R"(type t
action a(x:t)
action b(x:t)
export a
import b
export action c(x:t) = { call b(x) }
import action d(x:t)
object o = {
    action e = {}
}
export o.e
action f = {}
)";

TEST(ElaborateExports, BothForms) {
    EXPECT_EQ(section_of(kExports, "actions"), "export action a(x:t) = {\n"
                                               "}\n"
                                               "import action b(x:t) = {\n"
                                               "}\n"
                                               "export action c(x:t) = {\n"
                                               "    # body\n"
                                               "    call b(fml:x)\n"
                                               "}\n"
                                               "import action d(x:t) = {\n"
                                               "}\n"
                                               "export action o.e() = {\n"
                                               "    # body\n"
                                               "}\n"
                                               "action f() = {\n"
                                               "    # body\n"
                                               "}\n");
}

TEST(ElaborateExports, FlagsInProgram) {
    Elaboration e = elaborate_body(kExports);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    auto action = [&](const char* name) -> const ir::Action& {
        return p.actions[*p.find_action(name)];
    };
    EXPECT_TRUE(action("a").exported);
    EXPECT_FALSE(action("a").imported);
    EXPECT_TRUE(action("b").imported);
    EXPECT_FALSE(action("b").exported);
    EXPECT_TRUE(action("c").exported);
    EXPECT_TRUE(action("d").imported);
    EXPECT_TRUE(action("o.e").exported);
    EXPECT_FALSE(action("f").exported);
    EXPECT_FALSE(action("f").imported);
}

TEST(ElaborateExports, ExportFromInsideAnObject) {
    // The exported name is resolved in the object, like any other name.
    Elaboration e = elaborate_body("object o = {\n    action e = {}\n    export e\n}\n");
    ASSERT_TRUE(e.program) << e.first_error();
    EXPECT_TRUE(e.program->actions[*e.program->find_action("o.e")].exported);
}

TEST(ElaborateExports, OnlyActionsCanBeExported) {
    EXPECT_EQ(error_of("type t\nrelation r(X:t)\nexport r\n"),
              "test.ivy: line 4: error: cannot export 'r': it is not an action");
    EXPECT_EQ(error_of("type t\nimport nothere\n"),
              "test.ivy: line 3: error: cannot import 'nothere': it is not an action");
}

} // namespace
} // namespace ivy::frontend::testing
