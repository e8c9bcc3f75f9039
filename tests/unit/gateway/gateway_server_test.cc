// The gateway server's pure pieces without a network: the client address passed on, the SSE text
// of a feed message, the static root's path rules and types, the local error bodies (AIP-193, and
// Connect's on Connect-shaped requests), the settings.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "google/protobuf/struct.pb.h"
#include "nianbao/v1/workflow.pb.h"
#include "services/gateway/gateway_config.h"
#include "services/gateway/http_session.h"
#include "services/gateway/local_errors.h"
#include "services/gateway/static_files.h"
#include "services/gateway/stream_relay.h"
#include "services/gateway/transcoder.h"
#include "tests/support/test_paths.h"

namespace nianbao::gateway {
namespace {

using ::testing::HasSubstr;
using tcp = boost::asio::ip::tcp;

TEST(ClientAddressTest, PeerUnlessATrustedProxyForwards) {
  const tcp::endpoint peer(boost::asio::ip::make_address("10.0.0.5"), 41000);
  HttpRequest request;
  EXPECT_EQ(ClientAddressFor(peer, request, {}), "ipv4:10.0.0.5:41000");
  request.set("X-Forwarded-For", "1.1.1.1, 203.0.113.4");
  // Not trusted: the header is the client's own claim.
  EXPECT_EQ(ClientAddressFor(peer, request, {"10.0.0.9"}), "ipv4:10.0.0.5:41000");
  // Trusted: the last entry, the one the proxy saw.
  EXPECT_EQ(ClientAddressFor(peer, request, {"10.0.0.5"}),
            "forwarded:203.0.113.4 via ipv4:10.0.0.5:41000");
  request.set("X-Forwarded-For", std::string(100, 'a'));
  EXPECT_EQ(ClientAddressFor(peer, request, {"10.0.0.5"}), "ipv4:10.0.0.5:41000");
  EXPECT_EQ(PeerAddress(tcp::endpoint(boost::asio::ip::make_address("::1"), 80)), "ipv6:[::1]:80");
}

TEST(SseEventsTest, OneEventPerChangeWithItsCursorAndTheNextCursorAlone) {
  nianbao::v1::WatchReportsResponse response;
  auto* change = response.add_changes();
  change->set_report("agencies/a/reports/2024");
  change->set_revision(3);
  change->set_cursor("v1.7");
  response.set_next_cursor("v1.9");
  EXPECT_EQ(StreamRelay::SseEvents(response),
            "id: v1.7\ndata: {\"report\":\"agencies/a/reports/2024\",\"revision\":\"3\","
            "\"cursor\":\"v1.7\"}\n\nid: v1.9\n\n");
  response.set_next_cursor("v1.7");  // Nothing beyond the last change: no extra block.
  EXPECT_THAT(StreamRelay::SseEvents(response), ::testing::EndsWith("}\n\n"));
  EXPECT_EQ(StreamRelay::SseEvents(nianbao::v1::WatchReportsResponse()), "");
}

TEST(StaticFilesTest, ServesInsideTheRootOnly) {
  namespace fs = std::filesystem;
  nianbao::testing::TempDir dir;
  const std::string root = dir.File("root");
  fs::create_directories(root + "/sub");
  nianbao::testing::WriteFileOrDie(root + "/index.html", "home");
  nianbao::testing::WriteFileOrDie(root + "/sub/index.html", "sub");
  nianbao::testing::WriteFileOrDie(root + "/a b.css", "css");
  nianbao::testing::WriteFileOrDie(dir.File("outside.txt"), "no");
  EXPECT_EQ(ReadStaticFile(root, "/")->contents, "home");
  EXPECT_EQ(ReadStaticFile(root, "/sub/")->contents, "sub");
  EXPECT_EQ(ReadStaticFile(root, "/a%20b.css")->content_type, "text/css; charset=utf-8");
  for (const char* path : {"/../outside.txt", "/%2E%2E/outside.txt", "/sub/..%2F..%2Foutside.txt",
                           "/sub%2Findex.html", "/%", "/%zz", "relative", "/missing"}) {
    EXPECT_FALSE(ReadStaticFile(root, path).has_value()) << path;
  }
  EXPECT_FALSE(ReadStaticFile("", "/").has_value());
  EXPECT_EQ(ContentTypeForFile("APP.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeForFile("data.bin"), "application/octet-stream");
}

TEST(StaticFilesTest, GzipSiblingCacheControlAndETag) {
  namespace fs = std::filesystem;
  nianbao::testing::TempDir dir;
  const std::string root = dir.File("root");
  fs::create_directories(root + "/assets");
  nianbao::testing::WriteFileOrDie(root + "/index.html", "home");
  nianbao::testing::WriteFileOrDie(root + "/assets/app-1a2b.js", "plain js");
  nianbao::testing::WriteFileOrDie(root + "/assets/app-1a2b.js.gz", "gzipped js");
  nianbao::testing::WriteFileOrDie(dir.File("outside.gz"), "no");
  fs::create_symlink(dir.File("outside.gz"), root + "/index.html.gz");

  // The precompressed sibling only for a client that accepts gzip.
  std::optional<StaticFile> js = ReadStaticFile(root, "/assets/app-1a2b.js", true);
  ASSERT_TRUE(js.has_value());
  EXPECT_EQ(js->contents, "gzipped js");
  EXPECT_EQ(js->content_encoding, "gzip");
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js->cache_control, "public, max-age=31536000, immutable");
  std::optional<StaticFile> plain = ReadStaticFile(root, "/assets/app-1a2b.js", false);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->contents, "plain js");
  EXPECT_EQ(plain->content_encoding, "");
  EXPECT_NE(plain->etag, js->etag) << "each encoding has its own validator";
  // A sibling leading outside the root is not used; index.html is revalidated each time.
  std::optional<StaticFile> index = ReadStaticFile(root, "/", true);
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->contents, "home");
  EXPECT_EQ(index->content_encoding, "");
  EXPECT_EQ(index->cache_control, "no-cache");
  ASSERT_THAT(index->etag, ::testing::StartsWith("\""));

