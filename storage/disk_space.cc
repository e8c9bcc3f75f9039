#include "storage/disk_space.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "workflow/status_details.h"

namespace nianbao::storage {

absl::StatusOr<uint64_t> FreeDiskBytes(const std::string& path) {
  // One statvfs in the common case (the commit thread asks before every group write); the
  // ancestors are walked only for a directory not created yet.
  std::filesystem::path existing = path.empty() ? "." : path;
  struct statvfs stats = {};
  int failed = statvfs(existing.c_str(), &stats);
  while (failed != 0 && errno == ENOENT) {
    // A relative name ("data") has no parent in its text: the working directory holds it.
    std::filesystem::path parent = existing.has_parent_path() ? existing.parent_path() : ".";
    if (parent == existing) break;
    existing = std::move(parent);
    failed = statvfs(existing.c_str(), &stats);
  }
  if (failed != 0) {
    return absl::UnavailableError(absl::StrCat("无法读取磁盘空间 cannot read the free space of ",
                                               existing.string(), ": ", std::strerror(errno)));
  }
  return static_cast<uint64_t>(stats.f_bavail) * stats.f_frsize;
}

absl::Status CheckDiskReserve(const std::string& path, uint64_t reserve) {
  if (reserve == 0) return absl::OkStatus();
  absl::StatusOr<uint64_t> free_bytes = FreeDiskBytes(path);
  if (!free_bytes.ok()) return free_bytes.status();
  if (*free_bytes >= reserve) return absl::OkStatus();
  constexpr uint64_t kMiB = 1 << 20;
  // A reason of its own, so that a client can tell a full disk (retry later) from a quota.
  return nianbao::workflow::MakeStatus(
      absl::StatusCode::kResourceExhausted,
      {absl::StrCat("磁盘空间不足：数据目录 ", path, " 所在磁盘仅余 ", *free_bytes / kMiB,
                    " MiB，低于保留的 ", reserve / kMiB, " MiB；释放空间后即自动恢复写入"),
       absl::StrCat("disk full: ", *free_bytes / kMiB, " MiB free on the disk of data directory ",
                    path, ", below the ", reserve / kMiB,
                    " MiB reserve; writes resume by themselves once space is freed")},
      "DISK_FULL");
}

}  // namespace nianbao::storage
