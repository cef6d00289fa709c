// The write-ahead log and snapshots on disk: format, recovery of torn and corrupt
// tails, refusal of damage it cannot repair, and crashes at every step of writing.
#include "runtime/kv/wal.h"
#include "tests/kv/crash_fs.h"
#include "tests/kv/kv_test_util.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace ivy::kv::testing {
namespace {

namespace fs = std::filesystem;

std::string record(std::uint64_t lsn) {
    return "record-" + std::to_string(lsn) + std::string(lsn % 7, '+');
}

// Opens `dir` with `fsys`; fails the test on error.
std::unique_ptr<WalStore> open_store(const fs::path& dir, Recovered& rec,
                                     std::shared_ptr<Fs> fsys = posix_fs()) {
    std::unique_ptr<WalStore> store;
    auto st = WalStore::open(fsys, dir.string(), store, rec);
    EXPECT_TRUE(st.ok()) << st.error;
    return store;
}

FsStatus append(WalStore& s, std::uint64_t count) {
    std::string buf;
    auto first = s.next_lsn();
    for (std::uint64_t i = 0; i < count; ++i) wal::append_record(buf, record(first + i));
    return s.append(buf, first);
}

// Records recovery returned, checked against record(lsn); returns how many.
std::uint64_t check_records(const Recovered& rec) {
    for (std::size_t i = 0; i < rec.records.size(); ++i)
        EXPECT_EQ(rec.records[i], record(rec.first_lsn + i)) << "lsn " << rec.first_lsn + i;
    return rec.first_lsn + rec.records.size();
}

fs::path only_segment(const fs::path& dir) {
    for (auto& e : fs::directory_iterator(dir))
        if (wal::parse_segment_name(e.path().filename().string())) return e.path();
    return {};
}

void flip_byte(const fs::path& file, std::size_t at) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(at));
    char c = 0;
    f.get(c);
    f.seekp(static_cast<std::streamoff>(at));
    f.put(static_cast<char>(c ^ 0x10));
}

TEST(KvWal, FreshDirectoryStartsEmptyAndRecordsSurviveReopening) {
    TempDir tmp;
    {
        Recovered rec;
        auto s = open_store(tmp.path(), rec);
        EXPECT_FALSE(rec.snapshot);
        EXPECT_TRUE(rec.records.empty());
        ASSERT_TRUE(append(*s, 10).ok());
        ASSERT_TRUE(s->sync().ok());
    }
    Recovered rec;
    auto s = open_store(tmp.path(), rec);
    EXPECT_EQ(check_records(rec), 10u);
    EXPECT_EQ(s->next_lsn(), 10u);
    EXPECT_TRUE(rec.notes.empty());
}

TEST(KvWal, ADirectoryIsUsedByOneNodeAtATime) {
    TempDir tmp;
    Recovered rec;
    auto first = open_store(tmp.path(), rec);
    std::unique_ptr<WalStore> second;
    auto st = WalStore::open(posix_fs(), tmp.path().string(), second, rec);
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.error.find("in use"), std::string::npos) << st.error;
}

TEST(KvWal, SnapshotDropsTheLogBeforeItAndRecoveryStartsThere) {
    TempDir tmp;
    {
        Recovered rec;
        auto s = open_store(tmp.path(), rec);
        ASSERT_TRUE(append(*s, 5).ok());
        ASSERT_TRUE(s->snapshot(5, "state@5").ok());
        ASSERT_TRUE(append(*s, 3).ok());
        ASSERT_TRUE(s->sync().ok());
    }
    Recovered rec;
    auto s = open_store(tmp.path(), rec);
    ASSERT_TRUE(rec.snapshot);
    EXPECT_EQ(*rec.snapshot, "state@5");
    EXPECT_EQ(rec.first_lsn, 5u);
    EXPECT_EQ(check_records(rec), 8u);
    std::vector<std::string> names;
    for (auto& e : fs::directory_iterator(tmp.path())) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    std::vector<std::string> want = {"LOCK", wal::snapshot_name(5), wal::segment_name(5)};
    EXPECT_EQ(names, want);
}

TEST(KvWal, SnapshotAtTheStartOfASegmentKeepsIt) {
    TempDir tmp;
    Recovered rec;
    auto s = open_store(tmp.path(), rec);
    ASSERT_TRUE(s->snapshot(0, "empty").ok());
    ASSERT_TRUE(append(*s, 2).ok());
    ASSERT_TRUE(s->snapshot(2, "two").ok());
    ASSERT_TRUE(s->snapshot(2, "two again").ok());
    s.reset();
    auto s2 = open_store(tmp.path(), rec);
    EXPECT_EQ(*rec.snapshot, "two again");
    EXPECT_EQ(check_records(rec), 2u);
}

