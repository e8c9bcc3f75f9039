// RocksReportStore::Backup, ListBackups and RestoreBackup on a real RocksDB: a backup taken while
// commits go on holds a prefix of them whose last event is the head it reports, the restore gives
// back exactly that, retention keeps the newest, and a damaged backup or a non-empty target is
// refused with nothing restored.
#include "storage/report_backup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/storage/store_test_support.h"

namespace nianbao::storage {
namespace {

using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;
using ::nianbao::testing::TempDir;
using ::testing::HasSubstr;
using namespace ::nianbao::storage::testing;  // NOLINT: test helpers

constexpr auto kDraft = nianbao::v1::REPORT_STATE_DRAFT;
constexpr auto kNone = nianbao::v1::REPORT_STATE_UNSPECIFIED;

absl::Status CreateReport(RocksReportStore& store, const std::string& agency, int year) {
  return store.Commit(PutReportMutation(MakeReport(agency, year, kDraft, 100), kNone)).status();
}

TEST(ReportBackupTest, BackupUnderCommitsRestoresExactlyTheHeadItReports) {
  TempDir dir;
  auto store = OpenStore(dir.File("data"));
  ASSERT_THAT(store, IsOk());
  NIANBAO_ASSERT_OK(CreateReport(**store, "before", 2024));
  std::atomic<bool> stop{false};
  std::atomic<int> created{0};
  std::thread writer([&] {
    for (int year = 1; !stop.load(); ++year) {
      if (CreateReport(**store, "during", year).ok()) created.fetch_add(1);
    }
  });
  while (created.load() < 20) std::this_thread::yield();
  BackupRequest request;
  request.backup_dir = dir.File("backups");
  request.app_metadata = "key=k1";
  absl::StatusOr<BackupResult> backup = (*store)->Backup(request);
  stop.store(true);
  writer.join();
  ASSERT_THAT(backup, IsOk());
  EXPECT_EQ(backup->backup.backup_id, 1u);
  EXPECT_EQ(backup->backup.app_metadata, "key=k1");
  EXPECT_GT(backup->backup.size_bytes, 0u);
  // The directory it created is the owner's alone.
  EXPECT_EQ(std::filesystem::status(dir.File("backups")).permissions(),
            std::filesystem::perms::owner_all);
  // At least every commit acknowledged before the call is in it.
  EXPECT_GE(backup->backup.audit_head.sequence, 21);
  absl::StatusOr<AuditHead> live = (*store)->GetAuditHead();
  ASSERT_THAT(live, IsOk());
  EXPECT_LE(backup->backup.audit_head.sequence, live->sequence);

  NIANBAO_ASSERT_OK(RestoreBackup(dir.File("backups"), 0, dir.File("restored")).status());
  auto restored = OpenStore(dir.File("restored"));
  ASSERT_THAT(restored, IsOk());
  absl::StatusOr<AuditHead> head = (*restored)->GetAuditHead();
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->sequence, backup->backup.audit_head.sequence);
  EXPECT_EQ(head->hash, backup->backup.audit_head.hash);
  // The restored store reads and takes commits like the original.
  NIANBAO_EXPECT_OK((*restored)->GetReport({"before", 2024}).status());
  NIANBAO_EXPECT_OK(CreateReport(**restored, "after", 2024));
}

TEST(ReportBackupTest, KeepPurgesTheOldestAndListShowsEachHead) {
  TempDir dir;
  auto store = OpenStore(dir.File("data"));
  ASSERT_THAT(store, IsOk());
  BackupRequest request;
  request.backup_dir = dir.File("backups");
  request.keep = 2;
  std::vector<int64_t> heads;
  for (int i = 0; i < 3; ++i) {
    NIANBAO_ASSERT_OK(CreateReport(**store, "fgj", 2020 + i));
    absl::StatusOr<BackupResult> backup = (*store)->Backup(request);
    ASSERT_THAT(backup, IsOk());
    EXPECT_EQ(backup->purged, i < 2 ? 0 : 1);
    heads.push_back(backup->backup.audit_head.sequence);
  }
  absl::StatusOr<std::vector<StoredBackup>> listed = ListBackups(dir.File("backups"));
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].backup_id, 2u);
  EXPECT_EQ((*listed)[0].audit_head.sequence, heads[1]);
  EXPECT_EQ((*listed)[1].backup_id, 3u);
  EXPECT_EQ((*listed)[1].audit_head.sequence, heads[2]);
  // An older backup restores as it was, not as the latest.
  absl::StatusOr<StoredBackup> restored = RestoreBackup(dir.File("backups"), 2, dir.File("r2"));
  ASSERT_THAT(restored, IsOk());
  absl::StatusOr<AuditHead> head = ReadAuditHeadOfDatabase(dir.File("r2"));
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->sequence, heads[1]);
  EXPECT_THAT(RestoreBackup(dir.File("backups"), 1, dir.File("r1")),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(ReportBackupTest, RefusesANonEmptyTargetAndTouchesNothingInIt) {
  TempDir dir;
  auto store = OpenStore(dir.File("data"));
  ASSERT_THAT(store, IsOk());
  NIANBAO_ASSERT_OK(CreateReport(**store, "fgj", 2024));
  BackupRequest request;
  request.backup_dir = dir.File("backups");
  ASSERT_THAT((*store)->Backup(request), IsOk());
  std::filesystem::create_directories(dir.File("occupied"));
  ::nianbao::testing::WriteFileOrDie(dir.File("occupied/keep.txt"), "mine");
  EXPECT_THAT(RestoreBackup(dir.File("backups"), 0, dir.File("occupied")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not empty")));
  EXPECT_EQ(::nianbao::testing::ReadFileOrDie(dir.File("occupied/keep.txt")), "mine");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.File("occupied")),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(ReportBackupTest, RefusesADamagedBackupBeforeRestoringAnything) {
  TempDir dir;
  auto store = OpenStore(dir.File("data"));
  ASSERT_THAT(store, IsOk());
  for (int year = 2000; year < 2010; ++year) NIANBAO_ASSERT_OK(CreateReport(**store, "fgj", year));
  BackupRequest request;
  request.backup_dir = dir.File("backups");
  ASSERT_THAT((*store)->Backup(request), IsOk());
  // Flip one byte of the backup's largest file.
  std::filesystem::path largest;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.File("backups"))) {
    if (entry.is_regular_file() &&
        (largest.empty() || entry.file_size() > std::filesystem::file_size(largest))) {
      largest = entry.path();
    }
  }
  ASSERT_FALSE(largest.empty());
  {
    std::fstream file(largest, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(10);
    char byte = 0;
    file.read(&byte, 1);
    byte = static_cast<char>(byte ^ 0x5a);
    file.seekp(10);
    file.write(&byte, 1);
  }
  EXPECT_THAT(RestoreBackup(dir.File("backups"), 0, dir.File("restored")),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("verification")));
  EXPECT_FALSE(std::filesystem::exists(dir.File("restored")));
}

TEST(ReportBackupTest, RefusesABackupDirectoryInsideTheDataOrRelative) {
  TempDir dir;
  auto store = OpenStore(dir.File("data"));
  ASSERT_THAT(store, IsOk());
  BackupRequest request;
  request.backup_dir = dir.File("data/backups");
  EXPECT_THAT((*store)->Backup(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("outside the data")));
  request.backup_dir = dir.File("data");
  EXPECT_THAT((*store)->Backup(request), StatusIs(absl::StatusCode::kInvalidArgument));
  request.backup_dir = "relative/backups";
  EXPECT_THAT((*store)->Backup(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("absolute")));
  EXPECT_THAT(ListBackups(dir.File("none")), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace nianbao::storage
