// Group commit: the event loop appends records to memory; a writer thread writes
// whatever has gathered and covers it with one fdatasync, then reports how far the
// log is durable. Records keep arriving while a sync is in progress and go out in
// the next one, so a slow disk makes batches bigger, not the loop slower:
// durability costs latency, not throughput.
//
// The loop side never blocks on the disk. It calls
//   append(payload)         -> the record's LSN
//   request_sync()          when an output waits for the records appended so far
//   snapshot(lsn, payload)  to store a snapshot after the records before `lsn`
// and learns through `on_durable(next_lsn)` (called on the writer thread; the
// owner posts it to the loop) that every record below next_lsn is on disk.
//
// Jobs run in the order they were queued, so a snapshot at LSN N is written only
// after records below N are synced. A write or sync error is final: no later record
// is ever reported durable (the node must stop; releasing its held outputs would
// break the promise the log exists for), and `on_error` says why.
//
// `Mode::Inline` does the work inside request_sync()/snapshot() on the calling
// thread: deterministic tests, and start-up.
#pragma once

#include "runtime/kv/wal.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <variant>

namespace ivy::kv {

class GroupCommitLog {
public:
    enum class Mode { Thread, Inline };

    struct Callbacks {
        std::function<void(std::uint64_t next_durable)> on_durable;
        std::function<void(const std::string& error)> on_error;
    };

    GroupCommitLog(std::unique_ptr<WalStore> store, Callbacks callbacks, Mode mode = Mode::Thread);
    ~GroupCommitLog(); // close()
    GroupCommitLog(const GroupCommitLog&) = delete;
    GroupCommitLog& operator=(const GroupCommitLog&) = delete;

    std::uint64_t append(std::string_view payload);
    void request_sync();
    void snapshot(std::uint64_t lsn, std::string payload);

    // Writes and syncs everything queued, then stops the writer. Idempotent.
    void close();

    std::uint64_t next_lsn() const { return next_lsn_; } // loop side
    bool failed() const;

    // Large appends wake the writer without a sync request, bounding memory.
    static constexpr std::size_t kWakeBytes = std::size_t{8} << 20;

private:
    struct Records {
        std::uint64_t first = 0;
        std::string bytes;
    };
    struct Snapshot {
        std::uint64_t lsn = 0;
        std::string payload;
    };
    using Job = std::variant<Records, Snapshot>;

    void writer_main();
    // Runs `jobs` against the store; false after an error (reported).
    bool run_jobs(std::deque<Job>& jobs);
    void wake();

    std::unique_ptr<WalStore> store_; // writer side only (or inline)
    Callbacks callbacks_;
    Mode mode_;

    std::uint64_t next_lsn_ = 0; // loop side

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Job> queue_;
    std::size_t queued_bytes_ = 0;
    bool sync_wanted_ = false;
    bool closing_ = false;
    bool failed_ = false;
    std::thread writer_;
};

} // namespace ivy::kv
