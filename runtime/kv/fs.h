// The few file-system operations the write-ahead log and snapshots need, behind an
// interface so that tests can crash the store between any two of them (and lose
// whatever was not yet synced), then check what recovery makes of the files.
//
// Errors are values: every call returns a FsStatus naming the operation, the path
// and errno's text.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ivy::kv {

struct FsStatus {
    std::string error; // empty: success
    bool ok() const { return error.empty(); }
};

class Fs {
public:
    virtual ~Fs() = default;

    // Creates `dir` (and parents) if missing.
    virtual FsStatus make_dirs(const std::string& dir) = 0;
    // Names (not paths) of the entries of `dir`.
    virtual FsStatus list(const std::string& dir, std::vector<std::string>& names) = 0;
    virtual FsStatus read(const std::string& path, std::string& bytes) = 0;

    // Opens for appending; `create` also creates it (failing if it exists).
    virtual FsStatus open_append(const std::string& path, bool create, int& fd) = 0;
    virtual FsStatus write(int fd, std::string_view bytes) = 0;
    virtual FsStatus sync(int fd) = 0; // fdatasync
    virtual FsStatus truncate(int fd, std::uint64_t size) = 0;
    virtual void close(int fd) = 0;

    virtual FsStatus rename(const std::string& from, const std::string& to) = 0;
    virtual FsStatus remove(const std::string& path) = 0;
    virtual FsStatus sync_dir(const std::string& dir) = 0;

    // An exclusive advisory lock on `dir`, held until `lock_fd` is closed: two nodes must never
    // share a data directory.
    virtual FsStatus lock_dir(const std::string& dir, int& lock_fd) = 0;
};

// The real thing (POSIX).
std::shared_ptr<Fs> posix_fs();

std::string join_path(const std::string& dir, const std::string& name);

} // namespace ivy::kv
