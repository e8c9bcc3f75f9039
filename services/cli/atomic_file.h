// Writing a command's output file so that a reader never sees half of it.
#ifndef NIANBAO_SERVICES_CLI_ATOMIC_FILE_H_
#define NIANBAO_SERVICES_CLI_ATOMIC_FILE_H_

#include <string>

#include "absl/status/status.h"

namespace nianbao::cli {

// Writes to a temporary file beside `path` (path.tmp.XXXXXX), flushes it to disk and renames it
// over `path`, so a reader sees the old file or the whole new one, never a part; on failure the
// temporary file is removed. UNAVAILABLE (Chinese, then English, naming the path and the system's
// reason) when the file cannot be created, written or renamed. Safe to call from several threads
// for different paths.
[[nodiscard]] absl::Status WriteFileAtomically(const std::string& path, const std::string& data);

}  // namespace nianbao::cli

#endif  // NIANBAO_SERVICES_CLI_ATOMIC_FILE_H_
