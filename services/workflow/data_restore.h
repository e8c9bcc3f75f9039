// What a backup holds beside the database, and the offline restore of nianbao-workflowd's data.
//
// A backup directory holds RocksDB's backups (storage/report_backup.h) and, under audit-keys/, the
// audit signing key of each backup (named by its key_id, mode 0600): checkpoints signed before a
// backup are verified with that key after a restore, so the key goes with the data. The backup
// directory must therefore be guarded like the key itself.
//
// A restore (`nianbao-workflowd --restore_from=BACKUP_DIR [--backup_id=N] --data_dir=NEW_DIR`)
// runs without a server: it verifies the backup, restores it into an empty NEW_DIR, puts the
// backup's signing key where the server will read it, and appends an AUDIT_ACTION_RESTORE event
// naming the backup, so that the restored trail records where it came from. The server is then
// started on NEW_DIR as usual.
#ifndef NIANBAO_SERVICES_WORKFLOW_DATA_RESTORE_H_
#define NIANBAO_SERVICES_WORKFLOW_DATA_RESTORE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/report_backup.h"
#include "storage/report_store.h"
#include "workflow/checkpoint_signing.h"

namespace nianbao::workflow_service {

// BackupRequest::app_metadata naming the signing key kept with a backup, and back.
std::string BackupMetadataForKey(absl::string_view key_id);
// The key_id a backup's metadata names, or "" when none.
std::string KeyIdOfBackupMetadata(absl::string_view app_metadata);

// Where a backup directory keeps the signing key `key_id`.
std::string BackupKeyPath(absl::string_view backup_dir, absl::string_view key_id);

// Writes `key` into the backup directory (BackupKeyPath, mode 0600, synced) unless it is already
// there; FAILED_PRECONDITION when a different key is there under its name.
[[nodiscard]] absl::Status SaveSigningKeyToBackup(absl::string_view backup_dir,
                                                  const nianbao::workflow::AuditSigningKey& key);

struct RestoreOptions {
  std::string backup_dir;
  uint32_t backup_id = 0;  // 0: the latest
  // The new data directory: missing or empty.
  std::string data_dir;
  // Where the server will read its signing key; empty: DATA_DIR/audit-signing-key.pem. When the
  // file exists it must hold the backup's key (FAILED_PRECONDITION otherwise).
  std::string audit_key_file;
  // Who restores (recorded as the RESTORE event's actor), e.g. "restore:root".
  std::string actor;
  // Seals the RESTORE event, as the server's store does.
  storage::AuditSealer audit_sealer;
};

struct RestoreSummary {
  storage::StoredBackup backup;
  std::string audit_key_id;
  std::string audit_key_file;
  // The RESTORE event's global sequence (the backup's head + 1).
  int64_t restore_event_sequence = 0;
};

// Restores as described above. Refuses (FAILED_PRECONDITION, nothing written) a non-empty
// data_dir; DATA_LOSS when the backup fails verification or its key is missing or is not the one
// its metadata names.
[[nodiscard]] absl::StatusOr<RestoreSummary> RestoreDataDirectory(const RestoreOptions& options);

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_DATA_RESTORE_H_
