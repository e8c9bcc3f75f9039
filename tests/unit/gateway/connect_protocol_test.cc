// The Connect protocol's content types, request decoding and envelopes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "nianbao/v1/workflow.pb.h"
#include "services/gateway/transcoder.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/gateway/api_routes.h"

namespace nianbao::gateway {
namespace {

using api_test::MustMethod;
using nianbao::testing::StatusIs;
using ::testing::HasSubstr;

const RpcMethod& GetReport() { return MustMethod("/nianbao.v1.WorkflowService/GetReport"); }

nianbao::v1::GetReportRequest AsGetReport(const absl::StatusOr<std::string>& bytes) {
  nianbao::v1::GetReportRequest request;
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  if (bytes.ok()) {
    EXPECT_TRUE(request.ParseFromString(*bytes));
  }
  return request;
}

TEST(ConnectProtocolTest, ContentTypes) {
  auto json = ParseConnectContentType("application/json; charset=utf-8");
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ(json->codec, ConnectCodec::kJson);
  EXPECT_FALSE(json->streaming);
  auto proto = ParseConnectContentType("Application/Proto");
  ASSERT_TRUE(proto.has_value());
  EXPECT_EQ(proto->codec, ConnectCodec::kProto);
  auto stream = ParseConnectContentType("application/connect+json");
  ASSERT_TRUE(stream.has_value());
  EXPECT_TRUE(stream->streaming);
  EXPECT_EQ(ParseConnectContentType("application/connect+proto")->codec, ConnectCodec::kProto);
  EXPECT_FALSE(ParseConnectContentType("text/plain").has_value());
  EXPECT_FALSE(ParseConnectContentType("application/grpc").has_value());
  EXPECT_FALSE(ParseConnectContentType("").has_value());
  EXPECT_TRUE(IsJsonContentType("application/json;charset=UTF-8"));
  EXPECT_FALSE(IsJsonContentType("application/jsonx"));
}

TEST(ConnectProtocolTest, UnaryJsonAndProtoBodies) {
  EXPECT_EQ(AsGetReport(DecodeConnectUnaryRequest(GetReport(), ConnectCodec::kJson,
                                                  R"({"name": "agencies/a/reports/2024"})"))
                .name(),
            "agencies/a/reports/2024");
  nianbao::v1::GetReportRequest request;
  request.set_name("agencies/b/reports/2023");
  EXPECT_EQ(AsGetReport(DecodeConnectUnaryRequest(GetReport(), ConnectCodec::kProto,
                                                  request.SerializeAsString()))
                .name(),
            "agencies/b/reports/2023");
  EXPECT_THAT(DecodeConnectUnaryRequest(GetReport(), ConnectCodec::kProto, "\xff\xff"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(DecodeConnectUnaryRequest(GetReport(), ConnectCodec::kJson, R"({"nam": "x"})"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(DecodeConnectUnaryRequest(GetReport(), ConnectCodec::kJson, "{\"name\": }"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_TRUE(DecodeConnectUnaryRequest(GetReport(), ConnectCodec::kJson, "").ok());
}

TEST(ConnectProtocolTest, UnaryGet) {
  EXPECT_EQ(
      AsGetReport(DecodeConnectGetRequest(
                      GetReport(),
                      "encoding=json&message=%7B%22name%22%3A%22agencies%2Fa%2Freports%2F2024%22%7D"
                      "&connect=v1"))
          .name(),
      "agencies/a/reports/2024");
  nianbao::v1::GetReportRequest request;
  request.set_name("agencies/沭阳/reports/2024");
  std::string encoded = absl::WebSafeBase64Escape(request.SerializeAsString());
  EXPECT_EQ(AsGetReport(
                DecodeConnectGetRequest(GetReport(), "encoding=proto&base64=1&message=" + encoded))
                .name(),
            "agencies/沭阳/reports/2024");
  EXPECT_THAT(DecodeConnectGetRequest(GetReport(), "message=%7B%7D"),
              StatusIs(absl::StatusCode::kInvalidArgument));  // No encoding.
  EXPECT_THAT(DecodeConnectGetRequest(GetReport(), "encoding=json"),
              StatusIs(absl::StatusCode::kInvalidArgument));  // No message.
  EXPECT_THAT(DecodeConnectGetRequest(GetReport(), "encoding=json&message=%7B%7D&compression=gzip"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(DecodeConnectGetRequest(GetReport(), "encoding=proto&base64=1&message=!!"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ConnectProtocolTest, EnvelopesRoundTrip) {
  const std::string first = ConnectEnvelope(0, "abc");
  EXPECT_EQ(first, std::string("\x00\x00\x00\x00\x03"
                               "abc",
                               8));
  const std::string big(70000, 'x');
  const std::string second = ConnectEnvelope(kConnectEndStreamFlag, big);
  EXPECT_EQ(second.substr(0, 5), std::string("\x02\x00\x01\x11\x70", 5));
  absl::StatusOr<std::vector<ConnectFrame>> frames = ParseConnectEnvelopes(first + second);
  ASSERT_TRUE(frames.ok()) << frames.status();
  ASSERT_EQ(frames->size(), 2u);
  EXPECT_EQ((*frames)[0].flags, 0);
  EXPECT_EQ((*frames)[0].payload, "abc");
  EXPECT_EQ((*frames)[1].flags, kConnectEndStreamFlag);
  EXPECT_EQ((*frames)[1].payload, big);
  EXPECT_THAT(ParseConnectEnvelopes(first.substr(0, 4)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseConnectEnvelopes(first.substr(0, 7)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("3 bytes announced, 2 sent")));
  EXPECT_TRUE(ParseConnectEnvelopes("").ok());
}

TEST(ConnectProtocolTest, StreamRequestIsOneUncompressedEnvelope) {
  const RpcMethod& watch = MustMethod("/nianbao.v1.WorkflowService/WatchReports");
  nianbao::v1::WatchReportsRequest request;
  absl::StatusOr<std::string> decoded =
      DecodeConnectStreamRequest(watch, ConnectCodec::kJson,
                                 ConnectEnvelope(0, R"({"parent": "agencies/-", "follow": true})"));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ASSERT_TRUE(request.ParseFromString(*decoded));
  EXPECT_EQ(request.parent(), "agencies/-");
  EXPECT_TRUE(request.follow());
  EXPECT_THAT(DecodeConnectStreamRequest(watch, ConnectCodec::kJson, ""),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(DecodeConnectStreamRequest(watch, ConnectCodec::kJson,
                                         ConnectEnvelope(0, "{}") + ConnectEnvelope(0, "{}")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(DecodeConnectStreamRequest(watch, ConnectCodec::kJson,
                                         ConnectEnvelope(kConnectCompressedFlag, "{}")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("compression")));
}

TEST(ConnectProtocolTest, ResponsesInEitherCodec) {
  nianbao::v1::Report report;
  report.set_name("agencies/a/reports/2024");
  report.set_revision(7);
  const std::string bytes = report.SerializeAsString();
  EXPECT_EQ(*EncodeConnectMessage(GetReport(), ConnectCodec::kProto, bytes), bytes);
  EXPECT_EQ(*EncodeConnectMessage(GetReport(), ConnectCodec::kJson, bytes),
            R"({"name":"agencies/a/reports/2024","revision":"7"})");
}

}  // namespace
}  // namespace nianbao::gateway
