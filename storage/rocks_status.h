// Converts rocksdb::Status into absl::Status. RocksDB's codes are not Abseil's: the mapping is an
// explicit switch, never a cast.
#ifndef NIANBAO_STORAGE_ROCKS_STATUS_H_
#define NIANBAO_STORAGE_ROCKS_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace nianbao::storage {

// `context` names the operation (e.g. "write batch") and prefixes the message.
[[nodiscard]] absl::Status FromRocksStatus(const rocksdb::Status& status,
                                           absl::string_view context);

}  // namespace nianbao::storage

#endif  // NIANBAO_STORAGE_ROCKS_STATUS_H_
