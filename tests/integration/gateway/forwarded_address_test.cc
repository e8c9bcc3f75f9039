// nianbao-workflowd records the address a gateway forwards ("x-forwarded-for" metadata) in audit
// events only when the caller is a gateway it trusts: a peer on loopback (unless
// --distrust_loopback_gateway), or a client certificate named by --trusted_gateway_subjects.
// Anyone else's header is ignored, so a direct caller cannot write a made-up address into the
// audit trail.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nianbao/v1/audit.grpc.pb.h"
#include "services/common/tls_credentials.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_certificates.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;
using ::testing::StartsWith;

constexpr char kForwarded[] = "ipv4:203.0.113.7:4444";

class ForwardedAddressTest : public ::testing::Test {
 protected:
  // Creates the report with `forwarded` as x-forwarded-for and returns the address its CREATE
  // event recorded.
  std::string RecordedAddress(const std::string& forwarded) {
    v1::CreateReportRequest request;
    request.set_parent(std::string("agencies/") + kAgency);
    request.set_report_year(2024);
    std::unique_ptr<grpc::ClientContext> context = ContextFor("drafter");
    context->AddMetadata("x-forwarded-for", forwarded);
    v1::Report created;
    grpc::Status status = env_.NewStub()->CreateReport(context.get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    auto audit = v1::AuditService::NewStub(env_.channel());
    v1::ListAuditEventsRequest list;
    list.set_report(created.name());
    list.set_action(v1::AUDIT_ACTION_CREATE);
    v1::ListAuditEventsResponse events;
    status = audit->ListAuditEvents(ContextFor("auditor").get(), list, &events);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (events.events_size() != 1) {
      ADD_FAILURE() << events.ShortDebugString();
      return "";
    }
    return events.events(0).client_address();
  }

  WorkflowTestEnv env_;
};

TEST_F(ForwardedAddressTest, GatewayOnLoopbackIsTrustedByDefault) {
  NIANBAO_ASSERT_OK(env_.Start());
  EXPECT_EQ(RecordedAddress(kForwarded), kForwarded);
}

TEST_F(ForwardedAddressTest, LoopbackCallerIsIgnoredWhenDistrusted) {
  env_.set_workflow_args({"--distrust_loopback_gateway"});
  NIANBAO_ASSERT_OK(env_.Start());
  EXPECT_THAT(RecordedAddress(kForwarded), StartsWith("ipv4:127.0.0.1:"));
}

TEST_F(ForwardedAddressTest, MalformedForwardedAddressIsIgnoredEvenFromATrustedGateway) {
  NIANBAO_ASSERT_OK(env_.Start());
  EXPECT_THAT(RecordedAddress(std::string(200, 'a')), StartsWith("ipv4:127.0.0.1:"));
}

// Over mutual TLS a gateway elsewhere is trusted by its certificate's subject, and only by it.
TEST_F(ForwardedAddressTest, GatewayTrustedByCertificateSubject) {
  TempDir dir;
  absl::StatusOr<TestCertificates> certs = MakeTestCertificates(dir.path());
  ASSERT_TRUE(certs.ok()) << certs.status();
  nianbao::config::v1::ClientTlsConfig client;
  client.set_ca_file(certs->ca);
  client.set_cert_file(certs->client_cert);
  client.set_key_file(certs->client_key);
  auto credentials = nianbao::service::MakeChannelCredentials(client);
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  env_.set_channel_credentials(*credentials);
  const std::vector<std::string> tls = {
      "--tls_cert_file=" + certs->server_cert, "--tls_key_file=" + certs->server_key,
      "--tls_client_ca_file=" + certs->ca, "--distrust_loopback_gateway"};
  std::vector<std::string> untrusted = tls;
  untrusted.push_back("--trusted_gateway_subjects=CN=some-other-gateway");
  env_.set_workflow_args(untrusted);
  NIANBAO_ASSERT_OK(env_.Start());
  EXPECT_THAT(RecordedAddress(kForwarded), StartsWith("ipv4:127.0.0.1:"));

  ASSERT_TRUE(env_.workflow().Stop().ok());
  std::vector<std::string> trusted = tls;
  trusted.push_back("--trusted_gateway_subjects=CN=some-other-gateway,CN=upper-office");
  env_.set_workflow_args(trusted);
  NIANBAO_ASSERT_OK(env_.StartWorkflow());
  // A second report year: the first one exists.
  v1::CreateReportRequest request;
  request.set_parent(std::string("agencies/") + kAgency);
  request.set_report_year(2023);
  std::unique_ptr<grpc::ClientContext> context = ContextFor("drafter");
  context->AddMetadata("x-forwarded-for", kForwarded);
  v1::Report created;
  grpc::Status status = env_.NewStub()->CreateReport(context.get(), request, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  auto audit = v1::AuditService::NewStub(env_.channel());
  v1::ListAuditEventsRequest list;
  list.set_report(created.name());
  list.set_action(v1::AUDIT_ACTION_CREATE);
  v1::ListAuditEventsResponse events;
  status = audit->ListAuditEvents(ContextFor("auditor").get(), list, &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(events.events_size(), 1);
  EXPECT_EQ(events.events(0).client_address(), kForwarded);
}

}  // namespace
}  // namespace nianbao::testing
