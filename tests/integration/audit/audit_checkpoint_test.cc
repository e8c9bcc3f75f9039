// AuditCore's checkpoints scoped to an agency (what an agency's export ends with) and the server's
// memory of the last head it signed, over a real RocksDB.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/key_encoding.h"
#include "tests/integration/audit/audit_fixture.h"
#include "tests/support/status_matchers.h"
#include "workflow/audit_chain.h"
#include "workflow/audit_export.h"

namespace nianbao::audit_test {
namespace {

namespace v1 = nianbao::v1;
using ::nianbao::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kAgency[] = "shuyang-fagaiju";

class AuditCheckpointTest : public AuditStackTest {
 protected:
  // The agency's events as its export streams them, verified offline against `checkpoint`.
  workflow::ExportVerification ExportAndVerify(const v1::AuditCheckpoint& checkpoint) {
    std::vector<v1::AuditExportRecord> records(1);
    records[0].mutable_header()->set_agency_id(kAgency);
    v1::StreamAuditEventsRequest request;
    request.set_agency_id(kAgency);
    absl::Status streamed = audit_->StreamAuditEvents(
        Auditor("sun.shenji"), request,
        [&](const v1::AuditEvent& event) {
          if (event.sequence() > checkpoint.sequence()) return false;
          v1::AuditExportRecord record;
          *record.mutable_event() = event;
          records.push_back(record);
          return true;
        },
        [] { return false; });
    EXPECT_TRUE(streamed.ok()) << streamed;
    v1::AuditExportRecord last;
    *last.mutable_checkpoint() = checkpoint;
    records.push_back(last);
    auto verifier = workflow::AuditVerifyingKey::FromPem(key_->public_key_pem());
    EXPECT_TRUE(verifier.ok());
    auto verification = workflow::VerifyAuditExport(records, **verifier);
    EXPECT_TRUE(verification.ok()) << verification.status();
    return verification.ok() ? *verification : workflow::ExportVerification{};
  }

