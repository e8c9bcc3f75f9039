#include "tests/integration/workflow/workflow_test_env.h"

#include <gtest/gtest.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "services/codec/codec.h"
#include "services/common/grpc_status.h"
#include "workflow/principals.h"

namespace nianbao::testing {
namespace {

struct TestUser {
  const char* name;
  const char* agency;
  std::vector<const char*> roles;
};

std::string PrincipalsText() {
  const std::vector<TestUser> users = {
      {"drafter", kAgency, {"ROLE_DRAFTER"}},
      {"drafter2", kAgency, {"ROLE_DRAFTER", "ROLE_APPROVER"}},
      {"reviewer", kAgency, {"ROLE_REVIEWER"}},
      {"approver", kAgency, {"ROLE_APPROVER"}},
      {"publisher", kAgency, {"ROLE_PUBLISHER"}},
      {"reader", kAgency, {"ROLE_READER"}},
      {"auditor", kAgency, {"ROLE_AUDITOR"}},
      {"outsider", kOtherAgency, {"ROLE_DRAFTER", "ROLE_REVIEWER", "ROLE_APPROVER"}},
      {"central", "*", {"ROLE_CENTRAL_AUDITOR"}},
      {"admin", "*", {"ROLE_ADMIN"}},
  };
  std::string text;
  for (const TestUser& user : users) {
    absl::StrAppend(&text, "principals {\n  name: \"", user.name, "\"\n  token_sha256: \"",
                    nianbao::workflow::TokenDigestHex(absl::StrCat(user.name, "-token")),
                    "\"\n  role_bindings {\n    agency_id: \"", user.agency, "\"\n");
    for (const char* role : user.roles) absl::StrAppend(&text, "    roles: ", role, "\n");
    absl::StrAppend(&text, "  }\n}\n");
  }
  return text;
}

std::string AgenciesText() {
  return absl::StrCat("agencies { agency_id: \"", kAgency, "\" name: \"", kAgencyName,
                      "\" kind: AGENCY_KIND_DEPARTMENT }\n", "agencies { agency_id: \"",
                      kOtherAgency, "\" name: \"", kOtherAgencyName,
                      "\" kind: AGENCY_KIND_DEPARTMENT }\n");
}

}  // namespace

WorkflowTestEnv::WorkflowTestEnv()
    : data_dir_(dir_.File("data")),
      principals_path_(dir_.File("principals.textproto")),
      agencies_path_(dir_.File("agencies.textproto")) {
  WriteFileOrDie(principals_path_, PrincipalsText());
  WriteFileOrDie(agencies_path_, AgenciesText());
}

absl::Status WorkflowTestEnv::Start() {
  if (absl::Status s = StartValidation(); !s.ok()) return s;
  return StartWorkflow();
}

absl::Status WorkflowTestEnv::StartValidation() {
  absl::Status s = validation_.Start(BinDir() + "/nianbao-validatord", validation_args_,
                                     dir_.File("validatord.port"));
  if (s.ok()) validation_address_ = validation_.address();
  return s;
}

absl::Status WorkflowTestEnv::StartWorkflow() {
  std::vector<std::string> args = {
      "--data_dir=" + data_dir_, "--validation_address=" + validation_address_,
      "--token_file=" + principals_path_, "--agencies_file=" + agencies_path_};
  args.insert(args.end(), workflow_args_.begin(), workflow_args_.end());
  return workflow_.Start(BinDir() + "/nianbao-workflowd", args, dir_.File("workflowd.port"));
}

std::shared_ptr<grpc::Channel> WorkflowTestEnv::channel() const {
  return grpc::CreateChannel(workflow_.address(), channel_credentials_);
}

std::unique_ptr<nianbao::v1::WorkflowService::Stub> WorkflowTestEnv::NewStub() const {
  return nianbao::v1::WorkflowService::NewStub(channel());
}

std::unique_ptr<grpc::ClientContext> ContextFor(const std::string& user) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!user.empty()) context->AddMetadata("authorization", "Bearer " + user + "-token");
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return context;
}

google::rpc::Status RpcStatus(const grpc::Status& status) {
  return nianbao::service::RpcStatusFromGrpc(status);
}

namespace {
nianbao::v1::AnnualReport ImportFixture(const std::string& file) {
  auto content = nianbao::codec::ImportReportFile(FixturesDir() + "/reports/" + file);
  EXPECT_TRUE(content.ok()) << content.status();
  return content.ok() ? *content : nianbao::v1::AnnualReport();
}
}  // namespace

nianbao::v1::AnnualReport SeedContent() { return ImportFixture("2024_jianshan-jiaotiju.txt"); }
nianbao::v1::AnnualReport FaultyContent() {
  nianbao::v1::AnnualReport content = ImportFixture("2023_shuyang-fagaiju.txt");
  content.mutable_metadata()->set_agency_name(kAgencyName);
  content.mutable_metadata()->set_agency_kind(nianbao::v1::AGENCY_KIND_DEPARTMENT);
  return content;
}

std::string ReportNameOf(const std::string& agency, int year) {
  return absl::StrCat("agencies/", agency, "/reports/", year);
}

}  // namespace nianbao::testing
