// nianbao-gatewayd against hostile clients, with the real servers behind it: 10,000 random bodies
// against every route (REST and Connect) with no crash, no 5xx, nothing written and nothing in the
// log; a binary body whose string is not UTF-8 refused naming the field; a body over the limit
// sent at once still answered with 413; clients that
// stall mid-request timed out without holding the only HTTP thread; the static root never serving
// a file outside it.
#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "nianbao/v1/audit.grpc.pb.h"
#include "nianbao/v1/workflow.grpc.pb.h"
#include "services/gateway/transcoder.h"
#include "tests/integration/gateway/gateway_test_env.h"
#include "tests/integration/gateway/raw_http_client.h"
#include "tests/support/status_matchers.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;

constexpr int kRandomBodies = 10000;

struct Target {
  std::string method;
  std::string path;
  std::string content_type;
};

// Every REST route with its variables filled in, and every method's Connect route, from the same
// descriptors the gateway serves.
std::vector<Target> EveryRoute() {
  (void)v1::GetReportRequest::descriptor();
  (void)v1::ListAuditEventsRequest::descriptor();
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  std::vector<std::string> services;
  for (const char* name :
       {"nianbao.v1.WorkflowService", "nianbao.v1.AgencyService", "nianbao.v1.AuditService",
        "nianbao.v1.AdminService", "nianbao.v1.ValidationService"}) {
    if (pool->FindServiceByName(name) != nullptr) services.push_back(name);
  }
  auto table = nianbao::gateway::RouteTable::FromPool(pool, services);
  EXPECT_TRUE(table.ok()) << table.status();
  std::vector<Target> targets;
  if (!table.ok()) return targets;
  for (const auto& route : (*table)->rest_routes()) {
    std::string path;
    const std::vector<std::string> values = {kAgency, "2024", "1"};
    size_t next = 0;
    for (const auto& segment : route.path.segments()) {
      path += "/";
      path += segment.kind == nianbao::gateway::PathTemplate::Segment::Kind::kLiteral
                  ? segment.literal
                  : values[std::min(next++, values.size() - 1)];
    }
    if (!route.path.verb().empty()) path += ":" + route.path.verb();
    targets.push_back({route.http_verb, path, "application/json"});
  }
  for (const auto& method : (*table)->methods()) {
    if (method.server_streaming) continue;  // A random body would not be an envelope.
    targets.push_back({"POST", method.grpc_path, "application/json"});
    targets.push_back({"POST", method.grpc_path, "application/proto"});
  }
  return targets;
}

// Random bytes, or JSON that is almost right: a valid body cut short, with a byte changed, with
// an unknown field, or with values of the wrong type.
std::string RandomBody(std::mt19937& random) {
  static const std::vector<std::string> kSeeds = {
      R"({"reportYear": 2024, "content": {"metadata": {"agencyName": "尖山区教体局"}}})",
      R"({"reason": "退回", "etag": "x", "acknowledgedWarnings": ["A", "B"]})",
      R"({"report": {"name": "agencies/a/reports/2024", "content": {}}, "updateMask": "content"})",
      R"({"pageSize": 1000, "pageToken": "", "filter": "state=DRAFT", "view": "FULL"})",
      R"({"name": "agencies/jianshan-jiaotiju", "parent": "agencies/-", "reportYear": "99999"})",
      R"([1, 2, {"a": null}], "\ud800", 1e999, -0, {"":{"":{"":[[[[]]]]}}})",
  };
  std::uniform_int_distribution<int> kind(0, 5);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string body = kSeeds[random() % kSeeds.size()];
  switch (kind(random)) {
    case 0: {  // Random bytes.
      body.resize(random() % 300);
      for (char& c : body) c = static_cast<char>(byte(random));
      break;
    }
    case 1:
      body.resize(random() % (body.size() + 1));
      break;
    case 2:
      for (int i = 0; i < 3 && !body.empty(); ++i) {
        body[random() % body.size()] = static_cast<char>(byte(random));
      }
      break;
    case 3:
      body = absl::StrReplaceAll(body, {{"{", absl::StrCat("{\"f", random() % 100, "\": 1, ")}});
      break;
    case 4:
      body = absl::StrReplaceAll(body, {{"2024", "\"twenty\""}, {"\"x\"", "[]"}, {"1000", "-1"}});
      break;
    default:
      break;  // The seed as it is.
  }
  return body;
}

class GatewayHostileTest : public ::testing::Test {
 protected:
  GatewayTestEnv env_;
};

