// The extractor's interface and diagnostics: what `to_cpp` generates (names,
// signatures, stripping) and what it refuses, with Ivy's messages.
#include "codegen/to_cpp.h"
#include "frontend/elaborate.h"

#include <gtest/gtest.h>

namespace ivy::codegen {
namespace {

struct Extraction {
    std::optional<CppFiles> files;
    Diagnostics diags;

    std::string messages() const {
        std::string out;
        for (const Diagnostic& d : diags.all()) out += format(d) + "\n";
        return out;
    }
};

Extraction extract(const std::string& body, ToCppOptions options = {}) {
    Extraction e;
    frontend::ElaborateOptions eo;
    eo.library_dirs.push_back(std::string(IVY_STDLIB_DIR) + "/1.7");
    auto program = frontend::elaborate_text("#lang ivy1.7\n" + body, "test.ivy", eo, e.diags);
    if (!program) return e;
    if (options.source_path.empty()) options.source_path = "test.ivy";
    e.files = to_cpp(*program, options, e.diags);
    return e;
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

const char* const kCounter = R"(
type t
interpret t -> int
import action report(x:t)
object c = {
    var n : t
    after init { n := 0 }
    action inc(d:t) returns (r:t) = { n := n + d; r := n; call report(n) }
}
export c.inc
)";

TEST(ToCpp, NamesFollowIvysConventions) {
    Extraction e = extract(kCounter);
    ASSERT_TRUE(e.files) << e.messages();
    EXPECT_EQ(e.files->classname, "test");
    const std::string& h = e.files->header;
    EXPECT_TRUE(contains(h, "class test {")) << h;
    EXPECT_TRUE(contains(h, "virtual t ext__c__inc([[maybe_unused]] t prm__d);")) << h;
    EXPECT_TRUE(contains(h, "virtual void imp__report(")) << h;
    EXPECT_TRUE(contains(h, "virtual void ext__report(")) << h;
    EXPECT_TRUE(contains(h, "t c__n{};")) << h;
    EXPECT_TRUE(contains(h, "void __init();")) << h;
    EXPECT_TRUE(contains(h, "void __lock()")) << h;
    EXPECT_TRUE(contains(h, "void save(ivy::runtime::Writer& w) const;")) << h;
    // What native code and embedders written for Ivy's classes use.
    EXPECT_TRUE(contains(h, "typedef test ivy_class;")) << h;
    EXPECT_TRUE(contains(h, "virtual void ivy_assert(bool ok, const char* where)")) << h;
    EXPECT_TRUE(contains(h, "virtual void ivy_check_progress(int, int) {}")) << h;
    EXPECT_TRUE(contains(h, "typedef std::string __strlit;")) << h;
    EXPECT_TRUE(contains(e.files->source, "#include \"test.h\"")) << e.files->source;
    EXPECT_FALSE(contains(e.files->source, "int main(")) << "a class has no main";
}

TEST(ToCpp, ClassNameOptionAndDefault) {
    ToCppOptions o;
    o.classname = "counter_impl";
    Extraction e = extract(kCounter, o);
    ASSERT_TRUE(e.files) << e.messages();
    EXPECT_TRUE(contains(e.files->header, "class counter_impl {"));
    EXPECT_EQ(default_class_name("specs/raft.ivy"), "raft");
    EXPECT_EQ(default_class_name("a/my-proto.v2.ivy"), "my_proto__v2");
}

TEST(ToCpp, ClassNameMayNotBeAStateComponent) {
    ToCppOptions o;
    o.classname = "c__n";
    Extraction e = extract(kCounter, o);
    EXPECT_FALSE(e.files);
    EXPECT_TRUE(contains(e.messages(), "the class name c__n is also the name of c.n; use classname=NAME")) << e.messages();
}

TEST(ToCpp, ReplTargetHasAMain) {
    ToCppOptions o;
    o.target = Target::Repl;
    Extraction e = extract(kCounter, o);
    ASSERT_TRUE(e.files) << e.messages();
    EXPECT_TRUE(contains(e.files->source, "int main(int argc, char** argv)"));
    EXPECT_TRUE(contains(e.files->source, "repl.add(\"c.inc\", 1,"));
    EXPECT_TRUE(contains(e.files->source, "std::cout << \"< report\";"));
}

TEST(ToCpp, NoImplementation) {
    Extraction e = extract("type t\naction a(x:t)\naction b(x:t) = { call a(x) }\nexport b\n");
    EXPECT_FALSE(e.files);
    EXPECT_EQ(e.messages(), "test.ivy: line 3: error: No implementation for action a\n");
}

TEST(ToCpp, InitialConditionThatCannotBeCompiled) {
    Extraction e = extract("type t\nindividual first : t\nrelation r(X:t)\nafter init { r(X) := X = first }\n"
                           "action a = { first := first }\nexport a\n");
    EXPECT_FALSE(e.files);
    EXPECT_TRUE(contains(e.messages(), "test.ivy: line 5: error: cannot compile the initial condition r(X) := X = first: "
                                       "X ranges over the unbounded sort t"))
        << e.messages();
}

TEST(ToCpp, ResettingAnUnboundedRelationIsFine) {
    Extraction e = extract("type t\nrelation r(X:t)\nafter init { r(X) := false }\n"
                           "action a(x:t) = { r(x) := true }\nexport a\n");
    ASSERT_TRUE(e.files) << e.messages();
    EXPECT_TRUE(contains(e.files->source, "this->r.reset(false);")) << e.files->source;
    EXPECT_TRUE(contains(e.files->header, "ivy::extracted::Map<bool, t> r{};")) << e.files->header;
}

TEST(ToCpp, FiniteDomainsAreTables) {
    Extraction e = extract("type c = {a, b}\nrelation r(X:c, Y:c)\nafter init { r(X, Y) := X = Y }\n"
                           "action f(x:c) = { r(x, x) := false }\nexport f\n");
    ASSERT_TRUE(e.files) << e.messages();
    EXPECT_TRUE(contains(e.files->header, "ivy::extracted::Dense<bool, 2> r{};")) << e.files->header;
    EXPECT_TRUE(contains(e.files->source, "this->r.resize({2LL, 2LL});")) << e.files->source;
}

TEST(ToCpp, UnknownIsolate) {
    ToCppOptions o;
    o.isolate = "nope";
    Extraction e = extract(kCounter, o);
    EXPECT_FALSE(e.files);
    EXPECT_EQ(e.messages(), "error: unknown isolate: nope\n");
}

const char* const kNodes = R"(
type node
object proc = {
    relation up(N:node)
    after init { up(N) := false }
    action wake(self:node) = { up(self) := true }
    action poke(self:node, other:node) = { up(other) := true }
}
export proc.wake
extract one(me:node) = proc(me)
)";

TEST(ToCpp, ExtractParameterIsStripped) {
    Extraction e = extract("type node\nobject proc = {\n    relation up(N:node)\n    after init { up(N) := false }\n"
                           "    action wake(self:node) = { up(self) := true }\n}\nexport proc.wake\n"
                           "extract one(me:node) = proc(me)\n",
                           ToCppOptions{"one", Target::Class, "", "test.ivy"});
    ASSERT_TRUE(e.files) << e.messages();
    const std::string& h = e.files->header;
    EXPECT_TRUE(contains(h, "test(node me, ivy::runtime::Loop& __loop = ivy::extracted::default_loop());")) << h;
    EXPECT_TRUE(contains(h, "virtual void ext__proc__wake();")) << h;
    EXPECT_TRUE(contains(h, "bool proc__up{};")) << "one point per process: " << h;
    EXPECT_TRUE(contains(e.files->source, "this->proc__up = true;")) << e.files->source;
}

TEST(ToCpp, ExtractMayNotTouchAnotherProcess) {
    std::string spec = kNodes;
    spec.replace(spec.find("export proc.wake"), 16, "export proc.wake\nexport proc.poke");
    Extraction e = extract(spec, ToCppOptions{"one", Target::Class, "", "test.ivy"});
    EXPECT_FALSE(e.files);
    EXPECT_TRUE(contains(e.messages(), "test.ivy: line 8: error: cannot strip parameter other from proc.up"))
        << e.messages();
}

TEST(ToCpp, GhostCodeIsDropped) {
    const char* spec = R"(
type t
interpret t -> int
object shadow = {
    var count : t
    after init { count := 0 }
    action note(x:t) = { count := count + x }
}
object impl = {
    var total : t
    after init { total := 0 }
    action add(x:t) = { total := total + x; call shadow.note(x) }
}
export impl.add
extract prog = impl
)";
    Extraction e = extract(spec, ToCppOptions{"prog", Target::Class, "", "test.ivy"});
    ASSERT_TRUE(e.files) << e.messages();
    EXPECT_FALSE(contains(e.files->header, "shadow__count")) << e.files->header;
    EXPECT_TRUE(contains(e.files->source, "// ghost call of shadow.note dropped")) << e.files->source;
}

