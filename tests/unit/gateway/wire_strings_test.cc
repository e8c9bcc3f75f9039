// Binary request bodies whose string fields hold invalid UTF-8: refused naming the field's path,
// and without protobuf's ERROR line on stderr.
#include "services/gateway/wire_strings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "nianbao/v1/workflow.pb.h"
#include "services/gateway/transcoder.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/gateway/api_routes.h"
#include "workflow/status_details.h"

namespace nianbao::gateway {
namespace {

using api_test::MustMethod;
using api_test::Service;
using api_test::TestPool;
using internal::CheckWireStringsUtf8;
using nianbao::testing::StatusIs;
using ::testing::HasSubstr;

// Bytes that are not UTF-8: a lone continuation byte, an overlong '/', a surrogate, past U+10FFFF.
const char* const kInvalid[] = {"\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80"};

// `wire` with its one occurrence of `marker` replaced by `bytes` of the same length: invalid
// strings made without asking protobuf to serialize them (which would log, and in debug builds
// of some versions refuse).
std::string Replaced(std::string wire, const std::string& marker, const std::string& bytes) {
  EXPECT_EQ(marker.size(), bytes.size());
  const size_t at = wire.find(marker);
  EXPECT_NE(at, std::string::npos);
  EXPECT_EQ(wire.find(marker, at + 1), std::string::npos);
  if (at != std::string::npos) wire.replace(at, marker.size(), bytes);
  return wire;
}

std::string ViolatedField(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  if (!nianbao::workflow::GetDetail(status, nianbao::workflow::kBadRequestTypeUrl, bad_request) ||
      bad_request.field_violations_size() != 1) {
    ADD_FAILURE() << "no single BadRequest violation in " << status;
    return "";
  }
  return bad_request.field_violations(0).field();
}

// An UpdateReport request whose second paragraph of 六 reads `marker`.
std::string UpdateWithParagraph(const std::string& marker) {
  nianbao::v1::UpdateReportRequest request;
  request.mutable_report()->set_name("agencies/a/reports/2024");
  auto* section = request.mutable_report()->mutable_content()->mutable_other_matters();
  section->add_paragraphs()->set_text("本年度无其他需要报告的事项。");
  section->add_paragraphs()->set_text(marker);
  request.mutable_update_mask()->add_paths("content.other_matters");
  return request.SerializeAsString();
}

TEST(WireStringsTest, NamesTheFieldByItsPathWithRepeatedIndexes) {
  const auto* descriptor = nianbao::v1::UpdateReportRequest::descriptor();
  for (const std::string bytes : kInvalid) {
    const std::string marker = "@@" + std::string(bytes.size(), 'Q');
    const absl::Status status = CheckWireStringsUtf8(
        *descriptor, Replaced(UpdateWithParagraph(marker), marker, "@@" + bytes));
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
    EXPECT_EQ(ViolatedField(status), "report.content.other_matters.paragraphs[1].text");
  }
  // A top-level field.
  nianbao::v1::GetReportRequest get;
  get.set_name("agencies/a/reports/QQ");
  EXPECT_EQ(ViolatedField(CheckWireStringsUtf8(*nianbao::v1::GetReportRequest::descriptor(),
                                               Replaced(get.SerializeAsString(), "QQ", "\xC3("))),
            "name");
}

TEST(WireStringsTest, AcceptsValidTextAndLeavesMalformedBytesToTheParser) {
  const auto* descriptor = nianbao::v1::UpdateReportRequest::descriptor();
  // Chinese, 4-byte sequences, an empty string.
  EXPECT_TRUE(CheckWireStringsUtf8(*descriptor, UpdateWithParagraph("沭阳县 😀")).ok());
  EXPECT_TRUE(CheckWireStringsUtf8(*descriptor, UpdateWithParagraph("")).ok());
  EXPECT_TRUE(CheckWireStringsUtf8(*descriptor, "").ok());
  // Not a message at all, a length past the end, a truncated nested message: not this check's
  // business (the parser refuses them, silently).
  EXPECT_TRUE(CheckWireStringsUtf8(*descriptor, "\xff\xff\xff").ok());
  EXPECT_TRUE(CheckWireStringsUtf8(*descriptor, std::string("\x0a\x7f\x0a\x01\x80", 5)).ok());
  const std::string wire = UpdateWithParagraph("x");
  EXPECT_TRUE(CheckWireStringsUtf8(*descriptor, wire.substr(0, wire.size() - 3)).ok());
  // Unknown fields may hold anything.
  EXPECT_TRUE(CheckWireStringsUtf8(*descriptor, std::string("\xfa\x3e\x02\xff\xfe", 5)).ok());
}

TEST(WireStringsTest, MapEntriesAreNamedByKeyOrValue) {
  TestPool pool(Service(R"pb(post: "/v1/things" body: "*")pb"));
  absl::StatusOr<std::unique_ptr<RouteTable>> routes = pool.Routes();
  ASSERT_TRUE(routes.ok()) << routes.status();
  const google::protobuf::Descriptor& req =
      *(*routes)->methods().front().request_prototype->GetDescriptor();
  // labels = 9: an entry {key = 1, value = 2}; the first entry fine, the second's value not UTF-8.
  const std::string good_entry("\x4a\x06\x0a\x01k\x12\x01v", 8);
  const std::string bad_value("\x4a\x06\x0a\x01k\x12\x01\xff", 8);
  const std::string bad_key("\x4a\x06\x0a\x01\xff\x12\x01v", 8);
  EXPECT_TRUE(CheckWireStringsUtf8(req, good_entry).ok());
  EXPECT_EQ(ViolatedField(CheckWireStringsUtf8(req, good_entry + bad_value)), "labels.value");
  EXPECT_EQ(ViolatedField(CheckWireStringsUtf8(req, bad_key)), "labels.key");
  // sub = 2 (a Req) holding tags = 3 (repeated string): the second tag.
  const std::string nested(
      "\x12\x06\x1a\x01"
      "a"
      "\x1a\x01\xfe",
      8);
  EXPECT_EQ(ViolatedField(CheckWireStringsUtf8(req, nested)), "sub.tags[1]");
}

// Through the Connect decoder, unary, stream and GET alike: a 400 naming the field, nothing on
// stderr (protobuf's parser would print "String field ... contains invalid UTF-8 data").
TEST(WireStringsTest, ConnectProtoBodiesAreRefusedQuietly) {
  const std::string marker = "QQQQ";
  const std::string body = Replaced(UpdateWithParagraph(marker), marker, "\xF4\x90\x80\x80");
  const RpcMethod& update = MustMethod("/nianbao.v1.WorkflowService/UpdateReport");
  ::testing::internal::CaptureStderr();
  const absl::StatusOr<std::string> unary =
      DecodeConnectUnaryRequest(update, ConnectCodec::kProto, body);
  const absl::StatusOr<std::string> streamed = DecodeConnectStreamRequest(
      MustMethod("/nianbao.v1.WorkflowService/WatchReports"), ConnectCodec::kProto,
      ConnectEnvelope(0, std::string("\x0a\x02\xc3\x28", 4)));
  const std::string logged = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(logged, "");
  EXPECT_THAT(unary, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
  EXPECT_EQ(ViolatedField(unary.status()), "report.content.other_matters.paragraphs[1].text");
  EXPECT_EQ(ViolatedField(streamed.status()), "parent");
}

}  // namespace
}  // namespace nianbao::gateway
