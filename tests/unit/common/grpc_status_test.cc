// The absl <-> gRPC status mapping: codes, messages and google.rpc details both ways.
#include "services/common/grpc_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/flags/flag.h"
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
                                         ::testing::HasSubstr("bad.textproto")));
  EXPECT_THAT(LoadTextConfig(temp.File("missing.textproto"), &config),
              nianbao::testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace nianbao::service