TEST_F(GatewayHostileTest, RandomBodiesAgainstEveryRouteWriteNothing) {
  NIANBAO_ASSERT_OK(env_.Start());
  HttpResult created = env_.Curl("POST", absl::StrCat("/v1/agencies/", kAgency, "/reports"),
                                 "drafter", R"({"reportYear": 2024})");
  ASSERT_EQ(created.status, 200) << created.body;
  auto audit = v1::AuditService::NewStub(env_.backends().channel());
  v1::ListAuditEventsRequest list;
  list.set_page_size(1000);
  v1::ListAuditEventsResponse before;
  ASSERT_TRUE(audit->ListAuditEvents(ContextFor("central").get(), list, &before).ok());
  ASSERT_GE(before.events_size(), 1);

  const std::vector<Target> targets = EveryRoute();
  ASSERT_GT(targets.size(), 30u);
  std::mt19937 random(20261204);
  RawHttpConnection connection(env_.gateway().port());
  NIANBAO_ASSERT_OK(connection.Connect());
  const absl::Time start = absl::Now();
  int refused = 0;
  for (int i = 0; i < kRandomBodies; ++i) {
    const Target& target = targets[i % targets.size()];
    // The reader may write nothing; no token at all is refused before anything is looked at.
    const std::string authorization = i % 3 == 0 ? "" : "Authorization: Bearer reader-token\r\n";
    absl::StatusOr<int> status = connection.Exchange(
        target.method, target.path,
        absl::StrCat(authorization, "Content-Type: ", target.content_type, "\r\n"),
        RandomBody(random));
    ASSERT_TRUE(status.ok()) << status.status() << " at " << i << ": " << target.method << " "
                             << target.path << "\n"
                             << env_.gateway().Log();
    ASSERT_LT(*status, 500) << target.method << " " << target.path;
    if (*status >= 400) ++refused;
  }
  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_LT(elapsed, absl::Minutes(3));
  EXPECT_GT(refused, kRandomBodies / 2);
  std::cerr << kRandomBodies << " random bodies against " << targets.size() << " routes in "
            << elapsed << "\n";

  // Nothing was written: every event since is a read or a refusal.
  list.set_page_token("");
  v1::ListAuditEventsResponse after;
  std::vector<v1::AuditEvent> since;
  do {
    ASSERT_TRUE(audit->ListAuditEvents(ContextFor("central").get(), list, &after).ok());
    for (const v1::AuditEvent& event : after.events()) {
      if (event.sequence() > before.events(before.events_size() - 1).sequence()) {
        since.push_back(event);
      }
    }
    list.set_page_token(after.next_page_token());
  } while (!after.next_page_token().empty());
  for (const v1::AuditEvent& event : since) {
    EXPECT_TRUE(event.action() == v1::AUDIT_ACTION_READ ||
                event.outcome() == v1::AUDIT_OUTCOME_DENIED)
        << event.ShortDebugString();
  }
  HttpResult report =
      env_.Curl("GET", absl::StrCat("/v1/agencies/", kAgency, "/reports/2024"), "reader");
  EXPECT_EQ(JsonString(JsonObject(report.body), "etag"),
            JsonString(JsonObject(created.body), "etag"));
  EXPECT_TRUE(env_.gateway().running());
  // Other people's bytes leave no trace in the operator's log (protobuf printed an ERROR line for
  // each binary body with a string that was not UTF-8).
  EXPECT_THAT(env_.gateway().Log(), ::testing::Not(::testing::HasSubstr("libprotobuf ERROR")));
}

TEST_F(GatewayHostileTest, BinaryBodyWithInvalidUtf8IsRefusedNamingTheField) {
  NIANBAO_ASSERT_OK(env_.Start());
  v1::UpdateReportRequest request;
  request.mutable_report()->set_name(absl::StrCat("agencies/", kAgency, "/reports/2024"));
  request.mutable_report()->mutable_content()->mutable_other_matters()->add_paragraphs()->set_text(
      "@@QQ");
  std::string body = request.SerializeAsString();
  body.replace(body.find("@@QQ"), 4, "@@\xC3(");  // "\xC3" starts a sequence "(" cannot end.
  for (const std::string path :
       {"/nianbao.v1.WorkflowService/UpdateReport", "/nianbao.v1.WorkflowService/GetReport"}) {
    HttpResult refused =
        env_.Curl("POST", path, "drafter", body, {"Content-Type: application/proto"});
    EXPECT_EQ(refused.status, 400) << refused.body;
    const google::protobuf::Struct error = JsonObject(refused.body);
    EXPECT_EQ(JsonString(error, "code"), "invalid_argument") << refused.body;
    std::string field;
    const google::protobuf::Value details = JsonAt(error, "details");
    for (const google::protobuf::Value& detail : details.list_value().values()) {
      if (JsonString(detail.struct_value(), "type") == "google.rpc.BadRequest") {
        field = JsonString(detail.struct_value(), "debug.fieldViolations.0.field");
      }
    }
    // GetReportRequest's field 1 is its name, UpdateReportRequest's the report.
    EXPECT_EQ(field, path == "/nianbao.v1.WorkflowService/GetReport"
                         ? "name"
                         : "report.content.other_matters.paragraphs[0].text")
        << refused.body;
  }
  EXPECT_THAT(env_.gateway().Log(), ::testing::Not(::testing::HasSubstr("UTF-8")));
}

