// The HTML page, parsed back with libxml2's HTML parser: tables 2, 3 and 4 have the national
// format's rows and (colspan/rowspan-expanded) columns, labelled cells where the format puts them,
// and every data cell names its proto field.
#include "services/codec/html_renderer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/codec/codec.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::codec {
namespace {

using ::nianbao::testing::FixtureReportPaths;
using ::testing::HasSubstr;
using ::testing::Not;

struct DocFreer {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using HtmlDoc = std::unique_ptr<xmlDoc, DocFreer>;

HtmlDoc ParseHtml(const std::string& html) {
  return HtmlDoc(htmlReadMemory(html.data(), static_cast<int>(html.size()), "report.html", "UTF-8",
                                HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING));
}

std::string Name(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

std::string Attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out = value == nullptr ? "" : reinterpret_cast<const char*>(value);
  xmlFree(value);
  return out;
}

std::string Text(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string out = content == nullptr ? "" : reinterpret_cast<const char*>(content);
  xmlFree(content);
  return out;
}

void Collect(const xmlNode* node, const std::string& name, std::vector<const xmlNode*>& out) {
  for (; node != nullptr; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    if (Name(node) == name) out.push_back(node);
    Collect(node->children, name, out);
  }
}

const xmlNode* ElementById(const xmlDoc* doc, const std::string& id) {
  std::vector<const xmlNode*> all;
  Collect(xmlDocGetRootElement(doc), "table", all);
  for (const xmlNode* node : all) {
    if (Attribute(node, "id") == id) return node;
  }
  return nullptr;
}

// The table as a grid: each position holds the cell covering it, after colspan and rowspan.
struct Grid {
  std::vector<std::vector<const xmlNode*>> cells;
  std::map<std::string, std::string> values_by_field;
  bool ragged = false;  // A row with a hole or wider than the others.
  size_t rows() const { return cells.size(); }
  size_t columns() const { return cells.empty() ? 0 : cells[0].size(); }
  std::string At(size_t r, size_t c) const { return cells[r][c] ? Text(cells[r][c]) : "<hole>"; }
};

Grid GridOf(const xmlNode* table) {
  std::vector<const xmlNode*> rows;
  Collect(table->children, "tr", rows);
  Grid grid;
  grid.cells.resize(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    size_t c = 0;
    for (const xmlNode* cell = rows[r]->children; cell != nullptr; cell = cell->next) {
      if (cell->type != XML_ELEMENT_NODE || (Name(cell) != "td" && Name(cell) != "th")) continue;
      while (c < grid.cells[r].size() && grid.cells[r][c] != nullptr) ++c;
      int colspan = 1, rowspan = 1;
      if (!absl::SimpleAtoi(Attribute(cell, "colspan"), &colspan)) colspan = 1;
      if (!absl::SimpleAtoi(Attribute(cell, "rowspan"), &rowspan)) rowspan = 1;
      for (size_t dr = 0; dr < static_cast<size_t>(rowspan) && r + dr < rows.size(); ++dr) {
        auto& row = grid.cells[r + dr];
        if (row.size() < c + colspan) row.resize(c + colspan, nullptr);
        for (int dc = 0; dc < colspan; ++dc) row[c + dc] = cell;
      }
      if (Name(cell) == "td") grid.values_by_field[Attribute(cell, "data-field")] = Text(cell);
      c += colspan;
    }
  }
  for (const auto& row : grid.cells) {
    if (row.size() != grid.cells[0].size()) grid.ragged = true;
    for (const xmlNode* cell : row) grid.ragged |= cell == nullptr;
  }
  return grid;
}

nianbao::v1::AnnualReport Fixture(const std::string& name) {
  absl::StatusOr<nianbao::v1::AnnualReport> report =
      ImportReportFile(::nianbao::testing::FixturesDir() + "/reports/" + name);
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *report : nianbao::v1::AnnualReport();
}

TEST(HtmlRendererTest, EveryFixtureGivesAPageWithTheThreeTablesInTheFormatsShape) {
  for (const std::string& path : FixtureReportPaths()) {
    SCOPED_TRACE(path);
    absl::StatusOr<nianbao::v1::AnnualReport> report = ImportReportFile(path);
    NIANBAO_ASSERT_OK(report);
    const std::string html = RenderHtml(*report);
    EXPECT_THAT(html, HasSubstr("<!DOCTYPE html>"));
    EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
    EXPECT_THAT(html, HasSubstr("@media print"));
    EXPECT_THAT(html, HasSubstr("size: A4"));
    HtmlDoc doc = ParseHtml(html);
    ASSERT_NE(doc, nullptr);
    const bool trial = path.find("2019_") != std::string::npos;
    const xmlNode* table2 = ElementById(doc.get(), "table-2");
    const xmlNode* table3 = ElementById(doc.get(), "table-3");
    const xmlNode* table4 = ElementById(doc.get(), "table-4");
    ASSERT_NE(table2, nullptr);
    ASSERT_NE(table3, nullptr);
    ASSERT_NE(table4, nullptr);
    const Grid grid2 = GridOf(table2);
    EXPECT_FALSE(grid2.ragged);
    EXPECT_EQ(grid2.columns(), 4u);
    EXPECT_EQ(grid2.rows(), trial ? 18u : 14u);  // Blocks: title, column header, rows.
    EXPECT_EQ(grid2.At(0, 0), "第二十条第（一）项");
    EXPECT_EQ(grid2.At(1, 0), "信息内容");
    const Grid grid3 = GridOf(table3);
    EXPECT_FALSE(grid3.ragged);
    EXPECT_EQ(grid3.columns(), 10u);
    EXPECT_EQ(grid3.rows(), trial ? 3u + 23u : 3u + 25u);
    EXPECT_EQ(grid3.At(0, 0),
              "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
    EXPECT_EQ(grid3.At(2, 2), grid3.At(0, 0));  // The note spans three rows and columns.
    EXPECT_EQ(grid3.At(0, 3), "申请人情况");
    EXPECT_EQ(grid3.At(0, 9), "申请人情况");
    EXPECT_EQ(grid3.At(1, 3), "自然人");
    EXPECT_EQ(grid3.At(2, 3), "自然人");
    EXPECT_EQ(grid3.At(1, 4), "法人或其他组织");
    EXPECT_EQ(grid3.At(1, 8), "法人或其他组织");
    EXPECT_EQ(grid3.At(2, 4), "商业企业");
    EXPECT_EQ(grid3.At(2, 8), "其他");
    EXPECT_EQ(grid3.At(1, 9), "总计");
    EXPECT_EQ(grid3.At(3, 0), "一、本年新收政府信息公开申请数量");
    EXPECT_EQ(grid3.At(3, 2), "一、本年新收政府信息公开申请数量");
    EXPECT_EQ(grid3.At(5, 0), "三、本年度办理结果");
    EXPECT_EQ(grid3.At(grid3.rows() - 2, 0), "三、本年度办理结果");
    EXPECT_EQ(grid3.At(grid3.rows() - 2, 1), "（七）总计");
    EXPECT_EQ(grid3.At(grid3.rows() - 1, 0), "四、结转下年度继续办理");
    EXPECT_EQ(grid3.At(7, 1), "（三）不予公开");
    EXPECT_EQ(grid3.At(14, 1), "（三）不予公开");
    EXPECT_EQ(grid3.At(7, 2), "1.属于国家秘密");
    EXPECT_EQ(grid3.At(15, 1), "（四）无法提供");
    EXPECT_EQ(grid3.At(23, 1), "（六）其他处理");
    EXPECT_EQ(grid3.At(23, 2),
              trial ? "（六）其他处理"
                    : "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请");
    EXPECT_EQ(grid3.values_by_field.size(), (trial ? 23u : 25u) * 7u);
    const Grid grid4 = GridOf(table4);
    EXPECT_FALSE(grid4.ragged);
    EXPECT_EQ(grid4.rows(), 4u);
    EXPECT_EQ(grid4.columns(), 15u);
    EXPECT_EQ(grid4.At(0, 0), "行政复议");
    EXPECT_EQ(grid4.At(0, 4), "行政复议");
    EXPECT_EQ(grid4.At(1, 4), "总计");
    EXPECT_EQ(grid4.At(0, 5), "行政诉讼");
    EXPECT_EQ(grid4.At(0, 14), "行政诉讼");
    EXPECT_EQ(grid4.At(1, 0), "结果维持");
    EXPECT_EQ(grid4.At(2, 0), "结果维持");
    EXPECT_EQ(grid4.At(1, 5), "未经复议直接起诉");
    EXPECT_EQ(grid4.At(1, 10), "复议后起诉");
    EXPECT_EQ(grid4.At(2, 14), "总计");
    EXPECT_EQ(grid4.values_by_field.size(), 15u);
  }
}

TEST(HtmlRendererTest, ValuesSitInTheirFieldsAsWritten) {
  const nianbao::v1::AnnualReport report = Fixture("2019_shanghai-gov-office_old-format.txt");
  HtmlDoc doc = ParseHtml(RenderHtml(report));
  ASSERT_NE(doc, nullptr);
  const Grid grid2 = GridOf(ElementById(doc.get(), "table-2"));
  EXPECT_EQ(grid2.values_by_field.at("active_disclosure.table.trial_2019.rules.total_disclosed"),
            "524");
  EXPECT_EQ(grid2.values_by_field.at(
                "active_disclosure.table.trial_2019.centralized_procurement.total_amount"),
            "251000元");
  EXPECT_EQ(grid2.At(1, 1), "本年新制作数量");
  const Grid grid3 = GridOf(ElementById(doc.get(), "table-3"));
  EXPECT_EQ(grid3.values_by_field.at("applications.table.new_applications.natural_person"), "821");
  EXPECT_EQ(grid3.values_by_field.at("applications.table.new_applications.total"), "859");
  EXPECT_EQ(grid3.values_by_field.at("applications.table.new_applications.research_institution"),
            "");
  EXPECT_EQ(grid3.values_by_field.at("applications.table.results_total.total"), "805");
  EXPECT_EQ(grid3.values_by_field.at("applications.table.other_handling_2019.total"), "");
  EXPECT_EQ(grid3.At(3, 3), "821");
  const Grid grid4 = GridOf(ElementById(doc.get(), "table-4"));
  EXPECT_EQ(grid4.values_by_field.at("review_litigation.table.administrative_review.upheld"), "5");
  EXPECT_EQ(grid4.values_by_field.at("review_litigation.table.administrative_review.total"), "7");
  EXPECT_EQ(grid4.values_by_field.at("review_litigation.table.litigation_direct.upheld"), "8");
  EXPECT_EQ(grid4.At(3, 9), "9");

  const nianbao::v1::AnnualReport current = Fixture("2024_jianshan-jiaotiju.txt");
  HtmlDoc current_doc = ParseHtml(RenderHtml(current));
  const Grid current2 = GridOf(ElementById(current_doc.get(), "table-2"));
  EXPECT_EQ(current2.values_by_field.at("active_disclosure.table.licensing_decisions"), "1");
  EXPECT_EQ(current2.At(1, 1), "本年制发件数");
  EXPECT_EQ(current2.At(12, 3), "本年收费金额（单位：万元）");
  EXPECT_EQ(current2.At(13, 0), "行政事业性收费");
}

TEST(HtmlRendererTest, TextSectionsMetadataAndSignatureAppear) {
  const nianbao::v1::AnnualReport report = Fixture("2023_shuyang-fagaiju.txt");
  const std::string html = RenderHtml(report);
  HtmlDoc doc = ParseHtml(html);
  ASSERT_NE(doc, nullptr);
  std::vector<const xmlNode*> headings;
  Collect(xmlDocGetRootElement(doc.get()), "h2", headings);
  ASSERT_EQ(headings.size(), 6u);
  EXPECT_THAT(Text(headings[0]), HasSubstr("总体情况"));
  EXPECT_THAT(Text(headings[5]), HasSubstr("其他需要报告的事项"));
  std::vector<const xmlNode*> titles;
  Collect(xmlDocGetRootElement(doc.get()), "title", titles);
  ASSERT_EQ(titles.size(), 1u);
  EXPECT_EQ(Text(titles[0]), report.metadata().title());
  for (const auto& paragraph : report.overview().paragraphs()) {
    EXPECT_THAT(html, HasSubstr(paragraph.text().substr(0, 30)));
  }
  if (!report.signature().agency().empty()) {
    EXPECT_THAT(html, HasSubstr(absl::StrCat("<p class=\"signature-agency\">",
                                             report.signature().agency(), "</p>")));
  }
}

TEST(HtmlRendererTest, EverythingIsEscaped) {
  nianbao::v1::AnnualReport report;
  report.mutable_metadata()->set_title("<script>alert(1)</script>年度报告");
  auto* attribute = report.mutable_metadata()->add_attributes();
  attribute->set_label("索引号\"><b>");
  attribute->set_value("a&b");
  report.mutable_opening()->add_paragraphs("本报告 <img src=x onerror=alert(1)>");
  report.mutable_applications()
      ->mutable_table()
      ->mutable_new_applications()
      ->mutable_total()
      ->set_text("<i>十二</i>");
  report.mutable_signature()->set_agency("某局'\"");
  const std::string html = RenderHtml(report);
  EXPECT_THAT(html, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, Not(HasSubstr("<i>")));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  HtmlDoc doc = ParseHtml(html);
  ASSERT_NE(doc, nullptr);
  const Grid grid3 = GridOf(ElementById(doc.get(), "table-3"));
  EXPECT_EQ(grid3.values_by_field.at("applications.table.new_applications.total"), "<i>十二</i>");
  std::vector<const xmlNode*> titles;
  Collect(xmlDocGetRootElement(doc.get()), "h1", titles);
  ASSERT_EQ(titles.size(), 1u);
  EXPECT_EQ(Text(titles[0]), "<script>alert(1)</script>年度报告");
}

TEST(HtmlRendererTest, AMixedTable2ShowsBothFormats) {
  nianbao::v1::AnnualReport report;
  auto* table = report.mutable_active_disclosure()->mutable_table();
  table->set_format_version(nianbao::v1::FORMAT_VERSION_MIXED);
  table->mutable_rules()->mutable_issued()->set_number(2);
  table->mutable_trial_2019()->mutable_centralized_procurement()->mutable_projects()->set_number(6);
  HtmlDoc doc = ParseHtml(RenderHtml(report));
  ASSERT_NE(doc, nullptr);
  const Grid current = GridOf(ElementById(doc.get(), "table-2"));
  EXPECT_EQ(current.rows(), 14u);
  EXPECT_EQ(current.values_by_field.at("active_disclosure.table.rules.issued"), "2");
  const xmlNode* trial_table = ElementById(doc.get(), "table-2-2019");
  ASSERT_NE(trial_table, nullptr);
  const Grid trial = GridOf(trial_table);
  EXPECT_FALSE(trial.ragged);
  EXPECT_EQ(trial.rows(), 18u);
  EXPECT_EQ(trial.values_by_field.at(
                "active_disclosure.table.trial_2019.centralized_procurement.projects"),
            "6");
}

TEST(HtmlRendererTest, AnEmptyReportStillHasTheFormatsTables) {
  HtmlDoc doc = ParseHtml(RenderHtml(nianbao::v1::AnnualReport()));
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(GridOf(ElementById(doc.get(), "table-2")).rows(), 14u);
  EXPECT_EQ(GridOf(ElementById(doc.get(), "table-3")).rows(), 28u);
  EXPECT_EQ(GridOf(ElementById(doc.get(), "table-4")).columns(), 15u);
}

}  // namespace
}  // namespace nianbao::codec
