#include "workflow/audit_chain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "absl/strings/str_cat.h"

namespace nianbao::workflow {
namespace {

namespace v1 = nianbao::v1;
using ::testing::HasSubstr;

// A trail of `count` events alternating between two reports, sealed as the store would.
std::vector<v1::AuditEvent> Trail(int count) {
  std::vector<v1::AuditEvent> events;
  std::string global = GenesisHash();
  std::string report_heads[2] = {GenesisHash(), GenesisHash()};
  int64_t report_sequences[2] = {0, 0};
  for (int i = 0; i < count; ++i) {
    const int r = i % 2;
    v1::AuditEvent event;
    event.set_sequence(i + 1);
    event.set_report_sequence(++report_sequences[r]);
    event.set_report(absl::StrCat("agencies/a/reports/", 2020 + r));
    event.set_agency_id("a");
    event.set_actor("li.qicao");
    event.set_action(v1::AUDIT_ACTION_UPDATE);
    event.mutable_time()->set_seconds(1700000000 + i);
    event = SealAuditEvent(event, global, report_heads[r]);
    global = event.hash();
    report_heads[r] = event.report_hash();
    events.push_back(event);
  }
  return events;
}

std::vector<v1::AuditEvent> ReportChain(const std::vector<v1::AuditEvent>& trail, int year) {
  std::vector<v1::AuditEvent> chain;
  for (const auto& event : trail) {
    if (event.report() == absl::StrCat("agencies/a/reports/", year)) chain.push_back(event);
  }
  return chain;
}

TEST(AuditChainTest, IntactChainsVerify) {
  const auto trail = Trail(20);
  ChainVerification global = VerifyChain(trail, ChainKind::kGlobal, GenesisHash(), 1);
  EXPECT_TRUE(global.intact());
  EXPECT_EQ(global.events_verified, 20);
  EXPECT_EQ(global.head_sequence, 20);
  EXPECT_EQ(global.head_hash, trail.back().hash());
  ChainVerification report =
      VerifyChain(ReportChain(trail, 2021), ChainKind::kReport, GenesisHash(), 1);
  EXPECT_TRUE(report.intact());
  EXPECT_EQ(report.events_verified, 10);
  // A range in the middle, trusting its start, and an empty one.
  EXPECT_TRUE(
      VerifyChain(absl::MakeConstSpan(trail).subspan(5), ChainKind::kGlobal, "", 0).intact());
  EXPECT_TRUE(VerifyChain({}, ChainKind::kGlobal, GenesisHash(), 1).intact());
}

TEST(AuditChainTest, HashCoversEveryFieldAndTheLink) {
  auto trail = Trail(1);
  const std::string original = trail[0].hash();
  EXPECT_EQ(ComputeGlobalHash(trail[0]), original);
  EXPECT_EQ(ComputeReportHash(trail[0]), trail[0].report_hash());
  v1::AuditEvent copy = trail[0];
  copy.set_reason("x");
  EXPECT_NE(ComputeGlobalHash(copy), original);
  copy = trail[0];
  copy.set_previous_hash(std::string(32, '\1'));
  EXPECT_NE(ComputeGlobalHash(copy), original);
  // FillAuditEventHashes (the store's sealer) agrees with SealAuditEvent.
  copy = trail[0];
  copy.clear_hash();
  copy.clear_report_hash();
  FillAuditEventHashes(&copy);
  EXPECT_EQ(copy.hash(), original);
  EXPECT_EQ(copy.report_hash(), trail[0].report_hash());
}

TEST(AuditChainTest, CanonicalBytesExcludeExactlyTheHashFields) {
  for (const v1::AuditEvent& event : Trail(3)) {
    v1::AuditEvent cleared = event;
    cleared.clear_hash();
    cleared.clear_report_hash();
    cleared.clear_previous_hash();
    cleared.clear_report_previous_hash();
    EXPECT_EQ(CanonicalEventBytes(event), cleared.SerializeAsString());
    // With an unknown field (from a newer schema), the field stays covered.
    v1::AuditEvent newer = event;
    newer.GetReflection()->MutableUnknownFields(&newer)->AddVarint(99, 7);
    v1::AuditEvent newer_cleared = cleared;
    newer_cleared.GetReflection()->MutableUnknownFields(&newer_cleared)->AddVarint(99, 7);
    EXPECT_EQ(CanonicalEventBytes(newer), newer_cleared.SerializeAsString());
    EXPECT_NE(CanonicalEventBytes(newer), CanonicalEventBytes(event));
  }
}

// published_revision (field 25, added for the change feed) is covered like every other field: a
// changed one is an altered event.
TEST(AuditChainTest, PublishedRevisionIsCovered) {
  auto trail = Trail(4);
  for (v1::AuditEvent& event : trail) event.set_published_revision(1);
  std::string global = GenesisHash();
  std::string report_heads[2] = {GenesisHash(), GenesisHash()};
  for (size_t i = 0; i < trail.size(); ++i) {
    trail[i] = SealAuditEvent(trail[i], global, report_heads[i % 2]);
    global = trail[i].hash();
    report_heads[i % 2] = trail[i].report_hash();
  }
  ASSERT_TRUE(VerifyChain(trail, ChainKind::kGlobal, GenesisHash(), 1).intact());
  EXPECT_NE(CanonicalEventBytes(trail[2]).find(std::string("\xc8\x01\x01", 3)),
            std::string::npos);  // tag of field 25, varint 1
  trail[2].set_published_revision(2);
  ChainVerification result = VerifyChain(trail, ChainKind::kGlobal, GenesisHash(), 1);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->kind, ChainBreakKind::kAltered);
  EXPECT_EQ(result.first_break->sequence, 3);
  std::vector<v1::AuditEvent> chain = ReportChain(trail, 2020);
  EXPECT_FALSE(VerifyChain(chain, ChainKind::kReport, GenesisHash(), 1).intact());
}

TEST(AuditChainTest, EventWithoutReportHasNoReportLink) {
  v1::AuditEvent event;
  event.set_sequence(1);
  event.set_action(v1::AUDIT_ACTION_READ);
  event = SealAuditEvent(event, GenesisHash(), GenesisHash());
  EXPECT_EQ(event.hash().size(), 32u);
  EXPECT_TRUE(event.report_hash().empty());
  EXPECT_TRUE(event.report_previous_hash().empty());
}

TEST(AuditChainTest, AlteredEventIsNamed) {
  auto trail = Trail(10);
  trail[6].set_actor("mallory");
  ChainVerification result = VerifyChain(trail, ChainKind::kGlobal, GenesisHash(), 1);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->kind, ChainBreakKind::kAltered);
  EXPECT_EQ(result.first_break->sequence, 7);
  EXPECT_EQ(result.events_verified, 6);
  EXPECT_THAT(result.first_break->message.en, HasSubstr("event 7 altered"));
  EXPECT_THAT(result.first_break->message.zh, HasSubstr("事件 7"));
}

