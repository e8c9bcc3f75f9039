// Backups on RocksDB's BackupEngine (report_backup.h): RocksReportStore::Backup, listing and
// restore.
#include "storage/report_backup.h"

#include <filesystem>
#include <memory>
#include <mutex>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/options.h"
#include "rocksdb/utilities/backup_engine.h"
#include "storage/key_encoding.h"
#include "storage/parse_stored.h"
#include "storage/rocks_report_store.h"
#include "storage/rocks_status.h"
#include "workflow/status_details.h"

namespace nianbao::storage {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxAppMetadataBytes = 1024;

// Backup files are written and read through the plain environment: the store's own one zero-fills
// files named *.log ahead of their writes (prezeroed_wal_file_system.h), which a backup's copy of
// a WAL does not need.
rocksdb::BackupEngineOptions EngineOptions(const std::string& backup_dir) {
  rocksdb::BackupEngineOptions options(backup_dir);
  options.backup_env = rocksdb::Env::Default();
  options.sync = true;  // a backup reported made survives a crash of the machine
  return options;
}

// Backups are no API resource of their own: the ResourceInfo names the directory (and the
// backup's number in it), as an operator passes them to --backup_dir and --backup_id.
absl::Status BackupNotFound(const std::string& backup_dir, uint32_t backup_id) {
  absl::Status status = nianbao::workflow::MakeStatus(
      absl::StatusCode::kNotFound,
      {absl::StrCat("备份 ", backup_id, " 不存在于 ", backup_dir),
       absl::StrCat("backup ", backup_id, " not found in ", backup_dir)},
      "BACKUP_NOT_FOUND", {{"backup_dir", backup_dir}, {"backup_id", absl::StrCat(backup_id)}});
  nianbao::workflow::SetResourceInfo(status, "nianbao.gov.cn/Backup",
                                     absl::StrCat(backup_dir, "/", backup_id));
  return status;
}

absl::Status BackupDirMissing(const std::string& backup_dir) {
  absl::Status status =
      nianbao::workflow::MakeStatus(absl::StatusCode::kNotFound,
                                    {absl::StrCat("备份目录不存在：", backup_dir),
                                     absl::StrCat("backup directory not found: ", backup_dir)},
                                    "BACKUP_DIR_NOT_FOUND", {{"backup_dir", backup_dir}});
  nianbao::workflow::SetResourceInfo(status, "nianbao.gov.cn/BackupDirectory", backup_dir);
  return status;
}

StoredBackup FromInfo(const rocksdb::BackupInfo& info) {
  StoredBackup backup;
  backup.backup_id = info.backup_id;
  backup.create_time = absl::FromUnixSeconds(info.timestamp);
  backup.size_bytes = info.size;
  backup.file_count = info.number_files;
  backup.app_metadata = info.app_metadata;
  return backup;
}

// Opens the database `name` read-only through `env` and reads the last event of its audit family.
// Every column family is opened with default options: a read needs none of the store's tuning.
absl::StatusOr<AuditHead> ReadHeadThrough(const std::string& name, rocksdb::Env* env) {
  rocksdb::DBOptions options;
  options.env = env;
  // As the store opens it: a WAL's zero-filled tail is padding, not corruption.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  std::vector<std::string> families;
  if (absl::Status s = FromRocksStatus(rocksdb::DB::ListColumnFamilies(options, name, &families),
                                       absl::StrCat("list column families of ", name));
      !s.ok()) {
    return s;
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& family : families) {
    descriptors.emplace_back(family, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  if (absl::Status s = FromRocksStatus(
          rocksdb::DB::OpenForReadOnly(options, name, descriptors, &handles, &raw_db),
          absl::StrCat("open ", name, " read-only"));
      !s.ok()) {
    return s;
  }
  std::unique_ptr<rocksdb::DB> db(raw_db);
  AuditHead head;
  absl::Status status;
  for (size_t i = 0; i < families.size() && status.ok(); ++i) {
    if (families[i] != "audit") continue;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[i]));
    it->SeekToLast();
    if (it->Valid()) {
      absl::StatusOr<int64_t> sequence =
          DecodeAuditKey(absl::string_view(it->key().data(), it->key().size()));
      absl::StatusOr<nianbao::v1::AuditEvent> event =
          ParseStored<nianbao::v1::AuditEvent>(it->value().ToString(), "audit event");
      status = !sequence.ok() ? sequence.status() : event.status();
      if (status.ok()) head = AuditHead{*sequence, event->hash()};
    } else {
      status = FromRocksStatus(it->status(), "read audit head");
    }
  }
  for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
  (void)db->Close();  // read-only: nothing to lose
  if (!status.ok()) return status;
  return head;
}

// The backup's audit head, read where the backup lies (BackupEngine presents a backup as a
// database through its own environment).
absl::StatusOr<AuditHead> ReadBackupHead(const rocksdb::BackupInfo& info) {
  return ReadHeadThrough(info.name_for_open, info.env_for_open.get());
}

absl::StatusOr<std::unique_ptr<rocksdb::BackupEngineReadOnly>> OpenReadOnly(
    const std::string& backup_dir) {
  std::error_code error;
  if (!fs::is_directory(backup_dir, error)) return BackupDirMissing(backup_dir);
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  if (absl::Status s =
          FromRocksStatus(rocksdb::BackupEngineReadOnly::Open(EngineOptions(backup_dir),
                                                              rocksdb::Env::Default(), &raw),
                          absl::StrCat("open backup directory ", backup_dir));
      !s.ok()) {
    return s;
  }
  return std::unique_ptr<rocksdb::BackupEngineReadOnly>(raw);
}

// True when `inner` is `outer` or lies inside it (both made absolute and normalized first).
bool IsSameOrInside(const std::string& inner, const std::string& outer) {
  std::error_code error;
  const fs::path a = fs::weakly_canonical(fs::absolute(inner), error);
  const fs::path b = fs::weakly_canonical(fs::absolute(outer), error);
  const std::string a_text = a.lexically_normal().string();
  const std::string b_text = b.lexically_normal().string();
  return a_text == b_text ||
         absl::StartsWith(a_text, absl::StrCat(absl::StripSuffix(b_text, "/"), "/"));
}

absl::Status InvalidBackupDir(const std::string& backup_dir, absl::string_view zh,
                              absl::string_view en) {
  return nianbao::workflow::InvalidField(
      "backup_dir", {absl::StrCat("备份目录", zh, "：", backup_dir),
                     absl::StrCat("the backup directory ", en, ": ", backup_dir)});
}

// Backups write their directory one at a time (BackupEngine allows one writer per directory).
std::mutex& BackupMutex() {
  static auto* mutex = new std::mutex();
  return *mutex;
}

}  // namespace

