#include "workflow/audit_export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

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
    Seal(0);
  }

  // Ten events alternating between agencies a and b, sealed as the store seals them: a's events
  // (global 1, 3, 5, 7, 9: agency events 1 to 5) are of its report 2023 but for global 5, the only
  // event of its report 2024; b's (global 2, 4, ...) of its report 2023. The first `unchained`
  // events predate agency chains (agency_sequence 0), as in a database written before them.
  void Seal(int unchained) {
    events_.clear();
    std::string global = GenesisHash();
    std::map<std::string, std::pair<int64_t, std::string>> reports;
    std::map<std::string, std::pair<int64_t, std::string>> agencies;
    for (int i = 0; i < 10; ++i) {
      v1::AuditEvent event;
      event.set_sequence(i + 1);
      event.set_agency_id(i % 2 == 0 ? "a" : "b");
      event.set_report(
          absl::StrCat("agencies/", event.agency_id(), "/reports/", i == 4 ? 2024 : 2023));
      auto& head = reports[event.report()];
      if (head.second.empty()) head.second = GenesisHash();
      event.set_report_sequence(++head.first);
      if (i >= unchained) {
        auto& agency = agencies[event.agency_id()];
        if (agency.second.empty()) agency.second = GenesisHash();
        event.set_agency_sequence(++agency.first);
        event.set_agency_previous_hash(agency.second);
      }
      event.set_actor("li.qicao");
      if (i >= 6) event.set_published_revision(1);  // exported and verified like every field
      event = SealAuditEvent(event, global, head.second);
      global = event.hash();
      head.second = event.report_hash();
      if (i >= unchained) agencies[event.agency_id()].second = event.agency_hash();
      events_.push_back(event);
    }
  }

  // An export as `nianbao audit export` writes it: an agency's ends with a checkpoint scoped to it.
  std::vector<v1::AuditExportRecord> Export(const std::string& agency) {
    std::vector<v1::AuditExportRecord> records(1);
    records[0].mutable_header()->set_agency_id(agency);
    const v1::AuditEvent* agency_head = nullptr;
    for (const auto& event : events_) {
      if (!agency.empty() && event.agency_id() != agency) continue;
      v1::AuditExportRecord record;
      *record.mutable_event() = event;
      records.push_back(record);
      if (event.agency_sequence() > 0) agency_head = &event;
    }
    v1::AuditExportRecord checkpoint;
    *checkpoint.mutable_checkpoint() =
        agency.empty() ? *key_->Sign(10, events_.back().hash(), absl::Now())
                       : *key_->SignScoped(
                             10, events_.back().hash(), agency,
                             agency_head == nullptr ? 0 : agency_head->agency_sequence(),
                             agency_head == nullptr ? "" : agency_head->agency_hash(), absl::Now());
    records.push_back(checkpoint);
    return records;
  }

  ExportVerification Verify(const std::vector<v1::AuditExportRecord>& records) {
    auto verification = VerifyAuditExport(records, *verifier_);
    EXPECT_TRUE(verification.ok()) << verification.status();
    return verification.ok() ? *verification : ExportVerification{};
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

TEST_F(AuditExportTest, AlteredPublishedRevisionIsNamed) {
  std::vector<std::string> lines;
  for (const auto& record : Export("")) lines.push_back(*ExportRecordToJsonLine(record));
  const std::string field = "\"publishedRevision\":\"1\"";
  const size_t at = lines[8].find(field);  // event 8
  ASSERT_NE(at, std::string::npos) << lines[8];
  lines[8].replace(at, field.size(), "\"publishedRevision\":\"2\"");
  auto parsed = ParseAuditExport(absl::StrJoin(lines, "\n"));
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ((*parsed)[8].event().published_revision(), 2);
  auto verification = VerifyAuditExport(*parsed, *verifier_);
  ASSERT_TRUE(verification.ok());
  ASSERT_FALSE(verification->intact());
  EXPECT_EQ(verification->first_break->kind, ChainBreakKind::kAltered);
  EXPECT_EQ(verification->first_break->sequence, 8);
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

TEST_F(AuditExportTest, AgencyExportVerifiesAlongItsChain) {
  auto records = Export("b");
  auto verification = VerifyAuditExport(records, *verifier_);
  ASSERT_TRUE(verification.ok());
  EXPECT_TRUE(verification->intact());
  EXPECT_EQ(verification->reports, 1);
  EXPECT_TRUE(verification->anchored);  // its agency head, as signed
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

// Issue 17: an agency's export proves it holds every one of the agency's events up to the signed
// checkpoint. In Export("a"), record n (1 to 5) is a's agency event n, global event 2n - 1.
TEST_F(AuditExportTest, UntouchedAgencyExportIsCompleteAndAnchored) {
  const ExportVerification verification = Verify(Export("a"));
  EXPECT_TRUE(verification.intact());
  EXPECT_TRUE(verification.anchored);
  EXPECT_EQ(verification.events, 5);
  EXPECT_EQ(verification.reports, 2);
  EXPECT_EQ(verification.agency_id, "a");
  EXPECT_EQ(verification.agency_sequence, 5);
  EXPECT_EQ(verification.unchained_events, 0);
}

TEST_F(AuditExportTest, AgencyExportWithAReportsOnlyEventDeleted) {
  auto records = Export("a");
  ASSERT_EQ(records[3].event().report(), "agencies/a/reports/2024");
  records.erase(records.begin() + 3);  // agency event 3, global 5: all of report 2024's trail
  const ExportVerification verification = Verify(records);
  ASSERT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_break->kind, ChainBreakKind::kMissing);
  EXPECT_EQ(verification.first_break->sequence, 3);
  EXPECT_EQ(verification.first_break->global_sequence, 7);  // found in its place
  EXPECT_THAT(verification.first_break->message.en,
              HasSubstr("agency a: agency event 3 missing: found agency event 4 (global event 7)"));
}

TEST_F(AuditExportTest, AgencyExportWithAnEventAdded) {
  // A copy of an event of the agency, inserted again after itself.
  auto records = Export("a");
  const v1::AuditExportRecord copy = records[2];
  records.insert(records.begin() + 3, copy);
  ExportVerification verification = Verify(records);
  ASSERT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_break->kind, ChainBreakKind::kReordered);
  EXPECT_EQ(verification.first_break->sequence, 3);
  EXPECT_EQ(verification.first_break->global_sequence, 3);
  // A forged event, hashed and linked as the server would (no secret is needed for that), after
  // the agency's last one and within the checkpoint's global range: past the signed agency head.
  records = Export("a");
  v1::AuditEvent forged = events_[9];  // b's global 10
  forged.set_agency_id("a");
  forged.set_report("agencies/a/reports/2023");
  forged.set_report_sequence(5);
  forged.set_agency_sequence(6);
  forged.set_agency_previous_hash(events_[8].agency_hash());
  forged = SealAuditEvent(forged, events_[8].hash(), events_[8].report_hash());
  v1::AuditExportRecord added;
  *added.mutable_event() = forged;
  records.insert(records.end() - 1, added);
  verification = Verify(records);
  ASSERT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_break->kind, ChainBreakKind::kForeign);
  EXPECT_EQ(verification.first_break->sequence, 6);
  EXPECT_EQ(verification.first_break->global_sequence, 10);
  EXPECT_THAT(verification.first_break->message.en, HasSubstr("past the signed checkpoint"));
}

