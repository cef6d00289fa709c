#include "runtime/shim/log.h"
#include "runtime/shim/net_config.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace ivy::runtime::testing {
namespace {

TEST(NetConfig, ParsesDottedQuadsAndNames) {
    std::string error;
    auto ep = parse_host_port("10.1.2.3:4990", error);
    ASSERT_TRUE(ep) << error;
    EXPECT_EQ(ep->addr, 0x0a010203ul);
    EXPECT_EQ(ep->port, 4990ul);
    auto local = parse_host_port("localhost:8000", error);
    ASSERT_TRUE(local) << error;
    EXPECT_EQ(local->addr, 0x7f000001ul);
}

TEST(NetConfig, RejectsMalformedAddresses) {
    for (const char* bad : {"nohost", ":80", "host:", "1.2.3.4:99999", "1.2.3.4:8x"}) {
        std::string error;
        EXPECT_FALSE(parse_host_port(bad, error)) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
}

TEST(NetConfig, ListConfigMapsIdsToEntries) {
    std::string error;
    auto config = ListTcpConfig::parse("127.0.0.1:4990,127.0.0.1:4991,10.0.0.9:5000", error);
    ASSERT_TRUE(config) << error;
    EXPECT_EQ(config->size(), 3u);
    unsigned long addr = 0, port = 0;
    config->get(2, addr, port);
    EXPECT_EQ(addr, 0x0a000009ul);
    EXPECT_EQ(port, 5000ul);
    config->get(3, addr, port); // unknown: port 0
    EXPECT_EQ(port, 0ul);
    config->get(-1, addr, port);
    EXPECT_EQ(port, 0ul);
    EXPECT_FALSE(ListTcpConfig::parse("127.0.0.1:1,,", error));
}

TEST(NetConfig, DefaultConfigIsIvysLoopbackLayout) {
    TcpConfig config;
    unsigned long addr = 0, port = 0;
    config.get(2, addr, port);
    EXPECT_EQ(addr, 0x7f000001ul);
    EXPECT_EQ(port, 5992ul);
}

TEST(Log, OnlyWarningsAndErrorsByDefault) {
    EXPECT_EQ(log_level(), LogLevel::Warn);
    std::vector<std::string> lines;
    set_log_sink([&](LogLevel, std::string_view line) { lines.emplace_back(line); });
    log_info("hidden ", 1);
    log_warn("shown ", 2);
    log_error("also ", 3);
    set_log_level(LogLevel::Info);
    log_info("now ", 4);
    log_debug("still hidden");
    set_log_level(LogLevel::Warn);
    set_log_sink(nullptr);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_NE(lines[0].find(" WARN shown 2"), std::string::npos) << lines[0];
    EXPECT_NE(lines[1].find(" ERROR also 3"), std::string::npos) << lines[1];
    EXPECT_NE(lines[2].find(" INFO now 4"), std::string::npos) << lines[2];
    // Timestamped: 2024-05-01T12:00:00.123Z
    EXPECT_EQ(lines[0].size() > 24 ? lines[0][10] : ' ', 'T');
    EXPECT_EQ(lines[0][23], 'Z');
}

} // namespace
} // namespace ivy::runtime::testing