TEST(ToCpp, ImplicitlyExportedActionIsAWarning) {
    const char* spec = R"(
type t
object outside = {
    action drive(x:t) = { call inside.handle(x) }
}
object inside = {
    relation got(X:t)
    after init { got(X) := false }
    action handle(x:t) = { got(x) := true }
}
export outside.drive
extract prog = inside
)";
    Extraction e = extract(spec, ToCppOptions{"prog", Target::Class, "", "test.ivy"});
    ASSERT_TRUE(e.files) << e.messages();
    EXPECT_EQ(e.messages(), "test.ivy: line 10: warning: action inside.handle is implicitly exported\n");
    EXPECT_TRUE(contains(e.files->header, "virtual void ext__inside__handle(")) << e.files->header;
}

TEST(ToCpp, SpecificationStateIsErased) {
    const char* spec = R"(
type t
interpret t -> int
object acct = {
    var cash : t
    after init { cash := 0 }
    action dep(a:t) = { cash := cash + a }
    specification {
        var deposits : t
        after init { deposits := 0 }
        before dep { require a > 0; deposits := deposits + 1 }
        after dep { ensure cash >= a }
    }
}
export acct.dep
)";
    Extraction e = extract(spec);
    ASSERT_TRUE(e.files) << e.messages();
    EXPECT_FALSE(contains(e.files->header, "deposits")) << e.files->header;
    // The environment's precondition stays, as a check of the caller.
    EXPECT_TRUE(contains(e.files->source, "this->ivy_assume(((t)0 < prm__a), \"test.ivy: line 12\");"))
        << e.files->source;
    // The postcondition was proved: not checked again.
    EXPECT_FALSE(contains(e.files->source, "cash >= ")) << e.files->source;
}

