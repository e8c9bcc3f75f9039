// The gateway server's pure pieces without a network: the client address passed on, the SSE text
// of a feed message, the static root's path rules and types, the local error body, the settings.
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
