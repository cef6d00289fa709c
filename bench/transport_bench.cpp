// Transport throughput: messages per second from one process to another over
// loopback, through TcpTransport (framing, bounded queue, gathered writes, one
// event loop per process), for 100-byte and 10 KiB messages.
//
// Baseline, measured in the same run: the same messages written with one blocking
// send() each on a TCP_NODELAY socket and read in 64 KiB chunks, with no framing
// and no queue (what the artifact's writer threads did). For context, the same
// bytes written in 1 MiB blocking writes: roughly what loopback can carry at all.
//
// Each measurement forks: the child sends, the parent receives, and the time runs
// from the child's first send until the parent acknowledges the last message.
#include "runtime/shim/shim.h"

#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace ivy::runtime;
using Seconds = std::chrono::duration<double>;

constexpr unsigned long kLoopback = 0x7f000001;

// ---- process plumbing ---------------------------------------------------------------

void write_all(int fd, const void* data, size_t size) {
    auto* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::write(fd, p, size);
        if (n <= 0) {
            std::perror("write");
            std::exit(1);
        }
        p += n;
        size -= static_cast<size_t>(n);
    }
}

void read_all(int fd, void* data, size_t size) {
    auto* p = static_cast<char*>(data);
    while (size > 0) {
        ssize_t n = ::read(fd, p, size);
        if (n <= 0) {
            std::fprintf(stderr, "error: the other benchmark process went away\n");
            std::exit(1);
        }
        p += n;
        size -= static_cast<size_t>(n);
    }
}

struct Pipe {
    int fds[2];
    Pipe() {
        if (::pipe(fds) != 0) std::exit(1);
    }
    ~Pipe() {
        ::close(fds[0]);
        ::close(fds[1]);
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    int in() const { return fds[0]; }
    int out() const { return fds[1]; }
};

// Runs `sender` in a child process and `receiver` here; returns the seconds the
// child measured (it writes them to the pipe it is given).
double run_pair(const std::function<void(int result_fd)>& sender,
                const std::function<void()>& receiver, Pipe& result) {
    std::fflush(stdout);
    pid_t pid = ::fork();
    if (pid < 0) std::exit(1);
    if (pid == 0) {
        sender(result.out());
        ::_exit(0);
    }
    receiver();
    double seconds = 0;
    read_all(result.in(), &seconds, sizeof seconds);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "error: sender process failed\n");
        std::exit(1);
    }
    return seconds;
}

// ---- baselines: raw blocking sockets -------------------------------------------------------

int listen_loopback(unsigned short& port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(kLoopback);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd, 1) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        std::perror("listen");
        std::exit(1);
    }
    port = ntohs(addr.sin_port);
    return fd;
}

