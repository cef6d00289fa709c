// A file system that crashes on cue, for the write-ahead-log tests.
//
// Every mutating operation (create, write, sync, truncate, rename, remove, directory
// sync) is numbered. At operation `crash_at` the "machine" dies: a write in
// progress lands only partly (a random prefix), and that operation and every later
// one fail. lose_unsynced() then models what the page cache takes with it: every
// file written since its last sync is cut to a random length between its synced
// length and its current length (a torn, not merely truncated, tail).
//
// Directory operations (create, rename, remove) are treated as durable at once;
// their ordering is what the store's protocol relies on and what the tests vary.
#pragma once

#include "runtime/kv/fs.h"

#include <filesystem>
#include <map>
#include <random>
#include <string>

namespace ivy::kv::testing {

class CrashFs final : public Fs {
public:
    CrashFs(long crash_at, std::uint64_t seed) : real_(posix_fs()), crash_at_(crash_at), rng_(seed) {}

    bool crashed() const { return crashed_; }
    long operations() const { return ops_; }
    long syncs() const { return syncs_; }

    void lose_unsynced() {
        for (auto& [path, synced] : synced_) {
            std::error_code ec;
            auto size = std::filesystem::file_size(path, ec);
            if (ec || size <= synced) continue;
            std::uniform_int_distribution<std::uintmax_t> pick(synced, size);
            std::filesystem::resize_file(path, pick(rng_), ec);
        }
    }

    FsStatus make_dirs(const std::string& dir) override { return real_->make_dirs(dir); }
    FsStatus list(const std::string& dir, std::vector<std::string>& names) override {
        return real_->list(dir, names);
    }
    FsStatus read(const std::string& path, std::string& bytes) override {
        return real_->read(path, bytes);
    }

    FsStatus open_append(const std::string& path, bool create, int& fd) override {
        if (create && !step()) return crash();
        auto st = real_->open_append(path, create, fd);
        if (st.ok()) {
            paths_[fd] = path;
            if (create || !synced_.count(path)) {
                std::error_code ec;
                synced_[path] = create ? 0 : std::filesystem::file_size(path, ec);
            }
        }
        return st;
    }

    FsStatus write(int fd, std::string_view bytes) override {
        if (!step()) {
            std::uniform_int_distribution<std::size_t> pick(0, bytes.size());
            (void)real_->write(fd, bytes.substr(0, pick(rng_)));
            return crash();
        }
        return real_->write(fd, bytes);
    }

    FsStatus sync(int fd) override {
        if (!step()) return crash();
        ++syncs_;
        auto st = real_->sync(fd);
        std::error_code ec;
        if (st.ok() && paths_.count(fd))
            synced_[paths_[fd]] = std::filesystem::file_size(paths_[fd], ec);
        return st;
    }

    FsStatus truncate(int fd, std::uint64_t size) override {
        if (!step()) return crash();
        auto st = real_->truncate(fd, size);
        if (st.ok() && paths_.count(fd) && synced_[paths_[fd]] > size) synced_[paths_[fd]] = size;
        return st;
    }

    void close(int fd) override {
        paths_.erase(fd);
        real_->close(fd);
    }

    FsStatus rename(const std::string& from, const std::string& to) override {
        if (!step()) return crash();
        auto st = real_->rename(from, to);
        if (st.ok() && synced_.count(from)) {
            synced_[to] = synced_[from];
            synced_.erase(from);
        }
        return st;
    }

    FsStatus remove(const std::string& path) override {
        if (!step()) return crash();
        synced_.erase(path);
        return real_->remove(path);
    }

    FsStatus sync_dir(const std::string& dir) override {
        if (!step()) return crash();
        return real_->sync_dir(dir);
    }

    FsStatus lock_dir(const std::string& dir, int& lock_fd) override {
        return real_->lock_dir(dir, lock_fd);
    }

private:
    // False when this operation is the crash (or comes after it).
    bool step() {
        if (crashed_) return false;
        ++ops_;
        if (crash_at_ >= 0 && ops_ >= crash_at_) crashed_ = true;
        return !crashed_;
    }
    static FsStatus crash() { return {"simulated crash"}; }

    std::shared_ptr<Fs> real_;
    long crash_at_;
    long ops_ = 0;
    long syncs_ = 0;
    bool crashed_ = false;
    std::mt19937_64 rng_;
    std::map<int, std::string> paths_;
    std::map<std::string, std::uintmax_t> synced_;
};

} // namespace ivy::kv::testing
