// Child processes for the kvserver program tests: run to completion capturing output,
// or keep running while the test reads its standard output line by line. Every wait
// has a deadline; a child still alive at the end is killed by its own pid.
#pragma once

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace ivy::kv::testing {

class Process {
public:
    // Starts `argv[0]` with `argv`; stdout is a pipe, stderr goes to `stderr_path`
    // (or is merged into stdout when empty).
    explicit Process(const std::vector<std::string>& argv, const std::string& stderr_path = "") {
        int out[2];
        if (::pipe(out) != 0) return;
        pid_ = ::fork();
        if (pid_ == 0) {
            // Dies with the test (even one that aborts and runs no destructor), so a
            // failed test never leaves servers behind. Set by the thread that forks.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            ::dup2(out[1], STDOUT_FILENO);
            if (stderr_path.empty()) {
                ::dup2(out[1], STDERR_FILENO);
            } else {
                int fd = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd >= 0) ::dup2(fd, STDERR_FILENO);
            }
            ::close(out[0]);
            ::close(out[1]);
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        ::close(out[1]);
        out_ = out[0];
    }
    ~Process() {
        if (pid_ > 0 && !reaped_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (out_ >= 0) ::close(out_);
    }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return pid_; }
    const std::string& output() const { return buffer_; }

    // Reads output until it contains `text`; false on timeout or end of output.
    bool wait_for_output(const std::string& text,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (buffer_.find(text) == std::string::npos) {
            if (!read_some(deadline)) return buffer_.find(text) != std::string::npos;
        }
        return true;
    }

    // Waits for the exit status (reading output meanwhile); nullopt on timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (read_some(deadline)) {
        }
        for (;;) {
            int status = 0;
            pid_t r = ::waitpid(pid_, &status, WNOHANG);
            if (r == pid_) {
                reaped_ = true;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
            ::usleep(5000);
        }
    }

    void signal(int sig) { ::kill(pid_, sig); }

private:
    // False at end of output or deadline.
    bool read_some(std::chrono::steady_clock::time_point deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || out_ < 0) return false;
        pollfd p{out_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
        char buf[4096];
        ssize_t n = ::read(out_, buf, sizeof buf);
        if (n <= 0) return false;
        buffer_.append(buf, static_cast<std::size_t>(n));
        return true;
    }

    pid_t pid_ = -1;
    int out_ = -1;
    bool reaped_ = false;
    std::string buffer_;
};

// Runs a program to completion: {exit status, combined output}.
inline std::pair<int, std::string> run_program(const std::vector<std::string>& argv) {
    Process p(argv);
    auto status = p.wait();
    return {status.value_or(-1), p.output()};
}

} // namespace ivy::kv::testing
