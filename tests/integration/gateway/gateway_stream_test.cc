// nianbao-gatewayd's streams and transports against the three real servers: the change feed as
// Server-Sent Events resuming across a gateway restart (nothing lost or repeated), followed live;
// the Connect protocol with buf curl for a unary call of every service and the feed stream; TLS;
// and a graceful stop.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "tests/integration/gateway/gateway_test_env.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_certificates.h"

namespace nianbao::testing {
namespace {

using ::testing::HasSubstr;

const std::string kReports = absl::StrCat("/v1/agencies/", kAgency, "/reports");
const std::string kWatch = kReports + ":watch";

// One SSE event: its id and data ("" for an id-only block).
struct SseEvent {
  std::string id;
  std::string data;
};

std::vector<SseEvent> ParseSse(const std::string& body) {
  std::vector<SseEvent> events;
  for (absl::string_view block : absl::StrSplit(body, "\n\n", absl::SkipEmpty())) {
    SseEvent event;
    for (absl::string_view line : absl::StrSplit(block, '\n')) {
      if (absl::ConsumePrefix(&line, "id: ")) event.id = std::string(line);
      if (absl::ConsumePrefix(&line, "data: ")) event.data = std::string(line);
    }
    if (!event.id.empty() || !event.data.empty()) events.push_back(event);
  }
  return events;
}

// The ids of the events that carry a change.
std::vector<std::string> ChangeIds(const std::vector<SseEvent>& events) {
  std::vector<std::string> ids;
  for (const SseEvent& event : events) {
    if (!event.data.empty()) ids.push_back(event.id);
  }
  return ids;
}

class GatewayStreamTest : public ::testing::Test {
 protected:
  void SetUp() override { NIANBAO_ASSERT_OK(env_.Start()); }

  void Create(int year) {
    HttpResult created =
        env_.Curl("POST", kReports, "drafter", absl::StrCat(R"({"reportYear": )", year, "}"));
    ASSERT_EQ(created.status, 200) << created.body;
  }

  HttpResult Watch(const std::string& query, const std::vector<std::string>& headers = {},
                   const std::vector<std::string>& curl_args = {}) {
    std::vector<std::string> all = {"Accept: text/event-stream"};
    all.insert(all.end(), headers.begin(), headers.end());
    return env_.Curl("GET", kWatch + query, "reader", "", all, curl_args);
  }

  CommandResult BufCurl(const std::string& user, const std::string& method,
                        const std::string& body) {
    return RunCommand({SourceDir() + "/tests/proto/node_modules/.bin/buf", "curl", "--protocol",
                       "connect", "--timeout", "30s", "--schema",
                       BinDir() + "/../share/nianbao/nianbao-v1.binpb", "-H",
                       absl::StrCat("Authorization: Bearer ", user, "-token"), "-d", body,
                       absl::StrCat(env_.BaseUrl(), "/", method)});
  }

