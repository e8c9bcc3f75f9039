// Routes of the real API from the generated descriptors, and of test pools for what the API does
// not use (additional_bindings, bad rules, a pool built from a descriptor set).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/api/annotations.pb.h"
#include "services/gateway/transcoder.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/gateway/api_routes.h"

namespace nianbao::gateway {
namespace {

using api_test::ApiRoutes;
using api_test::Service;
using api_test::TestPool;
using nianbao::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Outcome = RestLookup::Outcome;

std::string MethodOf(const RestLookup& lookup) {
  return lookup.outcome == Outcome::kMatched ? lookup.match.method->grpc_path : "(none)";
}

TEST(RouteTableTest, EveryAnnotatedMethodOfTheApiIsRouted) {
  int annotated = 0;
  for (const RpcMethod& method : ApiRoutes().methods()) {
    const bool has_rule = method.descriptor->options().HasExtension(google::api::http);
    annotated += has_rule ? 1 : 0;
    int routes = 0;
    for (const RestRoute& route : ApiRoutes().rest_routes()) routes += route.method == &method;
    EXPECT_EQ(routes, has_rule ? 1 : 0) << method.grpc_path;
  }
  EXPECT_GE(annotated, 20);
  EXPECT_EQ(ApiRoutes().rest_routes().size(), static_cast<size_t>(annotated));
}

TEST(RouteTableTest, RestPathsFindTheirMethods) {
  const RouteTable& t = ApiRoutes();
  EXPECT_EQ(MethodOf(t.MatchRest("GET", "/v1/agencies/a1/reports/2024")),
            "/nianbao.v1.WorkflowService/GetReport");
  EXPECT_EQ(MethodOf(t.MatchRest("GET", "/v1/agencies/-/reports")),
            "/nianbao.v1.WorkflowService/ListReports");
  EXPECT_EQ(MethodOf(t.MatchRest("POST", "/v1/agencies/a1/reports")),
            "/nianbao.v1.WorkflowService/CreateReport");
  EXPECT_EQ(MethodOf(t.MatchRest("PATCH", "/v1/agencies/a1/reports/2024")),
            "/nianbao.v1.WorkflowService/UpdateReport");
  EXPECT_EQ(MethodOf(t.MatchRest("POST", "/v1/agencies/a1/reports/2024:submit")),
            "/nianbao.v1.WorkflowService/SubmitReport");
  EXPECT_EQ(MethodOf(t.MatchRest("GET", "/v1/agencies/-/reports:watch")),
            "/nianbao.v1.WorkflowService/WatchReports");
  EXPECT_EQ(MethodOf(t.MatchRest("GET", "/v1/agencies/a1/reports/2024/revisions/2")),
            "/nianbao.v1.WorkflowService/GetRevision");
  EXPECT_EQ(MethodOf(t.MatchRest("GET", "/v1/agencies/a1")), "/nianbao.v1.AgencyService/GetAgency");
  EXPECT_EQ(MethodOf(t.MatchRest("GET", "/v1/auditEvents")),
            "/nianbao.v1.AuditService/ListAuditEvents");
  EXPECT_EQ(MethodOf(t.MatchRest("GET", "/v1/auditEvents:stream")),
            "/nianbao.v1.AuditService/StreamAuditEvents");
  EXPECT_EQ(MethodOf(t.MatchRest("POST", "/v1/reports:validate")),
            "/nianbao.v1.ValidationService/Validate");
}

TEST(RouteTableTest, MatchCarriesBindingsAndRules) {
  RestLookup lookup = ApiRoutes().MatchRest("PATCH", "/v1/agencies/a1/reports/2024");
  ASSERT_EQ(lookup.outcome, Outcome::kMatched);
  EXPECT_EQ(lookup.match.route->body, "report");
  EXPECT_EQ(lookup.match.route->response_body, "");
  ASSERT_EQ(lookup.match.bindings.size(), 1u);
  EXPECT_EQ(lookup.match.bindings[0].field_path, "report.name");
  EXPECT_EQ(lookup.match.bindings[0].value, "agencies/a1/reports/2024");
  RestLookup watch = ApiRoutes().MatchRest("GET", "/v1/agencies/-/reports:watch");
  ASSERT_EQ(watch.outcome, Outcome::kMatched);
  EXPECT_TRUE(watch.match.method->server_streaming);
  EXPECT_EQ(watch.match.bindings[0].value, "agencies/-");
}

TEST(RouteTableTest, UnknownPathIsNotFound) {
  for (const char* path : {"/", "/v1", "/v2/agencies/a1", "/v1/agencies/a1/reports/2024/x",
                           "/nianbao.v1.WorkflowService/GetReport"}) {
    EXPECT_EQ(ApiRoutes().MatchRest("GET", path).outcome, Outcome::kNotFound) << path;
  }
}

TEST(RouteTableTest, UnknownVerbSuffixIsPartOfTheLastSegment) {
  // No custom method is named "frobnicate": the segment is a resource id as far as routing goes,
  // and the backend refuses the name as not canonical.
  RestLookup lookup = ApiRoutes().MatchRest("GET", "/v1/agencies/a1/reports/2024:frobnicate");
  ASSERT_EQ(lookup.outcome, Outcome::kMatched);
  EXPECT_EQ(lookup.match.bindings[0].value, "agencies/a1/reports/2024:frobnicate");
}

TEST(RouteTableTest, WrongVerbIsMethodNotAllowedWithTheAllowedOnes) {
  RestLookup lookup = ApiRoutes().MatchRest("DELETE", "/v1/agencies/a1/reports/2024");
  EXPECT_EQ(lookup.outcome, Outcome::kMethodNotAllowed);
  EXPECT_THAT(lookup.allowed_verbs, ElementsAre("GET", "PATCH"));
  lookup = ApiRoutes().MatchRest("PUT", "/v1/agencies/a1/reports");
  EXPECT_THAT(lookup.allowed_verbs, ElementsAre("GET", "POST"));
  lookup = ApiRoutes().MatchRest("HEAD", "/v1/agencies/a1");
  EXPECT_THAT(lookup.allowed_verbs, ElementsAre("GET"));
}

TEST(RouteTableTest, CustomMethodPathIsNotReadAsAResourceName) {
  // GET on ":submit" would fit GetReport with name ".../2024:submit"; the custom method wins.
  RestLookup lookup = ApiRoutes().MatchRest("GET", "/v1/agencies/a1/reports/2024:submit");
  EXPECT_EQ(lookup.outcome, Outcome::kMethodNotAllowed);
  EXPECT_THAT(lookup.allowed_verbs, ElementsAre("POST"));
}

TEST(RouteTableTest, ConnectPathsCoverEveryMethodIncludingHealth) {
  const RouteTable& t = ApiRoutes();
  ASSERT_NE(t.MatchConnect("/nianbao.v1.WorkflowService/GetReport"), nullptr);
  EXPECT_EQ(t.MatchConnect("/nianbao.v1.WorkflowService/GetReport")->descriptor->name(),
            "GetReport");
  const RpcMethod* check = t.MatchConnect("/grpc.health.v1.Health/Check");
  ASSERT_NE(check, nullptr);
  EXPECT_EQ(check->request_prototype->GetDescriptor()->full_name(),
            "grpc.health.v1.HealthCheckRequest");
  EXPECT_TRUE(t.MatchConnect("/grpc.health.v1.Health/Watch")->server_streaming);
  EXPECT_EQ(t.MatchConnect("/nianbao.v1.WorkflowService/Nope"), nullptr);
  EXPECT_EQ(t.MatchConnect("/nianbao.v1.WorkflowService/GetReport/"), nullptr);
  for (const RpcMethod& method : t.methods()) EXPECT_EQ(t.MatchConnect(method.grpc_path), &method);
}

TEST(RouteTableTest, UnknownServiceIsNotFound) {
  EXPECT_THAT(RouteTable::FromPool(google::protobuf::DescriptorPool::generated_pool(),
                                   {"nianbao.v1.NoSuchService"}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nianbao.v1.NoSuchService")));
}

TEST(RouteTableTest, AdditionalBindingsAreRoutesToo) {
  TestPool pool(
      Service(R"pb(get: "/v1/{name=things/*}"
                   additional_bindings { post: "/v1/{name=things/*}:do" body: "*" }
                   additional_bindings { custom { kind: "SEARCH" path: "/v1/things" } })pb"));
  absl::StatusOr<std::unique_ptr<RouteTable>> routes = pool.Routes();
  ASSERT_TRUE(routes.ok()) << routes.status();
  ASSERT_EQ((*routes)->rest_routes().size(), 3u);
  EXPECT_EQ((*routes)->MatchRest("GET", "/v1/things/a").outcome, Outcome::kMatched);
  RestLookup post = (*routes)->MatchRest("POST", "/v1/things/a:do");
  ASSERT_EQ(post.outcome, Outcome::kMatched);
  EXPECT_EQ(post.match.route->body, "*");
  EXPECT_EQ((*routes)->MatchRest("SEARCH", "/v1/things").outcome, Outcome::kMatched);
}

TEST(RouteTableTest, RulesNamingNoFieldAreRefusedNamingTheMethod) {
  for (const char* rule :
       {R"pb(get: "/v1/{nope}")pb", R"pb(get: "/v1/{tags}")pb", R"pb(get: "/v1/{sub}")pb",
        R"pb(post: "/v1/x" body: "nope")pb", R"pb(get: "/v1/x" response_body: "nope")pb",
        R"pb(get: "v1/x")pb", R"pb(body: "*")pb"}) {
    TestPool pool(Service(rule));
    EXPECT_THAT(pool.Routes(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("t.S.M")))
        << rule;
  }
}

TEST(RouteTableTest, NestedVariableOfATestPool) {
  TestPool pool(Service(R"pb(get: "/v1/{sub.name=things/*}")pb"));
  absl::StatusOr<std::unique_ptr<RouteTable>> routes = pool.Routes();
  ASSERT_TRUE(routes.ok()) << routes.status();
  RestLookup lookup = (*routes)->MatchRest("GET", "/v1/things/x");
  ASSERT_EQ(lookup.outcome, Outcome::kMatched);
  EXPECT_EQ(lookup.match.bindings[0].field_path, "sub.name");
}

}  // namespace
}  // namespace nianbao::gateway
