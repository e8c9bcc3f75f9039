// Random and mutated input against every route and decoder: each call returns, and a refusal is
// INVALID_ARGUMENT naming a field (never INTERNAL, never a crash under ASan and UBSan).
#include <gtest/gtest.h>

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"
#include "services/gateway/transcoder.h"
#include "tests/unit/gateway/api_routes.h"
#include "workflow/status_details.h"

namespace nianbao::gateway {
namespace {

using api_test::ApiRoutes;

constexpr int kCallsPerRoute = 400;

class Randomness {
 public:
  explicit Randomness(uint32_t seed) : engine_(seed) {}

  size_t Below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(engine_); }

  std::string Bytes(size_t max) {
    std::string out(Below(max + 1), '\0');
    for (char& c : out) c = static_cast<char>(Below(256));
    return out;
  }

  // Valid-looking JSON with one random edit: most inputs get past the syntax check this way.
  std::string MutatedJson() {
    static const char* const kSeeds[] = {
        R"({"etag": "e", "reason": "退回", "comment": "x"})",
        R"({"reportYear": 2024, "content": {"metadata": {"reportYear": 2024, "title": "年报"}}})",
        R"({"acknowledgedWarnings": ["W1"], "requestId": "r"})",
        R"({"report": {"content": {}}, "rules": [], "pageSize": 3})",
        R"({"name": "agencies/a/reports/2024", "view": "REPORT_VIEW_FULL"})",
        R"([1, 2.5e3, -0, true, null, "s\u00e9"])"};
    std::string json = kSeeds[Below(std::size(kSeeds))];
    static const std::string kTokens[] = {"{",    "}",         "[",    "]",     ",",
                                          ":",    "\"",        "\\",   "1e999", "-",
                                          "null", "\"@type\"", "\xff", "\"a\":"};
    const size_t at = Below(json.size() + 1);
    switch (Below(3)) {
      case 0:
        json.insert(at, kTokens[Below(std::size(kTokens))]);
        break;
      case 1:
        if (at < json.size()) json.erase(at, 1 + Below(4));
        break;
      default:
        if (at < json.size()) json[at] = static_cast<char>(Below(128));
    }
    return json;
  }

  std::string Query() {
    static const char* const kNames[] = {
        "view",          "pageSize",  "reportYear",    "state",   "follow",
        "afterSequence", "startTime", "updateMask",    "x",       "a.b",
        "report.name",   "%zz",       "publishedOnly", "actions", ""};
    std::vector<std::string> pairs;
    for (size_t i = Below(4); i > 0; --i) {
      pairs.push_back(
          absl::StrCat(kNames[Below(std::size(kNames))], "=", Below(2) == 0 ? "1" : Bytes(6)));
    }
    return absl::StrJoin(pairs, "&");
  }

  // A path the template fits, its variable segments random (sometimes percent-encoded bytes).
  std::string PathFor(const PathTemplate& path) {
    std::string out;
    for (const PathTemplate::Segment& segment : path.segments()) {
      out += "/";
      if (segment.kind == PathTemplate::Segment::Kind::kLiteral) {
        out += segment.literal;
      } else if (Below(3) == 0) {
        out += absl::StrCat("%", absl::Hex(Below(256), absl::kZeroPad2), "a");
      } else {
        out += absl::StrCat("s", Below(100000));
      }
    }
    if (!path.verb().empty()) out += ":" + path.verb();
    return out;
  }

 private:
  std::mt19937 engine_;
};

// OK (and the bytes parse as the request), or INVALID_ARGUMENT with a BadRequest naming a field.
void ExpectAcceptedOrNamed(const absl::StatusOr<std::string>& result,
                           const google::protobuf::Message& prototype, const std::string& input) {
  if (result.ok()) {
    std::unique_ptr<google::protobuf::Message> parsed(prototype.New());
    EXPECT_TRUE(parsed->ParseFromString(*result)) << input;
    return;
  }
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
      << result.status() << " for " << input;
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(nianbao::workflow::GetDetail(result.status(), nianbao::workflow::kBadRequestTypeUrl,
                                           bad_request))
      << result.status();
  ASSERT_GT(bad_request.field_violations_size(), 0);
  EXPECT_FALSE(bad_request.field_violations(0).field().empty()) << result.status();
}

TEST(RobustnessTest, RandomRestCallsOnEveryRoute) {
  Randomness random(20261204);
  for (const RestRoute& route : ApiRoutes().rest_routes()) {
    for (int i = 0; i < kCallsPerRoute; ++i) {
      const std::string path = random.PathFor(route.path);
      RestLookup lookup = ApiRoutes().MatchRest(route.http_verb, path);
      if (lookup.outcome != RestLookup::Outcome::kMatched) continue;  // e.g. "%2F" in a segment.
      const std::string body = route.body.empty() && random.Below(4) != 0 ? ""
                               : random.Below(3) == 0                     ? random.Bytes(64)
                                                                          : random.MutatedJson();
      const std::string query = route.body == "*" && random.Below(4) != 0 ? "" : random.Query();
      ExpectAcceptedOrNamed(BuildRequest(lookup.match, query, body),
                            *lookup.match.method->request_prototype,
                            absl::StrCat(path, "?", query, " ", body));
    }
  }
}

TEST(RobustnessTest, RandomConnectRequestsOfEveryMethod) {
  Randomness random(7);
  for (const RpcMethod& method : ApiRoutes().methods()) {
    for (int i = 0; i < kCallsPerRoute / 4; ++i) {
      const std::string json = random.MutatedJson();
      const std::string bytes = random.Bytes(48);
      ExpectAcceptedOrNamed(DecodeConnectUnaryRequest(method, ConnectCodec::kJson, json),
                            *method.request_prototype, json);
      ExpectAcceptedOrNamed(DecodeConnectUnaryRequest(method, ConnectCodec::kProto, bytes),
                            *method.request_prototype, bytes);
      ExpectAcceptedOrNamed(DecodeConnectStreamRequest(method, ConnectCodec::kJson, bytes),
                            *method.request_prototype, bytes);
      ExpectAcceptedOrNamed(DecodeConnectGetRequest(method, random.Query() + "&encoding=json"),
                            *method.request_prototype, "GET");
      // A response that does not parse is the backend's fault: INTERNAL, never a crash.
      absl::StatusOr<std::string> printed = ResponseToJson(method, bytes);
      EXPECT_TRUE(printed.ok() || printed.status().code() == absl::StatusCode::kInternal);
      HttpErrorFor(static_cast<int>(random.Below(20)), bytes, bytes);
      ConnectErrorFor(static_cast<int>(random.Below(20)), bytes, bytes);
    }
  }
}

}  // namespace
}  // namespace nianbao::gateway