int connect_loopback(unsigned short port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(kLoopback);
    addr.sin_port = htons(port);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        std::perror("connect");
        ::_exit(1);
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// Sends `count` messages of `size` bytes in writes of `per_write` messages each.
double raw_run(size_t size, size_t count, size_t per_write) {
    unsigned short port = 0;
    int listener = listen_loopback(port);
    Pipe result;
    auto sender = [&](int result_fd) {
        ::close(listener);
        int fd = connect_loopback(port);
        std::string batch(size * per_write, 'm');
        auto start = std::chrono::steady_clock::now();
        for (size_t sent = 0; sent < count; sent += per_write)
            write_all(fd, batch.data(), std::min(per_write, count - sent) * size);
        char ack;
        read_all(fd, &ack, 1);
        double seconds = Seconds(std::chrono::steady_clock::now() - start).count();
        write_all(result_fd, &seconds, sizeof seconds);
    };
    auto receiver = [&] {
        int fd = ::accept(listener, nullptr, nullptr);
        std::string buf(64 * 1024, '\0');
        for (size_t left = size * count; left > 0;) {
            ssize_t n = ::read(fd, buf.data(), std::min(buf.size(), left));
            if (n <= 0) std::exit(1);
            left -= static_cast<size_t>(n);
        }
        write_all(fd, "k", 1);
        ::close(fd);
    };
    double seconds = run_pair(sender, receiver, result);
    ::close(listener);
    return seconds;
}

// ---- TcpTransport ------------------------------------------------------------------------

// Node 0 receives, node 1 sends. Each process creates its own loop and transport
// after the fork, listens on a free port and tells the other through a pipe.
struct Side {
    Loop loop;
    std::shared_ptr<ListTcpConfig> config = std::make_shared<ListTcpConfig>();
    std::unique_ptr<TcpTransport> transport;

    Side(int self, int peer, int port_out, int port_in) {
        transport = std::make_unique<TcpTransport>(loop, config, self);
        Status st = transport->listen_on({kLoopback, 0});
        if (!st.ok()) {
            std::fprintf(stderr, "error: %s\n", st.error.c_str());
            ::_exit(1);
        }
        unsigned short mine = transport->local_port(), theirs = 0;
        config->set(self, {kLoopback, mine});
        write_all(port_out, &mine, sizeof mine);
        read_all(port_in, &theirs, sizeof theirs);
        config->set(peer, {kLoopback, theirs});
    }
};

// The sender keeps at most this much queued, as a server's flow control would, and
// tops the queue up once per loop turn.
constexpr size_t kWindowMessages = 8192;
constexpr size_t kWindowBytes = 2 << 20;

double transport_run(size_t size, size_t count) {
    Pipe to_child, to_parent, result;
    auto sender = [&](int result_fd) {
        Side side(1, 0, to_parent.out(), to_child.in());
        const std::string message(size, 'm');
        size_t sent = 0;
        bool acked = false;
        side.transport->on_message([&](int, std::string_view) { acked = true; });
        std::function<void()> pump = [&] {
            while (sent < count && side.transport->queued_messages(0) < kWindowMessages &&
                   side.transport->queued_bytes(0) < kWindowBytes) {
                side.transport->send(0, message); // a fresh copy, as generated code makes
                ++sent;
            }
            if (sent < count) side.loop.post(pump);
        };
        auto start = std::chrono::steady_clock::now();
        pump();
        if (!side.loop.run_until([&] { return acked; }, std::chrono::seconds(120))) ::_exit(1);
        double seconds = Seconds(std::chrono::steady_clock::now() - start).count();
        write_all(result_fd, &seconds, sizeof seconds);
    };
    auto receiver = [&] {
        Side side(0, 1, to_child.out(), to_parent.in());
        size_t received = 0;
        side.transport->on_message([&](int, std::string_view) { ++received; });
        auto deadline = std::chrono::seconds(120);
        if (!side.loop.run_until([&] { return received == count; }, deadline)) std::exit(1);
        side.transport->send(1, "ack");
        side.loop.run_until([&] { return side.transport->stats().messages_sent == 1; }, deadline);
    };
    return run_pair(sender, receiver, result);
}

// ---- report --------------------------------------------------------------------------------

void report(const char* what, size_t size, size_t count, double seconds, double baseline) {
    double rate = static_cast<double>(count) / seconds;
    double mb = rate * static_cast<double>(size) / 1e6;
    std::printf("    %-44s %10.0f msg/s %8.1f MB/s", what, rate, mb);
    if (baseline > 0) std::printf("  = %.2f x baseline", baseline / seconds);
    std::printf("\n");
}

void measure(size_t size, size_t count, int runs) {
    auto best = [runs](const std::function<double()>& run) {
        double b = 1e9;
        for (int i = 0; i < runs; ++i)
            b = std::min(b, run());
        return b;
    };
    double raw = best([&] { return raw_run(size, count, 1); });
    size_t per_mib = std::max<size_t>(1, (1 << 20) / size);
    double bulk = best([&] { return raw_run(size, count, per_mib); });
    double ours = best([&] { return transport_run(size, count); });
    std::printf("  %zu-byte messages, %zu per run\n", size, count);
    report("raw send() per message (baseline)", size, count, raw, 0);
    report("raw 1 MiB writes (loopback bound, context)", size, count, bulk, raw);
    report("TcpTransport", size, count, ours, raw);
}

} // namespace

int main() {
    constexpr int kRuns = 5;
    std::printf("transport benchmark: two processes on loopback, best of %d runs\n", kRuns);
    measure(100, 500000, kRuns);
    measure(10 * 1024, 50000, kRuns);
    return 0;
}
