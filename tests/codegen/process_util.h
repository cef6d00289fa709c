// Child processes for the tests of extracted programs: start a program with pipes
// on its standard input and output, feed it lines, read what it prints with a
// deadline, and stop it (by its own pid) when the test is done.
#pragma once

#include <asio/ip/tcp.hpp>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace ivy::codegen::testing {

using Clock = std::chrono::steady_clock;

class Child {
public:
    // Starts `program` with `args`; standard error goes to `stderr_file` (if given).
    Child(const std::string& program, const std::vector<std::string>& args, const std::string& stderr_file = "") {
        int in[2], out[2];
        if (pipe(in) != 0 || pipe(out) != 0) return;
        pid_ = fork();
        if (pid_ == 0) {
            dup2(in[0], STDIN_FILENO);
            dup2(out[1], STDOUT_FILENO);
            if (!stderr_file.empty()) {
                int fd = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd >= 0) dup2(fd, STDERR_FILENO);
            }
            close(in[0]);
            close(in[1]);
            close(out[0]);
            close(out[1]);
            std::vector<char*> argv{const_cast<char*>(program.c_str())};
            for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(program.c_str(), argv.data());
            _exit(127);
        }
        close(in[0]);
        close(out[1]);
        stdin_ = in[1];
        stdout_ = out[0];
        fcntl(stdout_, F_SETFL, fcntl(stdout_, F_GETFL) | O_NONBLOCK);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child() {
        close_input();
        if (stdout_ >= 0) close(stdout_);
        if (pid_ > 0 && !exited_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }

    bool started() const { return pid_ > 0; }

    void write(const std::string& text) {
        size_t done = 0;
        while (done < text.size()) {
            ssize_t n = ::write(stdin_, text.data() + done, text.size() - done);
            if (n <= 0) return;
            done += static_cast<size_t>(n);
        }
    }

    void close_input() {
        if (stdin_ >= 0) close(stdin_);
        stdin_ = -1;
    }

    // Reads whatever is available within `wait`; false once the output has ended.
    bool pump(std::chrono::milliseconds wait) {
        if (stdout_ < 0) return false;
        pollfd p{stdout_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(wait.count())) <= 0) return true;
        char buf[4096];
        for (;;) {
            ssize_t n = read(stdout_, buf, sizeof buf);
            if (n > 0) {
                output_.append(buf, static_cast<size_t>(n));
                continue;
            }
            if (n == 0) {
                close(stdout_);
                stdout_ = -1;
                return false;
            }
            return errno == EAGAIN || errno == EINTR;
        }
    }

    // Reads until `done(output)` holds or `deadline` passes; returns done(output).
    template <class Pred> bool read_until(Pred done, Clock::time_point deadline) {
        while (!done(output_)) {
            if (Clock::now() >= deadline) return false;
            if (!pump(std::chrono::milliseconds(20)) && !done(output_)) return false;
        }
        return true;
    }

    // Waits for the process to exit (reading its output meanwhile); its status, or
    // -1 if it was still running at the deadline.
    int wait_exit(Clock::time_point deadline) {
        while (Clock::now() < deadline) {
            pump(std::chrono::milliseconds(20));
            int status = 0;
            pid_t r = waitpid(pid_, &status, WNOHANG);
            if (r == pid_) {
                exited_ = true;
                while (pump(std::chrono::milliseconds(0))) {
                }
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
        }
        return -1;
    }

    const std::string& output() const { return output_; }

private:
    pid_t pid_ = -1;
    int stdin_ = -1, stdout_ = -1;
    bool exited_ = false;
    std::string output_;
};

// Free loopback ports (bound then released: another process could take one in
// between, which would fail the test loudly rather than silently).
inline std::vector<unsigned short> free_ports(size_t n) {
    asio::io_context io;
    std::vector<asio::ip::tcp::acceptor> held;
    std::vector<unsigned short> ports;
    for (size_t i = 0; i < n; ++i) {
        held.emplace_back(io, asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), 0));
        ports.push_back(held.back().local_endpoint().port());
    }
    return ports;
}

inline size_t count_lines_with(const std::string& text, const std::string& needle) {
    size_t n = 0, pos = 0;
    while ((pos = text.find(needle, pos)) != std::string::npos) {
        ++n;
        pos += needle.size();
    }
    return n;
}

} // namespace ivy::codegen::testing
