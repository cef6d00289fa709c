#include "support/source_location.h"

#include <deque>
#include <mutex>
#include <unordered_map>

namespace ivy {
namespace {

struct FileTable {
    std::mutex mutex;
    std::deque<std::string> names{"(internal)"}; // a deque keeps references stable
    std::unordered_map<std::string_view, FileId> ids;
};

FileTable& table() {
    static FileTable instance;
    return instance;
}

} // namespace

FileId intern_file(std::string_view name) {
    FileTable& t = table();
    std::lock_guard lock(t.mutex);
    if (auto it = t.ids.find(name); it != t.ids.end()) return it->second;
    const std::string& stored = t.names.emplace_back(name);
    const auto id = static_cast<FileId>(t.names.size() - 1);
    t.ids.emplace(stored, id);
    return id;
}

const std::string& file_name(FileId id) {
    FileTable& t = table();
    std::lock_guard lock(t.mutex);
    return id < t.names.size() ? t.names[id] : t.names[kNoFile];
}

} // namespace ivy
