// gRPC statuses as HTTP errors: the published code mapping, AIP-193 bodies, Connect's format.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/gateway/transcoder.h"

namespace nianbao::gateway {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

Struct ParseJson(const std::string& json) {
  Struct parsed;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok()) << json;
  return parsed;
}

const Value& Member(const Struct& object, const std::string& name) {
  static const Value* missing = new Value();
  auto it = object.fields().find(name);
  EXPECT_NE(it, object.fields().end()) << name;
  return it == object.fields().end() ? *missing : it->second;
}

// A status as workflowd sends it: a BadRequest, an ErrorInfo, and a detail of a type this binary
// does not know.
std::string StatusDetails() {
  google::rpc::Status status;
  status.set_code(3);
  status.set_message("请求无效 (invalid request)");
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("report.etag");
  violation->set_description("etag 过长 (etag too long)");
  status.add_details()->PackFrom(bad_request);
  google::rpc::ErrorInfo info;
  info.set_reason("INVALID_FIELD");
  info.set_domain("nianbao.gov.cn");
  status.add_details()->PackFrom(info);
  google::protobuf::Any unknown;
  unknown.set_type_url("type.googleapis.com/x.NotLinkedHere");
  unknown.set_value("\x08\x01");
  *status.add_details() = unknown;
  return status.SerializeAsString();
}

TEST(HttpErrorsTest, PublishedCodeMapping) {
  const int expected[] = {200, 499, 500, 400, 504, 404, 409, 403, 429,
                          400, 409, 400, 501, 500, 503, 500, 401};
  for (int code = 0; code <= 16; ++code) {
    EXPECT_EQ(HttpStatusForGrpcCode(code), expected[code]) << code;
    EXPECT_EQ(ConnectHttpStatusForGrpcCode(code), expected[code]) << code;
  }
  EXPECT_EQ(HttpStatusForGrpcCode(99), 500);
  EXPECT_EQ(HttpStatusForGrpcCode(-1), 500);
}

TEST(HttpErrorsTest, Aip193BodyWithDecodedDetails) {
  HttpError error = HttpErrorFor(3, "请求无效 (invalid \"request\")\n", StatusDetails());
  EXPECT_EQ(error.http_status, 400);
  const Struct body = ParseJson(error.json_body);
  const Struct& inner = Member(body, "error").struct_value();
  EXPECT_EQ(Member(inner, "code").number_value(), 400);
  EXPECT_EQ(Member(inner, "status").string_value(), "INVALID_ARGUMENT");
  EXPECT_EQ(Member(inner, "message").string_value(), "请求无效 (invalid \"request\")\n");
  const auto& details = Member(inner, "details").list_value().values();
  ASSERT_EQ(details.size(), 2);  // The unknown type is dropped, not the error.
  const Struct& bad_request = details[0].struct_value();
  EXPECT_EQ(Member(bad_request, "@type").string_value(),
            "type.googleapis.com/google.rpc.BadRequest");
  EXPECT_EQ(
      Member(Member(bad_request, "fieldViolations").list_value().values(0).struct_value(), "field")
          .string_value(),
      "report.etag");
  EXPECT_EQ(Member(details[1].struct_value(), "reason").string_value(), "INVALID_FIELD");
}

TEST(HttpErrorsTest, MissingOrGarbageDetailsStillGiveTheError) {
  for (const std::string& details : {std::string(), std::string("\xff\xff garbage")}) {
    HttpError error = HttpErrorFor(5, "没有 (not found)", details);
    EXPECT_EQ(error.http_status, 404);
    const Struct body = ParseJson(error.json_body);
    const Struct& inner = Member(body, "error").struct_value();
    EXPECT_EQ(Member(inner, "status").string_value(), "NOT_FOUND");
    EXPECT_EQ(Member(inner, "details").list_value().values_size(), 0);
  }
  // Bytes that are not UTF-8 in a message still make valid JSON; the valid text stays.
  const Struct body = ParseJson(HttpErrorFor(13, "bad \xff byte 年报", "").json_body);
  EXPECT_EQ(Member(Member(body, "error").struct_value(), "message").string_value(),
            "bad ? byte 年报");
}

TEST(ConnectErrorsTest, CodeNames) {
  EXPECT_EQ(ConnectCodeName(1), "canceled");
  EXPECT_EQ(ConnectCodeName(3), "invalid_argument");
  EXPECT_EQ(ConnectCodeName(5), "not_found");
  EXPECT_EQ(ConnectCodeName(16), "unauthenticated");
  EXPECT_EQ(ConnectCodeName(42), "unknown");
}

TEST(ConnectErrorsTest, UnaryErrorWithBase64Details) {
  HttpError error = ConnectErrorFor(3, "请求无效", StatusDetails());
  EXPECT_EQ(error.http_status, 400);
  const Struct body = ParseJson(error.json_body);
  EXPECT_EQ(Member(body, "code").string_value(), "invalid_argument");
  EXPECT_EQ(Member(body, "message").string_value(), "请求无效");
  const auto& details = Member(body, "details").list_value().values();
  ASSERT_EQ(details.size(), 3);  // Connect carries bytes: an unknown type travels too.
  const Struct& first = details[0].struct_value();
  EXPECT_EQ(Member(first, "type").string_value(), "google.rpc.BadRequest");
  const std::string value = Member(first, "value").string_value();
  EXPECT_EQ(value.find('='), std::string::npos);  // Unpadded.
  std::string bytes;
  ASSERT_TRUE(absl::Base64Unescape(value, &bytes));
  google::rpc::BadRequest decoded;
  ASSERT_TRUE(decoded.ParseFromString(bytes));
  EXPECT_EQ(decoded.field_violations(0).field(), "report.etag");
  EXPECT_EQ(
      Member(Member(first, "debug").struct_value(), "fieldViolations").list_value().values_size(),
      1);
  EXPECT_EQ(Member(details[2].struct_value(), "type").string_value(), "x.NotLinkedHere");
}

TEST(ConnectErrorsTest, EndOfStreamEnvelope) {
  const std::string ok = ConnectEndOfStream(0, "", "");
  EXPECT_EQ(ok, std::string("\x02\x00\x00\x00\x02{}", 7));
  const std::string failed = ConnectEndOfStream(14, "后端不可用", "");
  ASSERT_GT(failed.size(), 5u);
  EXPECT_EQ(failed[0], kConnectEndStreamFlag);
  const Struct body = ParseJson(failed.substr(5));
  EXPECT_EQ(Member(Member(body, "error").struct_value(), "code").string_value(), "unavailable");
}

}  // namespace
}  // namespace nianbao::gateway
