// The absl <-> gRPC status mapping: codes, messages and google.rpc details both ways.
#include "services/common/grpc_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "nianbao/config/v1/validation_server.pb.h"
#include "services/common/server_bootstrap.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::service {
namespace {

TEST(GrpcStatusTest, OkMapsToOkWithoutDetails) {
  const grpc::Status status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(status.ok());
  EXPECT_TRUE(status.error_details().empty());
}

TEST(GrpcStatusTest, BadRequestCarriesFieldsAndChineseMessage) {
  const absl::Status status =
      BadRequestError("报告年度无效", "invalid report year",
                      {{"report.metadata.report_year", "应在2008至2200之间"}});
  const grpc::Status mapped = ToGrpcStatus(status);
  EXPECT_EQ(mapped.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(mapped.error_message(), "报告年度无效 (invalid report year)");
  const google::rpc::Status details = RpcStatusFromGrpc(mapped);
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  const auto bad = FindDetail<google::rpc::BadRequest>(details);
  ASSERT_TRUE(bad.has_value());
  ASSERT_EQ(bad->field_violations_size(), 1);
  EXPECT_EQ(bad->field_violations(0).field(), "report.metadata.report_year");
  const auto localized = FindDetail<google::rpc::LocalizedMessage>(details);
  ASSERT_TRUE(localized.has_value());
  EXPECT_EQ(localized->locale(), "zh-CN");
  EXPECT_EQ(localized->message(), "报告年度无效");
}

TEST(GrpcStatusTest, PreconditionFailureAndErrorInfo) {
  absl::Status status = PreconditionFailedError("报告有错误，不能提交", "the report has errors",
                                                {{"T3_COLUMN_BALANCE", "reports/1", "x"}});
  AttachErrorInfo(status, "VALIDATION_FAILED", {{"errors", "1"}});
  const google::rpc::Status details = RpcStatusFromGrpc(ToGrpcStatus(status));
  const auto failure = FindDetail<google::rpc::PreconditionFailure>(details);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->violations(0).type(), "T3_COLUMN_BALANCE");
  const auto info = FindDetail<google::rpc::ErrorInfo>(details);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "VALIDATION_FAILED");
  EXPECT_EQ(info->domain(), kErrorDomain);
  EXPECT_EQ(info->metadata().at("errors"), "1");
}

TEST(GrpcStatusTest, ChineseMessageWithoutDetailGetsALocalizedMessage) {
  const google::rpc::Status details =
      RpcStatusFromGrpc(ToGrpcStatus(absl::NotFoundError("找不到报告 report not found")));
  const auto localized = FindDetail<google::rpc::LocalizedMessage>(details);
  ASSERT_TRUE(localized.has_value());
  EXPECT_EQ(localized->message(), "找不到报告 report not found");
  // English only: no LocalizedMessage invented.
  EXPECT_FALSE(FindDetail<google::rpc::LocalizedMessage>(
                   RpcStatusFromGrpc(ToGrpcStatus(absl::InternalError("disk full"))))
                   .has_value());
}

TEST(GrpcStatusTest, RoundTripKeepsCodeMessageAndPayloads) {
  const absl::Status original =
      BadRequestError("缺少报告", "report required", {{"report", "必填"}});
  const absl::Status back = FromGrpcStatus(ToGrpcStatus(original));
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(back.message(), "缺少报告 (report required)");
  EXPECT_EQ(back.GetPayload(kBadRequestTypeUrl), original.GetPayload(kBadRequestTypeUrl));
  EXPECT_EQ(back.GetPayload(kLocalizedMessageTypeUrl),
            original.GetPayload(kLocalizedMessageTypeUrl));
}