TEST_F(AuditExportTest, AgencyExportWithTwoEventsSwapped) {
  auto records = Export("a");
  std::swap(records[2], records[3]);  // agency events 2 and 3
  const ExportVerification verification = Verify(records);
  ASSERT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_break->kind, ChainBreakKind::kReordered);
  EXPECT_EQ(verification.first_break->sequence, 2);
  EXPECT_EQ(verification.first_break->global_sequence, 5);
}

TEST_F(AuditExportTest, AgencyExportWithAnEventsAgencyChanged) {
  // One of a's events relabelled as b's, in a's export: named as another agency's.
  auto records = Export("a");
  records[2].mutable_event()->set_agency_id("b");
  ExportVerification verification = Verify(records);
  ASSERT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_break->kind, ChainBreakKind::kForeign);
  EXPECT_EQ(verification.first_break->sequence, 2);
  EXPECT_EQ(verification.first_break->global_sequence, 3);
  // The same event passed off as b's, in b's export at its global place: its hashes fail.
  records = Export("b");
  v1::AuditExportRecord moved;
  *moved.mutable_event() = events_[2];
  moved.mutable_event()->set_agency_id("b");
  records.insert(records.begin() + 2, moved);  // after b's global 2
  verification = Verify(records);
  ASSERT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_break->kind, ChainBreakKind::kAltered);
  EXPECT_EQ(verification.first_break->global_sequence, 3);
}