absl::StatusOr<BackupResult> RocksReportStore::Backup(const BackupRequest& request) {
  const std::string& dir = request.backup_dir;
  if (dir.empty() || dir.front() != '/') {
    return InvalidBackupDir(dir, "应为绝对路径", "must be an absolute path");
  }
  if (IsSameOrInside(dir, options_.path)) {
    return InvalidBackupDir(dir, "不能在数据目录之内", "must lie outside the data directory");
  }
  if (request.keep < 0) {
    return nianbao::workflow::InvalidField("keep", {"保留份数不能为负", "keep must be >= 0"});
  }
  if (request.app_metadata.size() > kMaxAppMetadataBytes) {
    return absl::InvalidArgumentError("app_metadata: too long");
  }
  std::lock_guard<std::mutex> lock(BackupMutex());
  std::error_code error;
  // A directory the backup creates is the server user's alone: it holds every agency's data (and,
  // beside it, the signing key). One that exists keeps the permissions it was given.
  if (fs::create_directories(dir, error)) fs::permissions(dir, fs::perms::owner_all, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat("无法创建备份目录 ", dir,
                                                      " (cannot create the backup directory ", dir,
                                                      "): ", error.message()));
  }
  rocksdb::BackupEngine* raw_engine = nullptr;
  if (absl::Status s = FromRocksStatus(
          rocksdb::BackupEngine::Open(EngineOptions(dir), db_->GetEnv(), &raw_engine),
          absl::StrCat("open backup directory ", dir));
      !s.ok()) {
    return s;
  }
  std::unique_ptr<rocksdb::BackupEngine> engine(raw_engine);
  // Flushing first puts the backup's data in table files, which later backups share, rather than
  // in a copy of the write-ahead log. Commits go on meanwhile: the backup holds the database as of
  // one moment of it, the one RocksDB pins its files at.
  rocksdb::CreateBackupOptions create;
  create.flush_before_backup = true;
  rocksdb::BackupID backup_id = 0;
  if (absl::Status s = FromRocksStatus(
          engine->CreateNewBackupWithMetadata(create, db_.get(), request.app_metadata, &backup_id),
          absl::StrCat("back up to ", dir));
      !s.ok()) {
    return s;
  }
  BackupResult result;
  if (request.keep > 0) {
    std::vector<rocksdb::BackupInfo> before;
    engine->GetBackupInfo(&before);
    if (absl::Status s = FromRocksStatus(
            engine->PurgeOldBackups(static_cast<uint32_t>(request.keep)), "purge old backups");
        !s.ok()) {
      return s;
    }
    std::vector<rocksdb::BackupInfo> after;
    engine->GetBackupInfo(&after);
    result.purged = static_cast<int>(before.size() - after.size());
  }
  rocksdb::BackupInfo info;
  if (absl::Status s = FromRocksStatus(
          engine->GetBackupInfo(backup_id, &info, /*include_file_details=*/true), "read backup");
      !s.ok()) {
    return s;
  }
  absl::StatusOr<AuditHead> head = ReadBackupHead(info);
  if (!head.ok()) return head.status();
  result.backup = FromInfo(info);
  result.backup.audit_head = *std::move(head);
  return result;
}

