// nianbao-gatewayd's REST face against the three real servers, driven by curl: the approval chain
// of the README's example, and every error class decoded from its AIP-193 body (from Connect's
// error body on Connect routes).
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nianbao/v1/audit.grpc.pb.h"
#include "tests/integration/gateway/gateway_test_env.h"
#include "tests/support/status_matchers.h"

namespace nianbao::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kReports = absl::StrCat("/v1/agencies/", kAgency, "/reports");
const std::string kReport = kReports + "/2024";

class GatewayRestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.set_gateway_args(
        {"--max_body_bytes=65536", "--cors_allowed_origins=https://portal.example"});
    NIANBAO_ASSERT_OK(env_.Start());
  }

  // Creates the 2024 report in DRAFT through the gateway; returns its JSON.
  google::protobuf::Struct CreateDraft() {
    HttpResult created = env_.Curl("POST", kReports, "drafter", R"({"reportYear": 2024})");
    EXPECT_EQ(created.status, 200) << created.body << created.curl_error;
    return JsonObject(created.body);
  }

  // The first google.rpc detail of `type` in an error body.
  static google::protobuf::Value Detail(const google::protobuf::Struct& error,
                                        const std::string& type) {
    const google::protobuf::Value details = JsonAt(error, "error.details");
    for (const google::protobuf::Value& detail : details.list_value().values()) {
      if (JsonString(detail.struct_value(), "@type") == "type.googleapis.com/" + type) {
        return detail;
      }
    }
    ADD_FAILURE() << "no " << type << " in the error";
    return {};
  }

  GatewayTestEnv env_;
};

