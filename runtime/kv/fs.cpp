#include "runtime/kv/fs.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ivy::kv {

namespace {

FsStatus failure(const char* what, const std::string& path) {
    return {std::string(what) + " " + path + ": " + std::strerror(errno)};
}

class PosixFs final : public Fs {
public:
    FsStatus make_dirs(const std::string& dir) override {
        std::string prefix;
        std::size_t pos = 0;
        while (pos <= dir.size()) {
            auto slash = dir.find('/', pos);
            if (slash == std::string::npos) slash = dir.size();
            prefix = dir.substr(0, slash);
            pos = slash + 1;
            if (prefix.empty()) continue;
            if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST)
                return failure("mkdir", prefix);
        }
        struct stat st {};
        if (::stat(dir.c_str(), &st) != 0) return failure("stat", dir);
        if (!S_ISDIR(st.st_mode)) return {dir + " is not a directory"};
        return {};
    }

    FsStatus list(const std::string& dir, std::vector<std::string>& names) override {
        names.clear();
        DIR* d = ::opendir(dir.c_str());
        if (!d) return failure("opendir", dir);
        while (auto* e = ::readdir(d)) {
            std::string name = e->d_name;
            if (name != "." && name != "..") names.push_back(name);
        }
        ::closedir(d);
        return {};
    }

    FsStatus read(const std::string& path, std::string& bytes) override {
        bytes.clear();
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return failure("open", path);
        char buf[1 << 16];
        for (;;) {
            ssize_t n = ::read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                auto st = failure("read", path);
                ::close(fd);
                return st;
            }
            if (n == 0) break;
            bytes.append(buf, static_cast<std::size_t>(n));
        }
        ::close(fd);
        return {};
    }

    FsStatus open_append(const std::string& path, bool create, int& fd) override {
        int flags = O_WRONLY | O_APPEND | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0);
        fd = ::open(path.c_str(), flags, 0644);
        if (fd < 0) return failure(create ? "create" : "open", path);
        return {};
    }

    FsStatus write(int fd, std::string_view bytes) override {
        while (!bytes.empty()) {
            ssize_t n = ::write(fd, bytes.data(), bytes.size());
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return failure("write", "fd " + std::to_string(fd));
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return {};
    }

    FsStatus sync(int fd) override {
        if (::fdatasync(fd) != 0) return failure("fdatasync", "fd " + std::to_string(fd));
        return {};
    }

    FsStatus truncate(int fd, std::uint64_t size) override {
        if (::ftruncate(fd, static_cast<off_t>(size)) != 0)
            return failure("ftruncate", "fd " + std::to_string(fd));
        return {};
    }

    void close(int fd) override { ::close(fd); }

    FsStatus rename(const std::string& from, const std::string& to) override {
        if (::rename(from.c_str(), to.c_str()) != 0) return failure("rename", from);
        return {};
    }

    FsStatus remove(const std::string& path) override {
        if (::unlink(path.c_str()) != 0 && errno != ENOENT) return failure("unlink", path);
        return {};
    }

    FsStatus sync_dir(const std::string& dir) override {
        int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return failure("open", dir);
        int rc = ::fsync(fd);
        auto st = rc == 0 ? FsStatus{} : failure("fsync", dir);
        ::close(fd);
        return st;
    }

    FsStatus lock_dir(const std::string& dir, int& lock_fd) override {
        std::string path = join_path(dir, "LOCK");
        lock_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (lock_fd < 0) return failure("open", path);
        if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
            auto st = errno == EWOULDBLOCK
                          ? FsStatus{"data directory " + dir + " is in use by another process"}
                          : failure("flock", path);
            ::close(lock_fd);
            lock_fd = -1;
            return st;
        }
        return {};
    }
};

} // namespace

std::shared_ptr<Fs> posix_fs() {
    static auto fs = std::make_shared<PosixFs>();
    return fs;
}

std::string join_path(const std::string& dir, const std::string& name) {
    if (dir.empty()) return name;
    return dir.back() == '/' ? dir + name : dir + "/" + name;
}

} // namespace ivy::kv
