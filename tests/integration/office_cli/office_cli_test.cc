// `nianbao office` against the real nianbao-workflowd: the roll-up printed as CSV and written as
// XLSX (read back by LibreOffice headless) carries the sums of the published fixtures' tables; the
// filing status on the terminal names every agency with its state; --json parses back into the
// response; a county's supervisor asking for the city is refused with the server's reason; usage
// errors exit 2 before anything is sent. ExportSheet (the console's XLSX download) returns the
// workbook the CLI writes for the same data, and names the field of a bad request.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "services/common/grpc_status.h"
#include "tests/integration/office/office_test_fixture.h"
#include "tests/support/server_process.h"
#include "tests/support/test_paths.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;
using ::testing::HasSubstr;

class OfficeCliTest : public OfficeTest {
 protected:
  CommandResult Office(const std::string& user, std::vector<std::string> args) {
    std::vector<std::string> argv = {BinDir() + "/nianbao", "office"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--server", env_.workflow().address()});
    return RunCommand(argv, "", {absl::StrCat("NIANBAO_TOKEN=", user, "-token")});
  }

  // The city's published reports for 2024: two departments of 沭阳; 泗阳's in review.
  void FileCity() {
    ASSERT_NO_FATAL_FAILURE(FileReport(kShuyangDept, 2024, Stage::kPublished));
    ASSERT_NO_FATAL_FAILURE(FileReport(kShuyangEdu, 2024, Stage::kPublished));
    ASSERT_NO_FATAL_FAILURE(FileReport(kSiyangEdu, 2024, Stage::kInReview));
  }

  int64_t PublishedNewApplications() {
    int64_t sum = 0;
    for (const char* agency : {kShuyangDept, kShuyangEdu}) {
      sum += contents_[ReportNameOf(agency, 2024)]
                 .applications()
                 .table()
                 .new_applications()
                 .total()
                 .number();
    }
    return sum;
  }
};

// CSV rows split into cells (the office's CSV quotes no cell of these tables).
std::vector<std::vector<std::string>> CsvRows(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  for (absl::string_view line : absl::StrSplit(csv, '\n', absl::SkipEmpty())) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    rows.push_back(absl::StrSplit(line, ','));
  }
  return rows;
}

// The 总计 (last) cell of table 3's row 一 in CSV rows.
std::string NewApplicationsTotal(const std::vector<std::vector<std::string>>& rows) {
  for (const auto& row : rows) {
    if (!row.empty() && row[0] == "一、本年新收政府信息公开申请数量") return row.back();
  }
  return "";
}

TEST_F(OfficeCliTest, RollupAsCsvXlsxAndJson) {
  ASSERT_NO_FATAL_FAILURE(FileCity());
  const std::vector<std::string> query = {"--parent", "agencies/suqian-shi", "--year", "2024"};

  std::vector<std::string> args = {"rollup", "--csv"};
  args.insert(args.end(), query.begin(), query.end());
  const CommandResult csv = Office("city-office", args);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(NewApplicationsTotal(CsvRows(csv.out)), absl::StrCat(PublishedNewApplications()));
  EXPECT_THAT(csv.out, HasSubstr("agencies/shuyang-jiaoyuju,已汇总"));
  EXPECT_THAT(csv.out, HasSubstr("agencies/siyang-jiaoyuju,未发布"));

  TempDir dir;
  const std::string xlsx = dir.File("汇总.xlsx");
  args = {"rollup", "--xlsx", xlsx};
  args.insert(args.end(), query.begin(), query.end());
  const CommandResult written = Office("city-office", args);
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_THAT(written.out, HasSubstr(xlsx));
  const std::string out = dir.File("csv");
  std::filesystem::create_directories(out);
  const CommandResult converted =
      RunCommand({"soffice", "-env:UserInstallation=file://" + dir.File("profile"), "--headless",
                  "--convert-to",
                  "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                  "--outdir", out, xlsx});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  const auto sheet = CsvRows(ReadFileOrDie(out + "/汇总-表三 依申请公开.csv"));
  EXPECT_EQ(NewApplicationsTotal(sheet), absl::StrCat(PublishedNewApplications()));

  args = {"rollup", "--json"};
  args.insert(args.end(), query.begin(), query.end());
  const CommandResult json = Office("city-office", args);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  v1::GetRollupResponse response;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &response).ok()) << json.out;
  EXPECT_EQ(response.tables().applications().table().new_applications().total().number(),
            PublishedNewApplications());
  EXPECT_THAT(
      response.included_agencies(),
      ::testing::UnorderedElementsAre("agencies/shuyang-fagaiju", "agencies/shuyang-jiaoyuju"));
}