// The README's example, run as written: curl (and jq) take the seed report from draft to
// publication and read the published revision.
TEST_F(GatewayRestTest, ReadmeExampleTakesTheSeedReportThroughTheChain) {
  std::string content;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(SeedContent(), &content).ok());
  const std::string content_file = absl::StrCat(env_.dir(), "/content.json");
  WriteFileOrDie(content_file, content);
  CommandResult run =
      RunCommand({"sh", SourceDir() + "/docs/http/gateway-chain.sh", content_file, "2024"}, "",
                 {"NIANBAO_GATEWAY=" + env_.BaseUrl(), absl::StrCat("NIANBAO_AGENCY=", kAgency),
                  "DRAFTER_TOKEN=drafter-token", "REVIEWER_TOKEN=reviewer-token",
                  "APPROVER_TOKEN=approver-token", "PUBLISHER_TOKEN=publisher-token"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::string name = absl::StrCat("agencies/", kAgency, "/reports/2024");
  EXPECT_THAT(absl::StrSplit(run.out, '\n', absl::SkipEmpty()),
              ElementsAre(name + " REPORT_STATE_DRAFT", name + " REPORT_STATE_DRAFT",
                          "REPORT_STATE_IN_REVIEW", "REPORT_STATE_DRAFT", "REPORT_STATE_IN_REVIEW",
                          "REPORT_STATE_APPROVED", "REPORT_STATE_PUBLISHED",
                          absl::StrCat(name, "/revisions/2 ", kAgencyName)));
  // The README shows the script that ran.
  const std::string readme = ReadFileOrDie(SourceDir() + "/README.md");
  EXPECT_TRUE(absl::StrContains(readme, "docs/http/gateway-chain.sh content.json 2024"));
}

TEST_F(GatewayRestTest, QueryParametersAndInt64AsStrings) {
  CreateDraft();
  HttpResult listed =
      env_.Curl("GET", "/v1/agencies/-/reports?reportYear=2024&view=BASIC", "reader");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const google::protobuf::Struct list = JsonObject(listed.body);
  EXPECT_EQ(JsonString(list, "reports.0.name"),
            absl::StrCat("agencies/", kAgency, "/reports/2024"));
  EXPECT_EQ(JsonString(list, "reports.0.revision"), "1");  // int64 as a string.
  EXPECT_EQ(JsonString(list, "reports.0.state"), "REPORT_STATE_DRAFT");
  EXPECT_EQ(listed.headers["content-type"], "application/json; charset=utf-8");
}

// The office's service is served like every other: its routes come from office.proto's
// annotations, and the call reaches workflowd (a reader holds no supervising role, so workflowd
// answers 403 with its own ErrorInfo; a route the gateway did not know would be 404).
TEST_F(GatewayRestTest, OfficeServiceIsServed) {
  HttpResult status = env_.Curl(
      "GET", absl::StrCat("/v1/agencies/", kAgency, "/filingStatus?reportYear=2024"), "reader");
  EXPECT_THAT(status.status, ::testing::AnyOf(200, 403)) << status.body;
  if (status.status == 403) {
    EXPECT_EQ(JsonString(JsonObject(status.body), "error.status"), "PERMISSION_DENIED");
  }
  HttpResult bad_year =
      env_.Curl("GET", absl::StrCat("/v1/agencies/", kAgency, "/rollup?reportYear=1900"), "reader");
  EXPECT_THAT(bad_year.status, ::testing::AnyOf(400, 403)) << bad_year.body;
}

// GET /v1/caller (AgencyService.GetCaller, routed from its annotation): who the token belongs to
// and its roles per agency, in JSON; 401 with the server's bilingual reason without a valid token.
TEST_F(GatewayRestTest, CallerIsServed) {
  HttpResult drafter = env_.Curl("GET", "/v1/caller", "drafter2");
  ASSERT_EQ(drafter.status, 200) << drafter.body;
  const google::protobuf::Struct caller = JsonObject(drafter.body);
  EXPECT_EQ(JsonString(caller, "principal"), "drafter2");
  EXPECT_EQ(JsonString(caller, "roleBindings.0.agency"), absl::StrCat("agencies/", kAgency));
  EXPECT_EQ(JsonString(caller, "roleBindings.0.agencyDisplayName"), kAgencyName);
  EXPECT_EQ(JsonString(caller, "roleBindings.0.roles.0"), "ROLE_DRAFTER");
  EXPECT_EQ(JsonString(caller, "roleBindings.0.roles.1"), "ROLE_APPROVER");
  HttpResult central = env_.Curl("GET", "/v1/caller", "central");
  ASSERT_EQ(central.status, 200) << central.body;
  EXPECT_EQ(JsonString(JsonObject(central.body), "roleBindings.0.agency"), "agencies/-");
  EXPECT_EQ(JsonString(JsonObject(central.body), "roleBindings.0.roles.0"), "ROLE_CENTRAL_AUDITOR");

  HttpResult anonymous = env_.Curl("GET", "/v1/caller", "");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(JsonString(JsonObject(anonymous.body), "error.status"), "UNAUTHENTICATED");
  EXPECT_THAT(JsonString(JsonObject(anonymous.body), "error.message"), HasSubstr("缺少身份令牌"));
  HttpResult unknown = env_.Curl("GET", "/v1/caller", "nobody");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_THAT(JsonString(JsonObject(unknown.body), "error.message"),
              HasSubstr("未提供有效的访问令牌"));
}

TEST_F(GatewayRestTest, ErrorsOfEveryClassAreDecoded) {
  const google::protobuf::Struct draft = CreateDraft();
  // 401: no token.
  HttpResult unauthenticated = env_.Curl("GET", kReport, "");
  EXPECT_EQ(unauthenticated.status, 401);
  EXPECT_EQ(JsonString(JsonObject(unauthenticated.body), "error.status"), "UNAUTHENTICATED");
  // 403: another agency's principal.
  HttpResult denied = env_.Curl("GET", kReport, "outsider");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(JsonString(JsonObject(denied.body), "error.status"), "PERMISSION_DENIED");
  // 404: a report that does not exist, named in a ResourceInfo; and a route that does not.
  HttpResult missing = env_.Curl("GET", kReports + "/2023", "drafter");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(JsonString(Detail(JsonObject(missing.body), "google.rpc.ResourceInfo").struct_value(),
                       "resourceName"),
            absl::StrCat("agencies/", kAgency, "/reports/2023"));
  EXPECT_EQ(env_.Curl("GET", "/v2/nothing", "drafter").status, 404);
  // 405 with Allow.
  HttpResult wrong_method = env_.Curl("DELETE", kReport, "drafter");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.headers["allow"], "GET, PATCH");
  // 409: a second report for the same year, and a stale etag.
  HttpResult again = env_.Curl("POST", kReports, "drafter", R"({"reportYear": 2024})");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(JsonString(JsonObject(again.body), "error.status"), "ALREADY_EXISTS");
  HttpResult stale = env_.Curl("PATCH", kReport + "?updateMask=content.metadata", "drafter",
                               R"({"etag": "stale", "content": {"metadata": {}}})");
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(JsonString(JsonObject(stale.body), "error.status"), "ABORTED");
  // 413: a body over --max_body_bytes.
  HttpResult too_large =
      env_.Curl("POST", kReports, "drafter",
                absl::StrCat(R"({"requestId": ")", std::string(70000, 'x'), "\"}"));
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(JsonString(JsonObject(too_large.body), "error.status"), "RESOURCE_EXHAUSTED");
  // 415: not JSON.
  HttpResult not_json =
      env_.Curl("POST", kReports, "drafter", "reportYear=2024", {"Content-Type: text/plain"});
  EXPECT_EQ(not_json.status, 415);
  // 400: malformed JSON, with its position; an unknown field, named.
  HttpResult malformed = env_.Curl("POST", kReports, "drafter", "{\"reportYear\": 2024,\n  oops}");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_THAT(malformed.body, HasSubstr("line 2"));
  HttpResult unknown =
      env_.Curl("POST", kReports, "drafter", R"({"reportYear": 2024, "bogusField": 1})");
  EXPECT_EQ(unknown.status, 400);
  const google::protobuf::Value bad_request =
      Detail(JsonObject(unknown.body), "google.rpc.BadRequest");
  EXPECT_THAT(JsonString(bad_request.struct_value(), "fieldViolations.0.field"),
              HasSubstr("bogusField"));
  // An unknown query parameter is named too.
  HttpResult unknown_query = env_.Curl("GET", kReport + "?colour=red", "drafter");
  EXPECT_EQ(unknown_query.status, 400);
  EXPECT_THAT(unknown_query.body, HasSubstr("colour"));
  // Nothing above changed the draft.
  HttpResult after = env_.Curl("GET", kReport, "drafter");
  EXPECT_EQ(JsonString(JsonObject(after.body), "etag"), JsonString(draft, "etag"));
}

