// Tampering with stored audit events directly in RocksDB, with the server's store closed: changing
// one byte, deleting an event or swapping two is detected and the first broken event is named; a
// chain cut below the last checkpoint signed is refused when the store opens.
// Reopening an untouched database keeps both chains intact.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "storage/key_encoding.h"
#include "tests/integration/audit/audit_fixture.h"
#include "tests/support/status_matchers.h"

namespace nianbao::audit_test {
namespace {

namespace v1 = nianbao::v1;

constexpr char kReport[] = "agencies/shuyang-fagaiju/reports/2023";

class AuditTamperTest : public AuditStackTest {
 protected:
  void SetUp() override {
    AuditStackTest::SetUp();
    RunWholeLifecycle(2023);  // events 1..11
  }
};

std::string Get(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit, int64_t sequence) {
  std::string value;
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), audit, storage::AuditKey(sequence), &value).ok());
  return value;
}

void Put(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit, int64_t sequence,
         const std::string& value) {
  rocksdb::WriteOptions sync;
  sync.sync = true;
  ASSERT_TRUE(db->Put(sync, audit, storage::AuditKey(sequence), value).ok());
}

TEST_F(AuditTamperTest, ChangedByteIsNamed) {
  TamperWithAudit([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
    std::string value = Get(db, audit, 6);  // the rejection, by wang.shenhe
    const size_t at = value.find("wang.shenhe");
    ASSERT_NE(at, std::string::npos);
    value[at] = 'x';  // one byte: "xang.shenhe"
    Put(db, audit, 6, value);
  });
  v1::VerifyChainResponse global = VerifyGlobal();
  EXPECT_FALSE(global.intact());
  EXPECT_EQ(global.first_break().kind(), v1::CHAIN_BREAK_KIND_ALTERED);
  EXPECT_EQ(global.first_break().sequence(), 6);
  EXPECT_EQ(global.events_verified(), 5);
  EXPECT_THAT(global.first_break().message(), ::testing::HasSubstr("event 6"));
  v1::VerifyChainResponse report = VerifyReport(kReport);
  EXPECT_FALSE(report.intact());
  EXPECT_EQ(report.first_break().kind(), v1::CHAIN_BREAK_KIND_ALTERED);
  EXPECT_EQ(report.first_break().global_sequence(), 6);
}

TEST_F(AuditTamperTest, ByteThatBreaksParsingIsNamed) {
  TamperWithAudit([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
    std::string value = Get(db, audit, 4);
    value[0] = static_cast<char>(0xff);  // an invalid field tag
    Put(db, audit, 4, value);
  });
  v1::VerifyChainResponse global = VerifyGlobal();
  EXPECT_FALSE(global.intact());
  EXPECT_EQ(global.first_break().kind(), v1::CHAIN_BREAK_KIND_ALTERED);
  EXPECT_EQ(global.first_break().sequence(), 4);
  EXPECT_EQ(global.events_verified(), 3);
}

TEST_F(AuditTamperTest, DeletedEventIsMissing) {
  TamperWithAudit([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    ASSERT_TRUE(db->Delete(sync, audit, storage::AuditKey(5)).ok());
  });
  v1::VerifyChainResponse global = VerifyGlobal();
  EXPECT_FALSE(global.intact());
  EXPECT_EQ(global.first_break().kind(), v1::CHAIN_BREAK_KIND_MISSING);
  EXPECT_EQ(global.first_break().sequence(), 5);
}

TEST_F(AuditTamperTest, DeletedLastEventBelowTheSignedCheckpointIsRefusedAtOpen) {
  v1::GetCheckpointResponse checkpoint;
  ASSERT_TRUE(audit_->GetCheckpoint(Auditor("zhou.zhongyang"), {}, &checkpoint).ok());
  ASSERT_EQ(checkpoint.checkpoint().sequence(), 11);
  TamperWithAudit(
      [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
        rocksdb::WriteOptions sync;
        sync.sync = true;
        ASSERT_TRUE(db->Delete(sync, audit, storage::AuditKey(11)).ok());
      },
      /*reopen=*/false);
  // The server remembers the checkpoint it signed: it serves (and signs) no shorter chain.
  EXPECT_THAT(TryOpen(), nianbao::testing::StatusIs(
                             absl::StatusCode::kDataLoss,
                             ::testing::HasSubstr("ends at event 10 but the server signed a "
                                                  "checkpoint up to event 11")));
}

TEST_F(AuditTamperTest, DeletedLastEventAndTheServersMemoryAreCaughtByAPublishedCheckpoint) {
  v1::GetCheckpointResponse checkpoint;
  ASSERT_TRUE(audit_->GetCheckpoint(Auditor("zhou.zhongyang"), {}, &checkpoint).ok());
  // Whoever also deletes what the server remembers is still caught by a checkpoint given out.
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  TamperWithAudit(
      [&meta](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
        rocksdb::WriteOptions sync;
        sync.sync = true;
        ASSERT_TRUE(db->Delete(sync, audit, storage::AuditKey(11)).ok());
        ASSERT_NE(meta, nullptr);
        ASSERT_TRUE(db->Delete(sync, meta, std::string(storage::kSignedCheckpointKey)).ok());
      },
      /*reopen=*/true, &meta);
  v1::VerifyChainRequest request;
  *request.mutable_checkpoint() = checkpoint.checkpoint();
  v1::VerifyChainResponse response;
  ASSERT_TRUE(audit_->VerifyChain(Auditor("zhou.zhongyang"), request, &response).ok());
  EXPECT_FALSE(response.intact());
  EXPECT_EQ(response.first_break().kind(), v1::CHAIN_BREAK_KIND_MISSING);
  EXPECT_EQ(response.first_break().sequence(), 11);
}

TEST_F(AuditTamperTest, SwappedEventsAreReordered) {
  TamperWithAudit([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
    const std::string third = Get(db, audit, 3);
    const std::string fourth = Get(db, audit, 4);
    Put(db, audit, 3, fourth);
    Put(db, audit, 4, third);
  });
  v1::VerifyChainResponse global = VerifyGlobal();
  EXPECT_FALSE(global.intact());
  EXPECT_EQ(global.first_break().kind(), v1::CHAIN_BREAK_KIND_REORDERED);
  EXPECT_EQ(global.first_break().sequence(), 3);
  EXPECT_EQ(global.first_break().global_sequence(), 4);
}

TEST_F(AuditTamperTest, RestartKeepsChainsIntact) {
  TamperWithAudit([](rocksdb::DB*, rocksdb::ColumnFamilyHandle*) {});  // close and reopen only
  EXPECT_TRUE(VerifyGlobal().intact());
  EXPECT_TRUE(VerifyReport(kReport).intact());
  // Events after the restart continue both chains.
  CreateAndUpdate("li.qicao", 2024, 2);
  v1::VerifyChainResponse global = VerifyGlobal();
  EXPECT_TRUE(global.intact());
  EXPECT_EQ(global.events_verified(), 14);
  v1::ListAuditEventsRequest request;
  request.set_report(kReport);
  v1::VerifyChainResponse report = VerifyReport("agencies/shuyang-fagaiju/reports/2024");
  EXPECT_TRUE(report.intact());
  EXPECT_EQ(report.events_verified(), 3);
}

}  // namespace
}  // namespace nianbao::audit_test
