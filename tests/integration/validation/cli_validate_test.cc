// `nianbao validate`: exit codes (0 no error, 1 errors or unreadable input, 2 usage), the human and
// JSON output, and the same answer in-process and through nianbao-validatord.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <string>

#include "nianbao/v1/validation.pb.h"
#include "tests/support/server_process.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/validation/report_builder.h"

namespace nianbao::validation {
namespace {

using nianbao::testing::RunCommand;
using ::testing::HasSubstr;

std::string Cli() { return nianbao::testing::BinDir() + "/nianbao"; }

std::string Fixture(const std::string& name) {
  return nianbao::testing::FixturesDir() + "/reports/" + name;
}

// A report with one table error, written as proto3 JSON (an input format the importer reads).
std::string WriteBrokenReport(const nianbao::testing::TempDir& temp) {
  nianbao::v1::AnnualReport report = nianbao::testing::CleanReport2024();
  report.mutable_applications()
      ->mutable_table()
      ->mutable_carried_forward()
      ->mutable_total()
      ->set_number(7);
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(report, &json).ok());
  nianbao::testing::WriteFileOrDie(temp.File("broken.json"), json);
  return temp.File("broken.json");
}

TEST(CliValidateTest, ReportWithoutErrorsExitsZero) {
  const auto result = RunCommand({Cli(), "validate", Fixture("2024_jianshan-jiaotiju.txt")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("错误 0 个"));
  EXPECT_THAT(result.out, HasSubstr("六、其他需要报告的事项"));  // Grouped by section.
}

TEST(CliValidateTest, ReportWithErrorsExitsOneAndListsErrorsFirst) {
  nianbao::testing::TempDir temp;
  const auto result = RunCommand({Cli(), "validate", WriteBrokenReport(temp)});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.out, HasSubstr("[错误] T3_ROW_TOTAL"));
  EXPECT_THAT(result.out, HasSubstr("applications.table.carried_forward.total"));
}

TEST(CliValidateTest, JsonOutputIsAValidateResponse) {
  const auto result =
      RunCommand({Cli(), "validate", "--json", Fixture("2023_shuyang-fagaiju.txt")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  nianbao::v1::ValidateResponse response;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result.out, &response).ok())
      << result.out;
  EXPECT_GT(response.warning_count(), 0);
  EXPECT_EQ(response.findings_size(), response.warning_count() + response.error_count());
}

TEST(CliValidateTest, SameAnswerThroughTheServer) {
  nianbao::testing::TempDir temp;
  nianbao::testing::ServerProcess server;
  NIANBAO_ASSERT_OK(
      server.Start(nianbao::testing::BinDir() + "/nianbao-validatord", {}, temp.File("port")));
  const std::string file = Fixture("2019_shanghai-gov-office_old-format.txt");
  const auto local = RunCommand({Cli(), "validate", "--json", file});
  const auto remote = RunCommand({Cli(), "validate", "--json", "--server", server.address(), file});
  EXPECT_EQ(remote.exit_code, local.exit_code) << remote.err;
  EXPECT_EQ(remote.out, local.out);
  EXPECT_FALSE(local.out.empty());
}

TEST(CliValidateTest, UnreachableServerExitsOne) {
  const auto result = RunCommand(
      {Cli(), "validate", "--server", "127.0.0.1:1", Fixture("2024_jianshan-jiaotiju.txt")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("nianbao validate: 失败 failed (gRPC 14)"));  // UNAVAILABLE
}

TEST(CliValidateTest, PublicationDateEnablesTheDeadlineRule) {
  const auto result = RunCommand({Cli(), "validate", "--published-on", "2024-03-01", "--stage",
                                  "publication", Fixture("2023_shuyang-fagaiju.txt")});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("[错误] DEADLINE"));
}

TEST(CliValidateTest, UnreadableFileExitsOne) {
  const auto result = RunCommand({Cli(), "validate", "/nonexistent/report.txt"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("/nonexistent/report.txt"));
}

TEST(CliValidateTest, WrongUsageExitsTwo) {
  const std::string file = Fixture("2024_jianshan-jiaotiju.txt");
  for (const auto& argv : std::vector<std::vector<std::string>>{
           {Cli(), "validate"},
           {Cli(), "validate", "--bogus", file},
           {Cli(), "validate", "--published-on", "2025-02-30", file},
           {Cli(), "validate", "--stage", "later", file},
           {Cli(), "validate", file, file},
           {Cli(), "validate", file, "--previous"}}) {
    const auto result = RunCommand(argv);
    EXPECT_EQ(result.exit_code, 2) << argv.back();
    EXPECT_FALSE(result.err.empty());
  }
}

}  // namespace
}  // namespace nianbao::validation
