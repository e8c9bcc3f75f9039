// The change feed's pure parts: cursors, the checked request (every bad input named by its
// field), who may read which agency, and the audit event -> change mapping.
#include "services/workflow/report_feed_query.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;
using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;

// The one field a refusal's BadRequest names.
std::string FieldOf(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  if (!wf::GetDetail(status, wf::kBadRequestTypeUrl, bad_request) ||
      bad_request.field_violations_size() != 1) {
    return "";
  }
  return bad_request.field_violations(0).field();
}

// 县政府 (county) above 发改局 and 街道 (street), and 街道 above 社区 (community); 市局 alone.
std::unique_ptr<wf::AgencyRegistry> Registry() {
  nianbao::config::v1::AgencyRegistryConfig config;
  auto add = [&](const std::string& id, const std::string& parent) {
    nianbao::config::v1::Agency* agency = config.add_agencies();
    agency->set_agency_id(id);
    agency->set_name(id + " 名称");
    agency->set_kind(v1::AGENCY_KIND_DEPARTMENT);
    agency->set_parent_agency_id(parent);
  };
  add("county", "");
  add("fagaiju", "county");
  add("street", "county");
  add("community", "street");
  add("city-bureau", "");
  absl::StatusOr<std::unique_ptr<wf::AgencyRegistry>> registry =
      wf::AgencyRegistry::FromConfig(config);
  EXPECT_THAT(registry, IsOk());
  return registry.ok() ? *std::move(registry) : nullptr;
}

v1::AuditEvent Event(int64_t sequence, const std::string& agency, v1::AuditAction action) {
  v1::AuditEvent event;
  event.set_sequence(sequence);
  event.set_agency_id(agency);
  event.set_report("agencies/" + agency + "/reports/2024");
  event.set_action(action);
  event.set_outcome(v1::AUDIT_OUTCOME_SUCCEEDED);
  event.set_actor("chen.fabu");
  event.set_state_before(v1::REPORT_STATE_APPROVED);
  event.set_state_after(v1::REPORT_STATE_PUBLISHED);
  event.set_revision(3);
  event.set_published_revision(3);
  event.mutable_time()->set_seconds(1700000000);
  event.set_reason("内部理由");
  event.set_client_address("ipv4:10.1.2.3:5555");
  event.set_client_certificate("CN=office");
  event.set_request_id("req-1");
  return event;
}

TEST(FeedCursorTest, RoundTripsAndStartsEmpty) {
  for (int64_t sequence : {int64_t{0}, int64_t{1}, int64_t{42}, int64_t{9223372036854775807}}) {
    const std::string cursor = EncodeFeedCursor(sequence);
    EXPECT_THAT(DecodeFeedCursor(cursor), IsOk());
    EXPECT_EQ(*DecodeFeedCursor(cursor), sequence) << cursor;
  }
  EXPECT_EQ(EncodeFeedCursor(42), "v1.42");
  EXPECT_EQ(*DecodeFeedCursor(""), 0);
}

