// `nianbao import FILE... -o DIR` run as a real process: a batch of every fixture (text, the WPS
// and LibreOffice PDFs) with damaged files among them, the same outputs whatever --jobs says, the
// --validate counts those of `nianbao validate`, the progress bar on a terminal only, and the
// refusals made before anything is written. The import warnings counted are the codec's.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "nianbao/v1/validation.pb.h"
#include "services/codec/codec.h"
#include "tests/support/server_process.h"
#include "tests/support/test_paths.h"

namespace nianbao::cli {
namespace {

using ::nianbao::testing::BinDir;
using ::nianbao::testing::CommandResult;
using ::nianbao::testing::FixtureReportPaths;
using ::nianbao::testing::FixturesDir;
using ::nianbao::testing::ReadFileOrDie;
using ::nianbao::testing::RunCommand;
using ::nianbao::testing::SourceDir;
using ::nianbao::testing::TempDir;
using ::nianbao::testing::WriteFileOrDie;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAreArray;

CommandResult Nianbao(std::vector<std::string> args) {
  args.insert(args.begin(), BinDir() + "/nianbao");
  return RunCommand(args);
}

// Every report the project has a file of: the text fixtures, the published PDF and the
// LibreOffice print.
std::vector<std::string> GoodInputs() {
  std::vector<std::string> files = FixtureReportPaths();
  files.push_back(FixturesDir() + "/reports/pdf/2024_hongze-district-gov.pdf");
  files.push_back(SourceDir() + "/tests/data/pdf/2024_jianshan-jiaotiju_libreoffice.pdf");
  return files;
}

std::string Stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

std::vector<std::string> Names(const std::string& dir) {
  std::vector<std::string> names;
  if (!std::filesystem::exists(dir)) return names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

google::protobuf::Struct ParseJson(const std::string& json) {
  google::protobuf::Struct summary;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &summary).ok()) << json;
  return summary;
}

// The summary's entry for `file`, by its "file" field.
google::protobuf::Struct EntryFor(const google::protobuf::Struct& summary,
                                  const std::string& file) {
  for (const auto& value : summary.fields().at("files").list_value().values()) {
    if (value.struct_value().fields().at("file").string_value() == file) {
      return value.struct_value();
    }
  }
  ADD_FAILURE() << "no summary entry for " << file;
  return {};
}

void ExpectNoTerminalControl(const CommandResult& result) {
  for (const std::string* stream : {&result.out, &result.err}) {
    EXPECT_THAT(*stream, Not(HasSubstr("\r")));
    EXPECT_THAT(*stream, Not(HasSubstr("\x1b[")));
  }
}

TEST(ImportBatchTest, GoodFilesImportAndDamagedOnesAreNamedInTheSummary) {
  TempDir dir;
  const std::string truncated = dir.File("truncated.pdf");
  WriteFileOrDie(
      truncated,
      ReadFileOrDie(FixturesDir() + "/reports/pdf/2024_hongze-district-gov.pdf").substr(0, 3000));
  const std::string binary = dir.File("binary.txt");
  WriteFileOrDie(binary, std::string("\x00\x01\x02 not a report", 16));
  std::vector<std::string> inputs = GoodInputs();
  inputs.insert(inputs.begin() + 1, truncated);  // Failures in the middle stop nothing.
  inputs.push_back(binary);
  std::vector<std::string> args = {"import", "--to", "text", "-o", dir.File("out")};
  args.insert(args.end(), inputs.begin(), inputs.end());

  CommandResult result = Nianbao(args);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  ExpectNoTerminalControl(result);
  EXPECT_THAT(result.out, HasSubstr("文件 file"));
  EXPECT_THAT(result.out, HasSubstr("truncated.pdf: PDF：PDF 文件已损坏或不完整"));
  EXPECT_THAT(result.out, HasSubstr("the PDF is damaged or truncated"));
  EXPECT_THAT(result.out, HasSubstr("binary.txt: "));
  EXPECT_THAT(result.out, HasSubstr("not a text file"));
  EXPECT_THAT(result.out, HasSubstr("淮安市洪泽区人民政府"));
  EXPECT_THAT(result.out, HasSubstr("mixed"));
  EXPECT_THAT(result.out, HasSubstr("7 files, 5 ok, 2 failed or invalid"));

  // One output per good input, named after it, each what a single import prints; nothing for the
  // damaged ones, and no temporary file left.
  std::vector<std::string> expected_names;
  for (const std::string& input : GoodInputs()) {
    SCOPED_TRACE(input);
    expected_names.push_back(Stem(input) + ".txt");
    CommandResult single = Nianbao({"import", input, "--to", "text"});
    ASSERT_EQ(single.exit_code, 0) << single.err;
    EXPECT_EQ(ReadFileOrDie(dir.File("out/" + Stem(input) + ".txt")), single.out);
  }
  EXPECT_THAT(Names(dir.File("out")), UnorderedElementsAreArray(expected_names));
}

// A folder given as input stands for the reports in it: text layouts, a portal page and PDFs are
// imported; a note and a subfolder beside them are left alone. An empty folder is a usage error.
TEST(ImportBatchTest, AFolderImportsTheReportsInIt) {
  TempDir dir;
  const std::string folder = dir.File("published");
  std::filesystem::create_directories(folder + "/older");
  std::vector<std::string> inputs = GoodInputs();
  std::vector<std::string> expected_names;
  for (const std::string& input : inputs) {
    const std::filesystem::path source(input);
    std::filesystem::copy_file(source, folder + "/" + source.filename().string());
    expected_names.push_back(Stem(input) + ".json");
  }
  // The portal page is the text fixture's twin: it gets a name of its own.
  inputs.push_back(FixturesDir() + "/reports/html/2023_shuyang-fagaiju.html");
  std::filesystem::copy_file(inputs.back(), folder + "/2023_shuyang-fagaiju-portal.html");
  expected_names.push_back("2023_shuyang-fagaiju-portal.json");
  WriteFileOrDie(folder + "/notes.md", "# 备忘 not a report\n");
  WriteFileOrDie(folder + "/older/2022.txt", "a report of another year, not imported\n");

  CommandResult result = Nianbao({"import", folder, "-o", dir.File("out"), "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const google::protobuf::Struct summary = ParseJson(result.out);
  EXPECT_EQ(summary.fields().at("files").list_value().values_size(),
            static_cast<int>(inputs.size()));
  EXPECT_THAT(Names(dir.File("out")), UnorderedElementsAreArray(expected_names));
  EXPECT_THAT(result.out, HasSubstr("2023_shuyang-fagaiju-portal.html"));

  const std::string empty = dir.File("empty");
  std::filesystem::create_directories(empty);
  CommandResult nothing = Nianbao({"import", empty, "-o", dir.File("out2")});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_THAT(nothing.err, HasSubstr("holds no file to import"));
  EXPECT_FALSE(std::filesystem::exists(dir.File("out2")));
}

TEST(ImportBatchTest, OneWorkerOrTwoWriteTheSameOutputsAndSummary) {
  TempDir dir;
  std::map<std::string, CommandResult> runs;
  for (const std::string jobs : {"1", "2"}) {
    std::vector<std::string> args = {"import", "-o",  dir.File("jobs" + jobs), "--jobs", jobs,
                                     "--to",   "html"};
    for (const std::string& input : GoodInputs()) args.push_back(input);
    runs[jobs] = Nianbao(args);
    ASSERT_EQ(runs[jobs].exit_code, 0) << runs[jobs].out << runs[jobs].err;
    ExpectNoTerminalControl(runs[jobs]);
  }
  EXPECT_EQ(runs["1"].out, runs["2"].out);
  const std::vector<std::string> names = Names(dir.File("jobs1"));
  ASSERT_EQ(names.size(), GoodInputs().size());
  EXPECT_THAT(Names(dir.File("jobs2")), UnorderedElementsAreArray(names));
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    EXPECT_EQ(ReadFileOrDie(dir.File("jobs1/" + name)), ReadFileOrDie(dir.File("jobs2/" + name)));
  }
}

TEST(ImportBatchTest, ValidateCountsAreThoseOfTheValidateCommand) {
  TempDir dir;
  std::vector<std::string> args = {"import", "--validate", "--json", "-o", dir.File("out")};
  for (const std::string& input : GoodInputs()) args.push_back(input);
  CommandResult batch = Nianbao(args);
  ExpectNoTerminalControl(batch);
  const google::protobuf::Struct summary = ParseJson(batch.out);
  bool any_error = false;
  for (const std::string& input : GoodInputs()) {
    SCOPED_TRACE(input);
    CommandResult single = Nianbao({"validate", input, "--json"});
    nianbao::v1::ValidateResponse response;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(single.out, &response).ok())
        << single.out << single.err;
    const google::protobuf::Struct entry = EntryFor(summary, input);
    ASSERT_TRUE(entry.fields().contains("validation_errors")) << batch.out;
    EXPECT_EQ(entry.fields().at("validation_errors").number_value(), response.error_count());
    EXPECT_EQ(entry.fields().at("validation_warnings").number_value(), response.warning_count());
    // The import's warnings, as the codec counts them for the file.
    absl::StatusOr<codec::ImportResult> imported = codec::ImportDocumentFile(input);
    ASSERT_TRUE(imported.ok()) << imported.status();
    ASSERT_TRUE(entry.fields().contains("import_warnings")) << batch.out;
    EXPECT_EQ(entry.fields().at("import_warnings").number_value(), imported->warnings.size());
    EXPECT_EQ(entry.fields().at("status").string_value(),
              response.error_count() > 0 ? "invalid" : "ok");
    any_error = any_error || response.error_count() > 0;
  }
  // The Hongze report has an error finding; a batch holding it exits 1, as validate would.
  EXPECT_TRUE(any_error);
  EXPECT_EQ(batch.exit_code, 1);
  EXPECT_EQ(summary.fields().at("total").number_value(), GoodInputs().size());
}

TEST(ImportBatchTest, ProgressBarOnlyOnATerminal) {
  TempDir dir;
  // script(1) (util-linux, in every Debian) gives the command a terminal.
  std::string command = BinDir() + "/nianbao import -o " + dir.File("out");
  for (const std::string& input : FixtureReportPaths()) command += " " + input;
  CommandResult on_terminal = RunCommand({"script", "-qec", command, "/dev/null"});
  ASSERT_EQ(on_terminal.exit_code, 0) << on_terminal.out << on_terminal.err;
  const std::string total = std::to_string(FixtureReportPaths().size());
  EXPECT_THAT(on_terminal.out, HasSubstr("\r\x1b[K导入 import ["));
  EXPECT_THAT(on_terminal.out, HasSubstr("] " + total + "/" + total));
  EXPECT_THAT(on_terminal.out, HasSubstr("成功 ok"));
}

TEST(ImportBatchTest, InputsSharingABaseNameAreRefusedBeforeAnything) {
  TempDir dir;
  std::filesystem::create_directories(dir.File("a"));
  std::filesystem::create_directories(dir.File("b"));
  const std::string text = ReadFileOrDie(FixtureReportPaths().front());
  WriteFileOrDie(dir.File("a/report.txt"), text);
  WriteFileOrDie(dir.File("b/report.txt"), text);
  CommandResult result = Nianbao({"import", FixtureReportPaths().front(), dir.File("a/report.txt"),
                                  dir.File("b/report.txt"), "-o", dir.File("out")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.out, IsEmpty());
  EXPECT_THAT(result.err, HasSubstr(dir.File("a/report.txt")));
  EXPECT_THAT(result.err, HasSubstr(dir.File("b/report.txt")));
  EXPECT_THAT(result.err, HasSubstr("share a base name"));
  EXPECT_FALSE(std::filesystem::exists(dir.File("out")));

  // Nor may an output replace its own input.
  CommandResult onto_input =
      Nianbao({"import", dir.File("a/report.txt"), "--to", "text", "-o", dir.File("a")});
  EXPECT_EQ(onto_input.exit_code, 2);
  EXPECT_THAT(onto_input.err, HasSubstr("is the input itself"));
  EXPECT_EQ(ReadFileOrDie(dir.File("a/report.txt")), text);
}

TEST(ImportBatchTest, WrongBatchUsageExitsTwo) {
  TempDir dir;
  const std::vector<std::string> files = FixtureReportPaths();
  CommandResult no_dir = Nianbao({"import", files[0], files[1]});
  EXPECT_EQ(no_dir.exit_code, 2);
  EXPECT_THAT(no_dir.err, HasSubstr("needs -o DIR"));
  CommandResult zero_jobs = Nianbao({"import", files[0], files[1], "-o", dir.path(), "--jobs=0"});
  EXPECT_EQ(zero_jobs.exit_code, 2);
  EXPECT_THAT(zero_jobs.err, HasSubstr("--jobs expects"));
  CommandResult single_validate = Nianbao({"import", files[0], "--validate"});
  EXPECT_EQ(single_validate.exit_code, 2);
  EXPECT_THAT(single_validate.err, HasSubstr("are for a batch"));
  CommandResult with_stdin = Nianbao({"import", files[0], "-", "-o", dir.path()});
  EXPECT_EQ(with_stdin.exit_code, 2);
  EXPECT_THAT(with_stdin.err, HasSubstr("cannot read stdin"));
  // One file and -o naming a directory is a batch of one.
  CommandResult one = Nianbao({"import", files[0], "-o", dir.path() + "/", "--json"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_TRUE(std::filesystem::exists(dir.File(Stem(files[0]) + ".json")));
  EXPECT_THAT(one.out, HasSubstr("\"total\":1"));
}

}  // namespace
}  // namespace nianbao::cli