// On Connect routes the errors the gateway answers itself are in Connect's format, with the HTTP
// status HTTP gives them: Connect clients read their code from the body (from an AIP-193 body
// connect-es made "unknown" with no message).
TEST_F(GatewayRestTest, ConnectRoutesRefuseInConnectsFormat) {
  // The detail's JSON ("debug") of `type` in a Connect error body.
  const auto connect_detail = [](const std::string& body, const std::string& type) {
    const google::protobuf::Value details = JsonAt(JsonObject(body), "details");
    for (const google::protobuf::Value& detail : details.list_value().values()) {
      if (JsonString(detail.struct_value(), "type") == type) {
        return JsonAt(detail.struct_value(), "debug").struct_value();
      }
    }
    ADD_FAILURE() << "no " << type << " in " << body;
    return google::protobuf::Struct();
  };
  const std::string get_report = "/nianbao.v1.WorkflowService/GetReport";
  HttpResult put = env_.Curl("PUT", get_report, "reader", "{}");
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.headers["allow"], "GET, POST");
  EXPECT_EQ(JsonString(JsonObject(put.body), "code"), "unimplemented") << put.body;
  EXPECT_EQ(JsonString(connect_detail(put.body, "google.rpc.ErrorInfo"), "reason"),
            "METHOD_NOT_ALLOWED");
  HttpResult text = env_.Curl("POST", get_report, "reader", "{}", {"Content-Type: text/plain"});
  EXPECT_EQ(text.status, 415);
  EXPECT_EQ(JsonString(JsonObject(text.body), "code"), "invalid_argument") << text.body;
  EXPECT_THAT(JsonString(JsonObject(text.body), "message"), HasSubstr("application/proto"));
  // A method the API does not have: Connect's code for it, with the HTTP status 404.
  HttpResult missing = env_.Curl("POST", "/nianbao.v1.WorkflowService/Nope", "reader", "{}");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(JsonString(JsonObject(missing.body), "code"), "unimplemented") << missing.body;
  EXPECT_EQ(JsonString(connect_detail(missing.body, "google.rpc.ErrorInfo"), "reason"),
            "METHOD_NOT_FOUND");
  // A body over --max_body_bytes, refused by the HTTP session before any route is looked at.
  HttpResult too_large =
      env_.Curl("POST", "/nianbao.v1.WorkflowService/CreateReport", "drafter",
                absl::StrCat(R"({"requestId": ")", std::string(70000, 'x'), "\"}"));
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(JsonString(JsonObject(too_large.body), "code"), "resource_exhausted") << too_large.body;
  EXPECT_EQ(JsonString(connect_detail(too_large.body, "google.rpc.ErrorInfo"), "reason"),
            "BODY_TOO_LARGE");
  // A stream's refusal is HTTP 200 with the error in the end-of-stream envelope (flags 0x02).
  HttpResult stream_too_large =
      env_.Curl("POST", "/nianbao.v1.WorkflowService/WatchReports", "reader",
                std::string(70000, 'x'), {"Content-Type: application/connect+json"});
  EXPECT_EQ(stream_too_large.status, 200);
  EXPECT_EQ(stream_too_large.headers["content-type"], "application/connect+json");
  ASSERT_GT(stream_too_large.body.size(), 5u);
  EXPECT_EQ(stream_too_large.body[0], '\x02');
  EXPECT_EQ(JsonString(JsonObject(stream_too_large.body.substr(5)), "error.code"),
            "resource_exhausted");
  // REST routes keep the AIP-193 body.
  EXPECT_EQ(JsonString(JsonObject(env_.Curl("GET", "/v2/nothing", "reader").body), "error.status"),
            "NOT_FOUND");
}

