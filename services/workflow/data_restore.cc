#include "services/workflow/data_restore.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "storage/rocks_report_store.h"
#include "workflow/digest.h"
#include "workflow/timestamps.h"

namespace nianbao::workflow_service {
namespace {

namespace fs = std::filesystem;
namespace v1 = nianbao::v1;
using nianbao::workflow::AuditSigningKey;

constexpr absl::string_view kKeyIdPrefix = "audit_key_id=";

// Writes `contents` to a new file (never over an existing one), mode 0600, synced.
absl::Status WriteNewPrivateFile(const std::string& path, const std::string& contents) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("无法写入 ", path, " (cannot create ", path, "): ", std::strerror(errno)));
  }
  const bool written =
      write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()) &&
      fsync(fd) == 0;
  close(fd);
  if (!written) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::Status NotEmpty(const std::string& dir) {
  return absl::FailedPreconditionError(absl::StrCat(
      "恢复目标目录非空：", dir, "；请恢复到新的空目录，不会覆盖已有数据 (the restore target ", dir,
      " is not empty: restore into a new, empty directory; nothing was changed)"));
}

// The backup to restore (`backup_id`, or the latest) as the directory lists it.
absl::StatusOr<storage::StoredBackup> FindBackup(const std::string& backup_dir,
                                                 uint32_t backup_id) {
  absl::StatusOr<std::vector<storage::StoredBackup>> backups = storage::ListBackups(backup_dir);
  if (!backups.ok()) return backups.status();
  for (auto it = backups->rbegin(); it != backups->rend(); ++it) {
    if (backup_id == 0 || it->backup_id == backup_id) return *it;
  }
  if (backup_id == 0) {
    return absl::NotFoundError(
        absl::StrCat("备份目录 ", backup_dir, " 中没有备份 (no backups in ", backup_dir, ")"));
  }
  return absl::NotFoundError(absl::StrCat("备份目录 ", backup_dir, " 中没有备份 ", backup_id,
                                          " (no backup ", backup_id, " in ", backup_dir, ")"));
}

// The backup's signing key, checked against the key_id its metadata names.
absl::StatusOr<std::unique_ptr<AuditSigningKey>> KeyOfBackup(const std::string& backup_dir,
                                                             const storage::StoredBackup& backup) {
  const std::string key_id = KeyIdOfBackupMetadata(backup.app_metadata);
  if (key_id.empty()) {
    return absl::DataLossError(absl::StrCat("备份 ", backup.backup_id,
                                            " 未记录审计签名密钥 (backup ", backup.backup_id,
                                            " names no audit signing key)"));
  }
  absl::StatusOr<std::unique_ptr<AuditSigningKey>> key =
      AuditSigningKey::FromPemFile(BackupKeyPath(backup_dir, key_id));
  if (!key.ok() || (*key)->key_id() != key_id) {
    return absl::DataLossError(absl::StrCat(
        "备份目录缺少备份 ", backup.backup_id, " 的审计签名密钥 ", key_id, " (the signing key ",
        key_id, " of backup ", backup.backup_id, " is missing or damaged in ", backup_dir, ")"));
  }
  return key;
}

// Appends the RESTORE event to the restored data, through the store as the server would.
absl::StatusOr<int64_t> RecordRestore(const RestoreOptions& options,
                                      const storage::StoredBackup& backup) {
  storage::RocksReportStoreOptions store_options;
  store_options.path = options.data_dir;
  store_options.audit_sealer = options.audit_sealer;
  absl::StatusOr<std::unique_ptr<storage::RocksReportStore>> store =
      storage::RocksReportStore::Open(std::move(store_options));
  if (!store.ok()) return store.status();
  v1::AuditEvent event;
  *event.mutable_time() = nianbao::workflow::ToTimestamp(absl::Now());
  event.set_actor(options.actor);
  event.set_action(v1::AUDIT_ACTION_RESTORE);
  event.set_outcome(v1::AUDIT_OUTCOME_SUCCEEDED);
  event.set_reason(absl::StrCat(
      "从备份恢复 (restored from backup ", backup.backup_id, " of ", options.backup_dir, ", made ",
      absl::FormatTime(absl::RFC3339_sec, backup.create_time, absl::UTCTimeZone()), ", audit head ",
      backup.audit_head.sequence, " ", nianbao::workflow::HexEncode(backup.audit_head.hash), ")"));
  storage::ReportMutation mutation;
  mutation.plan = storage::RecordEventPlan(std::move(event));
  absl::StatusOr<storage::CommitResult> committed = (*store)->Commit(std::move(mutation));
  if (!committed.ok()) return committed.status();
  if (committed->audit_events.empty()) return absl::InternalError("restore event not written");
  return committed->audit_events.front().sequence();
}

}  // namespace

