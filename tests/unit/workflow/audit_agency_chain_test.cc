// The agency chain of workflow/audit_chain.h (ChainKind::kAgency) and the canonical bytes it shares
// with the other chains: fields after the hash fields (client_certificate, the agency chain's
// sequence) are covered like any other.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "workflow/audit_chain.h"

namespace nianbao::workflow {
namespace {

namespace v1 = nianbao::v1;
using ::testing::HasSubstr;

// A trail sealed as the store seals it: events alternate between agencies "a" and "b" (each with
// one report), and every fifth event names no agency (a central auditor's read of all agencies).
std::vector<v1::AuditEvent> Trail(int count) {
  std::vector<v1::AuditEvent> events;
  std::string global = GenesisHash();
  std::map<std::string, std::pair<int64_t, std::string>> reports;
  std::map<std::string, std::pair<int64_t, std::string>> agencies;
  for (int i = 0; i < count; ++i) {
    v1::AuditEvent event;
    event.set_sequence(i + 1);
    event.set_actor("li.qicao");
    event.mutable_time()->set_seconds(1700000000 + i);
    if (i % 5 != 4) {
      event.set_agency_id(i % 2 == 0 ? "a" : "b");
      event.set_report(absl::StrCat("agencies/", event.agency_id(), "/reports/2024"));
      auto& agency = agencies[event.agency_id()];
      if (agency.second.empty()) agency.second = GenesisHash();
      event.set_agency_sequence(++agency.first);
      event.set_agency_previous_hash(agency.second);
    } else {
      event.set_action(v1::AUDIT_ACTION_READ);
    }
    std::string report_head;
    if (!event.report().empty()) {
      auto& report = reports[event.report()];
      if (report.second.empty()) report.second = GenesisHash();
      event.set_report_sequence(++report.first);
      report_head = report.second;
    }
    event = SealAuditEvent(event, global, report_head);
    global = event.hash();
    if (!event.report().empty()) reports[event.report()].second = event.report_hash();
    if (!event.agency_id().empty()) agencies[event.agency_id()].second = event.agency_hash();
    events.push_back(event);
  }
  return events;
}

std::vector<v1::AuditEvent> AgencyChain(const std::vector<v1::AuditEvent>& trail,
                                        const std::string& agency) {
  std::vector<v1::AuditEvent> chain;
  for (const auto& event : trail) {
    if (event.agency_id() == agency) chain.push_back(event);
  }
  return chain;
}

TEST(AuditAgencyChainTest, CanonicalBytesExcludeExactlyTheSixHashFields) {
  for (v1::AuditEvent event : Trail(6)) {
    event.set_client_certificate(std::string(200, 'c'));  // long: past every hash field's size
    FillAuditEventHashes(&event);
    v1::AuditEvent cleared = event;
    cleared.clear_hash();
    cleared.clear_report_hash();
    cleared.clear_agency_hash();
    cleared.clear_previous_hash();
    cleared.clear_report_previous_hash();
    cleared.clear_agency_previous_hash();
    EXPECT_EQ(CanonicalEventBytes(event), cleared.SerializeAsString());
  }
}

TEST(AuditAgencyChainTest, FieldsAfterTheHashFieldsAreCovered) {
  // A client certificate (field 21, after the hash fields) sealed into the chain verifies and is
  // covered: before canonical bytes cut the hash fields out wherever they are, a short subject was
  // left out of every hash and a long one made the sealed event fail verification.
  for (const size_t length : {size_t{10}, size_t{200}}) {
    v1::AuditEvent event;
    event.set_sequence(1);
    event.set_agency_id("a");
    event.set_report("agencies/a/reports/2024");
    event.set_report_sequence(1);
    event.set_agency_sequence(1);
    event.set_agency_previous_hash(GenesisHash());
    event.set_client_certificate(std::string(length, 'x'));
    event = SealAuditEvent(event, GenesisHash(), GenesisHash());
    const std::vector<v1::AuditEvent> trail = {event};
    EXPECT_TRUE(VerifyChain(trail, ChainKind::kGlobal, GenesisHash(), 1).intact()) << length;
    EXPECT_TRUE(VerifyChain(trail, ChainKind::kAgency, GenesisHash(), 1).intact()) << length;
    v1::AuditEvent changed = event;
    changed.mutable_client_certificate()->back() = 'y';
    EXPECT_NE(ComputeGlobalHash(changed), event.hash()) << length;
    EXPECT_NE(ComputeAgencyHash(changed), event.agency_hash()) << length;
    changed = event;
    changed.set_agency_sequence(2);
    EXPECT_NE(ComputeGlobalHash(changed), event.hash()) << length;
  }
}

TEST(AuditAgencyChainTest, AgencyChainsVerifyAndEventsWithoutAgencyStayOut) {
  const auto trail = Trail(20);
  for (const auto& event : trail) {
    if (event.agency_id().empty()) {
      EXPECT_EQ(event.agency_sequence(), 0);
      EXPECT_TRUE(event.agency_hash().empty());
      EXPECT_TRUE(event.agency_previous_hash().empty());
    }
  }
  EXPECT_TRUE(VerifyChain(trail, ChainKind::kGlobal, GenesisHash(), 1).intact());
  const auto a = AgencyChain(trail, "a");
  ChainVerification verification = VerifyChain(a, ChainKind::kAgency, GenesisHash(), 1);
  EXPECT_TRUE(verification.intact());
  EXPECT_EQ(verification.events_verified, static_cast<int64_t>(a.size()));
  EXPECT_EQ(verification.head_sequence, a.back().agency_sequence());
  EXPECT_EQ(verification.head_hash, a.back().agency_hash());
  EXPECT_TRUE(VerifyChain(AgencyChain(trail, "b"), ChainKind::kAgency, GenesisHash(), 1).intact());
}

TEST(AuditAgencyChainTest, DeletedEventIsNamedByAgencyAndGlobalSequence) {
  auto chain = AgencyChain(Trail(20), "b");
  const int64_t found = chain[3].sequence();
  chain.erase(chain.begin() + 2);  // agency event 3
  ChainVerification result = VerifyChain(chain, ChainKind::kAgency, GenesisHash(), 1);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->kind, ChainBreakKind::kMissing);
  EXPECT_EQ(result.first_break->sequence, 3);
  EXPECT_EQ(result.first_break->global_sequence, found);
  EXPECT_THAT(result.first_break->message.en,
              HasSubstr(absl::StrCat("agency event 3 missing: found agency event 4 (global event ",
                                     found, ")")));
  EXPECT_THAT(result.first_break->message.zh, HasSubstr("机关事件 3 缺失"));
}

TEST(AuditAgencyChainTest, AnotherAgencysEventIsForeign) {
  const auto trail = Trail(20);
  auto chain = AgencyChain(trail, "a");
  chain.insert(chain.begin() + 1, AgencyChain(trail, "b")[1]);
  ChainVerification result = VerifyChain(chain, ChainKind::kAgency, GenesisHash(), 1);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->kind, ChainBreakKind::kForeign);
  EXPECT_THAT(result.first_break->message.en, HasSubstr("belongs to another agency, b"));
  // Its agency changed to pass it off as a's: its hashes no longer match.
  chain = AgencyChain(trail, "a");
  chain[2].set_agency_id("b");
  result = VerifyChain(chain, ChainKind::kAgency, GenesisHash(), 1);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->kind, ChainBreakKind::kAltered);
  EXPECT_EQ(result.first_break->sequence, 3);
  EXPECT_EQ(result.first_break->global_sequence, chain[2].sequence());
}

}  // namespace
}  // namespace nianbao::workflow