TEST(FeedCursorTest, OnlyTheSpellingItWritesParses) {
  for (const char* bad :
       {"42", "v1.", "v1.-1", "v1.+1", "v1.01", "v1. 1", "v1.1 ", "v2.1", "V1.1", "v1.1a",
        "v1.9223372036854775808", "v1.99999999999999999999", "v1.１２", "djEuMQ"}) {
    absl::StatusOr<int64_t> decoded = DecodeFeedCursor(bad);
    EXPECT_THAT(decoded, StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
    EXPECT_EQ(FieldOf(decoded.status()), "cursor") << bad;
  }
}

TEST(FeedRequestTest, ChecksEveryFieldByName) {
  struct Case {
    const char* why;
    std::function<void(v1::WatchReportsRequest&)> set;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"no parent", [](auto& r) { r.clear_parent(); }, "parent"},
      {"report name as parent", [](auto& r) { r.set_parent("agencies/a/reports/2024"); }, "parent"},
      {"upper case", [](auto& r) { r.set_parent("agencies/County"); }, "parent"},
      {"trailing slash", [](auto& r) { r.set_parent("agencies/county/"); }, "parent"},
      {"long parent", [](auto& r) { r.set_parent("agencies/" + std::string(200, 'a')); }, "parent"},
      {"read", [](auto& r) { r.add_actions(v1::AUDIT_ACTION_READ); }, "actions"},
      {"unspecified", [](auto& r) { r.add_actions(v1::AUDIT_ACTION_UNSPECIFIED); }, "actions"},
      {"backup", [](auto& r) { r.add_actions(v1::AUDIT_ACTION_BACKUP); }, "actions"},
      {"restore", [](auto& r) { r.add_actions(v1::AUDIT_ACTION_RESTORE); }, "actions"},
      {"unknown", [](auto& r) { r.add_actions(static_cast<v1::AuditAction>(99)); }, "actions"},
      {"seventeen",
       [](auto& r) {
         for (int i = 0; i < 17; ++i) r.add_actions(v1::AUDIT_ACTION_PUBLISH);
       },
       "actions"},
      {"year 2007", [](auto& r) { r.set_report_year(2007); }, "report_year"},
      {"year -3", [](auto& r) { r.set_report_year(-3); }, "report_year"},
      {"year 2201", [](auto& r) { r.set_report_year(2201); }, "report_year"},
      {"subtree of all",
       [](auto& r) {
         r.set_parent("agencies/-");
         r.set_include_subtree(true);
       },
       "include_subtree"},
      {"bad cursor", [](auto& r) { r.set_cursor("v1.x"); }, "cursor"},
      {"long cursor", [](auto& r) { r.set_cursor("v1." + std::string(200, '1')); }, "cursor"},
  };
  for (const Case& c : cases) {
    v1::WatchReportsRequest request;
    request.set_parent("agencies/county");
    c.set(request);
    absl::StatusOr<FeedQuery> query = CheckFeedRequest(request);
    EXPECT_THAT(query, StatusIs(absl::StatusCode::kInvalidArgument)) << c.why;
    EXPECT_EQ(FieldOf(query.status()), c.field) << c.why << ": " << query.status();
  }
}

TEST(FeedRequestTest, AcceptsWhatTheContractAllows) {
  v1::WatchReportsRequest request;
  request.set_parent("agencies/county");
  request.set_include_subtree(true);
  request.add_actions(v1::AUDIT_ACTION_PUBLISH);
  request.add_actions(v1::AUDIT_ACTION_CORRECT);
  request.set_report_year(2024);
  request.set_cursor("v1.17");
  request.set_follow(true);
  absl::StatusOr<FeedQuery> query = CheckFeedRequest(request);
  ASSERT_THAT(query, IsOk());
  EXPECT_EQ(query->agency_id, "county");
  EXPECT_TRUE(query->include_subtree);
  EXPECT_EQ(query->actions.size(), 2u);
  EXPECT_EQ(query->report_year, 2024);
  EXPECT_EQ(query->after_sequence, 17);
  EXPECT_TRUE(query->follow);
  // Every one of the eight, and every agency.
  v1::WatchReportsRequest all;
  all.set_parent("agencies/-");
  for (int a = v1::AUDIT_ACTION_CREATE; a <= v1::AUDIT_ACTION_CORRECT; ++a) {
    all.add_actions(static_cast<v1::AuditAction>(a));
  }
  query = CheckFeedRequest(all);
  ASSERT_THAT(query, IsOk());
  EXPECT_TRUE(query->agency_id.empty());
  EXPECT_EQ(query->actions.size(), 8u);
}

TEST(FeedReaderTest, AnyRoleOrASupervisorAbove) {
  std::unique_ptr<wf::AgencyRegistry> registry = Registry();
  wf::Principal supervisor{"sup", "", {{"street", {v1::ROLE_SUPERVISOR}}}};
  FeedReader reader(&supervisor, registry.get());
  EXPECT_TRUE(reader.MayRead("street"));
  EXPECT_TRUE(reader.MayRead("community"));
  EXPECT_FALSE(reader.MayRead("county"));
  EXPECT_FALSE(reader.MayRead("fagaiju"));
  EXPECT_FALSE(reader.MayRead("city-bureau"));
  EXPECT_FALSE(reader.MayRead("unregistered"));
  // Another role bound to an agency does not reach below it.
  wf::Principal drafter{"d", "", {{"street", {v1::ROLE_DRAFTER}}}};
  FeedReader drafter_reader(&drafter, registry.get());
  EXPECT_TRUE(drafter_reader.MayRead("street"));
  EXPECT_FALSE(drafter_reader.MayRead("community"));
  // "*" reads everything; without a registry a supervisor reads only its own agency.
  wf::Principal central{"c", "", {{"*", {v1::ROLE_CENTRAL_AUDITOR}}}};
  EXPECT_TRUE(FeedReader(&central, registry.get()).MayRead("community"));
  FeedReader no_registry(&supervisor, nullptr);
  EXPECT_TRUE(no_registry.MayRead("street"));
  EXPECT_FALSE(no_registry.MayRead("community"));
}

