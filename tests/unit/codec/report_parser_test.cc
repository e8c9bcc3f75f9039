// The report parser on small hand-written documents: headings, labels and their variants, table
// formats, and each kind of unreadable input with the line its error names.
#include "services/codec/report_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/codec/codec.h"
#include "tests/support/status_matchers.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::AnnualReport;
using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::StatusIs;

// Cells of one row in the text layout.
std::string Row(std::initializer_list<std::string> cells) {
  std::string out;
  for (const std::string& cell : cells) absl::StrAppend(&out, "\t", cell, "\n");
  return out + "\n";
}

std::string Table3Row(const std::string& label, const std::string& value) {
  return Row({label, value, value, value, value, value, value, value});
}

const std::string kTable2 =
    Row({"第二十条第（一）项"}) +
    Row({"信息内容", "本年制发件数", "本年废止件数", "现行有效件数"}) +
    Row({"规章", "1", "0", "2"}) + Row({"第二十条第（五）项"}) +
    Row({"信息内容", "本年处理绝对数量"}) + Row({"行政许可", "7"}) + Row({"第二十条第（八）项"}) +
    Row({"信息内容", "本年收费金额（单位：万元）"}) + Row({"行政事业性收费", "43.788万元"});
const std::string kTable3 =
    Row({"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"}) +
    Table3Row("一、本年新收政府信息公开申请数量", "2") +
    Table3Row("二、上年结转政府信息公开数量", "0") +
    Row({"（三）不予公开", "2.其他法律行政止公开", "1", "", "", "", "", "", "1"}) +
    Row({"（四）无法提供", "1、本机关不掌握相关政府信息", "0", "0", "0", "0", "0", "0", "0"}) +
    Row({"（六）其他处理", "3.其他", "/", "—", "", "", "", "", "0"});
const std::string kTable4 =
    Row({"行政复议", "行政诉讼"}) +
    Row({"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"});

std::string Document(const std::string& table2 = kTable2, const std::string& table3 = kTable3,
                     const std::string& table4 = kTable4) {
  return absl::StrCat("某某市某某区人民政府\n2022年政府信息公开工作年度报告\n",
                      "[bookmark: _GoBack]本报告统计期限为2022年1月1日至2022年12月31日。\n",
                      "一．总体情况\n（一）主动公开\n正文。\n", "二、主动公开政府信息情况\n",
                      table2, "三、收到和处理政府信息公开申请情况\n", table3,
                      "四、政府信息公开行政复议、行政诉讼情况\n", table4,
                      "五、存在的主要问题及改进情况\n问题。\n六、其他需要报告的事项\n无。\n");
}

absl::StatusOr<AnnualReport> Import(const std::string& text) {
  return ImportReport(text, InputFormat::kText);
}

TEST(CodecParser, ReadsVariantsOfLabelsAndHeadings) {
  absl::StatusOr<AnnualReport> report = Import(Document());
  ASSERT_THAT(report, testing::IsOk());
  EXPECT_EQ(report->metadata().agency_name(), "某某市某某区人民政府");
  EXPECT_EQ(report->metadata().agency_kind(), v1::AGENCY_KIND_GOVERNMENT);
  EXPECT_EQ(report->metadata().report_year(), 2022);
  EXPECT_EQ(report->opening().paragraphs(0), "本报告统计期限为2022年1月1日至2022年12月31日。");
  EXPECT_EQ(report->overview().heading().written_number(), 1);
  const v1::ActiveDisclosureTable& t2 = report->active_disclosure().table();
  EXPECT_EQ(t2.licensing_decisions().number(), 7);
  EXPECT_EQ(t2.rules().in_force().number(), 2);
  EXPECT_EQ(t2.fee_amount().amount().units(), 43);
  EXPECT_EQ(t2.fee_amount().amount().nanos(), 788000000);
  EXPECT_EQ(t2.fee_amount().written(), "43.788万元");
  EXPECT_FALSE(t2.has_normative_documents());
  const v1::ApplicationTable& t3 = report->applications().table();
  EXPECT_EQ(t3.carried_over().total().number(), 0);
  EXPECT_EQ(t3.withheld().prohibited_by_law().natural_person().number(), 1);
  EXPECT_FALSE(t3.withheld().prohibited_by_law().commercial_enterprise().has_number());
  EXPECT_EQ(t3.unavailable().not_held().total().number(), 0);
  EXPECT_EQ(t3.other_handling().other().natural_person().text(), "/");
  EXPECT_EQ(t3.other_handling().other().commercial_enterprise().text(), "—");
  EXPECT_EQ(t3.format_version(), v1::FORMAT_VERSION_2021);
  EXPECT_FALSE(t3.has_disclosed());
}

