// WatchReports' access rules and refusals against the real nianbao-workflowd: a supervisor sees
// its subtree and nothing else, a reader of one agency nothing of another (silently with
// agencies/-, PERMISSION_DENIED recorded in the audit trail when asked by name), and every bad
// input refused with its code and the field named.
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <set>

#include "google/rpc/error_details.pb.h"
#include "nianbao/v1/audit.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "tests/integration/workflow/report_feed_fixture.h"
#include "workflow/status_details.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::service::FindDetail;

std::set<std::string> AgenciesOf(const std::vector<v1::ReportChange>& changes) {
  std::set<std::string> agencies;
  for (const auto& change : changes) agencies.insert(change.agency_id());
  return agencies;
}

TEST_F(ReportFeedTest, ASupervisorSeesItsSubtreeAndNothingElse) {
  ASSERT_NO_FATAL_FAILURE(RunChain(2024));
  ASSERT_NO_FATAL_FAILURE(RunOtherAgency(2024));
  ASSERT_NO_FATAL_FAILURE(RunOtherAgency(2023));
  const FeedRead all = Watch("supervisor", Request("agencies/-"));
  ASSERT_TRUE(all.status.ok()) << all.status.error_message();
  EXPECT_EQ(all.Changes().size(), 4u);
  EXPECT_EQ(AgenciesOf(all.Changes()), std::set<std::string>{kOtherAgency});
  // Asked for the county with its subtree, or for the agency below it: the same changes.
  v1::WatchReportsRequest subtree = Request(std::string("agencies/") + kCounty);
  subtree.set_include_subtree(true);
  const FeedRead county = Watch("supervisor", subtree);
  ASSERT_TRUE(county.status.ok()) << county.status.error_message();
  EXPECT_EQ(county.Changes().size(), 4u);
  // The county alone has no report.
  const FeedRead county_only = Watch("supervisor", Request(std::string("agencies/") + kCounty));
  ASSERT_TRUE(county_only.status.ok()) << county_only.status.error_message();
  EXPECT_TRUE(county_only.Changes().empty());
  // Filters: one year, one action.
  v1::WatchReportsRequest filtered = Request(std::string("agencies/") + kOtherAgency);
  filtered.set_report_year(2023);
  filtered.add_actions(v1::AUDIT_ACTION_UPDATE);
  const FeedRead one = Watch("supervisor", filtered);
  ASSERT_TRUE(one.status.ok()) << one.status.error_message();
  ASSERT_EQ(one.Changes().size(), 1u);
  EXPECT_EQ(one.Changes()[0].report(), ReportNameOf(kOtherAgency, 2023));
  // An agency outside the subtree, by name: refused.
  const FeedRead outside = Watch("supervisor", Request(std::string("agencies/") + kAgency));
  EXPECT_EQ(outside.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(outside.responses.empty());
  // The drafter of the agency below holds no supervisor role: not the county.
  EXPECT_EQ(Watch("outsider", Request(std::string("agencies/") + kCounty)).status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ReportFeedTest, AReaderOfOneAgencySeesNothingOfAnother) {
  ASSERT_NO_FATAL_FAILURE(RunChain(2024));
  ASSERT_NO_FATAL_FAILURE(RunOtherAgency(2024));
  const FeedRead all = Watch("reader", Request("agencies/-"));
  ASSERT_TRUE(all.status.ok()) << all.status.error_message();
  EXPECT_EQ(AgenciesOf(all.Changes()), std::set<std::string>{kAgency});
  const FeedRead other = Watch("reader", Request(std::string("agencies/") + kOtherAgency));
  ASSERT_EQ(other.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(other.responses.empty());
  // The refusal is in the audit trail, attributed.
  auto audit = v1::AuditService::NewStub(env_.channel());
  v1::ListAuditEventsRequest list;
  list.set_agency_id(kOtherAgency);
  list.set_action(v1::AUDIT_ACTION_READ);
  list.set_actor("reader");
  v1::ListAuditEventsResponse events;
  grpc::Status status = audit->ListAuditEvents(ContextFor("central").get(), list, &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(events.events_size(), 1);
  EXPECT_EQ(events.events(0).outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_THAT(events.events(0).reason(), ::testing::HasSubstr("WatchReports"));
  EXPECT_FALSE(events.events(0).client_address().empty());
  // And it is not a change: the feed of "-" is as it was.
  const FeedRead again = Watch("reader", Request("agencies/-"));
  EXPECT_EQ(again.Changes().size(), all.Changes().size());
}

// Every refusal before anything is sent: its code, and for a bad field the field named.
TEST_F(ReportFeedTest, BadInputIsRefusedNamingTheField) {
  ASSERT_NO_FATAL_FAILURE(RunOtherAgency(2024));
  const std::string agency = std::string("agencies/") + kAgency;
  struct Case {
    const char* why;
    std::function<void(v1::WatchReportsRequest&)> set;
    grpc::StatusCode code;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"no parent", [](auto& r) { r.clear_parent(); }, grpc::StatusCode::INVALID_ARGUMENT,
       "parent"},
      {"report as parent", [](auto& r) { r.set_parent(r.parent() + "/reports/2024"); },
       grpc::StatusCode::INVALID_ARGUMENT, "parent"},
      {"not canonical", [](auto& r) { r.set_parent("agencies/Jianshan"); },
       grpc::StatusCode::INVALID_ARGUMENT, "parent"},
      {"64 KB parent", [](auto& r) { r.set_parent("agencies/" + std::string(65536, 'a')); },
       grpc::StatusCode::INVALID_ARGUMENT, "parent"},
      {"unregistered", [](auto& r) { r.set_parent("agencies/nowhere"); },
       grpc::StatusCode::NOT_FOUND, "parent"},
      {"read action", [](auto& r) { r.add_actions(v1::AUDIT_ACTION_READ); },
       grpc::StatusCode::INVALID_ARGUMENT, "actions"},
      {"unknown action", [](auto& r) { r.add_actions(static_cast<v1::AuditAction>(42)); },
       grpc::StatusCode::INVALID_ARGUMENT, "actions"},
      {"17 actions",
       [](auto& r) {
         for (int i = 0; i < 17; ++i) r.add_actions(v1::AUDIT_ACTION_CREATE);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "actions"},
      {"year 2007", [](auto& r) { r.set_report_year(2007); }, grpc::StatusCode::INVALID_ARGUMENT,
       "report_year"},
      {"year -3", [](auto& r) { r.set_report_year(-3); }, grpc::StatusCode::INVALID_ARGUMENT,
       "report_year"},
      {"subtree of every agency",
       [](auto& r) {
         r.set_parent("agencies/-");
         r.set_include_subtree(true);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "include_subtree"},
      {"cursor that does not parse", [](auto& r) { r.set_cursor("bm90IGEgY3Vyc29y"); },
       grpc::StatusCode::INVALID_ARGUMENT, "cursor"},
      {"long cursor", [](auto& r) { r.set_cursor(std::string(4096, '1')); },
       grpc::StatusCode::INVALID_ARGUMENT, "cursor"},
      {"cursor past the head", [](auto& r) { r.set_cursor("v1.1000000"); },
       grpc::StatusCode::OUT_OF_RANGE, "cursor"},
  };
  for (bool follow : {false, true}) {
    for (const Case& c : cases) {
      SCOPED_TRACE(c.why);
      v1::WatchReportsRequest request = Request(agency);
      request.set_follow(follow);
      c.set(request);
      const FeedRead read = Watch("reader", request);
      EXPECT_EQ(read.status.error_code(), c.code) << read.status.error_message();
      EXPECT_TRUE(read.responses.empty());
      const google::rpc::Status details = RpcStatus(read.status);
      auto error_info = FindDetail<google::rpc::ErrorInfo>(details);
      ASSERT_TRUE(error_info.has_value());
      EXPECT_EQ(error_info->domain(), workflow::kErrorDomain);
      if (c.code == grpc::StatusCode::NOT_FOUND) {
        auto resource = FindDetail<google::rpc::ResourceInfo>(details);
        ASSERT_TRUE(resource.has_value());
        EXPECT_EQ(resource->resource_name(), "agencies/nowhere");
      }
      auto bad_request = FindDetail<google::rpc::BadRequest>(details);
      ASSERT_TRUE(bad_request.has_value());
      ASSERT_EQ(bad_request->field_violations_size(), 1);
      EXPECT_EQ(bad_request->field_violations(0).field(), c.field);
    }
  }
  // Without a token, or with an unknown one.
  v1::WatchReportsRequest request = Request(agency);
  grpc::ClientContext anonymous;
  auto reader = stub_->WatchReports(&anonymous, request);
  v1::WatchReportsResponse response;
  EXPECT_FALSE(reader->Read(&response));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Watch("nobody", request).status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

// Bytes that are not a WatchReportsRequest: INVALID_ARGUMENT naming the request, as on every
// other method (the server's interceptor), not gRPC's empty INTERNAL.
TEST_F(ReportFeedTest, GarbageBytesAreInvalidArgument) {
  grpc::GenericStub generic(env_.channel());
  const std::string garbage = std::string("\xff\xff\xff\x0f") + " not a protobuf";
  auto context = ContextFor("reader");
  grpc::Slice slice(garbage);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  generic.UnaryCall(context.get(), "/nianbao.v1.WorkflowService/WatchReports", grpc::StubOptions(),
                    &request, &response,
                    [&done](grpc::Status status) { done.set_value(std::move(status)); });
  const grpc::Status status = done.get_future().get();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("nianbao.v1.WatchReportsRequest"));
  auto bad_request = FindDetail<google::rpc::BadRequest>(RpcStatus(status));
  ASSERT_TRUE(bad_request.has_value());
  EXPECT_EQ(bad_request->field_violations(0).field(), "(request)");
}

}  // namespace
}  // namespace nianbao::testing