std::string BackupMetadataForKey(absl::string_view key_id) {
  return absl::StrCat(kKeyIdPrefix, key_id);
}

std::string KeyIdOfBackupMetadata(absl::string_view app_metadata) {
  if (!absl::ConsumePrefix(&app_metadata, kKeyIdPrefix)) return "";
  return std::string(app_metadata);
}

std::string BackupKeyPath(absl::string_view backup_dir, absl::string_view key_id) {
  return absl::StrCat(absl::StripSuffix(backup_dir, "/"), "/audit-keys/", key_id, ".pem");
}

absl::Status SaveSigningKeyToBackup(absl::string_view backup_dir, const AuditSigningKey& key) {
  const std::string path = BackupKeyPath(backup_dir, key.key_id());
  std::error_code error;
  if (fs::exists(path, error)) {
    absl::StatusOr<std::unique_ptr<AuditSigningKey>> kept = AuditSigningKey::FromPemFile(path);
    if (kept.ok() && (*kept)->key_id() == key.key_id()) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat(
        "备份目录中的签名密钥文件已损坏：", path,
        " (the key file in the backup directory is not the key ", key.key_id(), ": ", path, ")"));
  }
  fs::create_directories(fs::path(path).parent_path(), error);
  fs::permissions(fs::path(path).parent_path(), fs::perms::owner_all, error);
  absl::StatusOr<std::string> pem = key.PrivateKeyPem();
  if (!pem.ok()) return pem.status();
  return WriteNewPrivateFile(path, *pem);
}

absl::StatusOr<RestoreSummary> RestoreDataDirectory(const RestoreOptions& options) {
  if (!options.audit_sealer) return absl::InvalidArgumentError("audit_sealer is required");
  std::error_code error;
  if (fs::exists(options.data_dir, error) &&
      (!fs::is_directory(options.data_dir, error) || !fs::is_empty(options.data_dir, error))) {
    return NotEmpty(options.data_dir);
  }
  // Everything that can be checked is checked before anything is written.
  absl::StatusOr<storage::StoredBackup> found = FindBackup(options.backup_dir, options.backup_id);
  if (!found.ok()) return found.status();
  absl::StatusOr<std::unique_ptr<AuditSigningKey>> key = KeyOfBackup(options.backup_dir, *found);
  if (!key.ok()) return key.status();
  RestoreSummary summary;
  summary.audit_key_id = (*key)->key_id();
  summary.audit_key_file = options.audit_key_file.empty()
                               ? absl::StrCat(options.data_dir, "/audit-signing-key.pem")
                               : options.audit_key_file;
  const bool key_file_exists = fs::exists(summary.audit_key_file, error);
  if (key_file_exists) {
    absl::StatusOr<std::unique_ptr<AuditSigningKey>> existing =
        AuditSigningKey::FromPemFile(summary.audit_key_file);
    if (!existing.ok() || (*existing)->key_id() != summary.audit_key_id) {
      return absl::FailedPreconditionError(absl::StrCat(
          "签名密钥文件 ", summary.audit_key_file, " 不是备份所用的密钥 ", summary.audit_key_id,
          " (the key file ", summary.audit_key_file, " holds another key than the backup's ",
          summary.audit_key_id, "; name a new --audit_key_file or remove it)"));
    }
  }
  absl::StatusOr<storage::StoredBackup> restored =
      storage::RestoreBackup(options.backup_dir, found->backup_id, options.data_dir);
  if (!restored.ok()) return restored.status();
  summary.backup = *std::move(restored);
  if (!key_file_exists) {
    absl::StatusOr<std::string> pem = (*key)->PrivateKeyPem();
    if (!pem.ok()) return pem.status();
    if (absl::Status s = WriteNewPrivateFile(summary.audit_key_file, *pem); !s.ok()) return s;
  }
  absl::StatusOr<int64_t> sequence = RecordRestore(options, summary.backup);
  if (!sequence.ok()) return sequence.status();
  summary.restore_event_sequence = *sequence;
  return summary;
}

}  // namespace nianbao::workflow_service
