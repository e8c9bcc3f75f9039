// TLS between every client and both real servers: nianbao-workflowd serves TLS, nianbao-validatord
// serves mutual TLS (only clients with a certificate from the test CA get in) and workflowd calls
// it with its client certificate. Clients that speak plaintext, trust another CA or lack a required
// certificate are turned away before any token is read, and nothing is written; the CLI connects
// with --tls-ca and never sends a token in plaintext beyond loopback; a server whose TLS files are
// wrong does not start, and says which file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "google/rpc/error_details.pb.h"
#include "nianbao/v1/audit.grpc.pb.h"
#include "nianbao/v1/validation.grpc.pb.h"
#include "services/common/tls_credentials.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_certificates.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;
using ::testing::HasSubstr;
using ::testing::Not;

std::shared_ptr<grpc::ChannelCredentials> ClientCredentials(const std::string& ca,
                                                            const std::string& cert = "",
                                                            const std::string& key = "") {
  nianbao::config::v1::ClientTlsConfig config;
  config.set_ca_file(ca);
  config.set_cert_file(cert);
  config.set_key_file(key);
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      nianbao::service::MakeChannelCredentials(config);
  EXPECT_TRUE(credentials.ok()) << credentials.status();
  return credentials.ok() ? *credentials : grpc::InsecureChannelCredentials();
}

class TransportSecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<TestCertificates> certs = MakeTestCertificates(dir_.path());
    ASSERT_TRUE(certs.ok()) << certs.status();
    certs_ = *certs;
    env_.set_validation_args({"--tls_cert_file=" + certs_.server_cert,
                              "--tls_key_file=" + certs_.server_key,
                              "--tls_client_ca_file=" + certs_.ca});
    env_.set_workflow_args(WorkflowTlsArgs(/*with_client_certificate=*/true));
    env_.set_channel_credentials(ClientCredentials(certs_.ca));
    NIANBAO_ASSERT_OK(env_.Start());
  }

  std::vector<std::string> WorkflowTlsArgs(bool with_client_certificate) const {
    std::vector<std::string> args = {"--tls_cert_file=" + certs_.server_cert,
                                     "--tls_key_file=" + certs_.server_key,
                                     "--validation_tls_ca_file=" + certs_.ca};
    if (with_client_certificate) {
      args.push_back("--validation_tls_cert_file=" + certs_.client_cert);
      args.push_back("--validation_tls_key_file=" + certs_.client_key);
    }
    return args;
  }

  grpc::Status Create(v1::WorkflowService::Stub& stub, v1::Report* response) {
    v1::CreateReportRequest request;
    request.set_parent(std::string("agencies/") + kAgency);
    request.set_report_year(2024);
    *request.mutable_content() = SeedContent();
    return stub.CreateReport(ContextFor("drafter").get(), request, response);
  }

  // Submits, acknowledging the warnings validation reports: the first answer can only carry them
  // when workflowd reached validatord.
  grpc::Status Submit(const std::string& name, v1::SubmitReportResponse* response) {
    v1::SubmitReportRequest request;
    request.set_name(name);
    grpc::Status status =
        env_.NewStub()->SubmitReport(ContextFor("drafter").get(), request, response);
    if (status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) return status;
    const google::rpc::Status details = RpcStatus(status);
    for (const google::protobuf::Any& detail : details.details()) {
      google::rpc::PreconditionFailure failure;
      if (!detail.UnpackTo(&failure)) continue;
      for (const auto& violation : failure.violations()) {
        EXPECT_EQ(violation.type(), "WARNING_NOT_ACKNOWLEDGED") << violation.description();
        request.add_acknowledged_warnings(violation.subject());
      }
    }
    return env_.NewStub()->SubmitReport(ContextFor("drafter").get(), request, response);
  }

  int ReportCount() {
    v1::ListReportsRequest request;
    request.set_parent(std::string("agencies/") + kAgency);
    v1::ListReportsResponse response;
    grpc::Status status =
        env_.NewStub()->ListReports(ContextFor("reader").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.reports_size();
  }

  CommandResult Cli(std::vector<std::string> args, std::vector<std::string> environment = {}) {
    args.insert(args.begin(), BinDir() + "/nianbao");
    environment.insert(environment.begin(), "NIANBAO_TOKEN=reader-token");  // later ones win
    return RunCommand(args, "", environment);
  }

  TempDir dir_;
  TestCertificates certs_;
  WorkflowTestEnv env_;
};