TEST_F(AuditExportTest, AgencyExportWithTheLastEventRemoved) {
  auto records = Export("a");
  records.erase(records.end() - 2);  // agency event 5, global 9
  const ExportVerification verification = Verify(records);
  ASSERT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_break->kind, ChainBreakKind::kMissing);
  EXPECT_EQ(verification.first_break->sequence, 5);
  EXPECT_EQ(verification.first_break->global_sequence, 0);
  EXPECT_THAT(verification.first_break->message.en,
              HasSubstr("agency events 5 to 5 missing: the signed checkpoint covers up to agency "
                        "event 5 (global event 10)"));
  // Every event removed: the export still proves nothing of a's is in it.
  records = Export("a");
  records.erase(records.begin() + 1, records.end() - 1);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(Verify(records).first_break->sequence, 1);
}

TEST_F(AuditExportTest, AgencyExportNeedsItsAgencysCheckpoint) {
  // Ending with a global checkpoint, or with another agency's, proves nothing of its completeness.
  auto records = Export("a");
  records.back() = Export("").back();
  EXPECT_THAT(VerifyAuditExport(records, *verifier_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("scoped")));
  records.back() = Export("b").back();
  EXPECT_THAT(VerifyAuditExport(records, *verifier_),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  // The header relabelled as a global export: its checkpoint is still a's.
  records = Export("a");
  records.front().mutable_header()->clear_agency_id();
  EXPECT_THAT(VerifyAuditExport(records, *verifier_),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(AuditExportTest, PartialAgencyExportIsCheckedFromItsFirstEventToTheSignedHead) {
  // --after 4: a's global 5, 7, 9 (agency events 3 to 5), picked up where they start.
  auto records = Export("a");
  records.erase(records.begin() + 1, records.begin() + 3);
  records.front().mutable_header()->set_after_sequence(4);
  ExportVerification verification = Verify(records);
  EXPECT_TRUE(verification.intact());
  EXPECT_TRUE(verification.anchored);
  // Its tail is still proved against the signed agency head.
  records.erase(records.end() - 2);
  verification = Verify(records);
  ASSERT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_break->kind, ChainBreakKind::kMissing);
  EXPECT_EQ(verification.first_break->sequence, 5);
}

TEST_F(AuditExportTest, EventsFromBeforeAgencyChainsAreCountedAsUnchained) {
  Seal(4);  // global 1 to 4 were written before agency chains: a's 1 and 3, b's 2 and 4
  const ExportVerification verification = Verify(Export("a"));
  EXPECT_TRUE(verification.intact());
  EXPECT_EQ(verification.unchained_events, 2);
  EXPECT_EQ(verification.agency_sequence, 3);
  EXPECT_TRUE(verification.anchored);
  // An unchained event after the chain began is not one: it breaks the chain.
  auto records = Export("a");
  std::swap(records[2], records[3]);
  EXPECT_FALSE(Verify(records).intact());
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