TEST(GrpcStatusTest, StatusWithoutDetailsDecodesToCodeAndMessage) {
  const google::rpc::Status details =
      RpcStatusFromGrpc(grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection refused"));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::UNAVAILABLE));
  EXPECT_EQ(details.message(), "connection refused");
  EXPECT_EQ(details.details_size(), 0);
}

// A report with hundreds of findings must still reach the client: gRPC refuses trailers over
// 8 KiB, so the mapping keeps one violation per (type, subject) while they fit, counts the rest,
// and cuts long texts at a UTF-8 character boundary.
TEST(GrpcStatusTest, LargeDetailsAreCompactedToFitTheTrailers) {
  std::vector<PreconditionViolation> violations;
  for (int code = 0; code < 60; ++code) {
    for (int repeat = 0; repeat < 5; ++repeat) {
      violations.push_back({absl::StrCat("RULE_", code), absl::StrCat("field_", code),
                            std::string(300, 'x') + "表三列不平衡"});
    }
  }
  std::string long_zh;
  for (int i = 0; i < 500; ++i) long_zh += "报告";  // 3,000 bytes of three-byte characters.
  const grpc::Status mapped =
      ToGrpcStatus(PreconditionFailedError(long_zh, "the report has errors", violations));
  // On the wire: details base64-encoded, the message percent-encoded (at most 3 bytes a byte).
  const size_t trailer_bytes =
      (mapped.error_details().size() + 2) / 3 * 4 + 3 * mapped.error_message().size();
  EXPECT_LT(trailer_bytes, 8u * 1024);
  EXPECT_LE(mapped.error_message().size(), 600u + 3);
  // The Chinese is cut, the English kept: both languages still reach the client.
  EXPECT_TRUE(absl::EndsWith(mapped.error_message(), "… (the report has errors)"));
  EXPECT_TRUE(absl::StartsWith(mapped.error_message(), "报告报告"));
  const google::rpc::Status details = RpcStatusFromGrpc(mapped);
  const auto localized = FindDetail<google::rpc::LocalizedMessage>(details);
  ASSERT_TRUE(localized.has_value());
  EXPECT_LE(localized->message().size(), 600u + 3);
  const auto failure = FindDetail<google::rpc::PreconditionFailure>(details);
  ASSERT_TRUE(failure.has_value());
  const int kept = failure->violations_size() - 1;
  ASSERT_GE(kept, 10);  // Room for at least ten distinct rules.
  ASSERT_LT(kept, 60);
  for (int i = 0; i < kept; ++i) {
    EXPECT_EQ(failure->violations(i).type(), absl::StrCat("RULE_", i));  // One each, in order.
    EXPECT_LE(failure->violations(i).description().size(), 160u + 3);
  }
  const auto& last = failure->violations(kept);
  EXPECT_EQ(last.type(), "TRUNCATED");
  EXPECT_THAT(last.description(), ::testing::HasSubstr(absl::StrCat(60 - kept, " more omitted")));
}

// A field violation or an ErrorInfo value may quote what a caller sent (a 60 KB report name once
// came back whole, and clients refused the trailers). Each is cut; the field is still named.
TEST(GrpcStatusTest, HugeFieldViolationsAndErrorInfoAreCut) {
  const std::string huge(60 * 1024, '9');
  absl::Status status = BadRequestError(
      absl::StrCat("名称无效：", huge), absl::StrCat("bad name: ", huge),
      {{"name", absl::StrCat("bad name: ", huge)}, {"name", absl::StrCat("again: ", huge)}});
  AttachErrorInfo(status, "INVALID_FIELD", {{"field", "name"}, {"value", huge}});
  status.SetPayload("type.googleapis.com/google.rpc.DebugInfo", absl::Cord(huge));
  const grpc::Status mapped = ToGrpcStatus(status);
  EXPECT_EQ(mapped.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const size_t trailer_bytes =
      (mapped.error_details().size() + 2) / 3 * 4 + 3 * mapped.error_message().size();
  EXPECT_LT(trailer_bytes, 8u * 1024);
  const google::rpc::Status details = RpcStatusFromGrpc(mapped);
  const auto bad_request = FindDetail<google::rpc::BadRequest>(details);
  ASSERT_TRUE(bad_request.has_value());
  ASSERT_GE(bad_request->field_violations_size(), 1);
  EXPECT_EQ(bad_request->field_violations(0).field(), "name");
  EXPECT_LE(bad_request->field_violations(0).description().size(), 160u + 3);
  const auto info = FindDetail<google::rpc::ErrorInfo>(details);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("field"), "name");
  EXPECT_LE(info->metadata().at("value").size(), 160u + 3);
}

// A long "中文 (English)" description is cut in both parts, so that neither language is lost (a
// validation finding's Chinese once took all 160 bytes).
TEST(GrpcStatusTest, LongBilingualDescriptionsKeepBothLanguages) {
  std::string zh;
  for (int i = 0; i < 80; ++i) zh += "空白";
  const std::string description =
      absl::StrCat(zh, " (table 3 row 1: blank cells (", std::string(200, 'x'), "))");
  const grpc::Status mapped = ToGrpcStatus(PreconditionFailedError(
      "报告有错误", "the report has errors", {{"CELL", "t3", description}}));
  const auto failure = FindDetail<google::rpc::PreconditionFailure>(RpcStatusFromGrpc(mapped));
  ASSERT_TRUE(failure.has_value());
  const std::string& kept = failure->violations(0).description();
  EXPECT_LE(kept.size(), 160u);
  EXPECT_TRUE(absl::StartsWith(kept, "空白空白")) << kept;
  EXPECT_THAT(kept, ::testing::HasSubstr("… (table 3 row 1: blank cells (xx")) << kept;
  EXPECT_TRUE(absl::EndsWith(kept, "…)")) << kept;
}

// Small details pass through untouched.
TEST(GrpcStatusTest, SmallDetailsAreKeptWhole) {
  const absl::Status original = PreconditionFailedError(
      "报告有错误", "the report has errors",
      {{"T3_COLUMN_BALANCE", "applications.table", "一+二=12，三（七）+四=11"},
       {"T3_COLUMN_BALANCE", "applications.table", "duplicate of the same rule and subject"},
       {"SECTIONS", "overview", "missing"}});
  const auto failure =
      FindDetail<google::rpc::PreconditionFailure>(RpcStatusFromGrpc(ToGrpcStatus(original)));
  ASSERT_TRUE(failure.has_value());
  ASSERT_EQ(failure->violations_size(), 2);  // The repeat of (type, subject) is dropped.
  EXPECT_EQ(failure->violations(0).description(), "一+二=12，三（七）+四=11");
  EXPECT_EQ(failure->violations(1).type(), "SECTIONS");
}

// Every error leaving a server carries an ErrorInfo in our domain: the reason its source set, or
// the canonical code's name when it set none (a library's plain absl status, a forwarded one).
TEST(GrpcStatusTest, EveryErrorCarriesAnErrorInfoInOurDomain) {
  const struct {
    absl::Status status;
    std::string reason;
  } cases[] = {
      {absl::InvalidArgumentError("page_token: bad"), "INVALID_ARGUMENT"},
      {absl::UnauthenticatedError("缺少身份令牌 (missing bearer token)"), "UNAUTHENTICATED"},
      {absl::ResourceExhaustedError("磁盘空间不足 (no space left)"), "RESOURCE_EXHAUSTED"},
      {absl::UnavailableError("存储正在关闭 (shutting down)"), "UNAVAILABLE"},
      {absl::DataLossError("stored report does not parse"), "DATA_LOSS"},
      {BadRequestError("名称无效", "bad name", {{"name", "名称无效 (bad name)"}}), "INVALID_FIELD"},
  };
  for (const auto& c : cases) {
    const google::rpc::Status details = RpcStatusFromGrpc(ToGrpcStatus(c.status));
    const auto info = FindDetail<google::rpc::ErrorInfo>(details);
    ASSERT_TRUE(info.has_value()) << c.status;
    EXPECT_EQ(info->reason(), c.reason) << c.status;
    EXPECT_EQ(info->domain(), "nianbao.gov.cn") << c.status;
  }
  // A reason not in UPPER_SNAKE_CASE, or another domain, is replaced rather than sent.
  absl::Status odd = absl::NotFoundError("x");
  AttachErrorInfo(odd, "not-a-reason");
  const auto info = FindDetail<google::rpc::ErrorInfo>(RpcStatusFromGrpc(ToGrpcStatus(odd)));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "NOT_FOUND");
  EXPECT_EQ(info->domain(), "nianbao.gov.cn");
}