TEST(CodecParser, AgencyKinds) {
  const std::vector<std::pair<std::string, v1::AgencyKind>> cases = {
      {"某某街道办事处", v1::AGENCY_KIND_TOWNSHIP},
      {"某某镇人民政府", v1::AGENCY_KIND_TOWNSHIP},
      {"某某县人民政府", v1::AGENCY_KIND_GOVERNMENT},
      {"某某县交通运输局", v1::AGENCY_KIND_DEPARTMENT}};
  for (const auto& [agency, kind] : cases) {
    const std::string text =
        absl::StrReplaceAll(Document(), {{"某某市某某区人民政府\n", agency + "\n"}});
    absl::StatusOr<AnnualReport> report = Import(text);
    ASSERT_THAT(report, testing::IsOk()) << agency;
    EXPECT_EQ(report->metadata().agency_name(), agency);
    EXPECT_EQ(report->metadata().agency_kind(), kind) << agency;
  }
}

TEST(CodecParser, MixedTable2IsReportedAsMixed) {
  const std::string table2 = kTable2 + Row({"第二十条第（九）项"}) +
                             Row({"信息内容", "采购项目数量", "采购总金额"}) +
                             Row({"政府集中采购", "3", "251000元"});
  absl::StatusOr<AnnualReport> report = Import(Document(table2));
  ASSERT_THAT(report, testing::IsOk());
  EXPECT_EQ(report->active_disclosure().table().format_version(), v1::FORMAT_VERSION_MIXED);
  EXPECT_EQ(report->applications().table().format_version(), v1::FORMAT_VERSION_2021);
  EXPECT_EQ(report->metadata().format_version(), v1::FORMAT_VERSION_MIXED);
  EXPECT_EQ(report->active_disclosure()
                .table()
                .trial_2019()
                .centralized_procurement()
                .total_amount()
                .written(),
            "251000元");
}

TEST(CodecParser, ParenthesizedSectionHeadingsAndNotes) {
  std::string text = Document();
  text = absl::StrReplaceAll(
      text, {{"一．总体情况\n（一）主动公开\n", "（一）总体情况\n1.主动公开\n"},
             {"二、主动公开政府信息情况\n", "（二）主动公开政府信息情况\n单位：件\n"}});
  absl::StatusOr<AnnualReport> report = Import(text);
  ASSERT_THAT(report, testing::IsOk());
  EXPECT_EQ(report->overview().heading().text(), "（一）总体情况");
  EXPECT_EQ(report->active_disclosure().heading().written_number(), 2);
  ASSERT_EQ(report->active_disclosure().notes_size(), 1);
  EXPECT_EQ(report->active_disclosure().notes(0).text(), "单位：件");
}

TEST(CodecParser, RepeatedHeadingStaysText) {
  const std::string text =
      absl::StrReplaceAll(Document(), {{"问题。\n", "问题。\n五、存在的主要问题及改进情况\n"}});
  absl::StatusOr<AnnualReport> report = Import(text);
  ASSERT_THAT(report, testing::IsOk());
  ASSERT_EQ(report->problems_and_improvements().paragraphs_size(), 2);
  EXPECT_EQ(report->other_matters().heading().position(), 6);
}

TEST(CodecParser, EmptyFileNamesTheFirstLine) {
  EXPECT_THAT(Import(""), StatusIs(absl::StatusCode::kInvalidArgument,
                                   AllOf(HasSubstr("第1行"), HasSubstr("文档为空"))));
}

TEST(CodecParser, BinaryGarbageNamesTheLine) {
  std::string garbage = "abc\ndef\n";
  for (int i = 0; i < 64; ++i) garbage.push_back(static_cast<char>(i * 7));
  EXPECT_THAT(ImportReport(garbage),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("第3行")));
}

TEST(CodecParser, InvalidUtf8NamesTheLine) {
  std::string text = Document();
  text.insert(text.find("正文。"), "\xC3");
  EXPECT_THAT(Import(text), StatusIs(absl::StatusCode::kInvalidArgument,
                                     AllOf(HasSubstr("第6行"), HasSubstr("UTF-8"))));
}

TEST(CodecParser, NoTitleNamesTheFirstLine) {
  std::string text = Document();
  text = text.substr(text.find("[bookmark"));
  EXPECT_THAT(Import(text), StatusIs(absl::StatusCode::kInvalidArgument,
                                     AllOf(HasSubstr("第1行"), HasSubstr("标题"))));
}