TEST_F(OfficeCliTest, FilingStatusOnTheTerminal) {
  ASSERT_NO_FATAL_FAILURE(FileCity());
  const CommandResult status =
      Office("city-office", {"status", "--parent", "agencies/suqian-shi", "--year", "2024"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const std::vector<std::string> lines = absl::StrSplit(status.out, '\n');
  auto line_of = [&](const std::string& agency) {
    for (const std::string& line : lines) {
      if (absl::StartsWith(line, agency + " ")) return line;
    }
    return std::string();
  };
  EXPECT_THAT(line_of("agencies/shuyang-fagaiju"), HasSubstr("已发布"));
  EXPECT_THAT(line_of("agencies/siyang-jiaoyuju"), HasSubstr("审核中"));
  EXPECT_THAT(line_of("agencies/siyang-xiang-01"), HasSubstr("未创建"));
  EXPECT_THAT(line_of("agencies/siyang-xiang-01"), HasSubstr("无")) << "no deadline for a township";
  EXPECT_THAT(status.out, HasSubstr("已发布"));
  // Totals: 7 agencies under the city (itself included), 2 published.
  auto total_of = [&](const std::string& label) {
    for (const std::string& line : lines) {
      if (absl::StartsWith(line, label)) {
        return std::string(absl::StripAsciiWhitespace(line.substr(label.size())));
      }
    }
    return std::string();
  };
  EXPECT_EQ(total_of("合计：机关数"), "7");
  EXPECT_EQ(total_of("已发布"), "2");

  const CommandResult department = Office(
      "city-office",
      {"status", "--parent", "agencies/suqian-shi", "--year", "2024", "--kind", "department"});
  ASSERT_EQ(department.exit_code, 0) << department.err;
  EXPECT_THAT(department.out, HasSubstr("agencies/shuyang-jiaoyuju"));
  EXPECT_THAT(department.out, ::testing::Not(HasSubstr("agencies/siyang-xiang-01")));
}

// Two years of one department: the comparison's rows carry both years' figures and the change;
// the repetition list shows the copied text (both years use the seed's text) at 100 %.
TEST_F(OfficeCliTest, CompareAndRepetition) {
  // 2024 first: its random table 3 could not carry over 2023's (X_CARRY_OVER) once 2023 exists.
  ASSERT_NO_FATAL_FAILURE(FileReport(kShuyangEdu, 2024, Stage::kPublished));
  ASSERT_NO_FATAL_FAILURE(FileReport(kShuyangEdu, 2023, Stage::kPublished));
  const auto new_applications = [&](int year) {
    return contents_[ReportNameOf(kShuyangEdu, year)]
        .applications()
        .table()
        .new_applications()
        .total()
        .number();
  };
  const CommandResult compare =
      Office("shuyang-office",
             {"compare", "--parent", "agencies/shuyang-xian", "--year", "2024", "--csv"});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  bool found = false;
  for (const auto& row : CsvRows(compare.out)) {
    if (row.size() == 7 && row[1] == "agencies/shuyang-jiaoyuju" && row[2] == "本年新收申请") {
      found = true;
      EXPECT_EQ(row[3], absl::StrCat(new_applications(2024)));
      EXPECT_EQ(row[4], absl::StrCat(new_applications(2023)));
      const int64_t change = new_applications(2024) - new_applications(2023);
      EXPECT_EQ(row[5], absl::StrCat(change >= 0 ? "+" : "", change));
    }
  }
  EXPECT_TRUE(found) << compare.out;

  const CommandResult repetition = Office(
      "shuyang-office", {"repetition", "--parent", "agencies/shuyang-xian", "--year", "2024"});
  ASSERT_EQ(repetition.exit_code, 0) << repetition.err;
  EXPECT_THAT(repetition.out, HasSubstr("agencies/shuyang-jiaoyuju"));
  EXPECT_THAT(repetition.out, HasSubstr("100.0%"));
}

TEST_F(OfficeCliTest, ACountyOfficeCannotReadTheCity) {
  const CommandResult refused =
      Office("shuyang-office", {"rollup", "--parent", "agencies/suqian-shi", "--year", "2024"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("gRPC 7"));
  EXPECT_TRUE(refused.out.empty()) << refused.out;
}

TEST_F(OfficeCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Office("city-office", {"rollup", "--parent", "suqian-shi", "--year", "2024"}).exit_code,
            2);
  EXPECT_EQ(Office("city-office", {"rollup", "--parent", "agencies/x", "--year", "soon"}).exit_code,
            2);
  EXPECT_EQ(Office("city-office",
                   {"status", "--parent", "agencies/x", "--year", "2024", "--json", "--csv"})
                .exit_code,
            2);
  EXPECT_EQ(Office("city-office", {"tally", "--parent", "agencies/x", "--year", "2024"}).exit_code,
            2);
}

// The parts of an XLSX file (a ZIP container) by name, each with its content, except
// docProps/core.xml, which holds the time the workbook was written.
std::map<std::string, std::string> XlsxParts(const std::string& path) {
  std::map<std::string, std::string> parts;
  const CommandResult names = RunCommand({"unzip", "-Z1", path});
  EXPECT_EQ(names.exit_code, 0) << names.err;
  for (absl::string_view name : absl::StrSplit(names.out, '\n', absl::SkipEmpty())) {
    if (name == "docProps/core.xml") continue;
    parts[std::string(name)] = RunCommand({"unzip", "-p", path, std::string(name)}).out;
  }
  return parts;
}

TEST_F(OfficeCliTest, ExportSheetIsTheWorkbookTheCliWrites) {
  ASSERT_NO_FATAL_FAILURE(FileCity());
  TempDir dir;
  for (const auto& [sheet, subcommand] : std::vector<std::pair<v1::OfficeSheetKind, std::string>>{
           {v1::OFFICE_SHEET_KIND_ROLLUP, "rollup"},
           {v1::OFFICE_SHEET_KIND_FILING_STATUS, "status"}}) {
    SCOPED_TRACE(subcommand);
    v1::ExportSheetRequest request;
    request.set_parent("agencies/suqian-shi");
    request.set_report_year(2024);
    request.set_sheet(sheet);
    v1::ExportSheetResponse exported;
    const grpc::Status status =
        office_->ExportSheet(ContextFor("city-office").get(), request, &exported);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(exported.media_type(),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_THAT(exported.file_name(), ::testing::StartsWith("suqian-shi-2024-"));
    EXPECT_THAT(exported.file_name(), ::testing::EndsWith(".xlsx"));
    ASSERT_TRUE(absl::StartsWith(exported.content(), "PK"));
    const std::string from_rpc = dir.File(subcommand + "-rpc.xlsx");
    WriteFileOrDie(from_rpc, exported.content());

    const std::string from_cli = dir.File(subcommand + "-cli.xlsx");
    const CommandResult written = Office(
        "city-office",
        {subcommand, "--parent", "agencies/suqian-shi", "--year", "2024", "--xlsx", from_cli});
    ASSERT_EQ(written.exit_code, 0) << written.err;
    const std::map<std::string, std::string> rpc_parts = XlsxParts(from_rpc);
    EXPECT_GE(rpc_parts.size(), 5u);
    EXPECT_EQ(rpc_parts, XlsxParts(from_cli));
  }
}

TEST_F(OfficeCliTest, ExportSheetBadInputsNameTheirField) {
  auto export_sheet = [&](const std::string& parent, int year, v1::OfficeSheetKind sheet) {
    v1::ExportSheetRequest request;
    request.set_parent(parent);
    request.set_report_year(year);
    request.set_sheet(sheet);
    v1::ExportSheetResponse exported;
    return office_->ExportSheet(ContextFor("city-office").get(), request, &exported);
  };
  auto field_of = [](const grpc::Status& failed) {
    auto bad = service::FindDetail<google::rpc::BadRequest>(RpcStatus(failed));
    return bad && bad->field_violations_size() > 0 ? bad->field_violations(0).field()
                                                   : std::string();
  };
  grpc::Status status =
      export_sheet("agencies/suqian-shi", 2024, v1::OFFICE_SHEET_KIND_UNSPECIFIED);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "sheet");
  status = export_sheet("agencies/suqian-shi", 2024, static_cast<v1::OfficeSheetKind>(99));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "sheet");
  status = export_sheet("agencies/no-such-agency", 2024, v1::OFFICE_SHEET_KIND_ROLLUP);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  auto resource = service::FindDetail<google::rpc::ResourceInfo>(RpcStatus(status));
  ASSERT_TRUE(resource.has_value());
  EXPECT_EQ(resource->resource_name(), "agencies/no-such-agency");
  status = export_sheet("suqian-shi", 2024, v1::OFFICE_SHEET_KIND_ROLLUP);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "parent");
  status = export_sheet("agencies/suqian-shi", 2007, v1::OFFICE_SHEET_KIND_FILING_STATUS);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "report_year");
  // The comparison needs a year before it.
  status = export_sheet("agencies/suqian-shi", 2008, v1::OFFICE_SHEET_KIND_COMPARISON);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "report_year");
  // A county's office may not export the city's.
  v1::ExportSheetRequest request;
  request.set_parent("agencies/suqian-shi");
  request.set_report_year(2024);
  request.set_sheet(v1::OFFICE_SHEET_KIND_ROLLUP);
  v1::ExportSheetResponse exported;
  EXPECT_EQ(
      office_->ExportSheet(ContextFor("shuyang-office").get(), request, &exported).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace nianbao::testing
