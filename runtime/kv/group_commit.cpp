#include "runtime/kv/group_commit.h"

#include <utility>

namespace ivy::kv {

GroupCommitLog::GroupCommitLog(std::unique_ptr<WalStore> store, Callbacks callbacks, Mode mode)
    : store_(std::move(store)), callbacks_(std::move(callbacks)), mode_(mode),
      next_lsn_(store_->next_lsn()) {
    if (mode_ == Mode::Thread) writer_ = std::thread([this] { writer_main(); });
}

GroupCommitLog::~GroupCommitLog() {
    close();
}

std::uint64_t GroupCommitLog::append(std::string_view payload) {
    std::uint64_t lsn = next_lsn_++;
    bool wake_now = false;
    {
        std::lock_guard lock(mutex_);
        if (queue_.empty() || !std::holds_alternative<Records>(queue_.back()))
            queue_.emplace_back(Records{lsn, {}});
        wal::append_record(std::get<Records>(queue_.back()).bytes, payload);
        queued_bytes_ += payload.size() + wal::kRecordHeaderBytes;
        wake_now = queued_bytes_ >= kWakeBytes;
    }
    if (wake_now) wake();
    return lsn;
}

void GroupCommitLog::request_sync() {
    {
        std::lock_guard lock(mutex_);
        if (sync_wanted_ || queue_.empty()) return;
        sync_wanted_ = true;
    }
    wake();
}

void GroupCommitLog::snapshot(std::uint64_t lsn, std::string payload) {
    {
        std::lock_guard lock(mutex_);
        queue_.emplace_back(Snapshot{lsn, std::move(payload)});
        sync_wanted_ = true;
    }
    wake();
}

void GroupCommitLog::wake() {
    if (mode_ == Mode::Thread) {
        cv_.notify_one();
        return;
    }
    std::deque<Job> jobs;
    {
        std::lock_guard lock(mutex_);
        if (failed_) return;
        jobs.swap(queue_);
        queued_bytes_ = 0;
        sync_wanted_ = false;
    }
    run_jobs(jobs);
}

bool GroupCommitLog::failed() const {
    std::lock_guard lock(mutex_);
    return failed_;
}

void GroupCommitLog::close() {
    if (mode_ == Mode::Inline) {
        std::deque<Job> jobs;
        {
            std::lock_guard lock(mutex_);
            if (closing_ || failed_) return;
            closing_ = true;
            jobs.swap(queue_);
        }
        if (!jobs.empty()) run_jobs(jobs);
        return;
    }
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
    }
    cv_.notify_one();
    if (writer_.joinable()) writer_.join();
}

void GroupCommitLog::writer_main() {
    for (;;) {
        std::deque<Job> jobs;
        bool stop;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] {
                return closing_ || (sync_wanted_ && !queue_.empty()) || queued_bytes_ >= kWakeBytes;
            });
            jobs.swap(queue_);
            queued_bytes_ = 0;
            sync_wanted_ = false;
            stop = closing_;
            if (failed_) jobs.clear();
        }
        if (!jobs.empty()) run_jobs(jobs);
        if (stop) return;
    }
}

bool GroupCommitLog::run_jobs(std::deque<Job>& jobs) {
    FsStatus st;
    for (auto& job : jobs) {
        if (auto* r = std::get_if<Records>(&job)) {
            st = store_->append(r->bytes, r->first);
        } else {
            auto& s = std::get<Snapshot>(job);
            st = store_->snapshot(s.lsn, s.payload);
        }
        if (!st.ok()) break;
    }
    if (st.ok()) st = store_->sync();
    if (!st.ok()) {
        {
            std::lock_guard lock(mutex_);
            failed_ = true;
            queue_.clear();
        }
        if (callbacks_.on_error) callbacks_.on_error(st.error);
        return false;
    }
    if (callbacks_.on_durable) callbacks_.on_durable(store_->next_lsn());
    return true;
}

} // namespace ivy::kv
