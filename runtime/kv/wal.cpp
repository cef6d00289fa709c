#include "runtime/kv/wal.h"

#include "runtime/kv/crc32c.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>

namespace ivy::kv {

namespace wal {

namespace {

constexpr char kSegmentMagic[8] = {'I', 'V', 'Y', 'W', 'A', 'L', 0, 1};
constexpr char kSnapshotMagic[8] = {'I', 'V', 'Y', 'S', 'N', 'A', 'P', 1};
constexpr std::size_t kSnapshotHeaderBytes = 28;

void put_le32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_le64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void set_le32(char* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
std::uint32_t le32(const char* p) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}
std::uint64_t le64(const char* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

std::uint32_t record_crc(std::uint32_t length, std::uint64_t lsn, std::string_view payload) {
    char prefix[12];
    set_le32(prefix, length);
    for (int i = 0; i < 8; ++i) prefix[4 + i] = static_cast<char>((lsn >> (8 * i)) & 0xff);
    return crc32c(payload, crc32c(std::string_view(prefix, sizeof prefix)));
}

std::optional<std::uint64_t> parse_numbered(std::string_view name, std::string_view prefix,
                                            std::string_view suffix) {
    if (name.size() != prefix.size() + 20 + suffix.size()) return std::nullopt;
    if (name.substr(0, prefix.size()) != prefix) return std::nullopt;
    if (name.substr(name.size() - suffix.size()) != suffix) return std::nullopt;
    auto digits = name.substr(prefix.size(), 20);
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return v;
}

std::string numbered(std::string_view prefix, std::uint64_t n, std::string_view suffix) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(n));
    return std::string(prefix) + digits + std::string(suffix);
}

} // namespace

std::string segment_name(std::uint64_t base) {
    return numbered("wal-", base, ".log");
}
std::string snapshot_name(std::uint64_t lsn) {
    return numbered("snap-", lsn, ".bin");
}
std::optional<std::uint64_t> parse_segment_name(std::string_view name) {
    return parse_numbered(name, "wal-", ".log");
}
std::optional<std::uint64_t> parse_snapshot_name(std::string_view name) {
    return parse_numbered(name, "snap-", ".bin");
}

std::string segment_header(std::uint64_t base) {
    std::string h(kSegmentMagic, sizeof kSegmentMagic);
    put_le64(h, base);
    put_le32(h, crc32c(h));
    return h;
}

void append_record(std::string& buf, std::string_view payload) {
    put_le32(buf, static_cast<std::uint32_t>(payload.size()));
    put_le32(buf, 0);
    buf.append(payload.data(), payload.size());
}

std::uint64_t seal(std::string& buf, std::uint64_t first) {
    std::uint64_t count = 0;
    std::size_t pos = 0;
    while (pos + kRecordHeaderBytes <= buf.size()) {
        std::uint32_t len = le32(buf.data() + pos);
        std::string_view payload(buf.data() + pos + kRecordHeaderBytes, len);
        set_le32(buf.data() + pos + 4, record_crc(len, first + count, payload));
        pos += kRecordHeaderBytes + len;
        ++count;
    }
    return count;
}

Scan scan_segment(std::string_view file) {
    Scan s;
    if (file.size() < kSegmentHeaderBytes) {
        s.tail_error = "segment header is truncated";
        return s;
    }
    if (std::memcmp(file.data(), kSegmentMagic, sizeof kSegmentMagic) != 0 ||
        le32(file.data() + 16) != crc32c(file.substr(0, 16))) {
        s.tail_error = "segment header is corrupt";
        return s;
    }
    s.header_ok = true;
    s.base = le64(file.data() + 8);
    std::size_t pos = kSegmentHeaderBytes;
    while (pos < file.size()) {
        if (file.size() - pos < kRecordHeaderBytes) {
            s.tail_error = "truncated record header";
            break;
        }
        std::uint32_t len = le32(file.data() + pos);
        if (len > kMaxRecordBytes || file.size() - pos - kRecordHeaderBytes < len) {
            s.tail_error = "record of " + std::to_string(len) + " bytes runs past the end";
            break;
        }
        std::string_view payload = file.substr(pos + kRecordHeaderBytes, len);
        auto lsn = s.base + s.records.size();
        if (le32(file.data() + pos + 4) != record_crc(len, lsn, payload)) {
            s.tail_error = "checksum mismatch in record " + std::to_string(lsn);
            break;
        }
        s.records.push_back(payload);
        pos += kRecordHeaderBytes + len;
    }
    s.valid_bytes = pos;
    return s;
}

std::string encode_snapshot(std::uint64_t lsn, std::string_view payload) {
    std::string out(kSnapshotMagic, sizeof kSnapshotMagic);
    put_le64(out, lsn);
    put_le64(out, payload.size());
    std::uint32_t crc = crc32c(payload, crc32c(out));
    put_le32(out, crc);
    out.append(payload.data(), payload.size());
    return out;
}

SnapshotFile decode_snapshot(std::string_view file) {
    SnapshotFile s;
    if (file.size() < kSnapshotHeaderBytes ||
        std::memcmp(file.data(), kSnapshotMagic, sizeof kSnapshotMagic) != 0) {
        s.error = "not a snapshot file";
        return s;
    }
    s.lsn = le64(file.data() + 8);
    std::uint64_t len = le64(file.data() + 16);
    if (len != file.size() - kSnapshotHeaderBytes) {
        s.error = "snapshot length does not match the file size";
        return s;
    }
    s.payload = file.substr(kSnapshotHeaderBytes);
    if (le32(file.data() + 24) != crc32c(s.payload, crc32c(file.substr(0, 24)))) {
        s.error = "snapshot checksum mismatch";
        return s;
    }
    s.ok = true;
    return s;
}

} // namespace wal