TEST_F(GatewayRestTest, CorsPreflightOnlyForConfiguredOrigins) {
  const std::vector<std::string> preflight = {"Access-Control-Request-Method: GET",
                                              "Access-Control-Request-Headers: authorization"};
  std::vector<std::string> allowed = preflight;
  allowed.push_back("Origin: https://portal.example");
  HttpResult ok = env_.Curl("OPTIONS", kReport, "", "", allowed);
  EXPECT_EQ(ok.status, 204);
  EXPECT_EQ(ok.headers["access-control-allow-origin"], "https://portal.example");
  EXPECT_THAT(ok.headers["access-control-allow-headers"], HasSubstr("authorization"));
  // What a connect-web client's preflight asks for a Connect call.
  HttpResult connect_preflight = env_.Curl(
      "OPTIONS", "/nianbao.v1.WorkflowService/GetReport", "", "",
      {"Access-Control-Request-Method: POST",
       "Access-Control-Request-Headers: content-type,connect-protocol-version,connect-timeout-ms",
       "Origin: https://portal.example"});
  EXPECT_EQ(connect_preflight.status, 204);
  EXPECT_THAT(connect_preflight.headers["access-control-allow-methods"], HasSubstr("POST"));
  for (const char* header : {"content-type", "connect-protocol-version", "connect-timeout-ms"}) {
    EXPECT_THAT(connect_preflight.headers["access-control-allow-headers"], HasSubstr(header));
  }
  std::vector<std::string> other = preflight;
  other.push_back("Origin: https://elsewhere.example");
  HttpResult refused = env_.Curl("OPTIONS", kReport, "", "", other);
  EXPECT_EQ(refused.headers.count("access-control-allow-origin"), 0u);
  EXPECT_NE(refused.status, 204);
  // The call itself carries the header for the allowed origin only.
  CreateDraft();
  EXPECT_EQ(env_.Curl("GET", kReport, "reader", "", {"Origin: https://portal.example"})
                .headers["access-control-allow-origin"],
            "https://portal.example");
  EXPECT_EQ(env_.Curl("GET", kReport, "reader", "", {"Origin: https://elsewhere.example"})
                .headers.count("access-control-allow-origin"),
            0u);
}

