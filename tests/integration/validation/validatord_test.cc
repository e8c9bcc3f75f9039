// nianbao-validatord on loopback: Validate, ListRules, health, reflection, bad and oversized
// requests (status code and a BadRequest naming the field), many concurrent calls, and a graceful
// stop.
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/client_unary_call.h>
#include <grpcpp/impl/codegen/sync_stream.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "nianbao/v1/validation.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "services/validation/rule_catalog.h"
#include "tests/support/server_process.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/validation/report_builder.h"

namespace nianbao::validation {
namespace {

using nianbao::testing::CleanReport2023;
using nianbao::testing::CleanReport2024;
using nianbao::testing::ServerProcess;
using nianbao::testing::TempDir;

std::string Validatord() { return nianbao::testing::BinDir() + "/nianbao-validatord"; }

grpc::ByteBuffer ToBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  (void)buffer.Dump(&slices);
  std::string out;
  for (const auto& slice : slices)
    out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  return out;
}

// A unary call with raw bytes, so tests can send what no generated stub would.
grpc::Status RawUnary(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                      const std::string& request, std::string* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::ByteBuffer response_buffer;
  const grpc::Status status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      channel.get(),
      grpc::internal::RpcMethod(method.c_str(), grpc::internal::RpcMethod::NORMAL_RPC), &context,
      ToBuffer(request), &response_buffer);
  if (status.ok()) *response = FromBuffer(response_buffer);
  return status;
}

std::string ViolatedField(const grpc::Status& status) {
  const auto details = nianbao::service::RpcStatusFromGrpc(status);
  const auto bad = nianbao::service::FindDetail<google::rpc::BadRequest>(details);
  if (!bad || bad->field_violations_size() == 0) return "<no BadRequest>";
  return bad->field_violations(0).field();
}

class ValidatordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A small per-report limit through the config file; the flag lowers the transport limit.
    nianbao::testing::WriteFileOrDie(
        temp_.File("validatord.textproto"),
        "server { listen: \"127.0.0.1:1\" }\nmax_report_bytes: 65536\n");
    NIANBAO_ASSERT_OK(server_.Start(
        Validatord(),
        {"--config=" + temp_.File("validatord.textproto"), "--max_receive_message_bytes=262144"},
        temp_.File("port")));
    channel_ = grpc::CreateChannel(server_.address(), grpc::InsecureChannelCredentials());
    stub_ = nianbao::v1::ValidationService::NewStub(channel_);
  }

  grpc::Status Validate(const nianbao::v1::ValidateRequest& request,
                        nianbao::v1::ValidateResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return stub_->Validate(&context, request, response);
  }

  TempDir temp_;
  ServerProcess server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<nianbao::v1::ValidationService::Stub> stub_;
};

TEST_F(ValidatordTest, ValidatesAReport) {
  nianbao::v1::ValidateRequest request;
  *request.mutable_report() = CleanReport2024();
  *request.mutable_previous_report() = CleanReport2023();
  request.mutable_report()->mutable_opening()->clear_statistics_period();
  request.mutable_publication_date()->set_year(2025);
  request.mutable_publication_date()->set_month(2);
  request.mutable_publication_date()->set_day(3);
  request.set_stage(nianbao::v1::VALIDATION_STAGE_PUBLICATION);
  nianbao::v1::ValidateResponse response;
  ASSERT_TRUE(Validate(request, &response).ok());
  EXPECT_EQ(response.catalog_version(), kRuleCatalogVersion);
  ASSERT_EQ(response.findings_size(), 2);
  EXPECT_EQ(response.error_count(), 2);
  EXPECT_EQ(response.findings(0).code(), "PERIOD");
  EXPECT_EQ(response.findings(1).code(), "DEADLINE");
  EXPECT_EQ(response.findings(1).field_path(), "metadata.publication_date");
  EXPECT_EQ(response.findings(1).expected(), "2025-01-31");
  EXPECT_EQ(response.findings(1).actual(), "2025-02-03");
}

TEST_F(ValidatordTest, ListsRules) {
  grpc::ClientContext context;
  nianbao::v1::ListRulesResponse response;
  ASSERT_TRUE(stub_->ListRules(&context, {}, &response).ok());
  EXPECT_EQ(response.rules_size(), static_cast<int>(kRuleCount));
  EXPECT_EQ(response.catalog_version(), kRuleCatalogVersion);
}

TEST_F(ValidatordTest, HealthCheckSaysServing) {
  std::string response;
  ASSERT_TRUE(RawUnary(channel_, "/grpc.health.v1.Health/Check", "", &response).ok());
  EXPECT_EQ(response, std::string("\x08\x01", 2));  // status: SERVING
}

