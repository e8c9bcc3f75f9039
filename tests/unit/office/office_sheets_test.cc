// services/office/office_sheets and office_xlsx: the roll-up's tables laid out as the format's
// (labels, merged headers), written as XLSX, opened by LibreOffice headless and read back as CSV
// sheet by sheet with the same numbers in the same cells; CSV quoting; aligned terminal text.
#include "services/office/office_sheets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "services/format/application_layout.h"
#include "services/office/office_xlsx.h"
#include "services/office/rollup_math.h"
#include "tests/support/balanced_reports.h"
#include "tests/support/server_process.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::office {
namespace {

using nianbao::v1::GetRollupResponse;
using ::testing::HasSubstr;

GetRollupResponse RandomRollup(nianbao::v1::FormatVersion version, int reports) {
  std::mt19937 rng(99 + version);
  GetRollupResponse rollup;
  for (int i = 0; i < reports; ++i) {
    const auto report = nianbao::testing::RandomBalancedReport(rng, version, 200);
    EXPECT_THAT(AddContribution(RollupContribution(report), 1, rollup.mutable_tables()),
                nianbao::testing::IsOk());
    rollup.add_included_agencies("agencies/dept-" + std::to_string(i));
  }
  rollup.add_missing_agencies("agencies/late, \"quoted\"");
  return rollup;
}

// A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (ch == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
    } else if (ch != '\r') {
      field += ch;
    }
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(field);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

std::string Cell(const std::vector<std::vector<std::string>>& csv, size_t r, size_t c) {
  return r < csv.size() && c < csv[r].size() ? csv[r][c] : "";
}

// Every sheet's cells read back from LibreOffice's CSV: numbers equal as numbers, text equal,
// blanks blank.
void ExpectSameCells(const Sheet& sheet, const std::vector<std::vector<std::string>>& csv) {
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
      const SheetCell& cell = sheet.rows[r][c];
      const std::string read = Cell(csv, r, c);
      if (cell.kind == SheetCell::Kind::kNumber) {
        double value = 0;
        ASSERT_TRUE(absl::SimpleAtod(read, &value))
            << sheet.name << " row " << r << " column " << c << ": \"" << read << "\"";
        EXPECT_DOUBLE_EQ(value, cell.number) << sheet.name << " row " << r << " column " << c;
      } else {
        EXPECT_EQ(read, cell.text) << sheet.name << " row " << r << " column " << c;
      }
    }
  }
}

TEST(OfficeSheetsTest, Table3IsLaidOutAsTheFormat) {
  const auto rollup = RandomRollup(nianbao::v1::FORMAT_VERSION_2021, 3);
  const auto sheets = RollupSheets(rollup, {"agencies/city", 2024});
  ASSERT_EQ(sheets.size(), 4u);
  const Sheet& t3 = sheets[1];
  EXPECT_EQ(t3.name, "表三 依申请公开");
  EXPECT_EQ(t3.columns(), 10);
  EXPECT_EQ(t3.header_rows, 3);
  EXPECT_EQ(t3.rows.size(), 1u + 3u + 25u) << "title, three header rows, 25 rows";
  EXPECT_EQ(t3.rows[1][3].text, "申请人情况");
  EXPECT_EQ(t3.rows[2][4].text, "法人或其他组织");
  EXPECT_EQ(t3.rows[3][4].text, "商业企业");
  EXPECT_EQ(t3.rows[4][0].text, "一、本年新收政府信息公开申请数量");
  EXPECT_EQ(t3.rows[4][9].number,
            rollup.tables().applications().table().new_applications().total().number());
  EXPECT_EQ(t3.rows.back()[0].text, "四、结转下年度继续办理");
  // 三（三） spans its eight rows in column B.
  bool withheld_merged = false;
  for (const SheetMerge& merge : t3.merges) {
    if (t3.rows[merge.first_row][merge.first_column].text == "（三）不予公开") {
      withheld_merged = merge.last_row - merge.first_row == 7 && merge.first_column == 1;
    }
  }
  EXPECT_TRUE(withheld_merged);
  const auto old = RollupSheets(RandomRollup(nianbao::v1::FORMAT_VERSION_2019, 2), {"x", 2020});
  EXPECT_EQ(old[1].rows.size(), 1u + 3u + 23u) << "the 2019 format's 23 rows";
}

