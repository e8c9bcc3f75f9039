// Import warnings (codec.h's ImportDocument, import_warnings.h): what the parser leaves out or
// reads in the 2019 format is reported with its position, never dropped silently nor mapped to a
// row it is not; the real fixtures give the warnings their README implies.
#include "services/codec/import_warnings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/codec/codec.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::ImportWarning;
using ::testing::HasSubstr;
using testing::IsOk;

std::string Row(std::initializer_list<std::string> cells) {
  std::string out;
  for (const std::string& cell : cells) absl::StrAppend(&out, "\t", cell, "\n");
  return out + "\n";
}

std::string Table3Row(const std::string& label, const std::string& value) {
  return Row({label, value, value, value, value, value, value, value});
}

const std::string kTable2 = Row({"第二十条第（一）项"}) +
                            Row({"信息内容", "本年制发件数", "本年废止件数", "现行有效件数"}) +
                            Row({"规章", "1", "0", "2"}) + Row({"第二十条第（五）项"}) +
                            Row({"信息内容", "本年处理绝对数量"}) + Row({"行政许可", "7"});
const std::string kTable3 = Row({"申请人情况"}) +
                            Table3Row("一、本年新收政府信息公开申请数量", "2") +
                            Row({"（六）其他处理", "3.其他", "0", "0", "0", "0", "0", "0", "0"});
const std::string kTable4 =
    Row({"行政复议", "行政诉讼"}) +
    Row({"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"});

std::string Document(const std::string& table2 = kTable2, const std::string& table3 = kTable3,
                     const std::string& table4 = kTable4) {
  return absl::StrCat("某某市某某区人民政府\n2022年政府信息公开工作年度报告\n",
                      "一、总体情况\n正文。\n", "二、主动公开政府信息情况\n", table2,
                      "三、收到和处理政府信息公开申请情况\n", table3,
                      "四、政府信息公开行政复议、行政诉讼情况\n", table4,
                      "五、存在的主要问题及改进情况\n问题。\n六、其他需要报告的事项\n无。\n");
}

// 1-based line of the first occurrence of `needle` in `text`.
int LineOf(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return static_cast<int>(std::count(text.begin(), text.begin() + at, '\n')) + 1;
}

ImportResult ImportText(const std::string& text) {
  absl::StatusOr<ImportResult> result = ImportDocument(text, InputFormat::kText);
  EXPECT_THAT(result, IsOk());
  return result.ok() ? *std::move(result) : ImportResult();
}

std::vector<std::string> Codes(const std::vector<ImportWarning>& warnings) {
  std::vector<std::string> codes;
  for (const ImportWarning& warning : warnings) codes.push_back(warning.code());
  return codes;
}

TEST(ImportWarnings, CleanDocumentHasNone) {
  const ImportResult result = ImportText(Document());
  EXPECT_TRUE(result.warnings.empty()) << Codes(result.warnings).front();
  EXPECT_EQ(result.format, InputFormat::kText);
}

TEST(ImportWarnings, UnknownTable2RowIsUnplacedWithItsLine) {
  const std::string text = Document(kTable2 + Row({"行政奖励", "1"}));
  const ImportResult result = ImportText(text);
  ASSERT_EQ(result.warnings.size(), 1u);
  const ImportWarning& warning = result.warnings[0];
  EXPECT_EQ(warning.code(), "UNPLACED_ROW");
  EXPECT_EQ(warning.position().line(), LineOf(text, "\t行政奖励"));
  EXPECT_EQ(warning.position().page(), 0);
  EXPECT_EQ(warning.position().table(), 1);
  EXPECT_EQ(warning.position().row(), 7);
  EXPECT_EQ(warning.position().column(), 0);
  EXPECT_EQ(warning.position().description(), absl::StrCat("第", LineOf(text, "\t行政奖励"), "行"));
  EXPECT_EQ(warning.text(), "行政奖励 | 1");
  EXPECT_THAT(warning.message_zh(),
              HasSubstr(warning.position().description() + "：表2中无法识别"));
  EXPECT_THAT(warning.message_en(), HasSubstr("left out"));
  // The rest of the table is read as before.
  EXPECT_EQ(result.report.active_disclosure().table().licensing_decisions().number(), 7);
}