  HttpRequest request(http::verb::get, "/assets/app-1a2b.js", 11);
  HttpResponse sent = StaticFileResponse(request, *js);
  EXPECT_EQ(sent.result_int(), 200);
  EXPECT_EQ(sent.body(), "gzipped js");
  EXPECT_EQ(sent[http::field::content_encoding], "gzip");
  EXPECT_EQ(sent[http::field::vary], "Accept-Encoding");
  EXPECT_EQ(sent[http::field::etag], js->etag);
  EXPECT_EQ(sent[http::field::cache_control], "public, max-age=31536000, immutable");
  // Revalidation: the same ETag (weak or among others) is 304 with no body; another is 200.
  request.set(http::field::if_none_match, "\"other\", W/" + js->etag);
  sent = StaticFileResponse(request, *js);
  EXPECT_EQ(sent.result_int(), 304);
  EXPECT_TRUE(sent.body().empty());
  EXPECT_EQ(sent[http::field::etag], js->etag);
  request.set(http::field::if_none_match, plain->etag);
  EXPECT_EQ(StaticFileResponse(request, *js).result_int(), 200);
}

TEST(StaticFilesTest, AcceptEncodingAdmitsGzip) {
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("br, gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzipper"));
}

TEST(LocalErrorTest, Aip193BodyWithErrorInfo) {
  const HttpResponse response = LocalError(http::status::not_found, absl::StatusCode::kNotFound,
                                           "ROUTE_NOT_FOUND", "没有 \"x\"");
  EXPECT_EQ(response.result_int(), 404);
  google::protobuf::Struct body;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(response.body(), &body).ok());
  const auto& error = body.fields().at("error").struct_value().fields();
  EXPECT_EQ(error.at("code").number_value(), 404);
  EXPECT_EQ(error.at("status").string_value(), "NOT_FOUND");
  EXPECT_EQ(error.at("message").string_value(), "没有 \"x\"");
  const auto& info = error.at("details").list_value().values(0).struct_value().fields();
  EXPECT_EQ(info.at("reason").string_value(), "ROUTE_NOT_FOUND");
  EXPECT_EQ(info.at("domain").string_value(), "nianbao.gov.cn");
}

