// Requests from REST calls: path variables, query parameters, bodies by rule, and every refusal
// naming its field; responses as proto3 JSON.
#include <gmock/gmock.h>
#include <google/protobuf/stubs/common.h>
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "nianbao/v1/audit.pb.h"
#include "nianbao/v1/workflow.pb.h"
#include "services/gateway/transcoder.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/gateway/api_routes.h"
#include "workflow/status_details.h"

namespace nianbao::gateway {
namespace {

using api_test::MustMatch;
using api_test::Service;
using api_test::TestPool;
using nianbao::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

template <typename T>
T Parsed(const absl::StatusOr<std::string>& bytes) {
  T message;
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  if (bytes.ok()) {
    EXPECT_TRUE(message.ParseFromString(*bytes));
  }
  return message;
}

// The one BadRequest violation a refusal carries: its field, then its description.
std::pair<std::string, std::string> Violation(const absl::Status& status) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  google::rpc::BadRequest bad_request;
  if (!nianbao::workflow::GetDetail(status, nianbao::workflow::kBadRequestTypeUrl, bad_request) ||
      bad_request.field_violations_size() != 1) {
    ADD_FAILURE() << "no single BadRequest violation in " << status;
    return {};
  }
  return {bad_request.field_violations(0).field(), bad_request.field_violations(0).description()};
}

absl::Status Build(const std::string& verb, const std::string& path, const std::string& query,
                   const std::string& body = "") {
  return BuildRequest(MustMatch(verb, path), query, body).status();
}

TEST(BuildRequestTest, PathAndQueryByEitherName) {
  auto get = Parsed<nianbao::v1::GetReportRequest>(
      BuildRequest(MustMatch("GET", "/v1/agencies/a1/reports/2024"), "view=REPORT_VIEW_BASIC", ""));
  EXPECT_EQ(get.name(), "agencies/a1/reports/2024");
  EXPECT_EQ(get.view(), nianbao::v1::REPORT_VIEW_BASIC);
  auto by_number = Parsed<nianbao::v1::GetReportRequest>(
      BuildRequest(MustMatch("GET", "/v1/agencies/a1/reports/2024"), "view=1", ""));
  EXPECT_EQ(by_number.view(), 1);
  auto short_name = Parsed<nianbao::v1::GetReportRequest>(
      BuildRequest(MustMatch("GET", "/v1/agencies/a1/reports/2024"), "view=BASIC", ""));
  EXPECT_EQ(short_name.view(), nianbao::v1::REPORT_VIEW_BASIC);
  auto list = Parsed<nianbao::v1::ListReportsRequest>(
      BuildRequest(MustMatch("GET", "/v1/agencies/-/reports"),
                   "reportYear=2024&state=REPORT_STATE_IN_REVIEW&published_only=true&pageSize=10"
                   "&pageToken=a%2Bb+c",
                   ""));
  EXPECT_EQ(list.parent(), "agencies/-");
  EXPECT_EQ(list.report_year(), 2024);
  EXPECT_EQ(list.state(), nianbao::v1::REPORT_STATE_IN_REVIEW);
  EXPECT_TRUE(list.published_only());
  EXPECT_EQ(list.page_size(), 10);
  EXPECT_EQ(list.page_token(), "a+b c");  // %2B is a plus, + a space.
}

TEST(BuildRequestTest, PathValuesArePercentDecoded) {
  auto get = Parsed<nianbao::v1::GetReportRequest>(
      BuildRequest(MustMatch("GET", "/v1/agencies/%E6%B2%AD%E9%98%B3/reports/2024"), "", ""));
  EXPECT_EQ(get.name(), "agencies/沭阳/reports/2024");
}

TEST(BuildRequestTest, Int64BoolAndTimestampQueryValues) {
  auto stream = Parsed<nianbao::v1::StreamAuditEventsRequest>(BuildRequest(
      MustMatch("GET", "/v1/auditEvents:stream"), "afterSequence=12345678901234&follow=true", ""));
  EXPECT_EQ(stream.after_sequence(), 12345678901234);
  EXPECT_TRUE(stream.follow());
  auto list = Parsed<nianbao::v1::ListAuditEventsRequest>(
      BuildRequest(MustMatch("GET", "/v1/auditEvents"), "startTime=2024-01-01T00:00:00Z", ""));
  EXPECT_EQ(list.start_time().seconds(), 1704067200);
  EXPECT_EQ(Violation(Build("GET", "/v1/auditEvents", "startTime=yesterday")).first, "startTime");
}

TEST(BuildRequestTest, UnknownQueryParameterIsRefusedNamingIt) {
  auto [field, description] = Violation(Build("GET", "/v1/agencies/-/reports", "reportYer=2024"));
  EXPECT_EQ(field, "reportYer");
  EXPECT_THAT(description, HasSubstr("unknown query parameter reportYer"));
  EXPECT_EQ(Violation(Build("GET", "/v1/agencies/-/reports", "view.x=1")).first, "view.x");
}

TEST(BuildRequestTest, BadQueryValuesAreRefusedNamingTheParameter) {
  for (const char* query :
       {"view=REPORT_VIEW_NOPE", "view=77", "pageSize=abc", "pageSize=99999999999",
        "publishedOnly=yes", "pageToken=%FF", "pageToken=%zz"}) {
    const std::string name = std::string(query).substr(0, std::string(query).find('='));
    EXPECT_EQ(Violation(Build("GET", "/v1/agencies/-/reports", query)).first, name) << query;
  }
}

TEST(BuildRequestTest, BodyWhereTheRuleSaysNoneIsRefused) {
  EXPECT_EQ(Violation(Build("GET", "/v1/agencies/a1/reports/2024", "", "{}")).first, "body");
}

TEST(BuildRequestTest, BodyFieldRuleWithQueryAndPath) {
  auto update = Parsed<nianbao::v1::UpdateReportRequest>(
      BuildRequest(MustMatch("PATCH", "/v1/agencies/a1/reports/2024"),
                   "updateMask=content.metadata,content.overview&requestId=r1",
                   R"({"name": "agencies/other/reports/1999", "etag": "e1",
          "content": {"metadata": {"reportYear": 2024, "title": "年报"}}})"));
  EXPECT_EQ(update.report().name(), "agencies/a1/reports/2024");  // The path wins.
  EXPECT_EQ(update.report().etag(), "e1");
  EXPECT_EQ(update.report().content().metadata().report_year(), 2024);
  EXPECT_EQ(update.report().content().metadata().title(), "年报");
  EXPECT_THAT(update.update_mask().paths(), ElementsAre("content.metadata", "content.overview"));
  EXPECT_EQ(update.request_id(), "r1");
}

TEST(BuildRequestTest, QueryMayNotReachIntoTheBody) {
  EXPECT_EQ(Violation(Build("PATCH", "/v1/agencies/a1/reports/2024", "report.etag=x", "{}")).first,
            "report.etag");
  auto [field, description] =
      Violation(Build("POST", "/v1/agencies/a1/reports/2024:submit", "etag=x", "{}"));
  EXPECT_EQ(field, "etag");
  EXPECT_THAT(description, HasSubstr("takes a JSON body"));
}

TEST(BuildRequestTest, WholeBodyRule) {
  auto submit = Parsed<nianbao::v1::SubmitReportRequest>(
      BuildRequest(MustMatch("POST", "/v1/agencies/a1/reports/2024:submit"), "",
                   R"({"etag": "e", "acknowledgedWarnings": ["W1", "W2"]})"));
  EXPECT_EQ(submit.name(), "agencies/a1/reports/2024");
  EXPECT_EQ(submit.etag(), "e");
  EXPECT_THAT(submit.acknowledged_warnings(), ElementsAre("W1", "W2"));
  auto empty = Parsed<nianbao::v1::SubmitReportRequest>(
      BuildRequest(MustMatch("POST", "/v1/agencies/a1/reports/2024:submit"), "", ""));
  EXPECT_EQ(empty.name(), "agencies/a1/reports/2024");
}

TEST(BuildRequestTest, UnknownBodyFieldIsNamedWithItsPath) {
  auto [field, description] = Violation(Build("PATCH", "/v1/agencies/a1/reports/2024", "",
                                              R"({"content": {"metadata": {"bogus": 1}}})"));
  EXPECT_EQ(field, "report.content.metadata.bogus");
  EXPECT_THAT(description, HasSubstr("unknown field"));
  EXPECT_EQ(Violation(Build("POST", "/v1/agencies/a1/reports/2024:reject", "", R"({"reasn": "x"})"))
                .first,
            "reasn");
}

TEST(BuildRequestTest, WrongJsonTypeIsNamedWithItsPath) {
  EXPECT_EQ(Violation(Build("PATCH", "/v1/agencies/a1/reports/2024", "", R"({"etag": 5})")).first,
            "report.etag");
  EXPECT_EQ(Violation(Build("POST", "/v1/agencies/a1/reports", "", R"({"reportYear": "x"})")).first,
            "report_year");
}

TEST(BuildRequestTest, MalformedJsonGivesTheLineAndColumn) {
  auto [field, description] = Violation(
      Build("POST", "/v1/agencies/a1/reports/2024:reject", "", "{\n  \"reason\": \"退回\",\n  }"));
  EXPECT_EQ(field, "body");
  EXPECT_THAT(description, HasSubstr("line 3, column 3 (byte 26)"));
  for (const char* body : {"{", "{\"reason\" \"x\"}", "{\"reason\": \"x\"} junk", "[1,]",
                           "{\"reason\": tru}", "{\"a\": 01}", "\"\\q\"", "{\"a\": \"\x01\"}"}) {
    EXPECT_THAT(Violation(Build("POST", "/v1/agencies/a1/reports/2024:reject", "", body)).second,
                HasSubstr("malformed JSON at line 1"))
        << body;
  }
}

bool IsUtf8(const std::string& text) {
  return google::protobuf::internal::IsStructurallyValidUTF8(text.data(),
                                                             static_cast<int>(text.size()));
}

TEST(BuildRequestTest, InvalidUtf8IsPlacedAndNeverEchoed) {
  // protobuf's own message would quote the bytes; the scanner gives the place instead.
  auto [field, description] = Violation(
      Build("POST", "/v1/agencies/a1/reports/2024:reject", "", "{\"reason\": \"ab\xff\xfe\"}"));
  EXPECT_EQ(field, "body");
  EXPECT_THAT(description, HasSubstr("line 1, column 15 (byte 14): invalid UTF-8 in a string"));
  for (const char* body : {"{\"reason\": \"\xed\xa0\x80\"}", "{\"reason\": \"\xc0\xaf\"}",
                           "{\"reason\": \"\xf4\x90\x80\x80\"}", "{\"\xe5\xb9\": 1}"}) {
    EXPECT_THAT(Violation(Build("POST", "/v1/agencies/a1/reports/2024:reject", "", body)).second,
                HasSubstr("invalid UTF-8"))
        << body;
  }
  EXPECT_TRUE(Build("POST", "/v1/agencies/a1/reports/2024:reject", "",
                    "{\"reason\": \"退回 \xf0\x9f\x93\x84\"}")
                  .ok());
}

TEST(BuildRequestTest, QueryNamesAreQuotedSafely) {
  auto [field, description] = Violation(Build("GET", "/v1/agencies/-/reports", "%FFx%E5=1"));
  EXPECT_EQ(field, "?x?");
  EXPECT_TRUE(IsUtf8(description));
  const std::string long_name(5000, 'n');
  auto [long_field, long_description] =
      Violation(Build("GET", "/v1/agencies/-/reports", long_name + "=1"));
  EXPECT_LT(long_field.size(), 200u);
  EXPECT_LT(long_description.size(), 1200u);
  EXPECT_EQ(Violation(Build("GET", "/v1/agencies/-/reports", "=1")).first, "query");
}

TEST(BuildRequestTest, DeepNestingIsRefusedWithoutRecursion) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THAT(Violation(Build("POST", "/v1/agencies/a1/reports/2024:reject", "", deep)).second,
              HasSubstr("nested more than 100 levels"));
}

class TestPoolRequestTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::string> Call(const std::string& rule, const std::string& verb,
                                   const std::string& path, const std::string& query,
                                   const std::string& body) {
    pool_ = std::make_unique<TestPool>(Service(rule));
    absl::StatusOr<std::unique_ptr<RouteTable>> routes = pool_->Routes();
    if (!routes.ok()) return routes.status();
    routes_ = *std::move(routes);
    RestLookup lookup = routes_->MatchRest(verb, path);
    if (lookup.outcome != RestLookup::Outcome::kMatched) return absl::NotFoundError(path);
    prototype_ = lookup.match.method->request_prototype;
    return BuildRequest(lookup.match, query, body);
  }
  // The request as text format, for comparison.
  std::string Text(const absl::StatusOr<std::string>& bytes) {
    if (!bytes.ok()) return bytes.status().ToString();
    std::unique_ptr<google::protobuf::Message> message(prototype_->New());
    EXPECT_TRUE(message->ParseFromString(*bytes));
    return message->ShortDebugString();
  }

  std::unique_ptr<TestPool> pool_;
  std::unique_ptr<RouteTable> routes_;
  const google::protobuf::Message* prototype_ = nullptr;
};

TEST_F(TestPoolRequestTest, RepeatedByRepetitionAndEveryScalarKind) {
  EXPECT_EQ(Text(Call(R"pb(get: "/v1/{name=x/*}")pb", "GET", "/v1/x/1",
                      "tags=a&tags=b&nums=1&nums=-2&count=-9007199254740993&blob=_-8&flag=false"
                      "&kind=BIG&sub.sub.name=deep",
                      "")),
            "name: \"x/1\" sub { sub { name: \"deep\" } } tags: \"a\" tags: \"b\" "
            "count: -9007199254740993 nums: 1 nums: -2 blob: \"\\377\\357\" kind: BIG");
  EXPECT_EQ(Text(Call(R"pb(get: "/v1/{name=x/*}")pb", "GET", "/v1/x/1", "kind=1", "")),
            "name: \"x/1\" kind: BIG");
}

TEST_F(TestPoolRequestTest, MapsMessagesAndBadBase64AreRefusedNamingTheParameter) {
  for (const char* query : {"labels=1", "labels.k=1", "sub=x", "blob=!!", "kind=7", "nums=1.5"}) {
    absl::StatusOr<std::string> built =
        Call(R"pb(get: "/v1/{name=x/*}")pb", "GET", "/v1/x/1", query, "");
    const std::string name = std::string(query).substr(0, std::string(query).find('='));
    EXPECT_EQ(Violation(built.status()).first, name) << query;
  }
}

TEST_F(TestPoolRequestTest, ScalarAndRepeatedBodyFields) {
  EXPECT_EQ(Text(Call(R"pb(post: "/v1/{name=x/*}" body: "tags")pb", "POST", "/v1/x/1", "count=3",
                      R"(["a", "b"])")),
            "name: \"x/1\" tags: \"a\" tags: \"b\" count: 3");
  absl::StatusOr<std::string> bad =
      Call(R"pb(post: "/v1/{name=x/*}" body: "tags")pb", "POST", "/v1/x/1", "", "[\"a\",\n 5 x]");
  EXPECT_THAT(Violation(bad.status()).second, HasSubstr("line 2, column 4"));
  absl::StatusOr<std::string> wrong =
      Call(R"pb(post: "/v1/{name=x/*}" body: "count")pb", "POST", "/v1/x/1", "", R"("abc")");
  EXPECT_EQ(Violation(wrong.status()).first, "count");
}

TEST(ResponseToJsonTest, Proto3JsonMapping) {
  nianbao::v1::Report report;
  report.set_name("agencies/a1/reports/2024");
  report.set_revision(3);
  report.set_published_revision(2);
  report.set_state(nianbao::v1::REPORT_STATE_IN_REVIEW);
  report.mutable_update_time()->set_seconds(1704067200);
  const RpcMethod& get = api_test::MustMethod("/nianbao.v1.WorkflowService/GetReport");
  absl::StatusOr<std::string> json = ResponseToJson(get, report.SerializeAsString());
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json,
            R"({"name":"agencies/a1/reports/2024","state":"REPORT_STATE_IN_REVIEW","revision":"3",)"
            R"("updateTime":"2024-01-01T00:00:00Z","publishedRevision":"2"})");
  EXPECT_THAT(ResponseToJson(get, "\xff\xff\xff"), StatusIs(absl::StatusCode::kInternal));
}

TEST_F(TestPoolRequestTest, ResponseBodyPrintsThatField) {
  absl::StatusOr<std::string> request = Call(R"pb(get: "/v1/x" response_body: "sub")pb", "GET",
                                             "/v1/x", "sub.name=inner&name=outer", "");
  ASSERT_TRUE(request.ok()) << request.status();
  const RpcMethod& method = routes_->methods().front();
  EXPECT_EQ(*ResponseToJson(method, *request, "sub"), R"({"name":"inner"})");
  EXPECT_EQ(*ResponseToJson(method, *request), R"({"name":"outer","sub":{"name":"inner"}})");
}

}  // namespace
}  // namespace nianbao::gateway