// Probes that name the service (as load balancers and Kubernetes do) get an answer too.
TEST_F(ValidatordTest, HealthCheckByServiceNameSaysServing) {
  const std::string name = nianbao::v1::ValidationService::service_full_name();
  // HealthCheckRequest { service: name }: field 1, length-delimited.
  const std::string request = std::string("\x0a", 1) + static_cast<char>(name.size()) + name;
  std::string response;
  ASSERT_TRUE(RawUnary(channel_, "/grpc.health.v1.Health/Check", request, &response).ok());
  EXPECT_EQ(response, std::string("\x08\x01", 2));  // status: SERVING
  std::string unknown_response;
  const std::string unknown = "nianbao.v1.NoSuchService";
  const std::string unknown_request =
      std::string("\x0a", 1) + static_cast<char>(unknown.size()) + unknown;
  EXPECT_EQ(RawUnary(channel_, "/grpc.health.v1.Health/Check", unknown_request, &unknown_response)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ValidatordTest, ReflectionListsTheService) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
          channel_.get(),
          grpc::internal::RpcMethod(
              "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
              grpc::internal::RpcMethod::BIDI_STREAMING),
          &context));
  // ServerReflectionRequest { list_services: "" } — field 7, an empty string.
  ASSERT_TRUE(stream->Write(ToBuffer(std::string("\x3a\x00", 2))));
  stream->WritesDone();
  grpc::ByteBuffer reply;
  ASSERT_TRUE(stream->Read(&reply));
  EXPECT_THAT(FromBuffer(reply), ::testing::HasSubstr("nianbao.v1.ValidationService"));
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(ValidatordTest, MissingReportIsInvalidArgumentNamingTheField) {
  nianbao::v1::ValidateResponse response;
  const grpc::Status status = Validate({}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "report");
  const auto localized = nianbao::service::FindDetail<google::rpc::LocalizedMessage>(
      nianbao::service::RpcStatusFromGrpc(status));
  ASSERT_TRUE(localized.has_value());
  EXPECT_EQ(localized->locale(), "zh-CN");
  EXPECT_THAT(localized->message(), ::testing::HasSubstr("必须提供"));
}

TEST_F(ValidatordTest, GarbageBytesAreInvalidArgumentNamingTheField) {
  std::string response;
  grpc::Status status = RawUnary(channel_, "/nianbao.v1.ValidationService/Validate",
                                 std::string("\x0a\x7f\x01", 3), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "(request)");
  status = RawUnary(channel_, "/nianbao.v1.ValidationService/Validate",
                    std::string("\x0a\x03\x20\xff\xff", 5), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "report");
  // ListRules too (gRPC's callback handler answered UNIMPLEMENTED with an empty message).
  status = RawUnary(channel_, "/nianbao.v1.ValidationService/ListRules",
                    std::string("\xff\xff\xff\x0f", 4), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_FALSE(status.error_message().empty());
  EXPECT_EQ(ViolatedField(status), "(request)");
}

TEST_F(ValidatordTest, OversizedReportIsInvalidArgumentNamingTheField) {
  nianbao::v1::ValidateRequest request;
  *request.mutable_report() = CleanReport2024();
  request.mutable_report()->mutable_overview()->add_paragraphs()->set_text(
      std::string(100000, 'x'));
  nianbao::v1::ValidateResponse response;
  const grpc::Status status = Validate(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "report");
}

TEST_F(ValidatordTest, OversizedMessageIsRefusedByTheTransport) {
  nianbao::v1::ValidateRequest request;
  *request.mutable_report() = CleanReport2024();
  request.mutable_report()->mutable_overview()->add_paragraphs()->set_text(
      std::string(300000, 'x'));
  nianbao::v1::ValidateResponse response;
  EXPECT_EQ(Validate(request, &response).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  // The server is still there.
  *request.mutable_report() = CleanReport2024();
  EXPECT_TRUE(Validate(request, &response).ok());
}

TEST_F(ValidatordTest, SixtyFourConcurrentCallsAgree) {
  nianbao::v1::ValidateRequest request;
  *request.mutable_report() = CleanReport2024();
  request.mutable_report()
      ->mutable_applications()
      ->mutable_table()
      ->mutable_carried_forward()
      ->mutable_natural_person()
      ->set_number(5);
  nianbao::v1::ValidateResponse reference;
  ASSERT_TRUE(Validate(request, &reference).ok());
  ASSERT_GT(reference.findings_size(), 0);
  std::atomic<int> agreeing{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&] {
      for (int call = 0; call < 4; ++call) {
        nianbao::v1::ValidateResponse response;
        if (Validate(request, &response).ok() &&
            response.SerializeAsString() == reference.SerializeAsString()) {
          ++agreeing;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(agreeing.load(), 64 * 4);
}

TEST_F(ValidatordTest, StopsGracefullyOnSigterm) {
  auto exit_code = server_.Stop();
  NIANBAO_ASSERT_OK(exit_code);
  EXPECT_EQ(*exit_code, 0);
  EXPECT_THAT(server_.Log(), ::testing::HasSubstr("shutting down"));
}

TEST(ValidatordConfigTest, BadConfigFileIsReported) {
  TempDir temp;
  nianbao::testing::WriteFileOrDie(temp.File("bad.textproto"), "no_such_field: 1\n");
  const auto result = nianbao::testing::RunCommand(
      {Validatord(), "--config=" + temp.File("bad.textproto"), "--listen=127.0.0.1:0"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, ::testing::HasSubstr("no_such_field"));
}

}  // namespace
}  // namespace nianbao::validation