absl::StatusOr<std::vector<StoredBackup>> ListBackups(const std::string& backup_dir) {
  absl::StatusOr<std::unique_ptr<rocksdb::BackupEngineReadOnly>> engine = OpenReadOnly(backup_dir);
  if (!engine.ok()) return engine.status();
  std::vector<rocksdb::BackupInfo> infos;
  (*engine)->GetBackupInfo(&infos, /*include_file_details=*/true);
  std::vector<StoredBackup> backups;
  for (const rocksdb::BackupInfo& info : infos) {
    absl::StatusOr<AuditHead> head = ReadBackupHead(info);
    if (!head.ok()) return head.status();
    backups.push_back(FromInfo(info));
    backups.back().audit_head = *std::move(head);
  }
  return backups;
}

absl::StatusOr<StoredBackup> RestoreBackup(const std::string& backup_dir, uint32_t backup_id,
                                           const std::string& target_dir) {
  std::error_code error;
  if (fs::exists(target_dir, error) &&
      (!fs::is_directory(target_dir, error) || !fs::is_empty(target_dir, error))) {
    return absl::FailedPreconditionError(
        absl::StrCat("恢复目标目录非空：", target_dir,
                     "；请恢复到新的空目录，不会覆盖已有数据 (the restore target ", target_dir,
                     " is not empty: restore into a new, empty directory; nothing was changed)"));
  }
  absl::StatusOr<std::unique_ptr<rocksdb::BackupEngineReadOnly>> engine = OpenReadOnly(backup_dir);
  if (!engine.ok()) return engine.status();
  rocksdb::BackupInfo info;
  rocksdb::Status found =
      backup_id == 0 ? (*engine)->GetLatestBackupInfo(&info, /*include_file_details=*/true)
                     : (*engine)->GetBackupInfo(backup_id, &info, /*include_file_details=*/true);
  if (found.IsNotFound()) return BackupNotFound(backup_dir, backup_id);
  if (absl::Status s = FromRocksStatus(found, "read backup"); !s.ok()) return s;
  if (rocksdb::IOStatus verified =
          (*engine)->VerifyBackup(info.backup_id, /*verify_with_checksum=*/true);
      !verified.ok()) {
    return absl::DataLossError(absl::StrCat(
        "备份 ", info.backup_id, " 校验失败，未恢复任何内容 (backup ", info.backup_id, " in ",
        backup_dir, " failed verification; nothing was restored): ", verified.ToString()));
  }
  absl::StatusOr<AuditHead> expected = ReadBackupHead(info);
  if (!expected.ok()) return expected.status();
  fs::create_directories(target_dir, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "无法创建目录 ", target_dir, " (cannot create ", target_dir, "): ", error.message()));
  }
  if (absl::Status s =
          FromRocksStatus((*engine)->RestoreDBFromBackup(rocksdb::RestoreOptions(), info.backup_id,
                                                         target_dir, target_dir),
                          absl::StrCat("restore backup ", info.backup_id, " into ", target_dir));
      !s.ok()) {
    return s;
  }
  absl::StatusOr<AuditHead> restored = ReadAuditHeadOfDatabase(target_dir);
  if (!restored.ok()) return restored.status();
  if (restored->sequence != expected->sequence || restored->hash != expected->hash) {
    return absl::DataLossError(
        absl::StrCat("恢复后的审计链头与备份不符 (the restored audit head, event ",
                     restored->sequence, ", is not the backup's, event ", expected->sequence, ")"));
  }
  StoredBackup backup = FromInfo(info);
  backup.audit_head = *std::move(expected);
  return backup;
}

absl::StatusOr<AuditHead> ReadAuditHeadOfDatabase(const std::string& db_dir) {
  return ReadHeadThrough(db_dir, rocksdb::Env::Default());
}

}  // namespace nianbao::storage
