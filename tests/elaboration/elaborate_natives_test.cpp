// Native quotes: top-level blocks with their tags, native action bodies, and
// back-quoted names renamed like any other name (docs/ivy-language.md 1.5).
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

using Piece = ir::NativeCode::Piece;

const char* const kWrap = R"(type node
module wrap(t) = {
    individual count : t
    <<< member
    int `count`_shadow; `t` x;
    >>>
    action fire(x:t) = {
        <<< impure
        `count` = `x`; %`fire` f;
        >>>
    }
}
instance w : wrap(node)
<<< header
    #include <vector>
>>>
<<< int one_line; >>>
)";

// The quoted names of `code`, as "kind:name".
std::vector<std::string> names(const ir::NativeCode& code) {
    static const char* const kKinds[] = {"text", "sort", "symbol", "action", "object", "type"};
    std::vector<std::string> out;
    for (const Piece& p : code.pieces)
        if (p.kind != Piece::Kind::Text)
            out.push_back(std::string(kKinds[static_cast<int>(p.kind)]) + ":" + p.text);
    return out;
}

TEST(ElaborateNatives, ActionBodyNamesAreRenamed) {
    EXPECT_EQ(section_of(kWrap, "actions"), "action w.fire(x:node) = {\n"
                                            "    <<< impure\n"
                                            "        `w.count` = `x`; `w.fire` f;\n"
                                            "        >>>\n"
                                            "}\n");
    Elaboration e = elaborate_body(kWrap);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Action& fire = e.program->actions[*e.program->find_action("w.fire")];
    EXPECT_EQ(fire.body_kind, ir::Action::BodyKind::Native);
    // `%` before a back-quote makes the action's C++ type.
    EXPECT_EQ(names(fire.native_body),
              (std::vector<std::string>{"symbol:w.count", "symbol:x", "type:w.fire"}));
}

TEST(ElaborateNatives, TopLevelBlocksAndTags) {
    Elaboration e = elaborate_body(kWrap);
    ASSERT_TRUE(e.program) << e.first_error();
    const auto& natives = e.program->natives;
    ASSERT_EQ(natives.size(), 3u);
    EXPECT_EQ(natives[0].tag, "member");
    EXPECT_EQ(names(natives[0].code), (std::vector<std::string>{"symbol:w.count", "sort:node"}));
    EXPECT_EQ(natives[0].origin.object, "w");
    EXPECT_EQ(natives[1].tag, "header");
    ASSERT_EQ(natives[1].code.pieces.size(), 1u);
    EXPECT_EQ(natives[1].code.pieces[0].text, "    #include <vector>\n");
    // A one-line quote has no tag: it is member code.
    EXPECT_EQ(natives[2].tag, "member");
    EXPECT_EQ(natives[2].code.pieces[0].text, " int one_line; ");
}

TEST(ElaborateNatives, ObjectNames) {
    Elaboration e = elaborate_body("object net = {}\n<<< impl\n`net` x;\n>>>\n");
    ASSERT_TRUE(e.program) << e.first_error();
    ASSERT_EQ(e.program->natives.size(), 1u);
    EXPECT_EQ(names(e.program->natives[0].code), std::vector<std::string>{"object:net"});
}

TEST(ElaborateNatives, NativeDefinitionAndInterpretation) {
    const char* spec = R"(type node
type set
interpret set -> <<< std::vector<`node`> >>>
relation member(N:node, S:set)
definition member(n:node, s:set) = <<< `s`[`n`] >>>
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "definitions"), "definition [def2] member(n, s) = <<< `s`[`n`] >>>\n");
    EXPECT_EQ(lines_with(section(shown, "sorts"), "interpret"),
              "interpret set -> <<< std::vector<`node`> >>>\n");
}

TEST(ElaborateNatives, ObjectParameterInABlock) {
    // An `init` block in `object host(self:addr)` runs for each value of `self`.
    Elaboration e =
        elaborate_body("type addr\nobject host(self:addr) = {\n    <<< init\n    open(`self`);\n"
                       "    >>>\n}\n");
    ASSERT_TRUE(e.program) << e.first_error();
    ASSERT_EQ(e.program->natives.size(), 1u);
    EXPECT_EQ(e.program->natives[0].tag, "init");
    EXPECT_EQ(names(e.program->natives[0].code), std::vector<std::string>{"symbol:self"});
    EXPECT_EQ(e.program->natives[0].origin.object, "host");
}

// An `implement` may name the formals differently from the declaration; native
// code names each formal by its declaration, the only name the Program keeps.
TEST(ElaborateNatives, RenamedFormalsInNativeBodies) {
    Elaboration e = elaborate_body("type t\naction send(dst:t, v:t)\nimplement send(to:t, m:t) { <<< `to` `m`; >>> }\n");
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Action& a = e.program->actions[*e.program->find_action("send")];
    EXPECT_EQ(names(a.native_body), (std::vector<std::string>{"symbol:dst", "symbol:v"}));
}

// A top-level block inside `object o(p:t)` may name the object's parameters.
TEST(ElaborateNatives, ObjectParametersInTopLevelBlocks) {
    Elaboration e = elaborate_body("type t\nobject host(self:t) = {\n    <<< init\n    `self`;\n    >>>\n}\n");
    ASSERT_TRUE(e.program) << e.first_error();
    ASSERT_EQ(e.program->natives.size(), 1u);
    EXPECT_EQ(e.program->natives[0].tag, "init");
    EXPECT_EQ(names(e.program->natives[0].code), std::vector<std::string>{"symbol:self"});
}

TEST(ElaborateNatives, UnknownName) {
    EXPECT_EQ(error_of("type node\n<<< `nope` >>>\n"),
              "test.ivy: line 3: error: unknown name `nope` in native code");
}

TEST(ElaborateNatives, OddNumberOfBackQuotes) {
    // Reported as such, not as the C++ after the stray quote read as an unknown name.
    Elaboration e = elaborate_body("type node\n<<< a ` b >>>\n");
    EXPECT_FALSE(e.program);
    EXPECT_EQ(e.first_error(), "test.ivy: line 3: error: unterminated back-quote in native code");
    ASSERT_EQ(e.diags.all().size(), 1u);
}

TEST(ElaborateNatives, MessagesNameTheLineInsideTheQuote) {
    // Quotes span lines; a message names the line of the name, or of the quote left
    // without a partner (the last one, pairing from the left).
    EXPECT_EQ(error_of("type t\n<<< header\n    int x = `t`;\n\n    int y = `q`;\n>>>\n"),
              "test.ivy: line 6: error: unknown name `q` in native code");
    EXPECT_EQ(error_of("type t\n<<< impl\n    int x = `t`;\n    int y = `t;\n>>>\n"),
              "test.ivy: line 5: error: unterminated back-quote in native code");
    EXPECT_EQ(error_of("type t\naction a = {\n    <<< int x = `t` +\n    ` >>>\n}\n"),
              "test.ivy: line 5: error: unterminated back-quote in native code");
}

} // namespace
} // namespace ivy::frontend::testing
