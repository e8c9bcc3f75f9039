// A check of a data directory's write-ahead logs before RocksDB replays them.
//
// Why: the store opens RocksDB in point-in-time recovery, which a crash needs (a write torn by the
// crash is cut off with what follows it, and the zero-filled tail of a pre-zeroed log file is read
// as padding), but which treats damage anywhere in a log the same way: it replays up to the first
// bad record and silently drops everything after it, acknowledged writes included, logging only a
// warning. A server that then serves and signs the shorter audit chain has lost data without
// saying so. This check tells the two cases apart: a bad record followed by nothing but zeros to
// the end of the newest log is the torn last write of a crash (never acknowledged, since every
// commit waits for its sync) and may be dropped; a bad record followed by any other record, in its
// file or a later one, is damage to acknowledged data, and the store refuses to open.
//
// The log format read here is RocksDB's (db/log_format.h, stable since LevelDB): 32 KiB blocks of
// records, each a 7-byte header (masked CRC32C of type and payload, payload length, type) and its
// payload; a block's last < 7 bytes are zero padding, and a zero-type zero-length header is
// padding up to the end of its block. Recyclable records (11-byte headers) are not used by the
// store (recycle_log_file_num stays 0) and count as damage.
#ifndef NIANBAO_STORAGE_WAL_INTEGRITY_H_
#define NIANBAO_STORAGE_WAL_INTEGRITY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace nianbao::storage {

// The first bad record of one log file's contents.
struct WalDamage {
  uint64_t offset = 0;  // Where the bad record's header starts.
  std::string what;     // "checksum mismatch", "bad record length", ...
  // True when only zero bytes follow the bad record's extent: what a write torn by a crash
  // leaves in a pre-zeroed (or truncated) log file.
  bool only_zeros_after = false;
};

// Scans one log file's contents: nullopt when every record parses (a record cut short by the end
// of the file counts as a torn tail, only_zeros_after true).
std::optional<WalDamage> FindWalDamage(absl::string_view contents);

// The log files of `db_path` ("NNNNNN.log"), oldest first, as full paths.
std::vector<std::string> ListWalFiles(const std::string& db_path);

// Checks every log file of `db_path` (a directory without logs, or none, is OK). DATA_LOSS,
// naming the file and offset, when a bad record is followed by another record (in its file or in
// a later log); OK when the only bad record is the newest log's torn tail. INTERNAL when a log
// cannot be read.
[[nodiscard]] absl::Status CheckWalIntegrity(const std::string& db_path);

// CRC32C (Castagnoli) of `data`, continuing from `crc` (0 to start), as RocksDB computes it.
uint32_t Crc32c(absl::string_view data, uint32_t crc = 0);

}  // namespace nianbao::storage

#endif  // NIANBAO_STORAGE_WAL_INTEGRITY_H_
