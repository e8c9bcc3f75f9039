#include "workflow/audit_export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/support/status_matchers.h"

namespace nianbao::workflow {
namespace {

namespace v1 = nianbao::v1;
using ::nianbao::testing::StatusIs;
using ::testing::HasSubstr;

class AuditExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = AuditSigningKey::Generate();
    ASSERT_TRUE(key.ok());
    key_ = *std::move(key);
    auto verifier = AuditVerifyingKey::FromPem(key_->public_key_pem());
    ASSERT_TRUE(verifier.ok());
    verifier_ = *std::move(verifier);
    // Ten events alternating between two agencies' reports.
    std::string global = GenesisHash();
    std::map<std::string, std::pair<int64_t, std::string>> heads;
    for (int i = 0; i < 10; ++i) {
      v1::AuditEvent event;
      event.set_sequence(i + 1);
      event.set_agency_id(i % 2 == 0 ? "a" : "b");
      event.set_report(absl::StrCat("agencies/", event.agency_id(), "/reports/2023"));
      auto& head = heads[event.report()];
      if (head.second.empty()) head.second = GenesisHash();
      event.set_report_sequence(++head.first);
      event.set_actor("li.qicao");
      event = SealAuditEvent(event, global, head.second);
      global = event.hash();
      head.second = event.report_hash();
      events_.push_back(event);
    }
  }

  std::vector<v1::AuditExportRecord> Export(const std::string& agency) {
    std::vector<v1::AuditExportRecord> records(1);
    records[0].mutable_header()->set_agency_id(agency);
    for (const auto& event : events_) {
      if (!agency.empty() && event.agency_id() != agency) continue;
      v1::AuditExportRecord record;
      *record.mutable_event() = event;
      records.push_back(record);
    }
    v1::AuditExportRecord checkpoint;
    *checkpoint.mutable_checkpoint() = *key_->Sign(10, events_.back().hash(), absl::Now());
    records.push_back(checkpoint);
    return records;
  }

  std::unique_ptr<AuditSigningKey> key_;
  std::unique_ptr<AuditVerifyingKey> verifier_;
  std::vector<v1::AuditEvent> events_;
};

TEST_F(AuditExportTest, JsonLinesRoundTripAndVerify) {
  std::vector<std::string> lines;
  for (const auto& record : Export("")) lines.push_back(*ExportRecordToJsonLine(record));
  EXPECT_THAT(lines[1], ::testing::Not(HasSubstr("\n")));
  auto parsed = ParseAuditExport(absl::StrJoin(lines, "\n") + "\n\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 12u);
  auto verification = VerifyAuditExport(*parsed, *verifier_);
  ASSERT_TRUE(verification.ok()) << verification.status();
  EXPECT_TRUE(verification->intact());
  EXPECT_TRUE(verification->anchored);
  EXPECT_EQ(verification->events, 10);
}

TEST_F(AuditExportTest, AlteredJsonLineIsNamed) {
  std::vector<std::string> lines;
  for (const auto& record : Export("")) lines.push_back(*ExportRecordToJsonLine(record));
  const size_t at = lines[7].find("li.qicao");
  ASSERT_NE(at, std::string::npos);
  lines[7][at] = 'L';  // event 7
  auto parsed = ParseAuditExport(absl::StrJoin(lines, "\n"));
  ASSERT_TRUE(parsed.ok());
  auto verification = VerifyAuditExport(*parsed, *verifier_);
  ASSERT_TRUE(verification.ok());
  ASSERT_FALSE(verification->intact());
  EXPECT_EQ(verification->first_break->kind, ChainBreakKind::kAltered);
  EXPECT_EQ(verification->first_break->sequence, 7);
}

TEST_F(AuditExportTest, DroppedAndSwappedEvents) {
  auto records = Export("");
  records.erase(records.begin() + 4);  // event 4
  auto verification = VerifyAuditExport(records, *verifier_);
  ASSERT_TRUE(verification.ok());
  EXPECT_EQ(verification->first_break->kind, ChainBreakKind::kMissing);
  EXPECT_EQ(verification->first_break->sequence, 4);
  records = Export("");
  std::swap(records[2], records[3]);
  verification = VerifyAuditExport(records, *verifier_);
  ASSERT_TRUE(verification.ok());
  EXPECT_EQ(verification->first_break->kind, ChainBreakKind::kReordered);
  // Dropping the tail is caught by the checkpoint.
  records = Export("");
  records.erase(records.end() - 2);
  verification = VerifyAuditExport(records, *verifier_);
  ASSERT_TRUE(verification.ok());
  EXPECT_EQ(verification->first_break->kind, ChainBreakKind::kMissing);
  EXPECT_EQ(verification->first_break->sequence, 10);
}

TEST_F(AuditExportTest, AgencyExportVerifiesByReportChains) {
  auto records = Export("b");
  auto verification = VerifyAuditExport(records, *verifier_);
  ASSERT_TRUE(verification.ok());
  EXPECT_TRUE(verification->intact());
  EXPECT_EQ(verification->reports, 1);
  EXPECT_TRUE(verification->anchored);  // event 10 is b's
  records.erase(records.begin() + 2);   // b's second event (global 4)
  verification = VerifyAuditExport(records, *verifier_);
  ASSERT_TRUE(verification.ok());
  EXPECT_EQ(verification->first_break->kind, ChainBreakKind::kMissing);
  // Another agency's event slipped in.
  records = Export("b");
  v1::AuditExportRecord foreign;
  *foreign.mutable_event() = events_[0];
  records.insert(records.begin() + 1, foreign);
  verification = VerifyAuditExport(records, *verifier_);
  ASSERT_TRUE(verification.ok());
  EXPECT_EQ(verification->first_break->kind, ChainBreakKind::kForeign);
}

TEST_F(AuditExportTest, CheckpointProblemsAreErrors) {
  auto records = Export("");
  records.back().mutable_checkpoint()->set_sequence(9);
  EXPECT_THAT(VerifyAuditExport(records, *verifier_), StatusIs(absl::StatusCode::kDataLoss));
  records.pop_back();
  EXPECT_THAT(VerifyAuditExport(records, *verifier_),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  auto other = AuditSigningKey::Generate();
  auto other_verifier = AuditVerifyingKey::FromPem((*other)->public_key_pem());
  EXPECT_THAT(VerifyAuditExport(Export(""), **other_verifier),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(ParseAuditExport("{\"header\":{}}\n{not json}\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 2")));
}

}  // namespace
}  // namespace nianbao::workflow
