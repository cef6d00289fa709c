// The kvserver command line: flags, exit statuses, start-up lines, clean stop.
#include "runtime/kv/server_main.h"
#include "tests/kv/kv_test_util.h"
#include "tests/kv/process_util.h"

#include <gtest/gtest.h>

namespace ivy::kv::testing {
namespace {

CommandLine parse(std::vector<std::string> args) {
    std::vector<const char*> argv{"kvserver"};
    for (const auto& a : args) argv.push_back(a.c_str());
    return parse_command_line(static_cast<int>(argv.size()), argv.data());
}

TEST(KvServerMain, ParsesTheArtifactsFlags) {
    auto c = parse({"--log", "--node-id", "1", "--client-port", "8001", "--cluster",
                    "localhost:4990,localhost:4991,localhost:4992"});
    ASSERT_EQ(c.action, CommandLine::Action::Run) << c.error;
    EXPECT_EQ(c.protocol, "raft");
    EXPECT_EQ(c.node_id, 1);
    EXPECT_EQ(c.client_port, 8001);
    EXPECT_EQ(c.cluster.size(), 3u);
    EXPECT_TRUE(c.log);
    EXPECT_FALSE(c.data_dir);
    auto d = parse({"--protocol=multipaxos", "--node-id=0", "--cluster=a:1", "--data-dir", "/x",
                    "--tick-ms", "25"});
    ASSERT_EQ(d.action, CommandLine::Action::Run) << d.error;
    EXPECT_EQ(d.protocol, "multipaxos");
    EXPECT_EQ(d.data_dir, "/x");
    EXPECT_EQ(d.tick_ms, 25u);
    EXPECT_EQ(d.client_port, 8000); // the artifact's default
}

TEST(KvServerMain, UsageErrorsSayWhat) {
    struct Case {
        std::vector<std::string> args;
        const char* says;
    };
    std::vector<Case> cases = {
        {{"--bogus"}, "bogus"},
        {{"--cluster", "a:1"}, "--node-id is required"},
        {{"--node-id", "0"}, "--cluster is required"},
        {{"--node-id", "3", "--cluster", "a:1,b:2"}, "not an index"},
        {{"--node-id", "-1", "--cluster", "a:1"}, "not an index"},
        {{"--node-id", "x", "--cluster", "a:1"}, "node-id"},
        {{"--node-id", "0", "--cluster", "a:1,,b:2"}, "empty entry"},
        {{"--node-id", "0", "--cluster", "a:1", "--client-port", "70000"}, "65535"},
        {{"--node-id", "0", "--cluster", "a:1", "--tick-ms", "0"}, "tick-ms"},
        {{"--node-id", "0", "--cluster", "a:1", "stray"}, "unexpected argument 'stray'"},
        {{"--node-id"}, "node-id"},
    };
    for (const auto& k : cases) {
        auto c = parse(k.args);
        EXPECT_EQ(c.action, CommandLine::Action::Error) << k.args[0];
        EXPECT_NE(c.error.find(k.says), std::string::npos) << c.error;
    }
    EXPECT_EQ(parse({"--help"}).action, CommandLine::Action::Help);
    EXPECT_EQ(parse({"--version"}).action, CommandLine::Action::Version);
}

TEST(KvServerMain, KvserverExitsTwoOnUsageErrorsAndUnbuiltAdapters) {
    auto [help, help_out] = run_program({KVSERVER, "--help"});
    EXPECT_EQ(help, 0);
    EXPECT_NE(help_out.find("--cluster"), std::string::npos);
    auto [version, version_out] = run_program({KVSERVER, "--version"});
    EXPECT_EQ(version, 0);
    EXPECT_EQ(version_out.rfind("kvserver ", 0), 0u);
    auto [bad, bad_out] = run_program({KVSERVER, "--bogus"});
    EXPECT_EQ(bad, 2);
    EXPECT_NE(bad_out.find("usage:"), std::string::npos);
    auto [unknown, unknown_out] =
        run_program({KVSERVER, "--protocol", "zab", "--node-id", "0", "--cluster", "a:1"});
    EXPECT_EQ(unknown, 2);
    EXPECT_NE(unknown_out.find("unknown protocol"), std::string::npos);
    // The shipped binary has no test double in it.
    auto [td, td_out] =
        run_program({KVSERVER, "--protocol", "testdouble", "--node-id", "0", "--cluster", "a:1"});
    EXPECT_EQ(td, 2);
}

// A protocol whose adapter is not built into the binary is named in the usage and
// refused plainly (exit 2), not called unknown.
TEST(KvServerMain, MissingAdapterIsAClearUsageError) {
    Protocol unbuilt;
    unbuilt.name = "zab";
    unbuilt.display_name = "Zab";
    std::vector<Protocol> protocols{unbuilt};
    EXPECT_NE(usage_text(protocols).find("zab (adapter not built yet)"), std::string::npos);
    std::vector<const char*> argv{"kvserver", "--protocol", "zab", "--node-id", "0",
                                  "--cluster", "127.0.0.1:1"};
    ::testing::internal::CaptureStderr();
    int status = kvserver_main(static_cast<int>(argv.size()), argv.data(), protocols);
    std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(status, 2);
    EXPECT_NE(err.find("not built into this binary"), std::string::npos) << err;
}

TEST(KvServerMain, ServerPrintsTheArtifactsStartupLinesAndStopsCleanlyOnSigterm) {
    TempDir tmp;
    auto peer = free_port();
    auto client = free_port();
    Process p({KV_TESTDOUBLE_SERVER, "--protocol", "testdouble", "--node-id", "0", "--cluster",
               "127.0.0.1:" + std::to_string(peer), "--client-port", std::to_string(client),
               "--data-dir", (tmp.path() / "d").string()});
    ASSERT_TRUE(p.wait_for_output("Serving clients on port " + std::to_string(client)))
        << p.output();
    for (const char* line : {"Process ID: ", "Random sleep: ", "Starting Test-double",
                             "binding id: 0 port: "})
        EXPECT_NE(p.output().find(line), std::string::npos) << line;
    {
        RawClient c(client);
        std::optional<std::string> r;
        for (int i = 0; i < 200 && !(r && r->rfind("Response", 0) == 0); ++i) {
            r = c.call("1 " + std::to_string(i) + " PUT x 1 -");
            if (!(r && r->rfind("Response", 0) == 0)) ::usleep(10000);
        }
        ASSERT_TRUE(r);
        EXPECT_EQ(r->rfind("Response", 0), 0u);
    }
    p.signal(SIGTERM);
    EXPECT_EQ(p.wait(), 0);
}

TEST(KvServerMain, PortInUseIsARunTimeFailure) {
    auto peer = free_port();
    auto client = free_port();
    std::vector<std::string> argv = {KV_TESTDOUBLE_SERVER, "--protocol", "testdouble",
                                     "--node-id", "0", "--cluster",
                                     "127.0.0.1:" + std::to_string(peer), "--client-port",
                                     std::to_string(client)};
    Process first(argv);
    ASSERT_TRUE(first.wait_for_output("Serving clients"));
    auto [status, out] = run_program(argv);
    EXPECT_EQ(status, 1);
    EXPECT_NE(out.find("listen"), std::string::npos) << out;
}

} // namespace
} // namespace ivy::kv::testing