// ---- WalStore ---------------------------------------------------------------------

FsStatus WalStore::open(std::shared_ptr<Fs> fs, const std::string& dir,
                        std::unique_ptr<WalStore>& store, Recovered& recovered) {
    std::unique_ptr<WalStore> s(new WalStore(std::move(fs), dir));
    if (auto st = s->fs_->make_dirs(dir); !st.ok()) return st;
    if (auto st = s->fs_->lock_dir(dir, s->lock_fd_); !st.ok()) return st;
    recovered = Recovered{};
    if (auto st = s->recover(recovered); !st.ok()) return st;
    store = std::move(s);
    return {};
}

WalStore::~WalStore() {
    if (fd_ >= 0) fs_->close(fd_);
    if (lock_fd_ >= 0) fs_->close(lock_fd_);
}

namespace {

struct DirListing {
    std::map<std::uint64_t, std::string> segments;  // base -> name
    std::map<std::uint64_t, std::string> snapshots; // lsn -> name
    std::vector<std::string> temporaries;
};

DirListing classify(const std::vector<std::string>& names) {
    DirListing d;
    for (const auto& n : names) {
        if (auto base = wal::parse_segment_name(n))
            d.segments[*base] = n;
        else if (auto lsn = wal::parse_snapshot_name(n))
            d.snapshots[*lsn] = n;
        else if (n.size() > 4 && n.substr(n.size() - 4) == ".tmp")
            d.temporaries.push_back(n);
    }
    return d;
}

} // namespace

// See the top of wal.h for what is repaired and what is refused.
FsStatus WalStore::recover(Recovered& out) {
    std::vector<std::string> names;
    if (auto st = fs_->list(dir_, names); !st.ok()) return st;
    DirListing d = classify(names);
    for (const auto& t : d.temporaries) {
        if (auto st = fs_->remove(path(t)); !st.ok()) return st;
        out.notes.push_back("removed unfinished " + t);
    }

    std::uint64_t snap_lsn = 0;
    if (!d.snapshots.empty()) {
        auto [lsn, name] = *d.snapshots.rbegin();
        std::string bytes;
        if (auto st = fs_->read(path(name), bytes); !st.ok()) return st;
        auto snap = wal::decode_snapshot(bytes);
        if (!snap.ok || snap.lsn != lsn)
            return {path(name) + ": " + (snap.ok ? "LSN does not match the name" : snap.error) +
                    "; refusing to start from a damaged snapshot"};
        out.snapshot = std::string(snap.payload);
        snap_lsn = lsn;
    }
    out.first_lsn = snap_lsn;

    // Segments whose successor starts at or before the snapshot hold nothing needed.
    std::vector<std::pair<std::uint64_t, std::string>> segments(d.segments.begin(),
                                                                d.segments.end());
    std::size_t first_needed = 0;
    while (first_needed + 1 < segments.size() && segments[first_needed + 1].first <= snap_lsn)
        ++first_needed;

    std::uint64_t expected = 0; // the next LSN the log must continue with
    bool have_segment = false;
    std::uint64_t last_base = 0;
    for (std::size_t i = first_needed; i < segments.size(); ++i) {
        const auto& [base, name] = segments[i];
        bool last = i + 1 == segments.size();
        if (have_segment && base != expected)
            return {path(name) + ": starts at record " + std::to_string(base) + " but record " +
                    std::to_string(expected) + " was expected; records are missing"};
        std::string bytes;
        if (auto st = fs_->read(path(name), bytes); !st.ok()) return st;
        wal::Scan scan = wal::scan_segment(bytes);
        if (!scan.header_ok || scan.base != base) {
            std::string why = scan.header_ok ? "base does not match the name" : scan.tail_error;
            // A segment's header is synced before any record goes in, so a damaged
            // header with nothing after it means the crash came first and nothing
            // in it counted. With bytes after it, records we acted on are damaged.
            if (!last || bytes.size() > wal::kSegmentHeaderBytes)
                return {path(name) + ": " + why + "; refusing to guess where its records are"};
            if (auto st = fs_->remove(path(name)); !st.ok()) return st;
            out.notes.push_back("removed " + name + ", created just before a crash (" + why + ")");
            break;
        }
        if (!have_segment && base > snap_lsn)
            return {path(name) + ": starts at record " + std::to_string(base) +
                    " but the snapshot ends at " + std::to_string(snap_lsn) +
                    "; records are missing"};
        if (!scan.tail_error.empty()) {
            if (!last)
                return {path(name) + ": " + scan.tail_error + " at byte " +
                        std::to_string(scan.valid_bytes) + " (not the last segment)"};
            int fd = -1;
            if (auto st = fs_->open_append(path(name), false, fd); !st.ok()) return st;
            auto st = fs_->truncate(fd, scan.valid_bytes);
            if (st.ok()) st = fs_->sync(fd);
            fs_->close(fd);
            if (!st.ok()) return st;
            out.notes.push_back("cut " + std::to_string(bytes.size() - scan.valid_bytes) +
                                " bytes of torn or corrupt tail from " + name + " (" +
                                scan.tail_error + ")");
        }
        for (std::size_t k = 0; k < scan.records.size(); ++k)
            if (base + k >= snap_lsn) out.records.emplace_back(scan.records[k]);
        have_segment = true;
        last_base = base;
        expected = base + scan.records.size();
    }
    // Leftovers of a snapshot whose clean-up did not finish.
    for (std::size_t i = 0; i < first_needed; ++i) {
        if (auto st = fs_->remove(path(segments[i].second)); !st.ok()) return st;
        out.notes.push_back("removed obsolete " + segments[i].second);
    }
    for (const auto& [lsn, name] : d.snapshots) {
        if (lsn >= snap_lsn) continue;
        if (auto st = fs_->remove(path(name)); !st.ok()) return st;
        out.notes.push_back("removed obsolete " + name);
    }

    if (have_segment && expected >= snap_lsn) {
        next_lsn_ = expected;
        return open_segment(last_base);
    }
    // Nothing to append to (fresh directory, or the snapshot covers every record).
    next_lsn_ = snap_lsn;
    return start_segment(snap_lsn);
}

