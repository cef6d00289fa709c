// The group-commit writer: what it reports durable is on disk, one sync covers many
// requests, and a disk error stops all further progress.
#include "runtime/kv/group_commit.h"
#include "tests/kv/crash_fs.h"
#include "tests/kv/kv_test_util.h"

#include <atomic>
#include <condition_variable>
#include <gtest/gtest.h>
#include <mutex>
#include <thread>

namespace ivy::kv::testing {
namespace {

using namespace std::chrono_literals;

// Delays every sync, like a slow disk, and counts them.
class SlowFs final : public Fs {
public:
    explicit SlowFs(std::chrono::milliseconds delay) : real_(posix_fs()), delay_(delay) {}
    std::atomic<int> syncs{0};

    FsStatus make_dirs(const std::string& d) override { return real_->make_dirs(d); }
    FsStatus list(const std::string& d, std::vector<std::string>& n) override {
        return real_->list(d, n);
    }
    FsStatus read(const std::string& p, std::string& b) override { return real_->read(p, b); }
    FsStatus open_append(const std::string& p, bool c, int& fd) override {
        return real_->open_append(p, c, fd);
    }
    FsStatus write(int fd, std::string_view b) override { return real_->write(fd, b); }
    FsStatus sync(int fd) override {
        std::this_thread::sleep_for(delay_);
        ++syncs;
        return real_->sync(fd);
    }
    FsStatus truncate(int fd, std::uint64_t s) override { return real_->truncate(fd, s); }
    void close(int fd) override { real_->close(fd); }
    FsStatus rename(const std::string& a, const std::string& b) override {
        return real_->rename(a, b);
    }
    FsStatus remove(const std::string& p) override { return real_->remove(p); }
    FsStatus sync_dir(const std::string& d) override { return real_->sync_dir(d); }
    FsStatus lock_dir(const std::string& d, int& fd) override { return real_->lock_dir(d, fd); }

private:
    std::shared_ptr<Fs> real_;
    std::chrono::milliseconds delay_;
};

struct Progress {
    std::mutex m;
    std::condition_variable cv;
    std::vector<std::uint64_t> reports;
    std::string error;