TEST(CodecParser, LettersWhereNumbersGoNameTheLine) {
  const std::string table3 =
      absl::StrReplaceAll(kTable3, {{Table3Row("二、上年结转政府信息公开数量", "0"),
                                     Table3Row("二、上年结转政府信息公开数量", "x")}});
  const std::string text = Document(kTable2, table3);
  const std::size_t line = std::count(text.begin(), text.begin() + text.find("\tx\n"), '\n') + 1;
  EXPECT_THAT(Import(text),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(absl::StrCat("第", line, "行")), HasSubstr("应为数值"))));
}

TEST(CodecParser, MissingTableNamesItsHeading) {
  const std::string text = Document(kTable2, kTable3, "");
  const std::size_t line =
      std::count(text.begin(), text.begin() + text.find("四、政府信息公开"), '\n') + 1;
  EXPECT_THAT(Import(text), StatusIs(absl::StatusCode::kInvalidArgument,
                                     AllOf(HasSubstr(absl::StrCat("第", line, "行")),
                                           HasSubstr("表4"), HasSubstr("no recognisable table"))));
}

TEST(CodecParser, RowWithTooFewCellsNamesTheLine) {
  const std::string table3 = kTable3 + Row({"四、结转下年度继续办理", "1", "2"});
  const std::string text = Document(kTable2, table3);
  const std::size_t line =
      std::count(text.begin(), text.begin() + text.find("\t四、结转下年度"), '\n') + 1;
  EXPECT_THAT(Import(text), StatusIs(absl::StatusCode::kInvalidArgument,
                                     AllOf(HasSubstr(absl::StrCat("第", line, "行")),
                                           HasSubstr("7个数值单元格"))));
}

// An unknown row is left out with an import warning (import_warnings_test.cc); a repeated one is
// an error.
TEST(CodecParser, RepeatedRowsAreErrors) {
  EXPECT_THAT(Import(Document(
                  kTable2, kTable3 + Table3Row("（七）总计", "1") + Table3Row("（七）总计", "1"))),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("重复出现")));
  EXPECT_THAT(Import(Document(kTable2, kTable3,
                              kTable4 + Row({"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0",
                                             "0", "0", "0", "0"}))),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("表4的数据重复出现")));
}

// Found by fuzz_text_layout_reader: header words where a group's values go were kept as text
// values; written out, the row then read as a header row and the values vanished on re-import.
TEST(CodecParser, HeaderWordsWhereTable4ValuesGoAreAnError) {
  const std::string table4 =
      Row({"行政复议", "行政诉讼"}) +
      Row({"诉讼：未经复议直接起诉", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"});
  const std::string text = Document(kTable2, kTable3, table4);
  const std::size_t line =
      std::count(text.begin(), text.begin() + text.find("\t结果维持"), '\n') + 1;
  EXPECT_THAT(Import(text),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(absl::StrCat("第", line, "行")),
                             HasSubstr("表头文字“结果维持”"), HasSubstr("header word"))));
  // A group's name among the values, as in 直接起诉 (a variant of 未经复议直接起诉), likewise.
  EXPECT_THAT(Import(Document(
                  kTable2, kTable3,
                  Row({"行政复议", "行政诉讼"}) + Row({"尚未审结", "直接起诉", "", "", "", "1"}))),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("表头文字“直接起诉”")));
  // The same row with values reads, and its rendering imports as the same report.
  absl::StatusOr<AnnualReport> report = Import(Document(
      kTable2, kTable3,
      Row({"行政复议", "行政诉讼"}) + Row({"诉讼：未经复议直接起诉", "1", "0", "0", "0", "1"})));
  ASSERT_THAT(report, testing::IsOk());
  absl::StatusOr<std::string> rendered = RenderReport(*report, OutputFormat::kText);
  ASSERT_THAT(rendered, testing::IsOk());
  absl::StatusOr<AnnualReport> again = Import(*rendered);
  ASSERT_THAT(again, testing::IsOk());
  EXPECT_EQ(again->SerializeAsString(), report->SerializeAsString());
}

TEST(CodecParser, ValuesOnAGroupTitleAreAnError) {
  const std::string table3 = kTable3 + Table3Row("（五）不予处理", "1");
  EXPECT_THAT(Import(Document(kTable2, table3)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("（五）不予处理"), HasSubstr("分组标题"))));
}

