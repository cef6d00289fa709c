// Helpers shared by the key-value tests: temporary directories, free loopback ports,
// a blocking framed client with deadlines, and a log capture.
#pragma once

#include "runtime/kv/wire.h"
#include "runtime/shim/log.h"

#include <arpa/inet.h>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <poll.h>
#include <random>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace ivy::kv::testing {

// A fresh directory under the system's temporary directory, removed afterwards.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("kvtest-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// A loopback port nobody listens on right now (bound, read, released).
inline unsigned short free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

// A blocking client socket with a deadline on every read.
class RawClient {
public:
    explicit RawClient(unsigned short port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(port);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
        int one = 1;
        if (fd_ >= 0) ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~RawClient() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool connected() const { return fd_ >= 0; }

    bool send_raw(std::string_view bytes) {
        while (!bytes.empty()) {
            ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }
    bool send(std::string_view body) { return send_raw(frame(body)); }

    // The next reply body; nullopt on timeout or when the server closed.
    std::optional<std::string> receive(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::string header, body;
        if (!read_exact(header, 4, timeout)) return std::nullopt;
        auto* p = reinterpret_cast<const unsigned char*>(header.data());
        std::size_t len = p[0] | (p[1] << 8) | (p[2] << 16) | (std::size_t{p[3]} << 24);
        if (!read_exact(body, len, timeout)) return std::nullopt;
        return body;
    }

    std::optional<std::string> call(std::string_view body) {
        if (!send(body)) return std::nullopt;
        return receive();
    }

    // True once the server has closed the connection (EOF or reset) within `timeout`.
    bool closed_by_server(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        char buf[256];
        for (;;) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd pfd{fd_, POLLIN, 0};
            if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
            ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) return true;
        }
    }

    void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

private:
    bool read_exact(std::string& out, std::size_t n, std::chrono::milliseconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        out.resize(n);
        std::size_t got = 0;
        while (got < n) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd pfd{fd_, POLLIN, 0};
            if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
            ssize_t r = ::recv(fd_, out.data() + got, n - got, 0);
            if (r <= 0) return false;
            got += static_cast<std::size_t>(r);
        }
        return true;
    }

    int fd_ = -1;
};

// Collects warning lines while alive (restores stderr logging afterwards).
class LogCapture {
public:
    LogCapture() {
        runtime::set_log_sink([this](runtime::LogLevel, std::string_view line) {
            std::lock_guard lock(mutex_);
            lines_.emplace_back(line);
        });
    }
    ~LogCapture() { runtime::set_log_sink(nullptr); }

    bool contains(std::string_view text) const {
        std::lock_guard lock(mutex_);
        for (const auto& l : lines_)
            if (l.find(text) != std::string::npos) return true;
        return false;
    }
    std::vector<std::string> lines() const {
        std::lock_guard lock(mutex_);
        return lines_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

} // namespace ivy::kv::testing