// A client that sends a body over the limit at once, without waiting for 100-continue (Node's
// HTTP client does so), still reads the 413: the gateway drains what it will not parse instead of
// closing on unread bytes, which reset the connection (the client saw EPIPE, not the refusal).
TEST_F(GatewayHostileTest, BodyOverTheLimitSentAtOnceStillGetsTheRefusal) {
  env_.set_gateway_args({"--max_body_bytes=65536"});
  NIANBAO_ASSERT_OK(env_.Start());
  for (const std::string& path :
       std::vector<std::string>{"/nianbao.v1.WorkflowService/CreateReport",
                                absl::StrCat("/v1/agencies/", kAgency, "/reports")}) {
    RawHttpConnection connection(env_.gateway().port());
    NIANBAO_ASSERT_OK(connection.Connect());
    std::string answer;
    absl::StatusOr<int> status = connection.Exchange(
        "POST", path, "Authorization: Bearer drafter-token\r\nContent-Type: application/json\r\n",
        absl::StrCat(R"({"requestId": ")", std::string(4 << 20, 'x'), "\"}"), &answer);
    ASSERT_TRUE(status.ok()) << path << ": " << status.status();
    EXPECT_EQ(*status, 413) << answer;
    EXPECT_THAT(answer, ::testing::HasSubstr("BODY_TOO_LARGE"));
    EXPECT_TRUE(connection.ClosedByServer(absl::Seconds(5)));
  }
  EXPECT_TRUE(env_.gateway().running());
}

TEST_F(GatewayHostileTest, StalledClientsAreDroppedWithoutHoldingTheThread) {
  const std::string config = absl::StrCat(env_.dir(), "/gatewayd.textproto");
  WriteFileOrDie(config, "idle_timeout_ms: 700\nthreads: 1\n");
  env_.set_gateway_args({"--config=" + config});
  NIANBAO_ASSERT_OK(env_.Start());
  std::vector<std::unique_ptr<RawHttpConnection>> stalled;
  for (int i = 0; i < 8; ++i) {
    auto connection = std::make_unique<RawHttpConnection>(env_.gateway().port());
    NIANBAO_ASSERT_OK(connection->Connect());
    // Half a request: the headers never end, or the body never comes.
    NIANBAO_ASSERT_OK(connection->SendRaw(
        i % 2 == 0 ? "GET /healthz HTTP/1.1\r\nHost: x\r\n"
                   : "POST /v1/reports:validate HTTP/1.1\r\nContent-Length: 100\r\n\r\n{"));
    stalled.push_back(std::move(connection));
  }
  // The one HTTP thread still answers others at once.
  const absl::Time start = absl::Now();
  EXPECT_EQ(env_.Curl("GET", "/openapi.json", "").status, 200);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(600));
  for (auto& connection : stalled) EXPECT_TRUE(connection->ClosedByServer(absl::Seconds(5)));
}

TEST_F(GatewayHostileTest, StaticRootServesItsFilesAndNothingOutside) {
  namespace fs = std::filesystem;
  const std::string root = absl::StrCat(env_.dir(), "/console");
  fs::create_directories(root + "/assets");
  WriteFileOrDie(root + "/index.html", "<!doctype html><title>年报</title>");
  WriteFileOrDie(root + "/assets/app.js", "console.log(1);");
  WriteFileOrDie(absl::StrCat(env_.dir(), "/secret.txt"), "TOP-SECRET-CONTENT");
  fs::create_symlink(absl::StrCat(env_.dir(), "/secret.txt"), root + "/link.txt");
  env_.set_gateway_args({"--static_root=" + root});
  NIANBAO_ASSERT_OK(env_.Start());
  HttpResult index = env_.Curl("GET", "/", "");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_THAT(index.body, ::testing::HasSubstr("年报"));
  HttpResult script = env_.Curl("GET", "/assets/app.js", "");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(script.headers["cache-control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(index.headers["cache-control"], "no-cache");
  // The console's build writes NAME.gz beside a text asset: sent as is to a gzip-accepting client.
  WriteFileOrDie(root + "/assets/app.js.gz", "GZIPPED-BYTES");
  HttpResult gzipped = env_.Curl("GET", "/assets/app.js", "", "", {"Accept-Encoding: br, gzip"});
  EXPECT_EQ(gzipped.status, 200);
  EXPECT_EQ(gzipped.headers["content-encoding"], "gzip");
  EXPECT_EQ(gzipped.headers["vary"], "Accept-Encoding");
  EXPECT_EQ(gzipped.body, "GZIPPED-BYTES");
  EXPECT_EQ(env_.Curl("GET", "/assets/app.js", "").body, "console.log(1);");
  // Revalidation of index.html: its ETag back is 304 without a body.
  ASSERT_FALSE(index.headers["etag"].empty());
  HttpResult unchanged = env_.Curl("GET", "/", "", "", {"If-None-Match: " + index.headers["etag"]});
  EXPECT_EQ(unchanged.status, 304);
  EXPECT_TRUE(unchanged.body.empty());
  for (const std::string path :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/link.txt",
        "/assets/%00app.js", "/nothing.html"}) {
    HttpResult refused = env_.Curl("GET", path, "", "", {}, {"--path-as-is"});
    EXPECT_EQ(refused.status, 404) << path;
    EXPECT_THAT(refused.body, ::testing::Not(::testing::HasSubstr("TOP-SECRET"))) << path;
  }
}

}  // namespace
}  // namespace nianbao::testing