TEST(CodecParser, HeadingNumberedTwiceAndTitleOnlyInTheHeader) {
  std::string text =
      absl::StrReplaceAll(Document(), {{"某某市某某区人民政府\n2022年政府信息公开工作年度报告\n",
                                        "名称：某某县统计局2022年政府信息公开年度报告\n"},
                                       {"一．总体情况", "一、一、总体情况"}});
  absl::StatusOr<AnnualReport> report = Import(text);
  ASSERT_THAT(report, testing::IsOk());
  EXPECT_EQ(report->metadata().title(), "某某县统计局2022年政府信息公开年度报告");
  EXPECT_EQ(report->metadata().agency_name(), "某某县统计局");
  EXPECT_EQ(report->overview().heading().text(), "一、一、总体情况");
  EXPECT_EQ(report->overview().heading().written_number(), 1);
}

// A .docx-like document: the title written as one paragraph with a line break (it reads like the
// two-line text title), section 六, and a closing paragraph "无。" with the signature lines after a
// line break each.
SourceDocument SignedDocument(absl::string_view date_line) {
  SourceDocument document;
  document.blocks.push_back(
      {SourceBlock::Kind::kParagraph, "尖山区教体局\n2024年政府信息公开工作年度报告", {}, "第1段"});
  document.blocks.push_back({SourceBlock::Kind::kParagraph, "六、其他需要报告的事项", {}, "第2段"});
  document.blocks.push_back({SourceBlock::Kind::kParagraph,
                             absl::StrCat("无。\n尖山区教体局\n", date_line),
                             {},
                             "第3段"});
  return document;
}

TEST(CodecParser, LineBreaksInsideParagraphsSeparateLines) {
  absl::StatusOr<AnnualReport> report = ParseReport(SignedDocument("2025年1月17日"));
  ASSERT_THAT(report, testing::IsOk());
  EXPECT_EQ(report->metadata().title(), "尖山区教体局2024年政府信息公开工作年度报告");
  EXPECT_EQ(report->metadata().agency_name(), "尖山区教体局");
  EXPECT_EQ(report->signature().agency(), "尖山区教体局");
  EXPECT_EQ(report->signature().date().year(), 2025);
  ASSERT_EQ(report->other_matters().paragraphs_size(), 1);
}

TEST(CodecParser, SignatureDateInChineseNumeralsIsRead) {
  absl::StatusOr<AnnualReport> report = ParseReport(SignedDocument("二〇二五年一月十七日"));
  ASSERT_THAT(report, testing::IsOk());
  EXPECT_EQ(report->signature().agency(), "尖山区教体局");
  EXPECT_EQ(report->signature().date_text(), "二〇二五年一月十七日");
  EXPECT_EQ(report->signature().date().year(), 2025);
  EXPECT_EQ(report->signature().date().month(), 1);
  EXPECT_EQ(report->signature().date().day(), 17);
  ASSERT_EQ(report->other_matters().paragraphs_size(), 1);
}

TEST(CodecParser, ImpossibleDatesAreKeptAsText) {
  // 2月30日 is no date, in either numerals: no signature is made up, and the line stays in the
  // section's text. 29 February is a date only in a leap year.
  for (const char* line :
       {"二〇二五年二月三十日", "2025年2月30日", "2025年2月29日", "2025年4月31日"}) {
    absl::StatusOr<AnnualReport> report = ParseReport(SignedDocument(line));
    ASSERT_THAT(report, testing::IsOk()) << line;
    EXPECT_FALSE(report->has_signature()) << line;
    const auto& paragraphs = report->other_matters().paragraphs();
    ASSERT_FALSE(paragraphs.empty()) << line;
    EXPECT_EQ(paragraphs[paragraphs.size() - 1].text(), line);
  }
  absl::StatusOr<AnnualReport> leap = ParseReport(SignedDocument("二〇二四年二月二十九日"));
  ASSERT_THAT(leap, testing::IsOk());
  EXPECT_EQ(leap->signature().date().day(), 29);
}

TEST(CodecParser, SourceDocumentFromAnyReaderIsParsed) {
  // Locations come from the reader: a .docx reader names tables and cells its own way.
  SourceDocument document;
  document.blocks.push_back(
      {SourceBlock::Kind::kParagraph, "2023年某某局政府信息公开工作年度报告", {}, "第1段"});
  SourceBlock table;
  table.kind = SourceBlock::Kind::kTable;
  table.where = "第1个表格";
  SourceRow row;
  row.cells = {{"行政许可", "第1个表格第1行第1列"}, {"abc", "第1个表格第1行第2列"}};
  table.rows.push_back(row);
  document.blocks.push_back(table);
  EXPECT_THAT(ParseReport(document),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("第1个表格第1行第2列")));
}

}  // namespace
}  // namespace nianbao::codec