TEST(OfficeSheetsTest, CsvQuotesAndTextAligns) {
  const auto sheets = RollupSheets(RandomRollup(nianbao::v1::FORMAT_VERSION_2021, 2), {"p", 2024});
  const std::string csv = SheetCsv(sheets[3]);
  EXPECT_THAT(csv, HasSubstr("\"agencies/late, \"\"quoted\"\"\",未发布\r\n"));
  const auto parsed = ParseCsv(SheetCsv(sheets[1]));
  ExpectSameCells(sheets[1], parsed);

  const std::string text = SheetText(sheets[2]);  // Table 4: 15 numbers under their headers.
  const std::vector<std::string> lines = absl::StrSplit(text, '\n', absl::SkipEmpty());
  ASSERT_GE(lines.size(), 5u);
  EXPECT_THAT(lines[1], HasSubstr("行政复议"));
  EXPECT_THAT(lines[1], HasSubstr("行政诉讼"));
  // The outcome names and the numbers line up: both lines are as wide.
  EXPECT_EQ(DisplayWidth(lines[3]), DisplayWidth(lines[5]));
}

// LibreOffice exports every sheet of a workbook, each to <name>-<sheet>.csv.
std::vector<std::vector<std::string>> ReadSheetBack(const std::string& dir, const std::string& base,
                                                    const std::string& sheet) {
  return ParseCsv(nianbao::testing::ReadFileOrDie(dir + "/" + base + "-" + sheet + ".csv"));
}

TEST(OfficeXlsxTest, LibreOfficeReadsBackTheSameNumbers) {
  nianbao::testing::TempDir dir;
  const auto rollup = RandomRollup(nianbao::v1::FORMAT_VERSION_2021, 5);
  auto fee = rollup;
  auto* amount = fee.mutable_tables()
                     ->mutable_active_disclosure()
                     ->mutable_table()
                     ->mutable_fee_amount()
                     ->mutable_amount();
  amount->set_units(43);
  amount->set_nanos(788000000);
  std::vector<Sheet> sheets = RollupSheets(fee, {"agencies/city", 2024});
  nianbao::v1::GetFilingStatusResponse status;
  auto* agency = status.add_agencies();
  agency->set_agency("agencies/dept-1");
  agency->set_display_name("某县交通运输局");
  agency->set_state(nianbao::v1::FILING_STATE_PUBLISHED);
  agency->set_overdue(true);
  agency->set_days_overdue(12);
  status.mutable_totals()->set_agencies(1);
  status.mutable_totals()->set_published(1);
  sheets.push_back(FilingStatusSheet(status, {"agencies/city", 2024}));
  const std::string path = dir.File("rollup.xlsx");
  NIANBAO_ASSERT_OK(WriteXlsx(sheets, path));

  const std::string out = dir.File("out");
  std::filesystem::create_directories(out);
  const auto result = nianbao::testing::RunCommand(
      {"soffice", "-env:UserInstallation=file://" + dir.File("profile"), "--headless",
       "--convert-to",
       "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir",
       out, path});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  for (const Sheet& sheet : sheets) {
    SCOPED_TRACE(sheet.name);
    ExpectSameCells(sheet, ReadSheetBack(out, "rollup", sheet.name));
  }
  const auto t2 = ReadSheetBack(out, "rollup", "表二 主动公开");
  bool found_fee = false;
  for (const auto& row : t2) found_fee = found_fee || (row.size() > 1 && row[1] == "43.788");
  EXPECT_TRUE(found_fee) << "the fee as a decimal number";
}

TEST(OfficeXlsxTest, RefusesBadSheetNamesAndUnwritablePaths) {
  nianbao::testing::TempDir dir;
  Sheet sheet;
  sheet.name = "a/b";
  sheet.rows.push_back({SheetCell::Text("x")});
  EXPECT_THAT(WriteXlsx({sheet}, dir.File("a.xlsx")),
              nianbao::testing::StatusIs(absl::StatusCode::kInvalidArgument));
  sheet.name = "ok";
  EXPECT_THAT(WriteXlsx({sheet}, dir.File("missing/dir/a.xlsx")),
              nianbao::testing::StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(WriteXlsx({}, dir.File("b.xlsx")),
              nianbao::testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace nianbao::office
