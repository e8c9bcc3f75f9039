#include "storage/rocks_status.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "workflow/status_details.h"

namespace nianbao::storage {

absl::Status FromRocksStatus(const rocksdb::Status& status, absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(context, ": ", status.ToString());
  switch (status.code()) {
    case rocksdb::Status::kOk:
      return absl::OkStatus();
    case rocksdb::Status::kNotFound:
      return absl::NotFoundError(message);
    case rocksdb::Status::kCorruption:
      return absl::DataLossError(absl::StrCat("数据已损坏 (data corrupted): ", message));
    case rocksdb::Status::kNotSupported:
      return absl::UnimplementedError(message);
    case rocksdb::Status::kInvalidArgument:
      return absl::InvalidArgumentError(message);
    case rocksdb::Status::kIOError:
      // A full disk is the operator's to fix, and says so; the store resumes writing once space
      // is back (see RocksReportStore).
      if (status.IsNoSpace()) {
        absl::Status full = absl::ResourceExhaustedError(absl::StrCat(
            "磁盘空间不足，暂时无法写入 (no space left on the disk; writes resume once "
            "space is freed): ",
            message));
        // The reason the reserve's refusal gives (disk_space.h): one for a full disk.
        google::rpc::ErrorInfo info;
        info.set_reason("DISK_FULL");
        info.set_domain(std::string(nianbao::workflow::kErrorDomain));
        nianbao::workflow::SetDetail(full, nianbao::workflow::kErrorInfoTypeUrl, info);
        return full;
      }
      // A failed disk write or a lock held by another process: the caller may try again later.
      // Said in Chinese too, which also tells a client that the server answered (the CLI takes
      // a bare UNAVAILABLE for a connection that failed).
      return absl::UnavailableError(absl::StrCat(
          "存储读写失败，请稍后重试 (storage I/O failed; try again later): ", message));
    case rocksdb::Status::kMergeInProgress:
    case rocksdb::Status::kIncomplete:
      return absl::InternalError(message);
    case rocksdb::Status::kShutdownInProgress:
      return absl::UnavailableError(message);
    case rocksdb::Status::kTimedOut:
      return absl::DeadlineExceededError(message);
    case rocksdb::Status::kAborted:
      return absl::AbortedError(message);
    case rocksdb::Status::kBusy:
    case rocksdb::Status::kTryAgain:
      return absl::UnavailableError(message);
    case rocksdb::Status::kExpired:
      return absl::DeadlineExceededError(message);
    case rocksdb::Status::kCompactionTooLarge:
      return absl::ResourceExhaustedError(message);
    case rocksdb::Status::kColumnFamilyDropped:
      return absl::InternalError(message);
    case rocksdb::Status::kMaxCode:
      break;
  }
  return absl::UnknownError(message);
}

}  // namespace nianbao::storage