// A status no ToGrpcStatus made (gRPC's own, a handler's literal one) is given the same details;
// one that already has them is sent unchanged.
TEST(GrpcStatusTest, WithErrorDetailsCompletesForeignStatusesOnly) {
  const grpc::Status bare(grpc::StatusCode::RESOURCE_EXHAUSTED, "Received message larger than max");
  const grpc::Status completed = WithErrorDetails(bare);
  EXPECT_EQ(completed.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(completed.error_message(), bare.error_message());
  const auto info = FindDetail<google::rpc::ErrorInfo>(RpcStatusFromGrpc(completed));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "RESOURCE_EXHAUSTED");
  const grpc::Status ours = ToGrpcStatus(absl::AbortedError("stale"));
  EXPECT_EQ(WithErrorDetails(ours).error_details(), ours.error_details());
  EXPECT_TRUE(WithErrorDetails(grpc::Status::OK).ok());
}

TEST(ServerBootstrapTest, FlagsOverrideConfigWhichOverridesDefaults) {
  nianbao::testing::TempDir temp;
  nianbao::testing::WriteFileOrDie(
      temp.File("c.textproto"),
      "server { listen: \"0.0.0.0:7000\" max_receive_message_bytes: 1000 "
      "shutdown_grace_period_ms: 250 }");
  nianbao::config::v1::ValidationServerConfig config;
  NIANBAO_ASSERT_OK(LoadTextConfig(temp.File("c.textproto"), &config));
  ServerOptions options = ResolveServerOptions(config.server(), "127.0.0.1:1");
  EXPECT_EQ(options.listen, "0.0.0.0:7000");
  EXPECT_EQ(options.max_receive_message_bytes, 1000);
  EXPECT_EQ(options.shutdown_grace, absl::Milliseconds(250));
  absl::SetFlag(&FLAGS_listen, "127.0.0.1:0");
  options = ResolveServerOptions(config.server(), "127.0.0.1:1");
  EXPECT_EQ(options.listen, "127.0.0.1:0");
  absl::SetFlag(&FLAGS_listen, "");
  options = ResolveServerOptions({}, "127.0.0.1:1");
  EXPECT_EQ(options.listen, "127.0.0.1:1");
  EXPECT_EQ(options.max_receive_message_bytes, kDefaultMaxReceiveMessageBytes);
}

TEST(ServerBootstrapTest, InvalidConfigNamesFileAndError) {
  nianbao::testing::TempDir temp;
  nianbao::testing::WriteFileOrDie(temp.File("bad.textproto"), "server { listen: 7 ");
  nianbao::config::v1::ValidationServerConfig config;
  EXPECT_THAT(LoadTextConfig(temp.File("bad.textproto"), &config),
              nianbao::testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                         ::testing::AllOf(::testing::HasSubstr("bad.textproto"),
                                                          ::testing::HasSubstr("配置文件格式错误"),
                                                          ::testing::HasSubstr("line 1"))));
  EXPECT_THAT(LoadTextConfig(temp.File("missing.textproto"), &config),
              nianbao::testing::StatusIs(absl::StatusCode::kNotFound,
                                         ::testing::HasSubstr("missing.textproto")));
}

}  // namespace
}  // namespace nianbao::service
