// CRC-32C (Castagnoli), the checksum of write-ahead log records and snapshots. It
// detects every burst error shorter than 32 bits and torn writes with probability
// 1 - 2^-32; the log never replays a record whose checksum does not match.
#pragma once

#include <cstdint>
#include <string_view>

namespace ivy::kv {

// `crc` continues a previous computation (start with 0).
std::uint32_t crc32c(std::string_view bytes, std::uint32_t crc = 0);

} // namespace ivy::kv