FsStatus WalStore::open_segment(std::uint64_t base) {
    if (fd_ >= 0) fs_->close(fd_);
    fd_ = -1;
    segment_base_ = base;
    return fs_->open_append(path(wal::segment_name(base)), false, fd_);
}

// A new segment starting at `base`, its header durable before any record.
FsStatus WalStore::start_segment(std::uint64_t base) {
    std::string name = path(wal::segment_name(base));
    int fd = -1;
    if (auto st = fs_->open_append(name, true, fd); !st.ok()) return st;
    auto st = fs_->write(fd, wal::segment_header(base));
    if (st.ok()) st = fs_->sync(fd);
    if (st.ok()) st = fs_->sync_dir(dir_);
    if (!st.ok()) {
        fs_->close(fd);
        return st;
    }
    if (fd_ >= 0) fs_->close(fd_);
    fd_ = fd;
    segment_base_ = base;
    return {};
}

FsStatus WalStore::append(std::string& records, std::uint64_t first_lsn) {
    if (first_lsn != next_lsn_)
        return {"write-ahead log: appending record " + std::to_string(first_lsn) + " but " +
                std::to_string(next_lsn_) + " is next"};
    auto count = wal::seal(records, first_lsn);
    if (auto st = fs_->write(fd_, records); !st.ok()) return st;
    next_lsn_ += count;
    dirty_ = true;
    return {};
}

FsStatus WalStore::sync() {
    if (!dirty_) return {};
    if (auto st = fs_->sync(fd_); !st.ok()) return st;
    dirty_ = false;
    return {};
}

FsStatus WalStore::snapshot(std::uint64_t lsn, std::string_view payload) {
    if (lsn != next_lsn_)
        return {"snapshot at " + std::to_string(lsn) + " but the log is at " +
                std::to_string(next_lsn_)};
    if (auto st = sync(); !st.ok()) return st;
    std::string final_name = path(wal::snapshot_name(lsn));
    std::string tmp = final_name + ".tmp";
    int fd = -1;
    if (auto st = fs_->open_append(tmp, true, fd); !st.ok()) return st;
    auto st = fs_->write(fd, wal::encode_snapshot(lsn, payload));
    if (st.ok()) st = fs_->sync(fd);
    fs_->close(fd);
    if (st.ok()) st = fs_->rename(tmp, final_name);
    if (st.ok()) st = fs_->sync_dir(dir_);
    if (!st.ok()) return st;
    if (segment_base_ != lsn) {
        if (auto s2 = start_segment(lsn); !s2.ok()) return s2;
    }
    return remove_older_than(lsn);
}

FsStatus WalStore::remove_older_than(std::uint64_t lsn) {
    std::vector<std::string> names;
    if (auto st = fs_->list(dir_, names); !st.ok()) return st;
    DirListing d = classify(names);
    bool removed = false;
    for (const auto& [base, name] : d.segments) {
        if (base >= lsn) continue;
        if (auto st = fs_->remove(path(name)); !st.ok()) return st;
        removed = true;
    }
    for (const auto& [snap, name] : d.snapshots) {
        if (snap >= lsn) continue;
        if (auto st = fs_->remove(path(name)); !st.ok()) return st;
        removed = true;
    }
    return removed ? fs_->sync_dir(dir_) : FsStatus{};
}

} // namespace ivy::kv
