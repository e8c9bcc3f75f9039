// The agency registry and the principals file reloaded with SIGHUP in the real nianbao-workflowd:
// calls running across reloads do not fail, a new agency is served after one (GetAgency, a subtree,
// an office's filing status), a bad file (cycle, unknown parent, unparsable, an agency the
// principals still bind) leaves the registry in force, the server serving and the reason in the
// log, and a new principals file revokes and grants tokens.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nianbao/v1/agency.grpc.pb.h"
#include "nianbao/v1/office.grpc.pb.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"
#include "workflow/principals.h"

namespace nianbao::testing {
namespace {

namespace v1 = nianbao::v1;
using ::testing::HasSubstr;

// 宿迁市 > 沭阳县 > kOtherAgency; kAgency alone at the top (the test principals bind both).
std::string Registry(const std::string& more = "") {
  return absl::StrCat(
      R"(agencies { agency_id: "suqian-shi" name: "宿迁市人民政府" kind: AGENCY_KIND_GOVERNMENT }
         agencies { agency_id: "shuyang-xian" name: "沭阳县人民政府" kind: AGENCY_KIND_GOVERNMENT
                    parent_agency_id: "suqian-shi" }
         agencies { agency_id: ")",
      kOtherAgency, R"(" name: ")", kOtherAgencyName,
      R"(" kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "shuyang-xian" }
         agencies { agency_id: ")",
      kAgency, R"(" name: ")", kAgencyName, R"(" kind: AGENCY_KIND_DEPARTMENT }
)",
      more);
}

constexpr char kNewDepartment[] =
    R"(agencies { agency_id: "shuyang-jiaoyuju" name: "沭阳县教育局" kind: AGENCY_KIND_DEPARTMENT
                  parent_agency_id: "shuyang-xian" })";

class AgencyReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFileOrDie(env_.agencies_path(), Registry());
    // The test users, and the city's office.
    WriteFileOrDie(env_.principals_path(),
                   absl::StrCat(ReadFileOrDie(env_.principals_path()),
                                "principals { name: \"office\" token_sha256: \"",
                                workflow::TokenDigestHex("office-token"),
                                "\" role_bindings { agency_id: \"suqian-shi\" roles: "
                                "ROLE_SUPERVISOR } }\n"));
    // No report is submitted here: workflowd alone, with a validator address it never calls.
    env_.set_workflow_args({"--validation_address=127.0.0.1:1"});
    ASSERT_THAT(env_.StartWorkflow(), IsOk());
    agencies_ = v1::AgencyService::NewStub(env_.channel());
    office_ = v1::OfficeService::NewStub(env_.channel());
  }

  // Rewrites the registry file, sends SIGHUP and waits for workflowd's log line about it; returns
  // that line.
  std::string Reload(const std::string& text) {
    WriteFileOrDie(env_.agencies_path(), text);
    return Sighup();
  }

  // Sends SIGHUP and waits for workflowd's log line about it; returns that line.
  std::string Sighup() {
    const size_t before = SighupLines().size();
    EXPECT_EQ(kill(env_.workflow().pid(), SIGHUP), 0);
    for (int i = 0; i < 1000; ++i) {
      const std::vector<std::string> lines = SighupLines();
      if (lines.size() > before) return lines.back();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "no SIGHUP line in the log:\n" << env_.workflow().Log();
    return "";
  }

  std::vector<std::string> SighupLines() {
    std::vector<std::string> lines;
    for (absl::string_view line : absl::StrSplit(env_.workflow().Log(), '\n')) {
      if (absl::StartsWith(line, "SIGHUP")) lines.emplace_back(line);
    }
    return lines;
  }

  grpc::Status GetAgency(const std::string& id, const std::string& user = "reader") {
    v1::GetAgencyRequest request;
    request.set_name("agencies/" + id);
    v1::Agency agency;
    return agencies_->GetAgency(ContextFor(user).get(), request, &agency);
  }

  // The ids ListAgencies gives for a subtree (empty on error, which the test reports).
  std::vector<std::string> Subtree(const std::string& id) {
    v1::ListAgenciesRequest request;
    request.set_subtree("agencies/" + id);
    v1::ListAgenciesResponse response;
    const grpc::Status status =
        agencies_->ListAgencies(ContextFor("reader").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> ids;
    for (const v1::Agency& agency : response.agencies()) ids.push_back(agency.agency_id());
    return ids;
  }

  grpc::Status FilingStatus(const std::string& user, v1::GetFilingStatusResponse* response) {
    v1::GetFilingStatusRequest request;
    request.set_parent("agencies/suqian-shi");
    request.set_report_year(2024);
    return office_->GetFilingStatus(ContextFor(user).get(), request, response);
  }

  WorkflowTestEnv env_;
  std::unique_ptr<v1::AgencyService::Stub> agencies_;
  std::unique_ptr<v1::OfficeService::Stub> office_;
};

// One server for both (a start under ASan costs more than the reloads): bad files first.
TEST_F(AgencyReloadTest, BadFilesAreRefusedWithTheReasonThenANewAgencyIsServed) {
  EXPECT_THAT(env_.workflow().Log(), HasSubstr("版本 1，4 个机关"));
  EXPECT_EQ(GetAgency("shuyang-jiaoyuju").error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(Subtree("shuyang-xian"), ::testing::ElementsAre("shuyang-fagaiju", "shuyang-xian"));
  v1::GetFilingStatusResponse status;
  ASSERT_TRUE(FilingStatus("office", &status).ok());
  EXPECT_EQ(status.agencies_size(), 3);

  struct Case {
    std::string text;
    std::vector<std::string> says;
  };
  const std::vector<Case> cases = {
      {absl::StrCat(Registry(), R"(agencies { agency_id: "a" name: "甲" kind: AGENCY_KIND_GOVERNMENT
                                              parent_agency_id: "b" }
                                   agencies { agency_id: "b" name: "乙" kind: AGENCY_KIND_GOVERNMENT
                                              parent_agency_id: "a" })"),
       {"上级机关关系成环", "parent_agency_id"}},
      {Registry(R"(agencies { agency_id: "a" name: "甲" kind: AGENCY_KIND_DEPARTMENT
                              parent_agency_id: "nowhere" })"),
       {"nowhere", "agencies[4].parent_agency_id"}},
      {"agencies { agency_id: ", {"line 1"}},
      // kOtherAgency left out, while the principal "outsider" holds roles for it.
      {absl::StrCat(R"(agencies { agency_id: ")", kAgency, R"(" name: ")", kAgencyName,
                    R"(" kind: AGENCY_KIND_DEPARTMENT })"),
       {"outsider", kOtherAgency}},
  };
  for (const Case& c : cases) {
    const std::string line = Reload(c.text);
    EXPECT_THAT(line, HasSubstr(env_.agencies_path())) << c.text;
    EXPECT_THAT(line, HasSubstr("未重新加载")) << c.text;
    EXPECT_THAT(line, HasSubstr("版本 1，4 个机关")) << c.text;  // what stays in force
    for (const std::string& reason : c.says) EXPECT_THAT(line, HasSubstr(reason)) << c.text;
    const grpc::Status kept = GetAgency(kOtherAgency);
    EXPECT_TRUE(kept.ok()) << kept.error_message();
    EXPECT_EQ(GetAgency("a").error_code(), grpc::StatusCode::NOT_FOUND);
  }
  EXPECT_TRUE(env_.workflow().running());

  // Then a good file: the new department is served at once, to every reader of the registry.
  const std::string reloaded = Reload(Registry(kNewDepartment));
  EXPECT_THAT(reloaded, HasSubstr("已重新加载机关登记"));
  EXPECT_THAT(reloaded, HasSubstr("版本 2，5 个机关"));
  const grpc::Status got = GetAgency("shuyang-jiaoyuju");
  EXPECT_TRUE(got.ok()) << got.error_message();
  EXPECT_THAT(Subtree("shuyang-xian"),
              ::testing::ElementsAre("shuyang-fagaiju", "shuyang-jiaoyuju", "shuyang-xian"));
  ASSERT_TRUE(FilingStatus("office", &status).ok());
  EXPECT_EQ(status.agencies_size(), 4);  // the city's office sees the new department at once

  // The principals file is read with the registry: one that binds an unregistered agency is
  // refused (both files in force stay); then "outsider" removed and "newcomer" added.
  auto principal = [](const std::string& name, const std::string& agency, const char* role) {
    return absl::StrCat("principals { name: \"", name, "\" token_sha256: \"",
                        workflow::TokenDigestHex(name + "-token"),
                        "\" role_bindings { agency_id: \"", agency, "\" roles: ", role, " } }\n");
  };
  const std::string kept = absl::StrCat(principal("reader", kAgency, "ROLE_READER"),
                                        principal("office", "suqian-shi", "ROLE_SUPERVISOR"));
  WriteFileOrDie(env_.principals_path(),
                 absl::StrCat(kept, principal("newcomer", "nowhere", "ROLE_READER")));
  const std::string refused = Sighup();
  EXPECT_THAT(refused, HasSubstr("用户配置亦未重新加载"));
  EXPECT_THAT(refused, HasSubstr("nowhere"));
  EXPECT_THAT(refused, HasSubstr("版本 2，5 个机关"));
  EXPECT_TRUE(GetAgency(kAgency, "outsider").ok());
  EXPECT_EQ(GetAgency(kAgency, "newcomer").error_code(), grpc::StatusCode::UNAUTHENTICATED);

  WriteFileOrDie(env_.principals_path(),
                 absl::StrCat(kept, principal("newcomer", "shuyang-jiaoyuju", "ROLE_READER")));
  EXPECT_THAT(Sighup(), HasSubstr("已重新加载用户配置"));
  EXPECT_EQ(GetAgency(kAgency, "outsider").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  const grpc::Status granted = GetAgency(kAgency, "newcomer");
  EXPECT_TRUE(granted.ok()) << granted.error_message();
  EXPECT_TRUE(GetAgency(kAgency, "reader").ok());
}

