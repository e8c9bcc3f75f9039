// The administration service without gRPC (nianbao.v1.AdminService, admin.proto): online backups
// of the store and their listing. The handlers in admin_service.h authenticate, call these and map
// the status; tests call them directly.
//
// Access: ROLE_ADMIN bound to agency "*" (kEveryAgency) only; a binding for one agency does not
// make an administrator, as a backup holds every agency's data. Every refusal is recorded as a
// DENIED event (AUDIT_ACTION_BACKUP for CreateBackup, AUDIT_ACTION_READ for ListBackups) before
// it is returned; a backup made as a SUCCEEDED AUDIT_ACTION_BACKUP event naming it and the audit
// head it holds (the event itself is therefore in the next backup, not in this one); a listing as
// a SUCCEEDED AUDIT_ACTION_READ event. A backup that fails writes no event and returns the error.
#ifndef NIANBAO_SERVICES_WORKFLOW_ADMIN_SERVICE_CORE_H_
#define NIANBAO_SERVICES_WORKFLOW_ADMIN_SERVICE_CORE_H_

#include <functional>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nianbao/v1/admin.pb.h"
#include "services/workflow/workflow_core.h"
#include "storage/rocks_report_store.h"
#include "workflow/checkpoint_signing.h"

namespace nianbao::workflow_service {

struct AdminCoreOptions {
  // Used when a request names no backup directory (WorkflowServerConfig.backup_dir); "": none.
  std::string default_backup_dir;
  // Used when a request's keep is 0 (WorkflowServerConfig.backup_keep); 0: keep every backup.
  int default_keep = 0;
  // The clock of the recorded events (tests pin it).
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

class AdminCore {
 public:
  // Borrows the store and the signing key; both must outlive the core. Thread-safe; backups run
  // one at a time.
  AdminCore(storage::RocksReportStore* store, const nianbao::workflow::AuditSigningKey* signing_key,
            AdminCoreOptions options = {});

  // Backs up the store and the signing key (data_restore.h) into the requested or configured
  // directory, then applies the retention.
  [[nodiscard]] absl::Status CreateBackup(const CallContext& caller,
                                          const nianbao::v1::CreateBackupRequest& request,
                                          nianbao::v1::CreateBackupResponse* response);

  [[nodiscard]] absl::Status ListBackups(const CallContext& caller,
                                         const nianbao::v1::ListBackupsRequest& request,
                                         nianbao::v1::ListBackupsResponse* response);

 private:
  // OK for an administrator; otherwise records a DENIED `action` event and returns the refusal.
  absl::Status AuthorizeAdmin(const CallContext& caller, nianbao::v1::AuditAction action,
                              absl::string_view what);
  // Writes one event about no report; returns the commit's status, which is `result` once written.
  absl::Status Record(const CallContext& caller, nianbao::v1::AuditAction action,
                      nianbao::v1::AuditOutcome outcome, std::string reason, absl::Status result);
  // The request's directory, else the configured one; INVALID_ARGUMENT naming backup_dir.
  absl::StatusOr<std::string> BackupDir(const std::string& requested) const;

  storage::RocksReportStore* const store_;
  const nianbao::workflow::AuditSigningKey* const signing_key_;
  const AdminCoreOptions options_;
  std::mutex backup_mutex_;  // one backup (and its key copy and retention) at a time
};

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_ADMIN_SERVICE_CORE_H_
