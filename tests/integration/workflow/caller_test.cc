// AgencyService.GetCaller against the real nianbao-workflowd: each kind of principal (several
// agencies, every agency, a supervisor, no display name) learns its
// name and role bindings; no token, a token no one holds and a header without the Bearer scheme
// are UNAUTHENTICATED with a message saying which.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nianbao/v1/agency.grpc.pb.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"
#include "workflow/principals.h"

namespace nianbao::testing {
namespace {

namespace v1 = nianbao::v1;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Principals of every kind; the token of each is "<name>-token", as ContextFor sends it.
std::string PrincipalsText() {
  auto principal = [](const std::string& name, const std::string& display_name,
                      const std::string& bindings) {
    return absl::StrCat(
        "principals { name: \"", name, "\" display_name: \"", display_name, "\" token_sha256: \"",
        nianbao::workflow::TokenDigestHex(absl::StrCat(name, "-token")), "\" ", bindings, " }\n");
  };
  return absl::StrCat(
      principal("li.qicao", "李起草",
                absl::StrCat("role_bindings { agency_id: \"", kAgency,
                             "\" roles: ROLE_READER roles: ROLE_DRAFTER } "
                             "role_bindings { agency_id: \"",
                             kOtherAgency, "\" roles: ROLE_APPROVER }")),
      principal("zhou.zhongyang", "周中央",
                "role_bindings { agency_id: \"*\" roles: ROLE_CENTRAL_AUDITOR } "
                "role_bindings { agency_id: \"*\" roles: ROLE_ADMIN }"),
      principal("xu.jiandu", "徐监督",
                absl::StrCat("role_bindings { agency_id: \"", kOtherAgency,
                             "\" roles: ROLE_SUPERVISOR } role_bindings { agency_id: \"*\" "
                             "roles: ROLE_READER }")),
      principal(
          "robot", "",
          absl::StrCat("role_bindings { agency_id: \"", kAgency, "\" roles: ROLE_AUDITOR }")));
}

// "agency (display name): ROLE_A ROLE_B" per binding, for one readable comparison.
std::vector<std::string> Bindings(const v1::Caller& caller) {
  std::vector<std::string> out;
  for (const v1::CallerRoleBinding& binding : caller.role_bindings()) {
    std::vector<std::string> roles;
    for (int role : binding.roles()) roles.push_back(v1::Role_Name(role));
    out.push_back(absl::StrCat(binding.agency(), " (", binding.agency_display_name(),
                               "): ", absl::StrJoin(roles, " ")));
  }
  return out;
}

class CallerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFileOrDie(env_.principals_path(), PrincipalsText());
    NIANBAO_ASSERT_OK(env_.Start());
    stub_ = v1::AgencyService::NewStub(env_.channel());
  }

  grpc::Status Get(const std::string& user, v1::Caller* caller) {
    caller->Clear();
    return stub_->GetCaller(ContextFor(user).get(), v1::GetCallerRequest(), caller);
  }

  WorkflowTestEnv env_;
  std::unique_ptr<v1::AgencyService::Stub> stub_;
};

TEST_F(CallerTest, EachPrincipalLearnsItsNameAndRolesPerAgency) {
  v1::Caller caller;
  grpc::Status status = Get("li.qicao", &caller);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(caller.principal(), "li.qicao");
  EXPECT_EQ(caller.display_name(), "李起草");
  // By agency id, with the registry's names (workflowd refuses to start with a binding to an
  // agency its registry does not hold).
  EXPECT_THAT(
      Bindings(caller),
      ElementsAre(
          absl::StrCat("agencies/", kAgency, " (", kAgencyName, "): ROLE_DRAFTER ROLE_READER"),
          absl::StrCat("agencies/", kOtherAgency, " (", kOtherAgencyName, "): ROLE_APPROVER")));

  // Two bindings of "*" are one entry, named with the wildcard.
  status = Get("zhou.zhongyang", &caller);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(caller.display_name(), "周中央");
  EXPECT_THAT(Bindings(caller), ElementsAre("agencies/- (): ROLE_CENTRAL_AUDITOR ROLE_ADMIN"));

  // The every-agency binding comes first.
  status = Get("xu.jiandu", &caller);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(Bindings(caller), ElementsAre("agencies/- (): ROLE_READER",
                                            absl::StrCat("agencies/", kOtherAgency, " (",
                                                         kOtherAgencyName, "): ROLE_SUPERVISOR")));

  status = Get("robot", &caller);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(caller.principal(), "robot");
  EXPECT_THAT(caller.display_name(), IsEmpty());
  EXPECT_THAT(Bindings(caller), ElementsAre(absl::StrCat("agencies/", kAgency, " (", kAgencyName,
                                                         "): ROLE_AUDITOR")));
}

TEST_F(CallerTest, NoValidTokenIsUnauthenticatedWithTheReason) {
  v1::Caller caller;
  grpc::Status status = Get("", &caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(),
              AllOf(HasSubstr("缺少身份令牌"), HasSubstr("missing bearer")));

  status = Get("nobody", &caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(),
              AllOf(HasSubstr("未提供有效的访问令牌"), HasSubstr("unknown bearer token")));
  EXPECT_THAT(caller.principal(), IsEmpty());

  grpc::ClientContext context;
  context.AddMetadata("authorization", "Basic li.qicao-token");
  status = stub_->GetCaller(&context, v1::GetCallerRequest(), &caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("Bearer"));
  EXPECT_THAT(caller.role_bindings(), IsEmpty());
}

}  // namespace
}  // namespace nianbao::testing