TEST(AuditChainTest, AlteredSequenceNumberIsAnAlterationNotAGap) {
  auto trail = Trail(10);
  trail[3].set_sequence(40);
  ChainVerification result = VerifyChain(trail, ChainKind::kGlobal, GenesisHash(), 1);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->kind, ChainBreakKind::kAltered);
  EXPECT_EQ(result.first_break->global_sequence, 40);
}

TEST(AuditChainTest, RehashedEventIsNamedByTheBrokenLink) {
  auto trail = Trail(10);
  // An attacker who rewrites event 4 and recomputes its own hash still breaks event 5's link.
  trail[3].set_reason("rewritten");
  FillAuditEventHashes(&trail[3]);
  ChainVerification result = VerifyChain(trail, ChainKind::kGlobal, GenesisHash(), 1);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->kind, ChainBreakKind::kAltered);
  EXPECT_EQ(result.first_break->sequence, 4);
}

TEST(AuditChainTest, DeletedEventIsMissing) {
  auto trail = Trail(10);
  trail.erase(trail.begin() + 4);
  ChainVerification result = VerifyChain(trail, ChainKind::kGlobal, GenesisHash(), 1);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->kind, ChainBreakKind::kMissing);
  EXPECT_EQ(result.first_break->sequence, 5);
  EXPECT_THAT(result.first_break->message.en, HasSubstr("event 5 missing"));
  // The same deletion breaks the report chain too.
  ChainVerification report =
      VerifyChain(ReportChain(trail, 2020), ChainKind::kReport, GenesisHash(), 1);
  ASSERT_FALSE(report.intact());
  EXPECT_EQ(report.first_break->kind, ChainBreakKind::kMissing);
  EXPECT_EQ(report.first_break->sequence, 3);
}