    GroupCommitLog::Callbacks callbacks() {
        GroupCommitLog::Callbacks cb;
        cb.on_durable = [this](std::uint64_t n) {
            std::lock_guard l(m);
            reports.push_back(n);
            cv.notify_all();
        };
        cb.on_error = [this](const std::string& e) {
            std::lock_guard l(m);
            error = e;
            cv.notify_all();
        };
        return cb;
    }
    bool wait_for(std::uint64_t lsn, std::chrono::milliseconds timeout = 10s) {
        std::unique_lock l(m);
        return cv.wait_for(l, timeout,
                           [&] { return !reports.empty() && reports.back() >= lsn; });
    }
};

std::unique_ptr<WalStore> open_dir(const std::filesystem::path& dir, std::shared_ptr<Fs> fsys,
                                   Recovered& rec) {
    std::unique_ptr<WalStore> store;
    auto st = WalStore::open(std::move(fsys), dir.string(), store, rec);
    EXPECT_TRUE(st.ok()) << st.error;
    return store;
}

TEST(KvGroupCommit, ReportsDurabilityOnlyForWhatIsOnDisk) {
    TempDir tmp;
    Progress p;
    Recovered rec;
    {
        GroupCommitLog log(open_dir(tmp.path(), posix_fs(), rec), p.callbacks());
        for (int i = 0; i < 100; ++i) EXPECT_EQ(log.append("r" + std::to_string(i)), unsigned(i));
        log.request_sync();
        ASSERT_TRUE(p.wait_for(100));
        // Reported durable: a second process opening the files now sees them all.
        // (The lock is held, so read the segment directly.)
        std::string bytes;
        ASSERT_TRUE(posix_fs()->read((tmp.path() / wal::segment_name(0)).string(), bytes).ok());
        EXPECT_EQ(wal::scan_segment(bytes).records.size(), 100u);
    }
    for (std::size_t i = 1; i < p.reports.size(); ++i) EXPECT_GT(p.reports[i], p.reports[i - 1]);
}

TEST(KvGroupCommit, OneSyncCoversEveryRequestThatArrivedMeanwhile) {
    TempDir tmp;
    auto slow = std::make_shared<SlowFs>(20ms);
    Progress p;
    Recovered rec;
    auto store = open_dir(tmp.path(), slow, rec);
    int syncs_before = slow->syncs.load(); // creating the first segment syncs it
    GroupCommitLog log(std::move(store), p.callbacks());
    for (int i = 0; i < 200; ++i) {
        log.append("r");
        log.request_sync(); // as if every record held an output
    }
    ASSERT_TRUE(p.wait_for(200));
    int used = slow->syncs.load() - syncs_before;
    EXPECT_GE(used, 1);
    EXPECT_LE(used, 20) << "group commit should batch 200 sync requests into a few syncs";
}

TEST(KvGroupCommit, CloseWritesEverythingAppended) {
    TempDir tmp;
    Progress p;
    {
        Recovered rec;
        GroupCommitLog log(open_dir(tmp.path(), posix_fs(), rec), p.callbacks());
        for (int i = 0; i < 50; ++i) log.append("x" + std::to_string(i)); // no sync request
        log.close();
    }
    Recovered rec;
    auto store = open_dir(tmp.path(), posix_fs(), rec);
    ASSERT_EQ(rec.records.size(), 50u);
    EXPECT_EQ(rec.records[49], "x49");
}

TEST(KvGroupCommit, SnapshotIsWrittenAfterTheRecordsBeforeIt) {
    TempDir tmp;
    Progress p;
    {
        Recovered rec;
        GroupCommitLog log(open_dir(tmp.path(), posix_fs(), rec), p.callbacks());
        log.append("a");
        log.append("b");
        log.snapshot(2, "after-b");
        log.append("c");
        log.request_sync();
        ASSERT_TRUE(p.wait_for(3));
    }
    Recovered rec;
    auto store = open_dir(tmp.path(), posix_fs(), rec);
    EXPECT_EQ(rec.snapshot, "after-b");
    EXPECT_EQ(rec.first_lsn, 2u);
    EXPECT_EQ(rec.records, std::vector<std::string>{"c"});
}

TEST(KvGroupCommit, ADiskErrorIsReportedAndNothingLaterIsEverDurable) {
    TempDir tmp;
    Progress p;
    Recovered rec;
    // Count the operations of opening, then fail the first one after that.
    long open_ops = 0;
    {
        auto probe = std::make_shared<CrashFs>(-1, 1);
        TempDir other;
        open_dir(other.path(), probe, rec);
        open_ops = probe->operations();
    }
    auto failing = std::make_shared<CrashFs>(open_ops + 1, 1);
    GroupCommitLog log(open_dir(tmp.path(), failing, rec), p.callbacks());
    log.append("a");
    log.request_sync();
    {
        std::unique_lock l(p.m);
        ASSERT_TRUE(p.cv.wait_for(l, 10s, [&] { return !p.error.empty(); }));
    }
    EXPECT_TRUE(log.failed());
    log.append("b");
    log.request_sync();
    log.close();
    std::lock_guard l(p.m);
    EXPECT_TRUE(p.reports.empty());
}

TEST(KvGroupCommit, InlineModeDoesTheWorkInTheCall) {
    TempDir tmp;
    Progress p;
    Recovered rec;
    GroupCommitLog log(open_dir(tmp.path(), posix_fs(), rec), p.callbacks(),
                       GroupCommitLog::Mode::Inline);
    log.append("a");
    EXPECT_TRUE(p.reports.empty());
    log.request_sync();
    ASSERT_EQ(p.reports.size(), 1u);
    EXPECT_EQ(p.reports[0], 1u);
}

} // namespace
} // namespace ivy::kv::testing
