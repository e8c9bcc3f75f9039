// Free space on the disk of the data directory, kept above a reserve so that RocksDB never runs
// into a full disk itself. Why: Debian's RocksDB is built with assertions, and a write that fails
// for lack of space can end in one (the probe saw workflowd abort at start, exit 134, on a full
// disk), or leave the database in a background-error state that refuses writes after the space
// is back. Refusing a write before it reaches RocksDB writes nothing and needs no recovery: writes
// resume by themselves once space is freed.
#ifndef NIANBAO_STORAGE_DISK_SPACE_H_
#define NIANBAO_STORAGE_DISK_SPACE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace nianbao::storage {

// Bytes available to this process on the file system holding `path` (or, when `path` does not
// exist yet, its nearest existing ancestor). UNAVAILABLE when statvfs fails.
[[nodiscard]] absl::StatusOr<uint64_t> FreeDiskBytes(const std::string& path);

// OK when at least `reserve` bytes are free on `path`'s disk (reserve 0: always);
// RESOURCE_EXHAUSTED otherwise, saying how much is free, the reserve and where.
[[nodiscard]] absl::Status CheckDiskReserve(const std::string& path, uint64_t reserve);

}  // namespace nianbao::storage

#endif  // NIANBAO_STORAGE_DISK_SPACE_H_
