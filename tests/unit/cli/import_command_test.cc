// `nianbao import` as a user runs it: every fixture to each output form, .docx and stdin input,
// atomic -o, and the exit codes and messages for unreadable input and wrong usage.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "services/codec/codec.h"
#include "services/codec/text_layout_reader.h"
#include "tests/support/server_process.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/codec_docx/docx_builder.h"

namespace nianbao::cli {
namespace {

using ::nianbao::testing::BinDir;
using ::nianbao::testing::CommandResult;
using ::nianbao::testing::FixtureReportPaths;
using ::nianbao::testing::ReadFileOrDie;
using ::nianbao::testing::RunCommand;
using ::nianbao::testing::TempDir;
using ::nianbao::testing::WriteFileOrDie;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

CommandResult Nianbao(std::vector<std::string> args, const std::string& stdin_data = "") {
  args.insert(args.begin(), BinDir() + "/nianbao");
  return RunCommand(args, stdin_data);
}

nianbao::v1::AnnualReport FromJson(const std::string& json) {
  nianbao::v1::AnnualReport report;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &report).ok())
      << json.substr(0, 200);
  return report;
}

void ExpectEqualReports(const nianbao::v1::AnnualReport& want,
                        const nianbao::v1::AnnualReport& got) {
  std::string differences;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  EXPECT_TRUE(differencer.Compare(want, got)) << differences;
}

TEST(ImportCommandTest, EveryFixtureToEveryForm) {
  TempDir dir;
  for (const std::string& path : FixtureReportPaths()) {
    SCOPED_TRACE(path);
    absl::StatusOr<nianbao::v1::AnnualReport> expected = codec::ImportReportFile(path);
    NIANBAO_ASSERT_OK(expected);

    CommandResult json = Nianbao({"import", path});  // JSON by default, on stdout.
    ASSERT_EQ(json.exit_code, 0) << json.err;
    EXPECT_THAT(json.err, IsEmpty());
    ExpectEqualReports(*expected, FromJson(json.out));

    const std::string md_path = dir.File("report.md");
    CommandResult md = Nianbao({"import", path, "--to", "md", "-o", md_path});
    ASSERT_EQ(md.exit_code, 0) << md.err;
    EXPECT_THAT(md.out, IsEmpty());
    const std::string markdown = ReadFileOrDie(md_path);
    EXPECT_THAT(markdown, StartsWith("# " + expected->metadata().title()));
    EXPECT_THAT(markdown, HasSubstr("| 申请人情况 | 自然人 | 商业企业 |"));

    CommandResult html = Nianbao({"import", path, "--to=html", "--output=" + dir.File("r.html")});
    ASSERT_EQ(html.exit_code, 0) << html.err;
    const std::string page = ReadFileOrDie(dir.File("r.html"));
    EXPECT_THAT(page, StartsWith("<!DOCTYPE html>"));
    EXPECT_THAT(page, HasSubstr("id=\"table-3\""));

    CommandResult text = Nianbao({"import", path, "--to", "text"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    absl::StatusOr<nianbao::v1::AnnualReport> reimported =
        codec::ImportReport(text.out, codec::InputFormat::kText);
    NIANBAO_ASSERT_OK(reimported);
    ExpectEqualReports(*expected, *reimported);
  }
}

TEST(ImportCommandTest, ReadsDocxAndStdin) {
  TempDir dir;
  const std::string path = FixtureReportPaths().front();
  absl::StatusOr<nianbao::v1::AnnualReport> expected = codec::ImportReportFile(path);
  NIANBAO_ASSERT_OK(expected);
  absl::StatusOr<codec::SourceDocument> layout = codec::ReadTextLayout(ReadFileOrDie(path));
  NIANBAO_ASSERT_OK(layout);
  const std::string docx = ::nianbao::testing::BuildDocx(*layout);
  WriteFileOrDie(dir.File("report.docx"), docx);

  CommandResult from_file = Nianbao({"import", dir.File("report.docx")});
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  ExpectEqualReports(*expected, FromJson(from_file.out));

  CommandResult from_stdin = Nianbao({"import", "-", "--to", "json"}, docx);
  ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  ExpectEqualReports(*expected, FromJson(from_stdin.out));

  CommandResult text_stdin = Nianbao({"import", "-"}, ReadFileOrDie(path));
  ASSERT_EQ(text_stdin.exit_code, 0) << text_stdin.err;
  ExpectEqualReports(*expected, FromJson(text_stdin.out));
}

TEST(ImportCommandTest, OutputReplacesTheFileWholeAndLeavesNoTemporaryFile) {
  TempDir dir;
  const std::string out = dir.File("report.json");
  WriteFileOrDie(out, "旧内容 old contents");
  CommandResult result = Nianbao({"import", FixtureReportPaths().front(), "-o", out});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(ReadFileOrDie(out), StartsWith("{"));
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_THAT(names, ::testing::ElementsAre("report.json"));
}

TEST(ImportCommandTest, UnwritableOutputExitsOne) {
  TempDir dir;
  CommandResult result =
      Nianbao({"import", FixtureReportPaths().front(), "-o", dir.File("no/such/dir/out.json")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("无法创建临时文件"));
  EXPECT_THAT(result.err, HasSubstr("cannot create a temporary file"));
}

TEST(ImportCommandTest, MissingFileExitsOneWithReason) {
  TempDir dir;
  CommandResult result = Nianbao({"import", dir.File("missing.txt")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, IsEmpty());
  EXPECT_THAT(result.err, HasSubstr("missing.txt"));
  EXPECT_THAT(result.err, HasSubstr("无法读取"));
  EXPECT_THAT(result.err, HasSubstr("cannot read"));
}

TEST(ImportCommandTest, DamagedDocxExitsOneNamingTheProblem) {
  TempDir dir;
  std::string damaged = "PK\x03\x04";
  damaged += std::string(200, 'x');
  WriteFileOrDie(dir.File("broken.docx"), damaged);
  CommandResult result = Nianbao({"import", dir.File("broken.docx"), "--to", "html"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, IsEmpty());
  EXPECT_THAT(result.err, HasSubstr("broken.docx"));
  EXPECT_THAT(result.err, HasSubstr("zip"));
}

TEST(ImportCommandTest, WrongUsageExitsTwo) {
  const std::string path = FixtureReportPaths().front();
  CommandResult unknown = Nianbao({"import", path, "--bogus"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown option --bogus"));
  CommandResult no_file = Nianbao({"import", "--to", "md"});
  EXPECT_EQ(no_file.exit_code, 2);
  EXPECT_THAT(no_file.err, HasSubstr("missing FILE"));
  CommandResult bad_format = Nianbao({"import", path, "--to", "pdf"});
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_THAT(bad_format.err, HasSubstr("--to expects json, text, md or html"));
  CommandResult no_value = Nianbao({"import", path, "-o"});
  EXPECT_EQ(no_value.exit_code, 2);
  CommandResult two_files = Nianbao({"import", path, path});
  EXPECT_EQ(two_files.exit_code, 2);
  EXPECT_THAT(two_files.out, IsEmpty());
}

TEST(ImportCommandTest, HelpExitsZero) {
  CommandResult help = Nianbao({"import", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("nianbao import FILE"));
  EXPECT_THAT(help.out, HasSubstr("--to"));
  CommandResult tool_help = Nianbao({"--help"});
  EXPECT_EQ(tool_help.exit_code, 0);
  EXPECT_THAT(tool_help.out, HasSubstr("import"));
}

}  // namespace
}  // namespace nianbao::cli
