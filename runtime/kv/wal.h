// The write-ahead log and snapshots of one node, on disk.
//
// Directory layout (all names fixed-width, so they sort by number):
//   LOCK                       flock()ed while a node uses the directory
//   wal-<base LSN>.log         a segment: records base, base+1, ...
//   snap-<LSN>.bin             the state after every record below LSN
//   *.tmp                      a snapshot being written (ignored, then removed)
//
// Segment: a 20-byte header ("IVYWAL" 0 1, u64 base LSN, u32 CRC-32C of those 16
// bytes), then records, each
//   u32 payload length | u32 CRC-32C(length, LSN, payload) | payload
// (little-endian). The LSN is not stored but is part of the checksum, so a record
// read at the wrong position (e.g. from a stale file) fails its check.
//
// Snapshot file: "IVYSNAP" 1, u64 LSN, u64 payload length, u32 CRC-32C of the 24
// bytes before it and the payload, then the payload. Written to a .tmp file,
// synced, renamed, and the directory synced: it either exists whole or not at all.
//
// Taking a snapshot at LSN N: sync the current segment, write snap-N, start segment
// wal-N, then delete older segments and snapshots. Recovery reads the newest
// snapshot, then every record at or after its LSN, in order. A bad record at the
// end of the last segment is a torn or corrupt tail (a crash during a write: its
// outputs were never released), so it is cut off with a warning; a bad record
// anywhere else, a gap between segments, or a corrupt snapshot means data the node
// had already acted on is gone, and recovery refuses to guess: it fails with the
// file and offset, and the node does not start.
//
// WalStore is single-threaded: in a running node only the group-commit writer
// thread calls it (after open() on the loop thread, before that thread starts).
#pragma once

#include "runtime/kv/fs.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ivy::kv {

namespace wal {

inline constexpr std::size_t kSegmentHeaderBytes = 20;
inline constexpr std::size_t kRecordHeaderBytes = 8;
// No record is this large; a length beyond it is corruption, not a record.
inline constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 30;

std::string segment_name(std::uint64_t base);
std::string snapshot_name(std::uint64_t lsn);
std::optional<std::uint64_t> parse_segment_name(std::string_view name);
std::optional<std::uint64_t> parse_snapshot_name(std::string_view name);

std::string segment_header(std::uint64_t base);

// Appends a record's framing and payload with a zero checksum; seal() fills the
// checksums in later (on the writer thread, off the event loop).
void append_record(std::string& buf, std::string_view payload);
// Fills in the checksums of the records in `buf`, the first of which has LSN
// `first`. Returns how many records there are.
std::uint64_t seal(std::string& buf, std::uint64_t first);

// The records of one segment file, and where they stop being valid.
struct Scan {
    bool header_ok = false;
    std::uint64_t base = 0;
    std::vector<std::string_view> records; // views into the scanned bytes
    std::size_t valid_bytes = 0;           // header + the valid records
    std::string tail_error;                // why scanning stopped early ("" if at the end)
};

Scan scan_segment(std::string_view file);

std::string encode_snapshot(std::uint64_t lsn, std::string_view payload);

struct SnapshotFile {
    bool ok = false;
    std::uint64_t lsn = 0;
    std::string_view payload;
    std::string error;
};

SnapshotFile decode_snapshot(std::string_view file);

} // namespace wal

// What recovery found: the newest snapshot and the records after it.
struct Recovered {
    std::optional<std::string> snapshot; // payload
    std::uint64_t first_lsn = 0;         // LSN of records[0] (= the snapshot's LSN)
    std::vector<std::string> records;
    std::vector<std::string> notes; // what recovery repaired (cut tails, leftovers)
};

class WalStore {
public:
    // Opens (creating if needed) and recovers `dir`, leaving the store ready to
    // append after the last valid record.
    static FsStatus open(std::shared_ptr<Fs> fs, const std::string& dir,
                         std::unique_ptr<WalStore>& store, Recovered& recovered);

    ~WalStore();
    WalStore(const WalStore&) = delete;
    WalStore& operator=(const WalStore&) = delete;

    // Writes records built with wal::append_record, the first of which must have LSN
    // next_lsn(); seals them in place. Not durable until sync().
    FsStatus append(std::string& records, std::uint64_t first_lsn);
    FsStatus sync();
    // Makes `payload` the snapshot at next_lsn() (which must equal `lsn`) and drops
    // the log before it. Syncs first.
    FsStatus snapshot(std::uint64_t lsn, std::string_view payload);

    std::uint64_t next_lsn() const { return next_lsn_; }
    std::uint64_t segment_base() const { return segment_base_; }
    const std::string& dir() const { return dir_; }

private:
    WalStore(std::shared_ptr<Fs> fs, std::string dir) : fs_(std::move(fs)), dir_(std::move(dir)) {}

    FsStatus recover(Recovered& out);
    FsStatus start_segment(std::uint64_t base);
    FsStatus open_segment(std::uint64_t base);
    FsStatus remove_older_than(std::uint64_t lsn);
    std::string path(const std::string& name) const { return join_path(dir_, name); }

    std::shared_ptr<Fs> fs_;
    std::string dir_;
    int lock_fd_ = -1;
    int fd_ = -1; // the current segment, opened for appending
    std::uint64_t segment_base_ = 0;
    std::uint64_t next_lsn_ = 0;
    bool dirty_ = false; // written since the last sync
};

} // namespace ivy::kv