TEST(ImportWarnings, UnknownTable3LabelIsUnplacedNotMappedElsewhere) {
  const std::string text = Document(kTable2, kTable3 + Table3Row("五、本年撤回的申请数量", "4"));
  const ImportResult result = ImportText(text);
  ASSERT_EQ(Codes(result.warnings), std::vector<std::string>{"UNPLACED_ROW"});
  EXPECT_EQ(result.warnings[0].position().line(), LineOf(text, "\t五、本年撤回"));
  EXPECT_EQ(result.warnings[0].position().table(), 2);
  // No row of the table took the 4s.
  EXPECT_THAT(result.report.applications().table().DebugString(), ::testing::Not(HasSubstr("4")));
}

TEST(ImportWarnings, UnknownTable4RowIsUnplaced) {
  const std::string text =
      Document(kTable2, kTable3, kTable4 + Row({"行政赔偿", "1", "0", "0", "0", "1"}));
  const ImportResult result = ImportText(text);
  ASSERT_EQ(Codes(result.warnings), std::vector<std::string>{"UNPLACED_ROW"});
  EXPECT_EQ(result.warnings[0].position().line(), LineOf(text, "\t行政赔偿"));
  EXPECT_EQ(result.warnings[0].position().table(), 3);
}

TEST(ImportWarnings, ExtraCellIsOutsideTheGridWithTableRowColumn) {
  const std::string table2 = absl::StrReplaceAll(
      kTable2, {{Row({"规章", "1", "0", "2"}), Row({"规章", "9", "1", "0", "2"})}});
  const std::string text = Document(table2);
  const ImportResult result = ImportText(text);
  ASSERT_EQ(result.warnings.size(), 1u);
  const ImportWarning& warning = result.warnings[0];
  EXPECT_EQ(warning.code(), "CELL_OUTSIDE_GRID");
  EXPECT_EQ(warning.position().table(), 1);
  EXPECT_EQ(warning.position().row(), 3);
  EXPECT_EQ(warning.position().column(), 2);
  EXPECT_EQ(warning.position().line(), LineOf(text, "\t9\n"));
  EXPECT_EQ(warning.text(), "9");
  // The values are the trailing cells, as before; the 9 went nowhere.
  const auto& rules = result.report.active_disclosure().table().rules();
  EXPECT_EQ(rules.issued().number(), 1);
  EXPECT_EQ(rules.repealed().number(), 0);
  EXPECT_EQ(rules.in_force().number(), 2);
}

TEST(ImportWarnings, FigureInAHeaderRowIsOutsideTheGrid) {
  const std::string table2 = absl::StrReplaceAll(
      kTable2,
      {{Row({"信息内容", "本年处理绝对数量"}), Row({"信息内容", "本年处理绝对数量", "7"})}});
  const ImportResult result = ImportText(Document(table2));
  ASSERT_EQ(Codes(result.warnings), std::vector<std::string>{"CELL_OUTSIDE_GRID"});
  EXPECT_EQ(result.warnings[0].position().row(), 5);
  EXPECT_EQ(result.warnings[0].position().column(), 3);
  const ImportResult table3 = ImportText(Document(kTable2, Row({"申请人情况", "12"}) + kTable3));
  ASSERT_EQ(Codes(table3.warnings), std::vector<std::string>{"CELL_OUTSIDE_GRID"});
  EXPECT_EQ(table3.warnings[0].text(), "12");
}

TEST(ImportWarnings, FigureAmongTable3LabelsIsOutsideTheGrid) {
  const std::string table3 =
      Row({"申请人情况"}) +
      Row({"一、本年新收政府信息公开申请数量", "8", "2", "2", "2", "2", "2", "2", "2"}) +
      Row({"（六）其他处理", "3.其他", "0", "0", "0", "0", "0", "0", "0"});
  const ImportResult result = ImportText(Document(kTable2, table3));
  ASSERT_EQ(Codes(result.warnings), std::vector<std::string>{"CELL_OUTSIDE_GRID"});
  EXPECT_EQ(result.warnings[0].position().table(), 2);
  EXPECT_EQ(result.warnings[0].position().row(), 2);
  EXPECT_EQ(result.warnings[0].position().column(), 2);
  EXPECT_EQ(result.report.applications().table().new_applications().total().number(), 2);
  // After a group title, a figure where the item goes: the values are not taken as the group's
  // (the row's warning comes before its cell's).
  const std::string after_group = Row({"申请人情况"}) +
                                  Table3Row("一、本年新收政府信息公开申请数量", "2") +
                                  Row({"（六）其他处理", "5", "1", "1", "1", "1", "1", "1", "1"});
  const ImportResult stray = ImportText(Document(kTable2, after_group));
  EXPECT_EQ(Codes(stray.warnings), (std::vector<std::string>{"UNPLACED_ROW", "CELL_OUTSIDE_GRID"}));
  EXPECT_FALSE(stray.report.applications().table().has_other_handling_2019());
}

