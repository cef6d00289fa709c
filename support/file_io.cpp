#include "support/file_io.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ivy {

std::optional<std::string> read_text_file(const std::string& path, std::string& error) {
    auto fail = [&](const char* reason) -> std::optional<std::string> {
        error = "cannot read '" + path + "': " + reason;
        return std::nullopt;
    };
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(std::strerror(errno));
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        return fail("not a regular file");
    }
    std::string text;
    text.resize(static_cast<size_t>(info.st_size));
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::read(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<size_t>(n);
    }
    int read_errno = errno;
    ::close(fd);
    if (done != text.size()) return fail(std::strerror(read_errno));
    return text;
}

} // namespace ivy