// A crash while appending leaves any prefix of the last write: recovery keeps exactly
// the whole records and cuts the rest, and the log continues after them.
TEST(KvWal, TornTailAtEveryByteIsCutToTheWholeRecords) {
    TempDir base;
    {
        Recovered rec;
        auto s = open_store(base.path() / "orig", rec);
        ASSERT_TRUE(append(*s, 6).ok());
        ASSERT_TRUE(s->sync().ok());
    }
    fs::path seg = only_segment(base.path() / "orig");
    auto full = fs::file_size(seg);
    // Record boundaries, to know how many whole records a prefix holds.
    std::vector<std::uintmax_t> ends;
    std::uintmax_t pos = wal::kSegmentHeaderBytes;
    for (std::uint64_t i = 0; i < 6; ++i) {
        pos += wal::kRecordHeaderBytes + record(i).size();
        ends.push_back(pos);
    }
    for (std::uintmax_t len = wal::kSegmentHeaderBytes; len <= full; ++len) {
        fs::path dir = base.path() / ("cut" + std::to_string(len));
        fs::copy(base.path() / "orig", dir);
        fs::remove(dir / "LOCK");
        fs::resize_file(only_segment(dir), len);
        std::uint64_t whole = 0;
        while (whole < ends.size() && ends[whole] <= len) ++whole;
        Recovered rec;
        auto s = open_store(dir, rec);
        ASSERT_TRUE(s);
        EXPECT_EQ(check_records(rec), whole) << "prefix of " << len << " bytes";
        bool boundary = len == wal::kSegmentHeaderBytes ||
                        std::find(ends.begin(), ends.end(), len) != ends.end();
        EXPECT_EQ(rec.notes.empty(), boundary) << "a cut is reported, only when needed: " << len;
        ASSERT_TRUE(append(*s, 2).ok());
        ASSERT_TRUE(s->sync().ok());
        s.reset();
        Recovered again;
        auto s2 = open_store(dir, again);
        EXPECT_EQ(check_records(again), whole + 2) << len;
        EXPECT_TRUE(again.notes.empty());
        s2.reset();
        fs::remove_all(dir);
    }
}

// A damaged byte anywhere in the last segment's records: everything from the damaged
// record on is cut, nothing damaged is ever replayed.
TEST(KvWal, CorruptByteInTheLastSegmentCutsFromThatRecord) {
    TempDir base;
    {
        Recovered rec;
        auto s = open_store(base.path() / "orig", rec);
        ASSERT_TRUE(append(*s, 5).ok());
        ASSERT_TRUE(s->sync().ok());
    }
    fs::path seg = only_segment(base.path() / "orig");
    auto full = fs::file_size(seg);
    std::vector<std::uintmax_t> starts;
    std::uintmax_t pos = wal::kSegmentHeaderBytes;
    for (std::uint64_t i = 0; i < 5; ++i) {
        starts.push_back(pos);
        pos += wal::kRecordHeaderBytes + record(i).size();
    }
    for (std::uintmax_t at = wal::kSegmentHeaderBytes; at < full; ++at) {
        fs::path dir = base.path() / "flip";
        fs::copy(base.path() / "orig", dir);
        fs::remove(dir / "LOCK");
        flip_byte(only_segment(dir), at);
        std::uint64_t intact = 0;
        while (intact + 1 < starts.size() && starts[intact + 1] <= at) ++intact;
        Recovered rec;
        auto s = open_store(dir, rec);
        ASSERT_TRUE(s);
        EXPECT_EQ(check_records(rec), intact) << "byte " << at;
        EXPECT_FALSE(rec.notes.empty());
        s.reset();
        fs::remove_all(dir);
    }
}

TEST(KvWal, DamageThatCannotBeATornWriteStopsRecovery) {
    TempDir base;
    {
        Recovered rec;
        auto s = open_store(base.path() / "orig", rec);
        ASSERT_TRUE(append(*s, 3).ok());
        ASSERT_TRUE(s->snapshot(3, "snap").ok());
        ASSERT_TRUE(append(*s, 3).ok());
        ASSERT_TRUE(s->sync().ok());
    }
    auto fresh = [&](const std::string& name) {
        fs::path dir = base.path() / name;
        fs::copy(base.path() / "orig", dir);
        fs::remove(dir / "LOCK");
        return dir;
    };
    auto expect_refused = [](const fs::path& dir, const std::string& what) {
        std::unique_ptr<WalStore> s;
        Recovered rec;
        auto st = WalStore::open(posix_fs(), dir.string(), s, rec);
        EXPECT_FALSE(st.ok()) << what;
        EXPECT_FALSE(s) << what;
        return st.error;
    };
    // A damaged snapshot.
    fs::path d1 = fresh("snap");
    flip_byte(d1 / wal::snapshot_name(3), 29); // in the payload
    EXPECT_NE(expect_refused(d1, "snapshot").find("snapshot"), std::string::npos);
    // A damaged segment header with records after it.
    fs::path d2 = fresh("header");
    flip_byte(d2 / wal::segment_name(3), 3);
    expect_refused(d2, "header");
    // A segment missing before the one that continues the snapshot.
    fs::path d3 = fresh("gap");
    fs::remove(d3 / wal::snapshot_name(3));
    expect_refused(d3, "records before the first segment are missing");
}