TEST(ImportWarnings, UnrecognisedTableIsLeftOutAndSaid) {
  const std::string text =
      absl::StrReplaceAll(Document(), {{"正文。\n", "正文。\n\t项目\n\t数量\n\n\t培训\n\t3\n\n"}});
  const ImportResult result = ImportText(text);
  ASSERT_EQ(Codes(result.warnings), std::vector<std::string>{"UNPLACED_TABLE"});
  EXPECT_EQ(result.warnings[0].position().line(), LineOf(text, "\t项目"));
  EXPECT_EQ(result.warnings[0].position().table(), 1);
  EXPECT_EQ(result.warnings[0].text(), "项目 | 数量");
}

TEST(ImportWarnings, Single2019OtherHandlingRowInA2021ReportIsSaid) {
  const std::string table3 = Row({"申请人情况"}) +
                             Table3Row("一、本年新收政府信息公开申请数量", "2") +
                             Row({"（六）其他处理", "0", "0", "0", "0", "0", "0", "0"});
  const std::string text = Document(kTable2, table3);
  const ImportResult result = ImportText(text);
  EXPECT_EQ(result.report.metadata().format_version(), v1::FORMAT_VERSION_MIXED);
  EXPECT_EQ(result.report.applications().table().format_version(), v1::FORMAT_VERSION_2019);
  ASSERT_EQ(Codes(result.warnings), std::vector<std::string>{"FORMAT_2019_ROW"});
  EXPECT_EQ(result.warnings[0].position().line(), LineOf(text, "\t（六）其他处理"));
  EXPECT_THAT(result.warnings[0].message_zh(), HasSubstr("2019年格式"));
  EXPECT_TRUE(result.report.applications().table().has_other_handling_2019());
}

TEST(ImportWarnings, TableMixingBothOtherHandlingFormsIsMixed) {
  const std::string table3 = Row({"申请人情况"}) +
                             Table3Row("一、本年新收政府信息公开申请数量", "2") +
                             Row({"（六）其他处理", "0", "0", "0", "0", "0", "0", "0"}) +
                             Row({"（六）其他处理", "3.其他", "0", "0", "0", "0", "0", "0", "0"});
  const ImportResult result = ImportText(Document(kTable2, table3));
  EXPECT_EQ(result.report.applications().table().format_version(), v1::FORMAT_VERSION_MIXED);
  EXPECT_EQ(Codes(result.warnings),
            (std::vector<std::string>{"MIXED_FORMAT_TABLE", "FORMAT_2019_ROW"}));
}

TEST(ImportWarnings, The2019LabelOfA2021RowIsSaid) {
  const std::string table2 = absl::StrReplaceAll(
      kTable2, {{Row({"规章", "1", "0", "2"}),
                 Row({"规章", "1", "0", "2"}) + Row({"规范性文件", "3", "0", "5"})}});
  const std::string text = Document(table2);
  const ImportResult result = ImportText(text);
  ASSERT_EQ(Codes(result.warnings), std::vector<std::string>{"FORMAT_2019_LABEL"});
  EXPECT_EQ(result.warnings[0].position().column(), 1);
  EXPECT_EQ(result.warnings[0].position().line(), LineOf(text, "\t规范性文件"));
  EXPECT_THAT(result.warnings[0].message_zh(), HasSubstr("行政规范性文件"));
  EXPECT_EQ(result.report.active_disclosure().table().normative_documents().in_force().number(), 5);
}

TEST(ImportWarnings, AWhollyOld2019ReportHasNoFormatWarnings) {
  const ImportResult result = ImportText(testing::ReadFileOrDie(
      testing::FixturesDir() + "/reports/2019_shanghai-gov-office_old-format.txt"));
  EXPECT_EQ(result.report.metadata().format_version(), v1::FORMAT_VERSION_2019);
  EXPECT_TRUE(result.warnings.empty());
}