TEST(LocalErrorTest, ConnectBodyKeepsTheHttpStatus) {
  const HttpResponse response =
      LocalConnectError(http::status::payload_too_large, absl::StatusCode::kResourceExhausted,
                        "BODY_TOO_LARGE", "请求体过大 (body too large)");
  EXPECT_EQ(response.result_int(), 413);
  google::protobuf::Struct body;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(response.body(), &body).ok());
  EXPECT_EQ(body.fields().at("code").string_value(), "resource_exhausted");
  EXPECT_EQ(body.fields().at("message").string_value(), "请求体过大 (body too large)");
  EXPECT_THAT(response.body(), HasSubstr(R"("type":"google.rpc.ErrorInfo")"));
  EXPECT_THAT(response.body(), HasSubstr(R"("reason":"BODY_TOO_LARGE")"));
}

TEST(LocalErrorTest, ConnectStreamsGetTheirErrorInTheEndOfStreamEnvelope) {
  HttpRequest request(http::verb::post, "/nianbao.v1.WorkflowService/WatchReports", 11);
  EXPECT_EQ(ConnectFormOf(request), ConnectForm::kUnary);
  request.set(http::field::content_type, "application/connect+proto");
  EXPECT_EQ(ConnectFormOf(request), ConnectForm::kStreamProto);
  request.set(http::field::content_type, "application/connect+json; charset=utf-8");
  ASSERT_EQ(ConnectFormOf(request), ConnectForm::kStreamJson);
  const HttpResponse response =
      LocalConnectError(http::status::payload_too_large, absl::StatusCode::kResourceExhausted,
                        "BODY_TOO_LARGE", "请求体过大 (body too large)", ConnectFormOf(request));
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response[http::field::content_type], "application/connect+json");
  absl::StatusOr<std::vector<ConnectFrame>> frames = ParseConnectEnvelopes(response.body());
  ASSERT_TRUE(frames.ok()) << frames.status();
  ASSERT_EQ(frames->size(), 1u);
  EXPECT_EQ((*frames)[0].flags, kConnectEndStreamFlag);
  google::protobuf::Struct end;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage((*frames)[0].payload, &end).ok());
  const auto& error = end.fields().at("error").struct_value().fields();
  EXPECT_EQ(error.at("code").string_value(), "resource_exhausted");
  EXPECT_THAT((*frames)[0].payload, HasSubstr(R"("reason":"BODY_TOO_LARGE")"));
}

TEST(LocalErrorTest, ConnectShapedRequests) {
  const auto shaped = [](http::verb verb, const std::string& target, bool protocol_header) {
    HttpRequest request(verb, target, 11);
    if (protocol_header) request.set("Connect-Protocol-Version", "1");
    return IsConnectShaped(request);
  };
  EXPECT_TRUE(shaped(http::verb::post, "/nianbao.v1.WorkflowService/GetReport", false));
  EXPECT_TRUE(shaped(http::verb::post, "/a.B/Nope?x=1", false));
  EXPECT_TRUE(shaped(http::verb::put, "/anything", true));
  EXPECT_FALSE(shaped(http::verb::get, "/nianbao.v1.WorkflowService/GetReport", false));
  EXPECT_FALSE(shaped(http::verb::post, "/v1/agencies/a/reports", false));
  EXPECT_FALSE(shaped(http::verb::post, "/v1/reports:validate", false));
  EXPECT_FALSE(shaped(http::verb::post, "/a.B/", false));
  EXPECT_FALSE(shaped(http::verb::post, "/a.B/C/D", false));
  EXPECT_FALSE(shaped(http::verb::post, "/index.html", false));
}

TEST(GatewayConfigTest, DefaultsAndMissingBackendsNamed) {
  nianbao::config::v1::GatewayServerConfig config;
  absl::StatusOr<GatewayOptions> missing = ResolveGatewayOptions(config);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("workflow.address"));
  config.mutable_workflow()->set_address("127.0.0.1:7402");
  config.mutable_validation()->set_address("127.0.0.1:7401");
  absl::StatusOr<GatewayOptions> options = ResolveGatewayOptions(config);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->listen, kDefaultGatewayListen);
  EXPECT_EQ(options->max_body_bytes, kDefaultMaxBodyBytes);
  EXPECT_EQ(options->idle_timeout, kDefaultIdleTimeout);
  config.set_max_body_bytes(-1);
  EXPECT_FALSE(ResolveGatewayOptions(config).ok());
}

}  // namespace
}  // namespace nianbao::gateway