// Threads call the registry's readers while the file is rewritten and SIGHUP sent several times:
// not one call fails, and each answers from a whole registry (the old or the new).
TEST_F(AgencyReloadTest, CallsRunningAcrossReloadsDoNotFail) {
  std::atomic<bool> stop{false};
  std::atomic<int> calls{0}, failures{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 3; ++t) {
    callers.emplace_back([&, t] {
      while (!stop) {
        grpc::Status status;
        bool whole = true;
        if (t == 0) {
          v1::ListAgenciesResponse page;
          status =
              agencies_->ListAgencies(ContextFor("reader").get(), v1::ListAgenciesRequest(), &page);
          whole = page.agencies_size() == 4 || page.agencies_size() == 5;
        } else if (t == 1) {
          status = GetAgency("shuyang-xian");
        } else {
          v1::GetFilingStatusResponse response;
          status = FilingStatus("office", &response);
          whole = response.agencies_size() == 3 || response.agencies_size() == 4;
        }
        if (!status.ok() || !whole) {
          ++failures;
          ADD_FAILURE() << t << ": " << status.error_message();
        }
        ++calls;
      }
    });
  }
  for (int i = 0; i < 6; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_THAT(Reload(i % 2 == 0 ? Registry(kNewDepartment) : Registry()),
                HasSubstr("已重新加载机关登记"));
  }
  stop = true;
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GT(calls, 6);
  EXPECT_THAT(SighupLines().back(), HasSubstr("版本 7"));
}

}  // namespace
}  // namespace nianbao::testing
