// Helpers shared by the runtime tests: nodes on loopback ephemeral ports, raw
// sockets that misbehave, and a log capture.
//
// The loop runs on the test thread (Loop::run_until), so tests read transport state
// directly between waits; every wait has a deadline so a broken feature fails the
// test instead of hanging it.
#pragma once

#include "runtime/shim/shim.h"

#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>
#include <chrono>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/time.h>
#include <vector>

namespace ivy::runtime::testing {

using namespace std::chrono_literals;

inline constexpr unsigned long kLoopback = 0x7f000001;
// Generous: reached only when the feature under test is broken.
inline constexpr Duration kDeadline = std::chrono::seconds(10);

// Short backoff and timeouts, so failure scenarios resolve in milliseconds.
inline TcpOptions fast_options() {
    TcpOptions o;
    o.backoff_initial = 5ms;
    o.backoff_max = 50ms;
    o.connect_timeout = 1s;
    o.hello_timeout = 1s;
    return o;
}

struct Received {
    int from;
    std::string payload;
};

// A transport listening on a loopback port (0: any free port), registered in the
// shared config, recording what it receives.
struct TcpNode {
    TcpNode(Loop& loop, const std::shared_ptr<ListTcpConfig>& config, int id,
            TcpOptions options = fast_options(), unsigned short port = 0)
        : transport(loop, config, id, std::move(options)) {
        Status st = transport.listen_on({kLoopback, port});
        EXPECT_TRUE(st.ok()) << st.error;
        config->set(id, {kLoopback, transport.local_port()});
        transport.on_message([this](int from, std::string_view payload) {
            received.push_back({from, std::string(payload)});
        });
    }

    TcpTransport transport;
    std::vector<Received> received;
};

// A port on which nothing accepts: a socket bound to it but not listening holds
// it, so connections are refused and no other test can take it.
class RefusingPort {
public:
    RefusingPort() : socket_(io_) {
        socket_.open(asio::ip::tcp::v4());
        socket_.set_option(asio::socket_base::reuse_address(true));
        socket_.bind({asio::ip::address_v4(kLoopback), 0});
    }
    unsigned short port() const { return socket_.local_endpoint().port(); }
    void release() { socket_.close(); }

private:
    asio::io_context io_;
    asio::ip::tcp::socket socket_;
};

// A blocking client socket, outside the loop, for writing arbitrary bytes.
class RawClient {
public:
    explicit RawClient(unsigned short port) : socket_(io_) {
        socket_.connect({asio::ip::address_v4(kLoopback), port});
        timeval tv{5, 0}; // reads never block longer than this
        setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    void write(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }
    void close() { socket_.close(); }

    // True if the other end closed (EOF or reset) rather than the read timing out.
    bool closed_by_peer() {
        char c;
        asio::error_code ec;
        socket_.read_some(asio::buffer(&c, 1), ec);
        return ec == asio::error::eof || ec == asio::error::connection_reset;
    }

private:
    asio::io_context io_;
    asio::ip::tcp::socket socket_;
};

// Captures log lines for the lifetime of the object.
class LogCapture {
public:
    LogCapture() {
        set_log_sink([this](LogLevel, std::string_view line) { lines_.emplace_back(line); });
    }
    ~LogCapture() { set_log_sink(nullptr); }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;

    bool contains(std::string_view text) const {
        for (const auto& l : lines_)
            if (l.find(text) != std::string::npos) return true;
        return false;
    }
    const std::vector<std::string>& lines() const { return lines_; }

private:
    std::vector<std::string> lines_;
};

// Payload bytes that differ at every position, so a misplaced chunk is noticed.
inline std::string pattern(std::size_t size, unsigned seed = 1) {
    std::string s(size, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (std::size_t i = 0; i < size; ++i) {
        x = x * 1664525u + 1013904223u;
        s[i] = static_cast<char>(x >> 24);
    }
    return s;
}

} // namespace ivy::runtime::testing