TEST(FeedScopeTest, OneAgencyItsSubtreeOrAll) {
  std::unique_ptr<wf::AgencyRegistry> registry = Registry();
  FeedQuery query;
  EXPECT_TRUE(InFeedScope(query, registry.get(), "city-bureau"));
  query.agency_id = "street";
  EXPECT_TRUE(InFeedScope(query, registry.get(), "street"));
  EXPECT_FALSE(InFeedScope(query, registry.get(), "community"));
  query.include_subtree = true;
  EXPECT_TRUE(InFeedScope(query, registry.get(), "community"));
  EXPECT_FALSE(InFeedScope(query, registry.get(), "county"));
  EXPECT_FALSE(InFeedScope(query, registry.get(), "fagaiju"));
  EXPECT_TRUE(InFeedScope(query, nullptr, "street"));
  EXPECT_FALSE(InFeedScope(query, nullptr, "community"));
}

TEST(FeedChangeTest, CarriesWhatTheContractSaysAndNothingElse) {
  std::optional<v1::ReportChange> change =
      ChangeOfEvent(Event(7, "street", v1::AUDIT_ACTION_PUBLISH), FeedQuery{});
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(change->report(), "agencies/street/reports/2024");
  EXPECT_EQ(change->agency_id(), "street");
  EXPECT_EQ(change->report_year(), 2024);
  EXPECT_EQ(change->action(), v1::AUDIT_ACTION_PUBLISH);
  EXPECT_EQ(change->state(), v1::REPORT_STATE_PUBLISHED);
  EXPECT_EQ(change->revision(), 3);
  EXPECT_EQ(change->published_revision(), 3);
  EXPECT_EQ(change->change_time().seconds(), 1700000000);
  EXPECT_EQ(change->actor(), "chen.fabu");
  EXPECT_EQ(change->cursor(), "v1.7");
  // Nothing of the reason, the address, the certificate or the request id, anywhere in it.
  const std::string bytes = change->SerializeAsString();
  for (const char* secret : {"内部理由", "10.1.2.3", "CN=office", "req-1"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
}

TEST(FeedChangeTest, OnlySucceededReportChangesPassTheFilters) {
  const FeedQuery all;
  for (v1::AuditAction action : {v1::AUDIT_ACTION_READ, v1::AUDIT_ACTION_BACKUP,
                                 v1::AUDIT_ACTION_RESTORE, v1::AUDIT_ACTION_UNSPECIFIED}) {
    EXPECT_FALSE(ChangeOfEvent(Event(1, "street", action), all).has_value()) << action;
  }
  v1::AuditEvent denied = Event(1, "street", v1::AUDIT_ACTION_APPROVE);
  denied.set_outcome(v1::AUDIT_OUTCOME_DENIED);
  EXPECT_FALSE(ChangeOfEvent(denied, all).has_value());
  v1::AuditEvent no_report = Event(1, "street", v1::AUDIT_ACTION_CREATE);
  no_report.clear_report();
  EXPECT_FALSE(ChangeOfEvent(no_report, all).has_value());
  v1::AuditEvent other_agency = Event(1, "street", v1::AUDIT_ACTION_CREATE);
  other_agency.set_agency_id("county");  // a report of street filed under county: not trusted
  EXPECT_FALSE(ChangeOfEvent(other_agency, all).has_value());

  FeedQuery published;
  published.actions = {v1::AUDIT_ACTION_PUBLISH, v1::AUDIT_ACTION_CORRECT};
  EXPECT_TRUE(ChangeOfEvent(Event(1, "street", v1::AUDIT_ACTION_PUBLISH), published));
  EXPECT_TRUE(ChangeOfEvent(Event(1, "street", v1::AUDIT_ACTION_CORRECT), published));
  EXPECT_FALSE(ChangeOfEvent(Event(1, "street", v1::AUDIT_ACTION_UPDATE), published));
  FeedQuery year;
  year.report_year = 2023;
  EXPECT_FALSE(ChangeOfEvent(Event(1, "street", v1::AUDIT_ACTION_PUBLISH), year));
  year.report_year = 2024;
  EXPECT_TRUE(ChangeOfEvent(Event(1, "street", v1::AUDIT_ACTION_PUBLISH), year));
}

}  // namespace
}  // namespace nianbao::workflow_service
