// A following WatchReports over a subtree while the agency registry is reloaded: the subtree and
// the supervisor's reach are resolved again against the registry in force before each scan, so an
// agency added under the parent joins the feed and one moved away leaves it, without the stream
// ending.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "services/workflow/report_feed.h"
#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "workflow/agency_registry_source.h"
#include "workflow/audit_chain.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;
using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;

// county > street; "newdept" at the top until the second file puts it under county; the third moves
// street to the top.
constexpr char kBefore[] = R"(
  agencies { agency_id: "county" name: "县政府" kind: AGENCY_KIND_GOVERNMENT }
  agencies { agency_id: "street" name: "街道" kind: AGENCY_KIND_TOWNSHIP parent_agency_id: "county" }
  agencies { agency_id: "newdept" name: "新部门" kind: AGENCY_KIND_DEPARTMENT })";
constexpr char kAdded[] = R"(
  agencies { agency_id: "county" name: "县政府" kind: AGENCY_KIND_GOVERNMENT }
  agencies { agency_id: "street" name: "街道" kind: AGENCY_KIND_TOWNSHIP parent_agency_id: "county" }
  agencies { agency_id: "newdept" name: "新部门" kind: AGENCY_KIND_DEPARTMENT
             parent_agency_id: "county" })";
constexpr char kMoved[] = R"(
  agencies { agency_id: "county" name: "县政府" kind: AGENCY_KIND_GOVERNMENT }
  agencies { agency_id: "street" name: "街道" kind: AGENCY_KIND_TOWNSHIP }
  agencies { agency_id: "newdept" name: "新部门" kind: AGENCY_KIND_DEPARTMENT
             parent_agency_id: "county" })";

TEST(ReportFeedReloadTest, AFollowingSubtreeFeedFollowsTheRegistryInForce) {
  nianbao::testing::TempDir dir;
  storage::RocksReportStoreOptions store_options;
  store_options.path = dir.File("data");
  store_options.audit_sealer = [](v1::AuditEvent* event) {
    *event = wf::SealAuditEvent(*event, event->previous_hash(), event->report_previous_hash());
  };
  auto store = storage::RocksReportStore::Open(store_options);
  ASSERT_THAT(store, IsOk());
  nianbao::testing::WriteFileOrDie(dir.File("agencies.textproto"), kBefore);
  auto source = wf::AgencyRegistrySource::Load(dir.File("agencies.textproto"));
  ASSERT_THAT(source, IsOk());
  ReportFeedOptions options;
  options.follow_poll_interval = absl::Milliseconds(5);
  ReportFeed feed(store->get(), source->get(), options);

  auto append = [&](const std::string& agency) -> int64_t {
    v1::AuditEvent event;
    event.set_agency_id(agency);
    event.set_report("agencies/" + agency + "/reports/2024");
    event.set_action(v1::AUDIT_ACTION_UPDATE);
    event.set_outcome(v1::AUDIT_OUTCOME_SUCCEEDED);
    event.set_actor("someone");
    event.set_state_after(v1::REPORT_STATE_DRAFT);
    event.set_revision(1);
    event.mutable_time()->set_seconds(1700000000);
    storage::ReportMutation mutation;
    mutation.report_id = {agency, 2024};
    mutation.plan = storage::RecordEventPlan(event);
    absl::StatusOr<storage::CommitResult> committed = (*store)->Commit(std::move(mutation));
    EXPECT_THAT(committed, IsOk());
    return committed.ok() ? committed->audit_events[0].sequence() : 0;
  };
  auto reload = [&](const char* text) {
    nianbao::testing::WriteFileOrDie(dir.File("agencies.textproto"), text);
    EXPECT_THAT((*source)->Reload(), IsOk());
  };

  FeedCaller supervisor;
  supervisor.principal.name = "office";
  supervisor.principal.roles_by_agency["county"] = {v1::ROLE_SUPERVISOR};
  v1::WatchReportsRequest request;
  request.set_parent("agencies/county");
  request.set_include_subtree(true);
  request.set_follow(true);
  std::mutex mutex;
  std::vector<int64_t> seen;
  std::atomic<bool> cancel{false};
  absl::Status status;
  std::thread follower([&] {
    status = feed.WatchReports(
        supervisor, request,
        [&](const v1::WatchReportsResponse& response) {
          std::lock_guard<std::mutex> lock(mutex);
          for (const v1::ReportChange& change : response.changes()) {
            seen.push_back(*DecodeFeedCursor(change.cursor()));
          }
          return true;
        },
        [&] { return cancel.load(); });
  });
  // Waits until `last` is delivered; then the events before it have been judged too.
  auto seen_up_to = [&](int64_t last) {
    for (int i = 0; i < 2000; ++i) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (!seen.empty() && seen.back() == last) return seen;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::lock_guard<std::mutex> lock(mutex);
    return seen;
  };

  const int64_t outside = append("newdept");
  const int64_t street = append("street");
  EXPECT_EQ(seen_up_to(street), (std::vector<int64_t>{street}));

  // After a reload, a change of the county itself: once it is delivered, every later scan started
  // after the reload (the scan running at the reload may still hold the registry it began with).
  reload(kAdded);  // newdept joins the county's subtree: its next change is in the feed
  const int64_t mark1 = append("county");
  EXPECT_EQ(seen_up_to(mark1), (std::vector<int64_t>{street, mark1}));
  const int64_t joined = append("newdept");
  EXPECT_EQ(seen_up_to(joined), (std::vector<int64_t>{street, mark1, joined}));

  reload(kMoved);  // street leaves it: its changes no longer reach the county's office
  const int64_t mark2 = append("county");
  EXPECT_EQ(seen_up_to(mark2), (std::vector<int64_t>{street, mark1, joined, mark2}));
  const int64_t moved_away = append("street");
  const int64_t county = append("county");
  EXPECT_EQ(seen_up_to(county), (std::vector<int64_t>{street, mark1, joined, mark2, county}));
  cancel = true;
  follower.join();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kCancelled));
  EXPECT_LT(outside, street);
  EXPECT_LT(moved_away, county);
}

}  // namespace
}  // namespace nianbao::workflow_service
