// Both real servers for workflow end-to-end tests: nianbao-validatord and nianbao-workflowd on
// loopback over a temporary data directory, with a principals file of test users, and clients that
// send their bearer token.
#ifndef NIANBAO_TESTS_INTEGRATION_WORKFLOW_WORKFLOW_TEST_ENV_H_
#define NIANBAO_TESTS_INTEGRATION_WORKFLOW_WORKFLOW_TEST_ENV_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "google/rpc/status.pb.h"
#include "nianbao/v1/workflow.grpc.pb.h"
#include "tests/support/server_process.h"
#include "tests/support/test_paths.h"

namespace nianbao::testing {

// The test users. Each one's token is "<name>-token"; all act for agency kAgency except "outsider"
// (agency kOtherAgency), "central" (ROLE_CENTRAL_AUDITOR) and "admin" (ROLE_ADMIN), both bound to
// every agency ("*"). "drafter2" also holds the approver role, to prove self-approval is refused.
inline constexpr char kAgency[] = "jianshan-jiaotiju";
inline constexpr char kOtherAgency[] = "shuyang-fagaiju";
// Both are registered (the server's agencies_file) as departments under these names, the ones
// their fixtures carry.
inline constexpr char kAgencyName[] = "尖山区教体局";
inline constexpr char kOtherAgencyName[] = "沭阳县发展和改革局";

class WorkflowTestEnv {
 public:
  WorkflowTestEnv();
  // Starts both servers (validatord first). The data directory survives restarts of workflowd.
  absl::Status Start();
  absl::Status StartValidation();
  absl::Status StartWorkflow();
  ServerProcess& validation() { return validation_; }
  ServerProcess& workflow() { return workflow_; }
  const std::string& data_dir() const { return data_dir_; }
  const std::string& principals_path() const { return principals_path_; }
  const std::string& agencies_path() const { return agencies_path_; }

  // Extra command-line arguments for the next start of each server (e.g. TLS flags).
  void set_validation_args(std::vector<std::string> args) { validation_args_ = std::move(args); }
  void set_workflow_args(std::vector<std::string> args) { workflow_args_ = std::move(args); }
  // How channel() and NewStub() connect to nianbao-workflowd; plaintext by default.
  void set_channel_credentials(std::shared_ptr<grpc::ChannelCredentials> credentials) {
    channel_credentials_ = std::move(credentials);
  }

  std::unique_ptr<nianbao::v1::WorkflowService::Stub> NewStub() const;
  std::shared_ptr<grpc::Channel> channel() const;

 private:
  TempDir dir_;
  std::string data_dir_;
  std::string principals_path_;
  std::string agencies_path_;
  ServerProcess validation_;
  ServerProcess workflow_;
  std::string validation_address_;
  std::vector<std::string> validation_args_;
  std::vector<std::string> workflow_args_;
  std::shared_ptr<grpc::ChannelCredentials> channel_credentials_ =
      grpc::InsecureChannelCredentials();
};

// A ClientContext carrying "authorization: Bearer <user>-token" (no header when user is empty) and
// a 30 s deadline.
std::unique_ptr<grpc::ClientContext> ContextFor(const std::string& user);

// The decoded google.rpc.Status of a failed call.
google::rpc::Status RpcStatus(const grpc::Status& status);

// The seed report content: the jianshan-jiaotiju 2024 fixture (no validation errors), imported.
nianbao::v1::AnnualReport SeedContent();
// A report with validation errors: the shuyang-fagaiju 2023 fixture's tables and text (blank
// table cells), under kAgency's registered name, so that it can be submitted for kAgency.
nianbao::v1::AnnualReport FaultyContent();

// "agencies/<agency>/reports/<year>".
std::string ReportNameOf(const std::string& agency, int year);

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_INTEGRATION_WORKFLOW_WORKFLOW_TEST_ENV_H_