TEST(KvWal, CorruptRecordInANonLastSegmentStopsRecovery) {
    TempDir tmp;
    {
        Recovered rec;
        auto s = open_store(tmp.path(), rec);
        ASSERT_TRUE(append(*s, 3).ok());
        ASSERT_TRUE(s->sync().ok());
    }
    // Make a second segment by hand (as if a snapshot's clean-up had not run yet,
    // and the snapshot itself were lost), then damage the first.
    {
        std::ofstream f(tmp.path() / wal::segment_name(3), std::ios::binary);
        f << wal::segment_header(3);
    }
    flip_byte(tmp.path() / wal::segment_name(0), wal::kSegmentHeaderBytes + 9);
    std::unique_ptr<WalStore> s;
    Recovered rec;
    auto st = WalStore::open(posix_fs(), tmp.path().string(), s, rec);
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.error.find("not the last segment"), std::string::npos) << st.error;
}

// The store's life in one script: appends, syncs and snapshots. Returns how many
// records were acknowledged (made durable) before the first error.
std::uint64_t run_script(const fs::path& dir, std::shared_ptr<Fs> fsys) {
    std::unique_ptr<WalStore> s;
    Recovered rec;
    if (!WalStore::open(fsys, dir.string(), s, rec).ok()) return 0;
    std::uint64_t acked = s->next_lsn();
    auto step = [&](FsStatus st) {
        if (st.ok()) return true;
        return false;
    };
    struct Op {
        char kind; // a: append n, s: sync, p: snapshot
        std::uint64_t n;
    };
    const Op script[] = {{'a', 4}, {'s', 0}, {'a', 3}, {'a', 2}, {'s', 0}, {'p', 0}, {'a', 5},
                         {'s', 0}, {'a', 1}, {'p', 0}, {'a', 2}, {'s', 0}, {'p', 0}, {'a', 3},
                         {'s', 0}};
    for (const Op& op : script) {
        if (op.kind == 'a' && !step(append(*s, op.n))) return acked;
        if (op.kind == 's') {
            if (!step(s->sync())) return acked;
            acked = s->next_lsn();
        }
        if (op.kind == 'p') {
            auto lsn = s->next_lsn();
            if (!step(s->snapshot(lsn, "state@" + std::to_string(lsn)))) return acked;
            acked = lsn;
        }
    }
    return acked;
}

// Crash at every operation of the script, lose what was not synced (tearing the
// tails), recover: recovery always succeeds, every acknowledged record is there,
// nothing that was never written appears, and the log then continues normally.
TEST(KvWal, CrashAtEveryOperationLosesNothingAcknowledged) {
    TempDir base;
    long total = 0;
    {
        auto counting = std::make_shared<CrashFs>(-1, 1);
        run_script(base.path() / "count", counting);
        total = counting->operations();
    }
    ASSERT_GT(total, 30);
    for (long crash_at = 1; crash_at <= total; ++crash_at) {
        for (std::uint64_t variant = 0; variant < 3; ++variant) {
            fs::path dir = base.path() / ("c" + std::to_string(crash_at) + "-" +
                                          std::to_string(variant));
            auto cfs = std::make_shared<CrashFs>(crash_at, crash_at * 31 + variant);
            std::uint64_t acked = run_script(dir, cfs);
            ASSERT_TRUE(cfs->crashed()) << crash_at;
            cfs->lose_unsynced();
            Recovered rec;
            auto s = open_store(dir, rec);
            ASSERT_TRUE(s) << "crash at operation " << crash_at;
            if (rec.snapshot) {
                EXPECT_EQ(*rec.snapshot, "state@" + std::to_string(rec.first_lsn));
            } else {
                EXPECT_EQ(rec.first_lsn, 0u);
            }
            std::uint64_t end = check_records(rec);
            EXPECT_GE(end, acked) << "crash at operation " << crash_at;
            // And life goes on from there.
            ASSERT_TRUE(append(*s, 2).ok());
            ASSERT_TRUE(s->snapshot(s->next_lsn(), "after").ok());
            ASSERT_TRUE(append(*s, 1).ok());
            ASSERT_TRUE(s->sync().ok());
            s.reset();
            Recovered again;
            auto s2 = open_store(dir, again);
            EXPECT_EQ(*again.snapshot, "after");
            EXPECT_EQ(check_records(again), end + 3);
            s2.reset();
            fs::remove_all(dir);
        }
    }
}

TEST(KvWal, RecordNamesSortByNumber) {
    EXPECT_EQ(wal::segment_name(12), "wal-00000000000000000012.log");
    EXPECT_EQ(wal::parse_segment_name("wal-00000000000000000012.log"), 12u);
    EXPECT_EQ(wal::parse_snapshot_name(wal::snapshot_name(99)), 99u);
    EXPECT_FALSE(wal::parse_segment_name("wal-12.log"));
    EXPECT_FALSE(wal::parse_segment_name("wal-0000000000000000001x.log"));
    EXPECT_LT(wal::segment_name(9), wal::segment_name(10));
}

} // namespace
} // namespace ivy::kv::testing
