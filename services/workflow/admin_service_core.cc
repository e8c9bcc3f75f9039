#include "services/workflow/admin_service_core.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/workflow/data_restore.h"
#include "workflow/digest.h"
#include "workflow/principals.h"
#include "workflow/status_details.h"
#include "workflow/timestamps.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = nianbao::v1;
using nianbao::workflow::InvalidField;
using nianbao::workflow::MakeStatus;

bool IsAdmin(const nianbao::workflow::Principal& principal) {
  auto it = principal.roles_by_agency.find(std::string(nianbao::workflow::kEveryAgency));
  return it != principal.roles_by_agency.end() && it->second.count(v1::ROLE_ADMIN) > 0;
}

void ToProto(const storage::StoredBackup& stored, const std::string& backup_dir, v1::Backup* out) {
  out->set_backup_id(stored.backup_id);
  out->set_backup_dir(backup_dir);
  *out->mutable_create_time() = nianbao::workflow::ToTimestamp(stored.create_time);
  out->set_size_bytes(static_cast<int64_t>(stored.size_bytes));
  out->set_file_count(static_cast<int32_t>(stored.file_count));
  out->set_audit_head_sequence(stored.audit_head.sequence);
  out->set_audit_head_hash(stored.audit_head.hash);
  out->set_audit_key_id(KeyIdOfBackupMetadata(stored.app_metadata));
}

// The store names a bad directory in an INVALID_ARGUMENT with a BadRequest naming backup_dir; any
// other INVALID_ARGUMENT from a backup is about the directory too, and is named so.
absl::Status NameBackupDir(absl::Status status) {
  if (status.code() != absl::StatusCode::kInvalidArgument ||
      status.GetPayload(nianbao::workflow::kBadRequestTypeUrl).has_value()) {
    return status;
  }
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("backup_dir");
  violation->set_description(std::string(status.message()));
  nianbao::workflow::SetDetail(status, nianbao::workflow::kBadRequestTypeUrl, bad_request);
  return status;
}

}  // namespace

AdminCore::AdminCore(storage::RocksReportStore* store,
                     const nianbao::workflow::AuditSigningKey* signing_key,
                     AdminCoreOptions options)
    : store_(store), signing_key_(signing_key), options_(std::move(options)) {}

absl::Status AdminCore::Record(const CallContext& caller, v1::AuditAction action,
                               v1::AuditOutcome outcome, std::string reason, absl::Status result) {
  v1::AuditEvent event;
  *event.mutable_time() = nianbao::workflow::ToTimestamp(options_.now());
  event.set_actor(caller.principal.name);
  event.set_action(action);
  event.set_reason(std::move(reason));
  event.set_client_address(caller.client_address);
  event.set_client_certificate(caller.client_certificate);
  event.set_outcome(outcome);
  storage::ReportMutation mutation;
  mutation.plan = storage::RecordEventPlan(std::move(event), std::move(result));
  return store_->Commit(std::move(mutation)).status();
}

absl::Status AdminCore::AuthorizeAdmin(const CallContext& caller, v1::AuditAction action,
                                       absl::string_view what) {
  if (IsAdmin(caller.principal)) return absl::OkStatus();
  absl::Status refusal =
      MakeStatus(absl::StatusCode::kPermissionDenied,
                 {absl::StrCat("用户 ", caller.principal.name, " 不是系统管理员，不能", what),
                  absl::StrCat("principal ", caller.principal.name,
                               " does not hold ROLE_ADMIN for every agency (\"*\")")},
                 "NOT_ADMIN", {{"role", "ROLE_ADMIN"}});
  absl::Status committed =
      Record(caller, action, v1::AUDIT_OUTCOME_DENIED, std::string(refusal.message()), refusal);
  // Any status but the refusal means it could not be recorded, which the caller must learn.
  if (committed.ok() || committed.code() == refusal.code()) return refusal;
  return committed;
}

absl::StatusOr<std::string> AdminCore::BackupDir(const std::string& requested) const {
  const std::string& dir = requested.empty() ? options_.default_backup_dir : requested;
  if (dir.empty()) {
    return InvalidField("backup_dir", {"缺少备份目录：服务器未配置 backup_dir，请求须指定",
                                       "backup_dir is required: the server has none configured"});
  }
  if (dir.front() != '/') {
    return InvalidField("backup_dir", {absl::StrCat("备份目录应为服务器上的绝对路径：", dir),
                                       absl::StrCat("backup_dir must be an absolute path on the "
                                                    "server's machine: ",
                                                    dir)});
  }
  return dir;
}

absl::Status AdminCore::CreateBackup(const CallContext& caller,
                                     const v1::CreateBackupRequest& request,
                                     v1::CreateBackupResponse* response) {
  if (absl::Status s = AuthorizeAdmin(caller, v1::AUDIT_ACTION_BACKUP, "备份数据"); !s.ok()) {
    return s;
  }
  if (request.keep() < 0) {
    return InvalidField("keep", {"保留份数不能为负", "keep must be >= 0"});
  }
  absl::StatusOr<std::string> dir = BackupDir(request.backup_dir());
  if (!dir.ok()) return dir.status();
  storage::BackupRequest backup;
  backup.backup_dir = *dir;
  backup.keep = request.keep() > 0 ? request.keep() : options_.default_keep;
  backup.app_metadata = BackupMetadataForKey(signing_key_->key_id());
  std::lock_guard<std::mutex> lock(backup_mutex_);
  absl::StatusOr<storage::BackupResult> made = store_->Backup(backup);
  if (!made.ok()) return NameBackupDir(made.status());
  // The key after the data: a backup is usable once both are there, and the key file is written
  // once per key, whatever the retention deletes.
  if (absl::Status s = SaveSigningKeyToBackup(*dir, *signing_key_); !s.ok()) return s;
  const storage::StoredBackup& stored = made->backup;
  std::string reason = absl::StrCat(
      "备份 (backup ", stored.backup_id, " to ", *dir, ": audit head ", stored.audit_head.sequence,
      " ", nianbao::workflow::HexEncode(stored.audit_head.hash), ", ", stored.size_bytes,
      " bytes in ", stored.file_count, " files, key ", signing_key_->key_id(), ", keep ",
      backup.keep, ", purged ", made->purged, ")");
  if (absl::Status s = Record(caller, v1::AUDIT_ACTION_BACKUP, v1::AUDIT_OUTCOME_SUCCEEDED,
                              std::move(reason), absl::OkStatus());
      !s.ok()) {
    return s;
  }
  ToProto(stored, *dir, response->mutable_backup());
  response->set_purged_count(made->purged);
  return absl::OkStatus();
}

absl::Status AdminCore::ListBackups(const CallContext& caller,
                                    const v1::ListBackupsRequest& request,
                                    v1::ListBackupsResponse* response) {
  if (absl::Status s = AuthorizeAdmin(caller, v1::AUDIT_ACTION_READ, "查看备份"); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::string> dir = BackupDir(request.backup_dir());
  if (!dir.ok()) return dir.status();
  absl::StatusOr<std::vector<storage::StoredBackup>> backups = storage::ListBackups(*dir);
  if (!backups.ok()) return backups.status();
  if (absl::Status s =
          Record(caller, v1::AUDIT_ACTION_READ, v1::AUDIT_OUTCOME_SUCCEEDED,
                 absl::StrCat("查看备份 (ListBackups): backup_dir=", *dir), absl::OkStatus());
      !s.ok()) {
    return s;
  }
  for (const storage::StoredBackup& stored : *backups) {
    ToProto(stored, *dir, response->add_backups());
  }
  return absl::OkStatus();
}

}  // namespace nianbao::workflow_service