TEST(ToCpp, UnboundedQuantifierInAnAssertionIsAWarning) {
    Extraction e = extract("type t\nrelation r(X:t)\nafter init { r(X) := false }\n"
                           "action a(x:t) = { assert forall X. ~r(X); r(x) := true }\nexport a\n");
    ASSERT_TRUE(e.files) << e.messages();
    EXPECT_TRUE(contains(e.messages(), "test.ivy: line 5: warning: this assertion is not checked at run time: "
                                       "cannot compile a quantifier over X:t"))
        << e.messages();
}

TEST(ToCpp, BoundedQuantifiersBecomeLoops) {
    Extraction e = extract("type t\ninterpret t -> int\nfunction f(X:t) : t\nafter init { f(X) := 0 }\n"
                           "action a(n:t) returns (ok:bool) = { ok := exists I. 0 <= I & I < n & f(I) = 1 }\n"
                           "export a\n");
    ASSERT_TRUE(e.files) << e.messages();
    EXPECT_TRUE(contains(e.files->source, "for (long long __i0 = ((long long)((t)0)); __i0 < ((long long)(prm__n));"))
        << e.files->source;
}

TEST(ToCpp, RealsAreRefused) {
    Extraction e = extract("type r\ninterpret r -> real\nvar x : r\naction a(y:r) = { x := y }\nexport a\n");
    EXPECT_FALSE(e.files);
    EXPECT_TRUE(contains(e.messages(), "sort r is interpreted as real, which extraction does not support"))
        << e.messages();
}

TEST(ToCpp, BuildCommand) {
    BuildCommand repl = build_command(Target::Repl, "out/x.cpp", "out/x", {"/inc"});
    EXPECT_EQ(repl.output, "out/x");
    EXPECT_EQ(repl.argv, (std::vector<std::string>{"g++", "-std=c++20", "-O2", "-pthread", "-I/inc", "out/x.cpp", "-o",
                                                   "out/x"}));
    BuildCommand cls = build_command(Target::Class, "x.cpp", "x", {});
    EXPECT_EQ(cls.output, "x.o");
    EXPECT_EQ(cls.argv[4], "-c");
}

} // namespace
} // namespace ivy::codegen