TEST_F(GatewayRestTest, HealthReflectsTheBackends) {
  HttpResult up = env_.Curl("GET", "/healthz", "");
  EXPECT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(JsonString(JsonObject(up.body), "status"), "SERVING");
  ASSERT_TRUE(env_.backends().workflow().Stop().ok());
  HttpResult down = env_.Curl("GET", "/healthz", "");
  EXPECT_EQ(down.status, 503);
  const google::protobuf::Struct body = JsonObject(down.body);
  EXPECT_EQ(JsonString(body, "status"), "NOT_SERVING");
  EXPECT_EQ(JsonString(body, "validation"), "SERVING");
  EXPECT_NE(JsonString(body, "workflow"), "SERVING");
  // A call to the stopped backend is 503, not a crash of the gateway.
  EXPECT_EQ(env_.Curl("GET", kReport, "drafter").status, 503);
  EXPECT_EQ(env_.Curl("GET", "/openapi.json", "").status, 200);
}

// The caller's address reaches the audit trail through the gateway: the TCP peer, or what a
// trusted reverse proxy says in X-Forwarded-For; a client's own X-Forwarded-For is not believed.
TEST_F(GatewayRestTest, ClientAddressReachesTheAuditTrail) {
  auto created_from = [&](int year) {
    HttpResult created =
        env_.Curl("POST", kReports, "drafter", absl::StrCat(R"({"reportYear": )", year, "}"),
                  {"X-Forwarded-For: 198.51.100.9"});
    EXPECT_EQ(created.status, 200) << created.body;
    auto audit = nianbao::v1::AuditService::NewStub(env_.backends().channel());
    nianbao::v1::ListAuditEventsRequest list;
    list.set_report(absl::StrCat("agencies/", kAgency, "/reports/", year));
    list.set_action(nianbao::v1::AUDIT_ACTION_CREATE);
    nianbao::v1::ListAuditEventsResponse events;
    EXPECT_TRUE(audit->ListAuditEvents(ContextFor("auditor").get(), list, &events).ok());
    return events.events_size() == 1 ? events.events(0).client_address() : "";
  };
  // Not a trusted proxy: the peer (curl on loopback), not the header.
  EXPECT_THAT(created_from(2024), ::testing::StartsWith("ipv4:127.0.0.1:"));
  const std::string config = absl::StrCat(env_.dir(), "/gatewayd.textproto");
  WriteFileOrDie(config, "trusted_proxies: \"127.0.0.1\"\n");
  ASSERT_TRUE(env_.gateway().Stop().ok());
  env_.set_gateway_args({"--config=" + config});
  NIANBAO_ASSERT_OK(env_.StartGateway());
  EXPECT_THAT(created_from(2023), HasSubstr("198.51.100.9"));
}

TEST_F(GatewayRestTest, OpenApiDocumentIsServed) {
  HttpResult document = env_.Curl("GET", "/openapi.json", "");
  ASSERT_EQ(document.status, 200);
  const google::protobuf::Struct openapi = JsonObject(document.body);
  EXPECT_THAT(JsonString(openapi, "openapi"), ::testing::StartsWith("3.0"));
  EXPECT_TRUE(JsonAt(openapi, "paths").has_struct_value());
}

}  // namespace
}  // namespace nianbao::testing