  GatewayTestEnv env_;
};

TEST_F(GatewayStreamTest, FeedOverSseResumesAcrossAGatewayRestart) {
  Create(2024);
  Create(2023);
  HttpResult first = Watch("");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_THAT(first.headers["content-type"], HasSubstr("text/event-stream"));
  const std::vector<SseEvent> seen = ParseSse(first.body);
  ASSERT_EQ(ChangeIds(seen).size(), 2u) << first.body;
  EXPECT_THAT(seen[0].data, HasSubstr(R"("action":"AUDIT_ACTION_CREATE")"));
  EXPECT_THAT(seen[0].data, HasSubstr(R"("reportYear":2024)"));

  Create(2022);
  ASSERT_TRUE(env_.gateway().Stop().ok());
  NIANBAO_ASSERT_OK(env_.StartGateway());
  // EventSource sends the last id it saw when it reconnects.
  HttpResult resumed = Watch("", {"Last-Event-ID: " + seen.back().id});
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  const std::vector<std::string> after = ChangeIds(ParseSse(resumed.body));
  ASSERT_EQ(after.size(), 1u) << resumed.body;
  EXPECT_THAT(ParseSse(resumed.body)[0].data, HasSubstr(R"("reportYear":2022)"));
  // Together: every change once, in order.
  std::vector<std::string> all = ChangeIds(seen);
  all.insert(all.end(), after.begin(), after.end());
  EXPECT_EQ(all, ChangeIds(ParseSse(Watch("").body)));
  // A cursor that does not parse is an ordinary 400 naming the field, before any event.
  HttpResult bad = Watch("?cursor=garbage");
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("cursor"));
}

TEST_F(GatewayStreamTest, FollowedFeedDeliversChangesAsTheyHappen) {
  HttpResult followed;
  std::thread watcher([&] { followed = Watch("?follow=true", {}, {"--max-time", "6"}); });
  absl::SleepFor(absl::Seconds(2));
  Create(2024);
  watcher.join();
  // curl ended it at --max-time; the change arrived while it followed.
  EXPECT_EQ(followed.status, 200);
  EXPECT_THAT(followed.body, HasSubstr(R"("reportYear":2024)"));
}

TEST_F(GatewayStreamTest, QuietFeedGetsHeartbeats) {
  Create(2024);  // The stream begins with this change, then stays quiet.
  const std::string config = absl::StrCat(env_.dir(), "/gatewayd.textproto");
  WriteFileOrDie(config, "sse_heartbeat_ms: 300\n");
  ASSERT_TRUE(env_.gateway().Stop().ok());
  env_.set_gateway_args({"--config=" + config});
  NIANBAO_ASSERT_OK(env_.StartGateway());
  HttpResult followed = Watch("?follow=true", {}, {"--max-time", "3"});
  EXPECT_THAT(followed.body, HasSubstr(": heartbeat\n\n"));
  EXPECT_EQ(ChangeIds(ParseSse(followed.body)).size(), 1u);
}

TEST_F(GatewayStreamTest, BufCurlOverConnectCallsEveryService) {
  Create(2024);
  const std::string name = absl::StrCat("agencies/", kAgency, "/reports/2024");
  CommandResult report = BufCurl("reader", "nianbao.v1.WorkflowService/GetReport",
                                 absl::StrCat(R"({"name": ")", name, R"("})"));
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_THAT(report.out, HasSubstr(R"("state": "REPORT_STATE_DRAFT")"));
  CommandResult agencies = BufCurl("reader", "nianbao.v1.AgencyService/ListAgencies", "{}");
  EXPECT_EQ(agencies.exit_code, 0) << agencies.err;
  EXPECT_THAT(agencies.out, HasSubstr(kAgencyName));
  CommandResult key = BufCurl("auditor", "nianbao.v1.AuditService/GetPublicKey", "{}");
  EXPECT_EQ(key.exit_code, 0) << key.err;
  EXPECT_THAT(key.out, HasSubstr("PUBLIC KEY"));
  CommandResult rules = BufCurl("reader", "nianbao.v1.ValidationService/ListRules", "{}");
  EXPECT_EQ(rules.exit_code, 0) << rules.err;
  EXPECT_THAT(rules.out, HasSubstr("rules"));
  CommandResult health = BufCurl("reader", "grpc.health.v1.Health/Check", "{}");
  EXPECT_EQ(health.exit_code, 0) << health.err;
  EXPECT_THAT(health.out, HasSubstr("SERVING"));
  // AdminService answers too: the reader is refused, in Connect's error format with details.
  CommandResult backups = BufCurl("reader", "nianbao.v1.AdminService/ListBackups", "{}");
  EXPECT_NE(backups.exit_code, 0);
  EXPECT_THAT(backups.err, HasSubstr("permission_denied"));
  // The feed as a Connect server stream.
  CommandResult feed = BufCurl("reader", "nianbao.v1.WorkflowService/WatchReports",
                               absl::StrCat(R"({"parent": "agencies/)", kAgency, R"("})"));
  EXPECT_EQ(feed.exit_code, 0) << feed.err;
  EXPECT_THAT(feed.out, HasSubstr("AUDIT_ACTION_CREATE"));
  EXPECT_THAT(feed.out, HasSubstr("nextCursor"));
  // An error decoded by buf: the report that does not exist.
  CommandResult missing =
      BufCurl("reader", "nianbao.v1.WorkflowService/GetReport",
              absl::StrCat(R"({"name": "agencies/)", kAgency, R"(/reports/2020"})"));
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.err, HasSubstr("not_found"));
}

TEST_F(GatewayStreamTest, ServesTlsWithTheServersCertificateSettings) {
  absl::StatusOr<TestCertificates> certs = MakeTestCertificates(env_.dir());
  ASSERT_TRUE(certs.ok()) << certs.status();
  ASSERT_TRUE(env_.gateway().Stop().ok());
  env_.set_gateway_args(
      {"--tls_cert_file=" + certs->server_cert, "--tls_key_file=" + certs->server_key});
  NIANBAO_ASSERT_OK(env_.StartGateway());
  env_.set_scheme("https");
  HttpResult health = env_.Curl("GET", "/healthz", "", "", {}, {"--cacert", certs->ca});
  EXPECT_EQ(health.status, 200) << health.curl_error;
  HttpResult created = env_.Curl("POST", kReports, "drafter", R"({"reportYear": 2024})", {},
                                 {"--cacert", certs->ca});
  EXPECT_EQ(created.status, 200) << created.body << created.curl_error;
  HttpResult report =
      env_.Curl("GET", kReports + "/2024", "reader", "", {}, {"--cacert", certs->ca});
  EXPECT_EQ(report.status, 200) << report.curl_error;
  // A certificate from another CA is not trusted by the client; plaintext is not served.
  EXPECT_NE(env_.Curl("GET", "/healthz", "", "", {}, {"--cacert", certs->other_ca}).status, 200);
  env_.set_scheme("http");
  EXPECT_NE(env_.Curl("GET", "/healthz", "").status, 200);
}

TEST_F(GatewayStreamTest, StopsGracefullyOnSigterm) {
  Create(2024);  // So that the feed has begun (status 200) when the stop comes.
  HttpResult followed;
  std::thread watcher([&] { followed = Watch("?follow=true", {}, {"--max-time", "20"}); });
  absl::SleepFor(absl::Seconds(2));
  const absl::Time stop_started = absl::Now();
  absl::StatusOr<int> code = env_.gateway().Stop();
  watcher.join();
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0) << env_.gateway().Log();
  // The followed feed was ended at the grace period (5 s by default), not left to curl's limit.
  EXPECT_LT(absl::Now() - stop_started, absl::Seconds(12));
  EXPECT_EQ(followed.status, 200);
  EXPECT_THAT(followed.body, HasSubstr(R"("reportYear":2024)"));
}

}  // namespace
}  // namespace nianbao::testing
