// `nianbao report` against both real servers: the chain through the CLI, JSON output for scripts,
// and exit codes 0 (done), 1 (refused by the server) and 2 (wrong usage).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"

namespace nianbao::testing {
namespace {

using ::testing::HasSubstr;

class ReportCliTest : public ::testing::Test {
 protected:
  void SetUp() override { NIANBAO_ASSERT_OK(env_.Start()); }

  CommandResult Report(const std::string& user, std::vector<std::string> args) {
    std::vector<std::string> argv = {BinDir() + "/nianbao", "report"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--server=" + env_.workflow().address());
    return RunCommand(argv, "", {"NIANBAO_TOKEN=" + user + "-token"});
  }

  WorkflowTestEnv env_;
};

TEST_F(ReportCliTest, TakesAReportThroughTheChain) {
  const std::string name = ReportNameOf(kAgency, 2024);
  CommandResult created =
      Report("drafter", {"create", std::string("--agency=") + kAgency, "--year=2024",
                         "--file=" + FixturesDir() + "/reports/2024_jianshan-jiaotiju.txt"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_THAT(created.out, HasSubstr("草稿"));
  EXPECT_THAT(created.out, HasSubstr(name));

  // Without acknowledging the warnings the server refuses (exit 1) and lists their codes.
  CommandResult refused = Report("drafter", {"submit", name});
  ASSERT_EQ(refused.exit_code, 1) << refused.out;
  std::vector<std::string> codes;
  for (absl::string_view line : absl::StrSplit(refused.err, '\n')) {
    if (absl::ConsumePrefix(&line, "  WARNING_NOT_ACKNOWLEDGED ")) {
      codes.emplace_back(line.substr(0, line.find(':')));
    }
  }
  ASSERT_FALSE(codes.empty()) << refused.err;
  CommandResult submitted =
      Report("drafter", {"submit", name, "--ack=" + absl::StrJoin(codes, ",")});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  EXPECT_THAT(submitted.out, HasSubstr("审核中"));

  CommandResult rejected = Report("reviewer", {"reject", name});
  EXPECT_EQ(rejected.exit_code, 1);
  EXPECT_THAT(rejected.err, HasSubstr("reason"));
  ASSERT_EQ(Report("reviewer", {"reject", name, "--reason=请补充联系方式"}).exit_code, 0);
  ASSERT_EQ(Report("drafter", {"submit", name, "--ack=" + absl::StrJoin(codes, ",")}).exit_code, 0);
  ASSERT_EQ(Report("approver", {"approve", name, "--comment=同意"}).exit_code, 0);
  CommandResult published = Report("publisher", {"publish", name});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_THAT(published.out, HasSubstr("已发布"));

  CommandResult json = Report("reader", {"get", name, "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"state\":\"REPORT_STATE_PUBLISHED\""));
  CommandResult listed =
      Report("reader", {"list", std::string("--agency=") + kAgency, "--state=published"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr(name));
  CommandResult revisions = Report("reader", {"revisions", name});
  ASSERT_EQ(revisions.exit_code, 0) << revisions.err;
  // The rejected submission stays frozen as revision 1; the resubmission is revision 2.
  EXPECT_THAT(revisions.out, HasSubstr("/revisions/1\t已提交"));
  EXPECT_THAT(revisions.out, HasSubstr("/revisions/2\t已发布"));
  EXPECT_THAT(revisions.out, ::testing::Not(HasSubstr("@")));
  // One revision read as a resource, as the portal would.
  CommandResult revision_two = Report("reader", {"get", name, "--revision=2", "--json"});
  ASSERT_EQ(revision_two.exit_code, 0) << revision_two.err;
  EXPECT_THAT(revision_two.out, HasSubstr("\"name\":\"" + name + "/revisions/2\""));
  EXPECT_THAT(revision_two.out, HasSubstr("\"kind\":\"REVISION_KIND_PUBLISHED\""));
  CommandResult missing = Report("reader", {"get", name, "--revision=7"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.err, HasSubstr(name + "/revisions/7"));
  // The NOT_FOUND's ResourceInfo is printed as the resource that does not exist.
  EXPECT_THAT(missing.err, HasSubstr("不存在 not found: " + name + "/revisions/7"));
  EXPECT_THAT(missing.err, ::testing::Not(HasSubstr("已存在")));
}

// A refusal is printed for a person: the code, the Chinese message the server sent with the
// English one, and the details (here the report that already exists).
TEST_F(ReportCliTest, RefusalNamesTheExistingReportInChinese) {
  const std::vector<std::string> create = {
      "create", std::string("--agency=") + kAgency, "--year=2024",
      "--file=" + FixturesDir() + "/reports/2024_jianshan-jiaotiju.txt"};
  ASSERT_EQ(Report("drafter", create).exit_code, 0);
  CommandResult again = Report("drafter", create);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("nianbao report: 失败 failed (gRPC 6)"));  // ALREADY_EXISTS
  EXPECT_THAT(again.err, HasSubstr("已存在 existing: " + ReportNameOf(kAgency, 2024)));
  EXPECT_THAT(again.err, HasSubstr("该机关该年度的报告已存在"));
}

TEST_F(ReportCliTest, WrongUsageExitsTwoAndRefusalsExitOne) {
  EXPECT_EQ(Report("drafter", {"frobnicate"}).exit_code, 2);
  EXPECT_EQ(Report("drafter", {"get"}).exit_code, 2);
  EXPECT_EQ(Report("drafter", {"list", "--colour=blue"}).exit_code, 2);
  EXPECT_EQ(Report("drafter", {"list", "--state=finished"}).exit_code, 2);
  CommandResult no_token = RunCommand(
      {BinDir() + "/nianbao", "report", "list", "--server=" + env_.workflow().address()});
  EXPECT_EQ(no_token.exit_code, 2);
  EXPECT_THAT(no_token.err, HasSubstr("NIANBAO_TOKEN"));
  CommandResult bad_token = Report("nobody", {"list"});
  EXPECT_EQ(bad_token.exit_code, 1);
  EXPECT_THAT(bad_token.err, HasSubstr("gRPC 16"));
  CommandResult missing = Report("reader", {"get", ReportNameOf(kAgency, 2030)});
  EXPECT_EQ(missing.exit_code, 1);
}

}  // namespace
}  // namespace nianbao::testing
