// REPL programs extracted at build time (examples/helloworld.ivy, examples/timer.ivy):
// transcripts (standard input in, standard output compared with the expected
// text), and the REPL's handling of bad input and failed checks.
#include "tests/codegen/process_util.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace {

using namespace ivy::codegen::testing;
using namespace std::chrono_literals;

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Feeds NAME.in, keeps the input open until the output has as many lines as
// NAME.out (timers need time), then ends it and compares the whole output.
void transcript(const std::string& program, const std::string& name, const std::vector<std::string>& args,
                int status = 0) {
    std::string input = slurp(std::string(TRANSCRIPTS) + "/" + name + ".in");
    std::string expected = slurp(std::string(TRANSCRIPTS) + "/" + name + ".out");
    ASSERT_FALSE(expected.empty());
    Child child(program, args);
    ASSERT_TRUE(child.started());
    child.write(input);
    size_t lines = count_lines_with(expected, "\n");
    child.read_until([&](const std::string& out) { return count_lines_with(out, "\n") >= lines; },
                     Clock::now() + 10s);
    child.close_input();
    EXPECT_EQ(child.wait_exit(Clock::now() + 10s), status);
    EXPECT_EQ(child.output(), expected);
}

TEST(ReplTranscript, HelloWorld) { transcript(HELLOWORLD_REPL, "helloworld", {}); }

TEST(ReplTranscript, Timer) { transcript(TIMER_REPL, "timer", {"tick_ms=20"}); }

// Imported actions (`? ` asks for a result), results (`= v`), and a failed
// precondition, which ends the program with status 1.
TEST(ReplTranscript, Callbacks) { transcript(CALLBACKS_REPL, "callbacks", {}, 1); }

// A parameterised isolate's parameter comes from the command line: node 2 here.
TEST(ReplTranscript, ParameterisedIsolate) { transcript(NODE_COUNTER_REPL, "node_counter", {"2"}); }

TEST(Repl, IsolateParameterOutsideItsRangeIsRefused) {
    for (const char* bad : {"3", "-1", "x"}) {
        std::string err = ::testing::TempDir() + "/repl_param.txt";
        Child child(NODE_COUNTER_REPL, {bad}, err);
        EXPECT_EQ(child.wait_exit(Clock::now() + 10s), 1) << bad;
        EXPECT_EQ(slurp(err), "bad value for me\n") << bad;
    }
}

TEST(Repl, BadInputGoesToStandardErrorAndTheReplGoesOn) {
    std::string err = ::testing::TempDir() + "/repl_errors.txt";
    Child child(HELLOWORLD_REPL, {}, err);
    child.write("nope(1)\nhello\nhello(1,2)\nhello(x)\nhello(1\nhello(2)\n");
    child.close_input();
    EXPECT_EQ(child.wait_exit(Clock::now() + 10s), 0);
    EXPECT_EQ(child.output(), "< world(3)\n");
    EXPECT_EQ(slurp(err), "undefined action: nope\n"
                          "action hello takes 1 input parameters\n"
                          "action hello takes 1 input parameters\n"
                          "hello: bad value for parameter 1\n"
                          "line 5:8: syntax error\n");
}

TEST(Repl, UsageAndBadOptions) {
    Child child(HELLOWORLD_REPL, {"1"}, ::testing::TempDir() + "/repl_usage.txt");
    EXPECT_EQ(child.wait_exit(Clock::now() + 10s), 1);
    EXPECT_EQ(slurp(::testing::TempDir() + "/repl_usage.txt"),
              "usage: helloworld [cluster=host:port,...] [tick_ms=N] [cluster_id=S]\n");
    Child bad(TIMER_REPL, {"tick_ms=0"}, ::testing::TempDir() + "/repl_tick.txt");
    EXPECT_EQ(bad.wait_exit(Clock::now() + 10s), 1);
    EXPECT_EQ(slurp(::testing::TempDir() + "/repl_tick.txt"), "bad value for tick_ms: 0\n");
}

TEST(Repl, ServerWithoutExportsRunsUntilKilled) {
    // The leader election exports nothing: it serves, reading no input.
    auto ports = free_ports(1);
    Child child(TOY_LEADER_REPL, {"1", "0", "cluster=127.0.0.1:" + std::to_string(ports[0]), "tick_ms=10"});
    // A cluster of one elects itself.
    EXPECT_TRUE(child.read_until([](const std::string& out) { return out.find("< elected(0)") != std::string::npos; },
                                 Clock::now() + 10s))
        << child.output();
    child.close_input();
    EXPECT_EQ(child.wait_exit(Clock::now() + 200ms), -1) << "still serving";
}

} // namespace