TEST(AuditChainTest, DeletedFirstEventIsMissing) {
  auto trail = Trail(3);
  trail.erase(trail.begin());
  ChainVerification result = VerifyChain(trail, ChainKind::kGlobal, GenesisHash(), 1);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->kind, ChainBreakKind::kMissing);
  EXPECT_EQ(result.first_break->sequence, 1);
}

TEST(AuditChainTest, SwappedEventsAreReordered) {
  auto trail = Trail(10);
  std::swap(trail[2], trail[3]);
  ChainVerification result = VerifyChain(trail, ChainKind::kGlobal, GenesisHash(), 1);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->kind, ChainBreakKind::kReordered);
  EXPECT_EQ(result.first_break->sequence, 3);
  EXPECT_EQ(result.first_break->global_sequence, 4);
  EXPECT_THAT(result.first_break->message.en, HasSubstr("reordered"));
  // Renumbering the swapped events to hide it alters them.
  std::swap(trail[2], trail[3]);
  std::swap(trail[5], trail[7]);
  trail[5].set_sequence(6);
  trail[7].set_sequence(8);
  result = VerifyChain(trail, ChainKind::kGlobal, GenesisHash(), 1);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->kind, ChainBreakKind::kAltered);
  EXPECT_EQ(result.first_break->sequence, 6);
}

TEST(AuditChainTest, ForeignEventInAReportChain) {
  auto trail = Trail(6);
  auto chain = ReportChain(trail, 2020);
  chain.insert(chain.begin() + 1, trail[1]);  // an event of 2021
  ChainVerification result = VerifyChain(chain, ChainKind::kReport, GenesisHash(), 1);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->kind, ChainBreakKind::kForeign);
}

TEST(AuditChainTest, WrongStartIsDetected) {
  auto trail = Trail(6);
  ChainVerification result =
      VerifyChain(absl::MakeConstSpan(trail).subspan(2), ChainKind::kGlobal, trail[0].hash(), 3);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->sequence, 3);
}

TEST(AuditChainTest, CheckpointHead) {
  auto trail = Trail(10);
  EXPECT_FALSE(CheckCheckpointHead(trail, 7, trail[6].hash()).has_value());
  // Truncated before the checkpoint: the tail is missing.
  auto truncated = std::vector<v1::AuditEvent>(trail.begin(), trail.begin() + 5);
  auto missing = CheckCheckpointHead(truncated, 7, trail[6].hash());
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->kind, ChainBreakKind::kMissing);
  EXPECT_EQ(missing->sequence, 6);
  // Rewritten from the start, consistently: only the checkpoint catches it.
  auto rewritten = trail;
  rewritten[0].set_actor("mallory");
  std::string head = GenesisHash();
  for (auto& event : rewritten) {
    event = SealAuditEvent(event, head, event.report_previous_hash());
    head = event.hash();
  }
  EXPECT_TRUE(VerifyChain(rewritten, ChainKind::kGlobal, GenesisHash(), 1).intact());
  auto altered = CheckCheckpointHead(rewritten, 7, trail[6].hash());
  ASSERT_TRUE(altered.has_value());
  EXPECT_EQ(altered->kind, ChainBreakKind::kAltered);
  EXPECT_EQ(altered->sequence, 7);
}

}  // namespace
}  // namespace nianbao::workflow
