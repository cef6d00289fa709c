// A tiny logger for the runtime: levels, one timestamped line per call, to stderr.
//
// Off by default except warnings and errors, because a healthy cluster should print
// nothing; the server's `--log` flag lowers the threshold to Info. Each line is
// formatted completely and then written with one call, so lines of concurrent
// processes sharing a terminal do not interleave mid-line. Tests install a sink to
// assert that a rejected connection really was reported.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

namespace ivy::runtime {

enum class LogLevel : int { Debug = 0, Info = 1, Warn = 2, Error = 3, Off = 4 };

// Receives each enabled line (already timestamped, without the trailing newline).
using LogSink = std::function<void(LogLevel, std::string_view line)>;

namespace detail {

struct LogState {
    std::atomic<int> threshold{static_cast<int>(LogLevel::Warn)};
    std::mutex mutex; // serializes sink calls and sink replacement
    LogSink sink;     // empty: stderr
};

// One instance per program, even though this is a header (inline function statics
// are shared across translation units).
inline LogState& log_state() {
    static LogState state;
    return state;
}

inline const char* level_name(LogLevel level) {
    switch (level) {
    case LogLevel::Debug:
        return "DEBUG";
    case LogLevel::Info:
        return "INFO";
    case LogLevel::Warn:
        return "WARN";
    case LogLevel::Error:
        return "ERROR";
    case LogLevel::Off:
        break;
    }
    return "?";
}

// UTC wall-clock time with milliseconds, ISO 8601, e.g. 2024-05-01T12:00:00.123Z:
// comparable across the nodes of a cluster, unlike the steady clock.
inline std::string timestamp() {
    auto now = std::chrono::system_clock::now();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
    std::time_t secs = static_cast<std::time_t>(ms.count() / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64]; // ample for any int values, so snprintf never truncates
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms.count() % 1000));
    return buf;
}

} // namespace detail

inline void set_log_level(LogLevel level) {
    detail::log_state().threshold.store(static_cast<int>(level), std::memory_order_relaxed);
}

inline LogLevel log_level() {
    return static_cast<LogLevel>(detail::log_state().threshold.load(std::memory_order_relaxed));
}

inline bool log_enabled(LogLevel level) {
    return level != LogLevel::Off && static_cast<int>(level) >= static_cast<int>(log_level());
}

// Replaces the destination of log lines; an empty sink restores stderr.
inline void set_log_sink(LogSink sink) {
    auto& state = detail::log_state();
    std::lock_guard lock(state.mutex);
    state.sink = std::move(sink);
}

// Writes one line if `level` is enabled: "TIMESTAMP LEVEL message".
inline void log_line(LogLevel level, std::string_view message) {
    if (!log_enabled(level)) return;
    std::string line = detail::timestamp();
    line += ' ';
    line += detail::level_name(level);
    line += ' ';
    line += message;
    auto& state = detail::log_state();
    std::lock_guard lock(state.mutex);
    if (state.sink) {
        state.sink(level, line);
        return;
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
}

// Streams every argument into one line; nothing is formatted when the level is off,
// so disabled debug logging in hot paths costs one atomic load.
template <class... Args> void log(LogLevel level, const Args&... args) {
    if (!log_enabled(level)) return;
    std::ostringstream out;
    (out << ... << args);
    log_line(level, out.str());
}

template <class... Args> void log_debug(const Args&... args) {
    log(LogLevel::Debug, args...);
}
template <class... Args> void log_info(const Args&... args) {
    log(LogLevel::Info, args...);
}
template <class... Args> void log_warn(const Args&... args) {
    log(LogLevel::Warn, args...);
}
template <class... Args> void log_error(const Args&... args) {
    log(LogLevel::Error, args...);
}

} // namespace ivy::runtime
