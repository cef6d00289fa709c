// `specification`, `implementation` and `private` sections: no sub-object, but every
// declaration in them keeps its tag (ir::Origin::visibility), which the isolate
// visibility rules need (docs/verification.md 2.1-2.2).
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

using ir::Visibility;

const char* const kCounter = R"(type node
object ctr = {
    action bump(n:node)
    relation visible(N:node)
    specification {
        relation on(N:node)
        after init { on(N) := false }
        after bump { ensure on(n) }
        property [spec_fact] on(N) | ~on(N)
    }
    implementation {
        individual count : node
        interpret node -> int
        implement bump(n:node) { on(n) := true }
        object helper = {
            relation busy
        }
        definition visible(N) = on(N)
    }
    private {
        invariant [hidden] on(N) -> on(N)
    }
}
)";

TEST(ElaborateSections, CreateNoSubObject) {
    std::string shown = bare_show_of(kCounter);
    EXPECT_EQ(section(shown, "symbols"), "relation ctr.visible(node)\n"
                                         "relation ctr.on(node)\n"
                                         "function ctr.count : node\n"
                                         "relation ctr.helper.busy\n");
    EXPECT_EQ(section(shown, "axioms"), "property [ctr.spec_fact] ctr.on(N) | ~ctr.on(N)\n"
                                        "invariant [ctr.hidden] ctr.on(N) -> ctr.on(N)\n");
}

TEST(ElaborateSections, VisibilityOfSymbolsAndFacts) {
    Elaboration e = elaborate_body(kCounter);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    auto symbol = [&](const char* name) -> const ir::Origin& {
        return p.symbols[*p.find_symbol(name)].origin;
    };
    EXPECT_EQ(symbol("ctr.visible").visibility, Visibility::Public);
    EXPECT_EQ(symbol("ctr.on").visibility, Visibility::Spec);
    EXPECT_EQ(symbol("ctr.count").visibility, Visibility::Impl);
    EXPECT_EQ(symbol("ctr.helper.busy").visibility, Visibility::Impl);
    EXPECT_EQ(symbol("ctr.on").object, "ctr");
    EXPECT_EQ(symbol("ctr.helper.busy").object, "ctr.helper");
    ASSERT_EQ(p.facts.size(), 2u);
    EXPECT_EQ(p.facts[0].origin.visibility, Visibility::Spec);
    EXPECT_EQ(p.facts[1].origin.visibility, Visibility::Private);
    ASSERT_EQ(p.interpretations.size(), 1u);
    EXPECT_EQ(p.interpretations[0].origin.visibility, Visibility::Impl);
    ASSERT_EQ(p.definitions.size(), 1u);
    EXPECT_EQ(p.definitions[0].origin.visibility, Visibility::Impl);
}

TEST(ElaborateSections, VisibilityOfActionsMonitorsAndInitializers) {
    Elaboration e = elaborate_body(kCounter);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    const ir::Action& bump = p.actions[*p.find_action("ctr.bump")];
    EXPECT_EQ(bump.origin.visibility, Visibility::Public);
    ASSERT_TRUE(bump.implementation);
    EXPECT_EQ(bump.implementation->visibility, Visibility::Impl);
    ASSERT_EQ(bump.afters.size(), 1u);
    EXPECT_EQ(bump.afters[0].origin.visibility, Visibility::Spec);
    ASSERT_EQ(p.initializers.size(), 1u);
    EXPECT_EQ(p.initializers[0].origin.visibility, Visibility::Spec);
    EXPECT_EQ(p.initializers[0].origin.object, "ctr");
}

TEST(ElaborateSections, VisibilityOfObjects) {
    Elaboration e = elaborate_body(kCounter);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    ASSERT_TRUE(p.object_index.count("ctr"));
    ASSERT_TRUE(p.object_index.count("ctr.helper"));
    EXPECT_EQ(p.objects[p.object_index.at("ctr")].origin.visibility, Visibility::Public);
    EXPECT_EQ(p.objects[p.object_index.at("ctr.helper")].origin.visibility, Visibility::Impl);
}

TEST(ElaborateSections, SectionsInsideAnInstance) {
    // A module's sections keep their tags when it is instantiated, and an instance
    // inside an implementation section is itself hidden.
    const char* spec = R"(type t
module cell = {
    specification {
        relation full
    }
    implementation {
        individual content : t
    }
}
instance pub : cell
object o = {
    implementation {
        instance inner : cell
    }
}
)";
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    EXPECT_EQ(p.symbols[*p.find_symbol("pub.full")].origin.visibility, Visibility::Spec);
    EXPECT_EQ(p.symbols[*p.find_symbol("pub.content")].origin.visibility, Visibility::Impl);
    ASSERT_TRUE(p.object_index.count("o.inner"));
    EXPECT_EQ(p.objects[p.object_index.at("o.inner")].origin.visibility, Visibility::Impl);
    EXPECT_EQ(p.objects[p.object_index.at("pub")].origin.visibility, Visibility::Public);
}

} // namespace
} // namespace ivy::frontend::testing