TEST(ImportWarnings, FixturesGiveWhatTheirReadmeImplies) {
  const auto import = [](const std::string& name) {
    absl::StatusOr<ImportResult> result =
        ImportDocumentFile(testing::FixturesDir() + "/reports/" + name);
    EXPECT_THAT(result, IsOk()) << name;
    return result.ok() ? *std::move(result) : ImportResult();
  };
  // 2021, clean.
  EXPECT_TRUE(import("2024_jianshan-jiaotiju.txt").warnings.empty());
  // "规范性文件" for 行政规范性文件, in the text twin and in the portal page alike.
  for (const std::string name : {"2023_shuyang-fagaiju.txt", "html/2023_shuyang-fagaiju.html"}) {
    const ImportResult result = import(name);
    ASSERT_EQ(Codes(result.warnings), std::vector<std::string>{"FORMAT_2019_LABEL"}) << name;
    EXPECT_EQ(result.warnings[0].text(), "规范性文件") << name;
    EXPECT_GT(result.warnings[0].position().table(), 0) << name;
  }
  EXPECT_EQ(import("html/2023_shuyang-fagaiju.html").format, InputFormat::kHtml);
  // Mixed: a 2021 table 2, table 3 with the 2019 single （六）其他处理 row. The PDF reader locates
  // its tables (page and line of their start), not yet each cell: the row is placed in its table.
  const ImportResult hongze = import("pdf/2024_hongze-district-gov.pdf");
  EXPECT_EQ(hongze.format, InputFormat::kPdf);
  ASSERT_EQ(Codes(hongze.warnings), std::vector<std::string>{"FORMAT_2019_ROW"});
  const v1::ImportPosition& position = hongze.warnings[0].position();
  EXPECT_GT(position.table(), 0);
  EXPECT_GT(position.row(), 0);
  EXPECT_THAT(position.description(), HasSubstr("页"));
  EXPECT_THAT(hongze.warnings[0].message_zh(), HasSubstr(position.description()));
  EXPECT_THAT(hongze.warnings[0].text(), HasSubstr("其他处理"));
}

// The clean 2021 fixture printed by LibreOffice (tables across pages, a repeated header): the PDF
// grid places every row.
TEST(ImportWarnings, CleanReportPrintedToPdfHasNone) {
  absl::StatusOr<ImportResult> result = ImportDocumentFile(
      testing::SourceDir() + "/tests/data/pdf/2024_jianshan-jiaotiju_libreoffice.pdf");
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->format, InputFormat::kPdf);
  for (const ImportWarning& warning : result->warnings) ADD_FAILURE() << warning.DebugString();
}

TEST(ImportWarnings, PositionsReadBackFromTheReadersWords) {
  v1::ImportPosition position;
  FillPageAndLine("第3页第12行", &position);
  EXPECT_EQ(position.page(), 3);
  EXPECT_EQ(position.line(), 12);
  position.Clear();
  FillPageAndLine("第72行", &position);
  EXPECT_EQ(position.page(), 0);
  EXPECT_EQ(position.line(), 72);
  position.Clear();
  FillPageAndLine("第2个表格第5行第3列", &position);
  EXPECT_EQ(position.line(), 0);
  FillPageAndLine("第4段", &position);
  EXPECT_EQ(position.line(), 0);
}

TEST(ImportWarnings, AHostileDocumentsWarningsAreBounded) {
  std::string table2 = kTable2;
  for (int i = 0; i < 2000; ++i) table2 += Row({absl::StrCat("行政奖励", i), "1"});
  const ImportResult result = ImportText(Document(table2));
  ASSERT_EQ(result.warnings.size(), kMaxImportWarnings + 1);
  EXPECT_EQ(result.warnings.back().code(), "TOO_MANY_WARNINGS");
  const std::string long_label(5000, 'x');
  const ImportResult long_row = ImportText(Document(kTable2 + Row({long_label, "1"})));
  ASSERT_EQ(long_row.warnings.size(), 1u);
  EXPECT_LE(long_row.warnings[0].text().size(), kMaxWarningTextBytes);
}

}  // namespace
}  // namespace nianbao::codec
