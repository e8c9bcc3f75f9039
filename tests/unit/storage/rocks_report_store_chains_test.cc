// RocksReportStore's agency chains (filled in the commit, continued after a reopen, read with the
// global head from one snapshot) and its memory of the last head signed: a chain cut below it is
// refused at open, and a shorter head is never remembered (so never signed).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "rocksdb/db.h"
#include "storage/key_encoding.h"
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
using nianbao::v1::AuditEvent;

// One event per entry of `agencies` ("" for an event about no agency), about no report.
ReportMutation EventsMutation(const std::vector<std::string>& agencies) {
  ReportMutation mutation;
  mutation.report_id = {"x", 0};
  mutation.plan = [agencies](const std::optional<nianbao::v1::Report>&) {
    MutationPlan plan;
    for (const std::string& agency : agencies) {
      AuditEvent event = MakeEvent("", "zhou", nianbao::v1::AUDIT_ACTION_READ, 1700000000);
      event.set_agency_id(agency);
      plan.audit_events.push_back(event);
    }
    return absl::StatusOr<MutationPlan>(std::move(plan));
  };
  return mutation;
}

// Opens the closed database with the RocksDB API and calls `edit` with the "audit" family.
void EditAudit(const std::string& path,
               const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>& edit) {
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : names) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &handles, &db).ok());
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "audit") edit(db, handles[i]);
  }
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
  delete db;
}

TEST(RocksReportStoreChainsTest, AgencyChainsAreFilledInTheCommitAndContinueAfterReopen) {
  TempDir dir;
  std::string x_head;
  {
    auto store = OpenStore(dir.path());
    ASSERT_THAT(store, IsOk());
    auto committed = (*store)->Commit(EventsMutation({"x", "y", "", "x"}));
    ASSERT_THAT(committed, IsOk());
    const auto& events = committed->audit_events;
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0].agency_sequence(), 1);
    EXPECT_EQ(events[0].agency_previous_hash(), std::string(32, '\0'));
    EXPECT_EQ(events[1].agency_sequence(), 1);  // y's own chain
    EXPECT_EQ(events[2].agency_sequence(), 0);  // no agency: in no agency chain
    EXPECT_TRUE(events[2].agency_previous_hash().empty());
    EXPECT_TRUE(events[2].agency_hash().empty());
    EXPECT_EQ(events[3].agency_sequence(), 2);
    EXPECT_EQ(events[3].agency_previous_hash(), events[0].agency_hash());
    x_head = events[3].agency_hash();
    auto head = (*store)->GetAgencyAuditHead("x");
    ASSERT_THAT(head, IsOk());
    EXPECT_EQ(head->global.sequence, 4);
    EXPECT_EQ(head->global.hash, events[3].hash());
    EXPECT_EQ(head->agency_sequence, 2);
    EXPECT_EQ(head->agency_hash, x_head);
    auto none = (*store)->GetAgencyAuditHead("nobody");
    ASSERT_THAT(none, IsOk());
    EXPECT_EQ(none->global.sequence, 4);
    EXPECT_EQ(none->agency_sequence, 0);
    EXPECT_TRUE(none->agency_hash.empty());
  }
  auto reopened = OpenStore(dir.path());
  ASSERT_THAT(reopened, IsOk());
  auto head = (*reopened)->GetAgencyAuditHead("x");
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->agency_sequence, 2);
  EXPECT_EQ(head->agency_hash, x_head);
  auto more = (*reopened)->Commit(EventsMutation({"x"}));
  ASSERT_THAT(more, IsOk());
  EXPECT_EQ(more->audit_events[0].sequence(), 5);
  EXPECT_EQ(more->audit_events[0].agency_sequence(), 3);
  EXPECT_EQ(more->audit_events[0].agency_previous_hash(), x_head);
}

TEST(RocksReportStoreChainsTest, ShorterHeadThanTheOneSignedIsNeverRemembered) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  auto committed = (*store)->Commit(EventsMutation({"x", "x", "y"}));
  ASSERT_THAT(committed, IsOk());
  auto head = (*store)->GetAuditHead();
  ASSERT_THAT(head, IsOk());
  NIANBAO_EXPECT_OK((*store)->RecordSignedHead(*head));
  NIANBAO_EXPECT_OK((*store)->RecordSignedHead(*head));  // the same head again
  const AuditHead second{2, committed->audit_events[1].hash()};
  EXPECT_THAT((*store)->RecordSignedHead(second),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("ends at event 2")));
  EXPECT_THAT((*store)->RecordSignedHead(AuditHead{3, "another hash"}),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("event 3 is not the event signed")));
  // A longer head that contains the one signed is remembered.
  ASSERT_THAT((*store)->Commit(EventsMutation({"y"})), IsOk());
  auto longer = (*store)->GetAuditHead();
  ASSERT_THAT(longer, IsOk());
  NIANBAO_EXPECT_OK((*store)->RecordSignedHead(*longer));
  EXPECT_THAT((*store)->RecordSignedHead(*head), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(RocksReportStoreChainsTest, ChainCutBelowTheSignedHeadIsRefusedAtOpen) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    ASSERT_THAT(store, IsOk());
    ASSERT_THAT((*store)->Commit(EventsMutation({"x", "x", "y"})), IsOk());
    auto head = (*store)->GetAuditHead();
    ASSERT_THAT(head, IsOk());
    NIANBAO_EXPECT_OK((*store)->RecordSignedHead(*head));
  }
  // Untouched, it opens and remembers across the restart.
  {
    auto store = OpenStore(dir.path());
    ASSERT_THAT(store, IsOk());
    EXPECT_THAT((*store)->RecordSignedHead(AuditHead{2, "x"}),
                StatusIs(absl::StatusCode::kDataLoss));
  }
  // The signed event's stored hash changed: the chain no longer contains the checkpoint.
  std::string original;
  EditAudit(dir.path(), [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), audit, AuditKey(3), &original).ok());
    AuditEvent event;
    ASSERT_TRUE(event.ParseFromString(original));
    event.set_hash("rewritten");
    ASSERT_TRUE(
        db->Put(rocksdb::WriteOptions(), audit, AuditKey(3), event.SerializeAsString()).ok());
  });
  EXPECT_THAT(OpenStore(dir.path()),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("event 3 is not the event signed")));
  // The tail removed: the chain is shorter than the checkpoint.
  EditAudit(dir.path(), [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), audit, AuditKey(3)).ok());
  });
  EXPECT_THAT(OpenStore(dir.path()),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("the audit chain ends at event 2 but the server signed a "
                                 "checkpoint up to event 3")));
  // Salvage (read_only) still opens it, to read what is left, but signs nothing of it.
  {
    RocksReportStoreOptions options;
    options.path = dir.path();
    options.audit_sealer = FakeSeal;
    options.read_only = true;
    auto salvage = RocksReportStore::Open(std::move(options));
    ASSERT_THAT(salvage, IsOk());
    auto head = (*salvage)->GetAuditHead();
    ASSERT_THAT(head, IsOk());
    EXPECT_EQ(head->sequence, 2);
    EXPECT_THAT((*salvage)->RecordSignedHead(*head), StatusIs(absl::StatusCode::kDataLoss));
  }
  // Put back as it was, it opens again.
  EditAudit(dir.path(), [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), audit, AuditKey(3), original).ok());
  });
  EXPECT_THAT(OpenStore(dir.path()), IsOk());
}

}  // namespace
}  // namespace nianbao::storage
