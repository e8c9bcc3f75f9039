// Online backups of the store's database and their restore, on RocksDB's BackupEngine.
//
// RocksReportStore::Backup (declared in rocks_report_store.h, defined in report_backup.cc) copies
// the live database into a backup directory while commits go on: RocksDB pins the files of one
// consistent moment (every commit written before it, none after it in part) and copies them,
// sharing unchanged table files with the directory's earlier backups, so a nightly backup copies
// only what changed. The audit chain head a backup holds is read back from the backup itself
// (opened read-only where it lies), so it names exactly the last event the backup contains.
//
// A backup directory belongs to one database. One backup (or purge) at a time may write it;
// listing and restoring only read it.
#ifndef NIANBAO_STORAGE_REPORT_BACKUP_H_
#define NIANBAO_STORAGE_REPORT_BACKUP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/report_store.h"

namespace nianbao::storage {

// What RocksReportStore::Backup is asked to do.
struct BackupRequest {
  // Absolute path of the backup directory; created when missing. Must not be the database's own
  // directory nor inside it.
  std::string backup_dir;
  // After the backup, delete the oldest backups of the directory until this many remain; 0 keeps
  // every backup.
  int keep = 0;
  // Opaque text stored with the backup and returned by ListBackups (the caller's, e.g. which
  // signing key went with it). At most 1 KiB.
  std::string app_metadata;
};

// One backup of a backup directory.
struct StoredBackup {
  uint32_t backup_id = 0;  // 1, 2, ... in the order they were made
  absl::Time create_time;
  uint64_t size_bytes = 0;  // of the files the backup needs (some shared with other backups)
  uint32_t file_count = 0;
  // The global audit chain's head in the backup: its last event (0 and empty when none).
  AuditHead audit_head;
  std::string app_metadata;
};

// The outcome of a backup.
struct BackupResult {
  StoredBackup backup;
  // Backups deleted afterwards to keep BackupRequest::keep.
  int purged = 0;
};

// The backups in `backup_dir`, oldest first, each with its audit head read from the backup (which
// also proves it opens as a database). NOT_FOUND when the directory does not exist.
[[nodiscard]] absl::StatusOr<std::vector<StoredBackup>> ListBackups(const std::string& backup_dir);

// Restores backup `backup_id` of `backup_dir` (0: the latest) into `target_dir`, which must be
// missing or empty (FAILED_PRECONDITION otherwise, naming it): first verifies every file of the
// backup against the checksum taken when it was made (DATA_LOSS naming the backup when one
// differs), then copies the files, then opens the restored database read-only and checks that its
// audit head is the backup's (DATA_LOSS otherwise). The restored directory is then a database the
// store opens as any other. Returns the backup restored.
[[nodiscard]] absl::StatusOr<StoredBackup> RestoreBackup(const std::string& backup_dir,
                                                         uint32_t backup_id,
                                                         const std::string& target_dir);

// The audit head of the database in `db_dir`, opened read-only (for checks and tests; the store
// must not have it open for writing at the same time unless it is a copy).
[[nodiscard]] absl::StatusOr<AuditHead> ReadAuditHeadOfDatabase(const std::string& db_dir);

}  // namespace nianbao::storage

#endif  // NIANBAO_STORAGE_REPORT_BACKUP_H_
