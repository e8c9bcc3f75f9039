// The store's write-ahead logs: damage before the tail refuses to open (DATA_LOSS naming the file)
// where RocksDB's point-in-time recovery alone dropped acknowledged writes silently; a torn last
// write after a crash is still dropped; read-only salvage opens what precedes the damage; the logs
// stay bounded whatever the history; a data directory's missing parents are created.
#include "storage/wal_integrity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/storage/store_test_support.h"

namespace nianbao::storage {
namespace {

using ::nianbao::testing::IsOk;
using ::nianbao::testing::ReadFileOrDie;
using ::nianbao::testing::StatusIs;
using ::nianbao::testing::TempDir;
using ::nianbao::testing::WriteFileOrDie;
using ::testing::HasSubstr;
using namespace ::nianbao::storage::testing;  // NOLINT: test helpers

constexpr auto kDraft = nianbao::v1::REPORT_STATE_DRAFT;
constexpr auto kNone = nianbao::v1::REPORT_STATE_UNSPECIFIED;

// Creates `count` reports (one audit event each) and closes the store as a crash would, which
// leaves the writes in the live log (a clean close flushes them to table files).
void CreateReports(const std::string& path, int count, size_t etag_bytes = 16) {
  auto store = OpenStoreClosingAsACrash(path);
  ASSERT_THAT(store, IsOk());
  for (int i = 0; i < count; ++i) {
    nianbao::v1::Report report = MakeReport(absl::StrCat("agency-", i), 2024, kDraft, 100 + i);
    report.set_etag(std::string(etag_bytes, 'e'));
    ASSERT_THAT((*store)->Commit(PutReportMutation(report, kNone)), IsOk());
  }
}

int64_t AuditHeadAfterReopen(const std::string& path) {
  auto store = OpenStore(path);
  EXPECT_THAT(store, IsOk());
  if (!store.ok()) return -1;
  auto head = (*store)->GetAuditHead();
  return head.ok() ? head->sequence : -1;
}

std::string NewestWal(const std::string& path) {
  const std::vector<std::string> wals = ListWalFiles(path);
  EXPECT_FALSE(wals.empty());
  return wals.empty() ? "" : wals.back();
}

TEST(WalIntegrityTest, Crc32cMatchesTheStandardCheckValue) {
  EXPECT_EQ(Crc32c("123456789"), 0xe3069283u);
  EXPECT_EQ(Crc32c("56789", Crc32c("1234")), 0xe3069283u);
}

TEST(WalIntegrityTest, CleanLogsOpenWithEveryWrite) {
  TempDir dir;
  CreateReports(dir.path(), 200);
  EXPECT_THAT(CheckWalIntegrity(dir.path()), IsOk());
  EXPECT_EQ(AuditHeadAfterReopen(dir.path()), 200);
}

// The probe's finding: four bytes flipped in the middle of the live log of a cleanly stopped
// server, and the store came back with half of the acknowledged writes gone and no error.
TEST(WalIntegrityTest, DamageBeforeTheTailRefusesToOpenNamingTheFile) {
  TempDir dir;
  CreateReports(dir.path(), 200);
  const std::string wal = NewestWal(dir.path());
  std::string contents = ReadFileOrDie(wal);
  ASSERT_GT(contents.size(), 1000u);
  for (size_t i = contents.size() / 2; i < contents.size() / 2 + 4; ++i) contents[i] ^= 0x5a;
  WriteFileOrDie(wal, contents);

  auto reopened = OpenStore(dir.path());
  EXPECT_THAT(reopened, StatusIs(absl::StatusCode::kDataLoss, HasSubstr(wal)));
  EXPECT_THAT(reopened, StatusIs(absl::StatusCode::kDataLoss, HasSubstr("--read_only")));
  // Refusing wrote nothing: the damaged log is still there for salvage, and still refused.
  EXPECT_EQ(ReadFileOrDie(wal), contents);
  EXPECT_THAT(OpenStore(dir.path()), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(WalIntegrityTest, ReadOnlySalvageServesWhatPrecedesTheDamageAndWritesNothing) {
  TempDir dir;
  CreateReports(dir.path(), 200);
  const std::string wal = NewestWal(dir.path());
  std::string contents = ReadFileOrDie(wal);
  for (size_t i = contents.size() / 2; i < contents.size() / 2 + 4; ++i) contents[i] ^= 0x5a;
  WriteFileOrDie(wal, contents);

  RocksReportStoreOptions options;
  options.path = dir.path();
  options.audit_sealer = FakeSeal;
  options.read_only = true;
  auto store = RocksReportStore::Open(options);
  ASSERT_THAT(store, IsOk());
  auto head = (*store)->GetAuditHead();
  ASSERT_THAT(head, IsOk());
  EXPECT_GT(head->sequence, 0);
  EXPECT_LT(head->sequence, 200);
  EXPECT_THAT((*store)->GetReport({"agency-0", 2024}), IsOk());
  const nianbao::v1::Report report = MakeReport("agency-new", 2024, kDraft, 1);
  EXPECT_THAT((*store)->Commit(PutReportMutation(report, kNone)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("read-only")));
  store->reset();
  EXPECT_EQ(ReadFileOrDie(wal), contents);
}

// A crash can leave the last write half on disk: cut short, or (pre-zeroed logs) followed by
// zeros. It was never acknowledged, and the store opens without it.
TEST(WalIntegrityTest, TornLastWriteIsDroppedAndTheRestOpens) {
  for (const bool zero_filled : {false, true}) {
    SCOPED_TRACE(zero_filled ? "zero-filled tail" : "truncated tail");
    TempDir dir;
    CreateReports(dir.path(), 50, 2000);
    const std::string wal = NewestWal(dir.path());
    std::string contents = ReadFileOrDie(wal);
    const size_t cut = contents.size() - 700;  // inside the last record's 2 KB etag
    if (zero_filled) {
      contents.replace(cut, std::string::npos, std::string(contents.size() - cut + 65536, '\0'));
    } else {
      contents.resize(cut);
    }
    WriteFileOrDie(wal, contents);
    EXPECT_THAT(CheckWalIntegrity(dir.path()), IsOk());
    EXPECT_EQ(AuditHeadAfterReopen(dir.path()), 49);
  }
}

TEST(WalIntegrityTest, FindWalDamageTellsATornTailFromDamageWithRecordsAfterIt) {
  TempDir dir;
  CreateReports(dir.path(), 20);
  const std::string contents = ReadFileOrDie(NewestWal(dir.path()));
  EXPECT_FALSE(FindWalDamage(contents).has_value());
  EXPECT_FALSE(FindWalDamage(contents + std::string(40000, '\0')).has_value());

  std::string flipped = contents;
  flipped[20] ^= 1;
  auto damage = FindWalDamage(flipped);
  ASSERT_TRUE(damage.has_value());
  EXPECT_EQ(damage->offset, 0u);
  EXPECT_EQ(damage->what, "checksum mismatch");
  EXPECT_FALSE(damage->only_zeros_after);

  auto torn = FindWalDamage(contents.substr(0, contents.size() - 3));
  ASSERT_TRUE(torn.has_value());
  EXPECT_TRUE(torn->only_zeros_after);
}

// The probe's finding: two minutes of edits left 1.5 GB of live log and a 5 s restart, because a
// rarely written column family kept every log since its last flush alive.
TEST(WalIntegrityTest, LogsStayBoundedWhateverTheHistory) {
  TempDir dir;
  constexpr uint64_t kBound = 2 << 20;
  {
    RocksReportStoreOptions options;
    options.path = dir.path();
    options.audit_sealer = FakeSeal;
    options.max_total_wal_bytes = kBound;
    auto store = RocksReportStore::Open(options);
    ASSERT_THAT(store, IsOk());
    for (int i = 0; i < 1200; ++i) {  // ~24 MB of log
      nianbao::v1::Report report = MakeReport(absl::StrCat("agency-", i), 2024, kDraft, i);
      report.set_etag(std::string(20000, 'e'));
      ASSERT_THAT((*store)->Commit(PutReportMutation(report, kNone)), IsOk());
    }
  }
  uint64_t total = 0;
  for (const std::string& wal : ListWalFiles(dir.path())) total += std::filesystem::file_size(wal);
  EXPECT_LT(total, 3 * kBound);
  EXPECT_EQ(AuditHeadAfterReopen(dir.path()), 1200);
  EXPECT_GT(RocksReportStoreOptions().max_total_wal_bytes, 0u);
  EXPECT_LE(RocksReportStoreOptions().max_total_wal_bytes, uint64_t{64} << 20);
}

TEST(WalIntegrityTest, MissingParentsOfTheDataDirectoryAreCreated) {
  TempDir dir;
  const std::string path = dir.File("var/lib/nianbao/data");
  EXPECT_THAT(OpenStore(path), IsOk());
  EXPECT_TRUE(std::filesystem::is_directory(path));
}

}  // namespace
}  // namespace nianbao::storage