TEST_F(TransportSecurityTest, TheChainRunsOverTlsAndValidationOverMutualTls) {
  v1::Report created;
  grpc::Status status = Create(*env_.NewStub(), &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::SubmitReportResponse submitted;
  status = Submit(created.name(), &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(submitted.report().state(), v1::REPORT_STATE_IN_REVIEW);
  EXPECT_THAT(env_.workflow().Log(), HasSubstr("TLS)"));
}

TEST_F(TransportSecurityTest, PlaintextAndUntrustingClientsAreTurnedAwayAndNothingIsWritten) {
  const std::string address = env_.workflow().address();
  for (const auto& credentials :
       {grpc::InsecureChannelCredentials(), ClientCredentials(certs_.other_ca)}) {
    auto stub = v1::WorkflowService::NewStub(grpc::CreateChannel(address, credentials));
    v1::Report response;
    EXPECT_EQ(Create(*stub, &response).error_code(), grpc::StatusCode::UNAVAILABLE);
  }
  EXPECT_EQ(ReportCount(), 0);
}

TEST_F(TransportSecurityTest, MutualTlsServerAdmitsOnlyClientsWithACertificate) {
  v1::ValidateRequest request;
  *request.mutable_report() = SeedContent();
  const std::string address = env_.validation().address();
  auto without =
      v1::ValidationService::NewStub(grpc::CreateChannel(address, ClientCredentials(certs_.ca)));
  v1::ValidateResponse response;
  grpc::ClientContext refused_context;
  EXPECT_EQ(without->Validate(&refused_context, request, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  auto with = v1::ValidationService::NewStub(grpc::CreateChannel(
      address, ClientCredentials(certs_.ca, certs_.client_cert, certs_.client_key)));
  grpc::ClientContext context;
  grpc::Status status = with->Validate(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

// Over mutual TLS the audit trail names the system (its certificate) beside the principal (its
// token); a call without a client certificate does not get in at all.
TEST_F(TransportSecurityTest, MutualTlsCallersAreNamedInTheAuditTrail) {
  ASSERT_TRUE(env_.workflow().Stop().ok());
  std::vector<std::string> args = WorkflowTlsArgs(/*with_client_certificate=*/true);
  args.push_back("--tls_client_ca_file=" + certs_.ca);
  env_.set_workflow_args(args);
  NIANBAO_ASSERT_OK(env_.StartWorkflow());
  v1::Report created;
  EXPECT_EQ(Create(*env_.NewStub(), &created).error_code(), grpc::StatusCode::UNAVAILABLE);
  env_.set_channel_credentials(ClientCredentials(certs_.ca, certs_.client_cert, certs_.client_key));
  grpc::Status status = Create(*env_.NewStub(), &created);
  ASSERT_TRUE(status.ok()) << status.error_message();

  auto audit = v1::AuditService::NewStub(env_.channel());
  v1::ListAuditEventsRequest request;
  request.set_report(created.name());
  v1::ListAuditEventsResponse response;
  status = audit->ListAuditEvents(ContextFor("auditor").get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_GE(response.events_size(), 1);
  const v1::AuditEvent& create = response.events(0);
  EXPECT_EQ(create.action(), v1::AUDIT_ACTION_CREATE);
  EXPECT_EQ(create.actor(), "drafter");
  EXPECT_THAT(create.client_certificate(), HasSubstr("CN=upper-office"));
  // The chain, which covers the new field, still verifies.
  v1::VerifyChainRequest verify;
  verify.set_report(created.name());
  v1::VerifyChainResponse verified;
  status = audit->VerifyChain(ContextFor("auditor").get(), verify, &verified);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(verified.intact()) << verified.ShortDebugString();
  EXPECT_GE(verified.events_verified(), 2);
  // The auditor's own listing was recorded as a read, with the same certificate.
  request.set_action(v1::AUDIT_ACTION_READ);
  status = audit->ListAuditEvents(ContextFor("auditor").get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_GE(response.events_size(), 1);
  EXPECT_EQ(response.events(0).actor(), "auditor");
  EXPECT_THAT(response.events(0).client_certificate(), HasSubstr("CN=upper-office"));
}

TEST_F(TransportSecurityTest, SubmitIsUnavailableWhenValidatordRefusesWorkflowdAndTheDraftStays) {
  ASSERT_TRUE(env_.workflow().Stop().ok());
  env_.set_workflow_args(WorkflowTlsArgs(/*with_client_certificate=*/false));
  NIANBAO_ASSERT_OK(env_.StartWorkflow());
  v1::Report created;
  ASSERT_TRUE(Create(*env_.NewStub(), &created).ok());
  v1::SubmitReportRequest request;
  request.set_name(created.name());
  v1::SubmitReportResponse response;
  grpc::Status status =
      env_.NewStub()->SubmitReport(ContextFor("drafter").get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  v1::GetReportRequest get;
  get.set_name(created.name());
  v1::Report current;
  ASSERT_TRUE(env_.NewStub()->GetReport(ContextFor("reader").get(), get, &current).ok());
  EXPECT_EQ(current.state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(current.etag(), created.etag());
}

TEST_F(TransportSecurityTest, CliConnectsWithTheCaFromAnOptionOrTheEnvironment) {
  const std::string server = "--server=" + env_.workflow().address();
  const std::string agency = std::string("--agency=") + kAgency;
  CommandResult listed = Cli({"report", "list", server, agency, "--tls-ca", certs_.ca});
  EXPECT_EQ(listed.exit_code, 0) << listed.out << listed.err;
  CommandResult from_environment =
      Cli({"report", "list", server, agency}, {"NIANBAO_TLS_CA=" + certs_.ca});
  EXPECT_EQ(from_environment.exit_code, 0) << from_environment.out << from_environment.err;
  CommandResult audit = Cli({"audit", "list", server, agency, "--tls-ca=" + certs_.ca},
                            {"NIANBAO_TOKEN=auditor-token"});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
  // The validation server wants a client certificate as well.
  CommandResult validated =
      Cli({"validate", FixturesDir() + "/reports/2024_jianshan-jiaotiju.txt",
           "--server=" + env_.validation().address(), "--tls-ca=" + certs_.ca,
           "--tls-cert=" + certs_.client_cert, "--tls-key=" + certs_.client_key});
  EXPECT_EQ(validated.exit_code, 0) << validated.out << validated.err;
  // Plaintext to a TLS server fails as unreachable (exit 1), not as a usage error.
  CommandResult plaintext = Cli({"report", "list", server, agency});
  EXPECT_EQ(plaintext.exit_code, 1) << plaintext.out << plaintext.err;
  EXPECT_THAT(plaintext.err, HasSubstr("gRPC 14"));
  EXPECT_THAT(plaintext.err, HasSubstr("服务器若启用 TLS，请加 --tls-ca"));
}

TEST_F(TransportSecurityTest, CliNeverSendsATokenInPlaintextBeyondLoopback) {
  // 192.0.2.0/24 is reserved for documentation: were anything sent, it would hang, not fail fast.
  for (const char* command : {"report", "audit"}) {
    CommandResult refused = Cli({command, "list", "--server=192.0.2.1:7402"});
    EXPECT_EQ(refused.exit_code, 2) << command << ": " << refused.err;
    EXPECT_THAT(refused.err, HasSubstr("--tls-ca")) << command;
    EXPECT_THAT(refused.err, HasSubstr("拒绝以明文")) << command;
    EXPECT_THAT(refused.err + refused.out, Not(HasSubstr("reader-token")));
  }
  CommandResult missing_file = Cli({"report", "list", "--server=" + env_.workflow().address(),
                                    "--tls-ca=" + dir_.File("nowhere.pem")});
  EXPECT_EQ(missing_file.exit_code, 2);
  EXPECT_THAT(missing_file.err, HasSubstr(dir_.File("nowhere.pem")));
  CommandResult no_value = Cli({"report", "list", "--server=127.0.0.1:1", "--tls-ca"});
  EXPECT_EQ(no_value.exit_code, 2);
  EXPECT_THAT(no_value.err, HasSubstr("--tls-ca"));
}

// A wrong TLS setting is a configuration error (exit 2) found before anything is created: a
// workflowd refused for it leaves no data directory and no audit signing key behind.
TEST_F(TransportSecurityTest, ServersWithWrongTlsFilesDoNotStartAndNameTheFile) {
  const std::string validatord = BinDir() + "/nianbao-validatord";
  CommandResult mismatched =
      RunCommand({validatord, "--listen=127.0.0.1:0", "--tls_cert_file=" + certs_.server_cert,
                  "--tls_key_file=" + certs_.client_key});
  EXPECT_EQ(mismatched.exit_code, 2);
  EXPECT_THAT(mismatched.err, HasSubstr(certs_.client_key));
  EXPECT_THAT(mismatched.err, HasSubstr("不匹配"));
  CommandResult key_only =
      RunCommand({validatord, "--listen=127.0.0.1:0", "--tls_key_file=" + certs_.server_key});
  EXPECT_EQ(key_only.exit_code, 2);
  EXPECT_THAT(key_only.err, HasSubstr("tls.cert_file"));

  const std::string fresh_data = dir_.File("never-created");
  auto workflowd = [&](const std::string& tls_flag) {
    return RunCommand({BinDir() + "/nianbao-workflowd", "--listen=127.0.0.1:0",
                       "--data_dir=" + fresh_data,
                       "--validation_address=" + env_.validation().address(),
                       "--token_file=" + env_.principals_path(), tls_flag});
  };
  CommandResult bad_validation_ca = workflowd("--validation_tls_ca_file=" + certs_.server_key);
  EXPECT_EQ(bad_validation_ca.exit_code, 2);
  EXPECT_THAT(bad_validation_ca.err, HasSubstr(certs_.server_key));
  const std::string missing = dir_.File("missing.pem");
  CommandResult missing_cert = workflowd("--tls_cert_file=" + missing);
  EXPECT_EQ(missing_cert.exit_code, 2);
  EXPECT_THAT(missing_cert.err, HasSubstr("tls.key_file"));
  CommandResult unreadable_cert = workflowd("--tls_client_ca_file=" + missing);
  EXPECT_EQ(unreadable_cert.exit_code, 2);
  EXPECT_THAT(unreadable_cert.err, HasSubstr("tls.cert_file"));
  EXPECT_FALSE(std::filesystem::exists(fresh_data)) << "workflowd created its data directory";
}

}  // namespace
}  // namespace nianbao::testing