  v1::AuditCheckpoint Scoped(const std::string& auditor) {
    v1::GetCheckpointRequest request;
    request.set_agency_id(kAgency);
    v1::GetCheckpointResponse response;
    absl::Status s = audit_->GetCheckpoint(Auditor(auditor), request, &response);
    EXPECT_TRUE(s.ok()) << s;
    return response.checkpoint();
  }
};

TEST_F(AuditCheckpointTest, ScopedCheckpointSignsTheAgencysHeadFromTheSameSnapshot) {
  CreateAndUpdate("li.qicao", 2023, 2);     // 3 events of the agency
  CreateAndUpdate("he.jianshan", 2023, 1);  // another agency's 2
  const v1::AuditCheckpoint checkpoint = Scoped("sun.shenji");
  EXPECT_EQ(checkpoint.agency_id(), kAgency);
  EXPECT_EQ(checkpoint.sequence(), 5);
  EXPECT_EQ(checkpoint.agency_sequence(), 3);
  auto verifier = workflow::AuditVerifyingKey::FromPem(key_->public_key_pem());
  ASSERT_TRUE(verifier.ok());
  NIANBAO_EXPECT_OK((*verifier)->Verify(checkpoint));
  // The central auditor may scope one too; another agency's auditor may not (and is recorded).
  EXPECT_EQ(Scoped("zhou.zhongyang").agency_sequence(), 3);
  v1::GetCheckpointRequest request;
  request.set_agency_id(kAgency);
  v1::GetCheckpointResponse response;
  EXPECT_THAT(audit_->GetCheckpoint(Auditor("he.jianshan"), request, &response),
              StatusIs(absl::StatusCode::kPermissionDenied));
  // The agency's trail as exported verifies to the signed agency head, and the refusal just
  // recorded (an event of the agency, after the checkpoint) is not needed for it.
  const workflow::ExportVerification verification = ExportAndVerify(checkpoint);
  EXPECT_TRUE(verification.intact()) << verification.first_break->message.en;
  EXPECT_TRUE(verification.anchored);
  EXPECT_EQ(verification.events, 3);
  EXPECT_EQ(verification.agency_sequence, 3);
}

TEST_F(AuditCheckpointTest, ReportsOnlyEventDeletedFromTheDatabaseBreaksTheAgencysExport) {
  CreateAndUpdate("li.qicao", 2023, 1);  // global 1, 2
  CreateAndUpdate("li.qicao", 2024, 0);  // global 3: the only event of report 2024
  CreateAndUpdate("li.qicao", 2022, 0);  // global 4
  TamperWithAudit([](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    ASSERT_TRUE(db->Delete(sync, audit, storage::AuditKey(3)).ok());
  });
  const v1::AuditCheckpoint checkpoint = Scoped("sun.shenji");
  const workflow::ExportVerification verification = ExportAndVerify(checkpoint);
  ASSERT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_break->kind, workflow::ChainBreakKind::kMissing);
  EXPECT_EQ(verification.first_break->sequence, 3);
  EXPECT_EQ(verification.first_break->global_sequence, 4);
  // The server's VerifyChain of the agency names the same place.
  v1::VerifyChainRequest request;
  request.set_agency_id(kAgency);
  *request.mutable_checkpoint() = checkpoint;
  v1::VerifyChainResponse response;
  NIANBAO_ASSERT_OK(audit_->VerifyChain(Auditor("sun.shenji"), request, &response));
  EXPECT_FALSE(response.intact());
  EXPECT_EQ(response.first_break().kind(), v1::CHAIN_BREAK_KIND_MISSING);
  EXPECT_EQ(response.first_break().sequence(), 3);
  EXPECT_EQ(response.first_break().global_sequence(), 4);
  EXPECT_EQ(response.events_verified(), 2);
}

TEST_F(AuditCheckpointTest, ServerVerifiesAnAgencysChainToItsSignedHead) {
  CreateAndUpdate("li.qicao", 2023, 2);
  CreateAndUpdate("he.jianshan", 2023, 1);
  v1::VerifyChainRequest request;
  request.set_agency_id(kAgency);
  v1::VerifyChainResponse response;
  NIANBAO_ASSERT_OK(audit_->VerifyChain(Auditor("sun.shenji"), request, &response));
  EXPECT_TRUE(response.intact()) << response.first_break().message();
  EXPECT_EQ(response.events_verified(), 3);
  EXPECT_EQ(response.head_sequence(), 3);
  EXPECT_EQ(response.checkpoint().agency_sequence(), 3);
  EXPECT_EQ(response.head_hash(), response.checkpoint().agency_head_hash());
  // An older scoped checkpoint verifies the chain up to its own head.
  const v1::AuditCheckpoint older = response.checkpoint();
  CreateAndUpdate("li.qicao", 2024, 0);
  *request.mutable_checkpoint() = older;
  response.Clear();
  NIANBAO_ASSERT_OK(audit_->VerifyChain(Auditor("sun.shenji"), request, &response));
  EXPECT_TRUE(response.intact()) << response.first_break().message();
  EXPECT_EQ(response.events_verified(), 3);
  // A global checkpoint, or one altered, is not an agency's.
  v1::GetCheckpointResponse global;
  NIANBAO_ASSERT_OK(audit_->GetCheckpoint(Auditor("sun.shenji"), {}, &global));
  *request.mutable_checkpoint() = global.checkpoint();
  EXPECT_THAT(audit_->VerifyChain(Auditor("sun.shenji"), request, &response),
              StatusIs(absl::StatusCode::kInvalidArgument));
  *request.mutable_checkpoint() = older;
  request.mutable_checkpoint()->set_agency_sequence(2);
  response.Clear();
  NIANBAO_ASSERT_OK(audit_->VerifyChain(Auditor("sun.shenji"), request, &response));
  EXPECT_EQ(response.first_break().kind(), v1::CHAIN_BREAK_KIND_BAD_SIGNATURE);
  // Another agency's auditor may not.
  request.clear_checkpoint();
  EXPECT_THAT(audit_->VerifyChain(Auditor("he.jianshan"), request, &response),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(AuditCheckpointTest, NoCheckpointIsSignedOfAChainShorterThanTheLastSigned) {
  CreateAndUpdate("li.qicao", 2023, 2);
  v1::GetCheckpointRequest request;
  request.set_sign_now(true);
  v1::GetCheckpointResponse response;
  NIANBAO_ASSERT_OK(audit_->GetCheckpoint(Auditor("zhou.zhongyang"), request, &response));
  ASSERT_EQ(response.checkpoint().sequence(), 3);
  // The store refuses to remember (so the core to sign) a head below it, scoped or not.
  EXPECT_THAT(store_->RecordSignedHead(storage::AuditHead{2, "x"}),
              StatusIs(absl::StatusCode::kDataLoss));
  // Cut below it while the server is down: the store does not open, so nothing is served.
  TamperWithAudit(
      [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* audit) {
        ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), audit, storage::AuditKey(3)).ok());
        ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), audit, storage::AuditKey(2)).ok());
      },
      /*reopen=*/false);
  EXPECT_THAT(TryOpen(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("checkpoint up to event 3")));
}

}  // namespace
}  // namespace nianbao::audit_test
