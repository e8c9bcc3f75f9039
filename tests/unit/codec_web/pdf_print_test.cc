// The PDF reader on prints: running headers and footers dropped like page numbers (hand-placed
// pages, and the jianshan fixture printed by LibreOffice with a header and a numbered footer),
// and a portal's attribute list printed without its grid (the shuyang page printed by LibreOffice)
// read as the text layout's "名称：…" lines. tests/data/pdf/README.md says how the prints were
// made.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "services/codec/codec.h"
#include "services/codec/pdf_layout.h"
#include "services/codec/pdf_reader.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::codec {
namespace {

using google::protobuf::util::MessageDifferencer;
using nianbao::testing::IsOk;
using nianbao::v1::AnnualReport;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string DataPdf(const std::string& name) {
  return testing::SourceDir() + "/tests/data/pdf/" + name;
}

pdf::TextBox Box(const std::string& text, double x0, double y0, double width, double height = 10) {
  return pdf::TextBox{text, x0, y0, x0 + width, y0 + height};
}

std::vector<std::string> Paragraphs(const SourceDocument& document) {
  std::vector<std::string> out;
  for (const SourceBlock& block : document.blocks) {
    if (block.kind == SourceBlock::Kind::kParagraph) out.push_back(block.text);
  }
  return out;
}

// Tables 2, 3 and 4 as the text twin has them, cell by cell (blank cells blank).
void ExpectTablesOfTwin(const AnnualReport& pdf, const AnnualReport& twin) {
  std::string differences;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  EXPECT_TRUE(
      differencer.Compare(twin.active_disclosure().table(), pdf.active_disclosure().table()))
      << differences;
  EXPECT_TRUE(differencer.Compare(twin.applications().table(), pdf.applications().table()))
      << differences;
  EXPECT_TRUE(
      differencer.Compare(twin.review_litigation().table(), pdf.review_litigation().table()))
      << differences;
}

// Three pages under the same header and a footer whose page number changes; the first page's own
// title stands lower than the header, and a line at the top of one page only is the report's.
TEST(PdfFurniture, RunningHeadersAndFootersDropped) {
  std::vector<pdf::Page> pages;
  for (int n = 1; n <= 3; ++n) {
    pdf::Page page{595, 842, {}};
    page.boxes = {
        Box("某某局2024年政府信息公开工作年度报告", 150, 40, 300),
        Box("某某局　第" + std::to_string(n) + "页", 250, 800, 90),
        Box("第" + std::to_string(n) + "页的正文。", 74, 300, 100),
    };
    if (n == 1) page.boxes.push_back(Box("某某局2024年政府信息公开工作年度报告", 150, 150, 300));
    if (n == 2) page.boxes.push_back(Box("只在本页顶部的一行。", 74, 45 + 20, 100));
    pages.push_back(std::move(page));
  }
  const SourceDocument document = pdf::LayOut(pages);
  EXPECT_THAT(Paragraphs(document),
              ElementsAre("某某局2024年政府信息公开工作年度报告", "第1页的正文。",
                          "只在本页顶部的一行。", "第2页的正文。", "第3页的正文。"));
  // Locations count the report's lines only.
  ASSERT_EQ(document.blocks.size(), 5u);
  EXPECT_EQ(document.blocks[0].where, "第1页第1行");
  EXPECT_EQ(document.blocks[2].where, "第2页第1行");
}

// A single page has no running header: its top line is its title.
TEST(PdfFurniture, OnePageKeepsItsTopLine) {
  pdf::Page page{595, 842, {Box("某某局2024年政府信息公开工作年度报告", 150, 40, 300)}};
  EXPECT_THAT(Paragraphs(pdf::LayOut({page})), ElementsAre("某某局2024年政府信息公开工作年度报告"));
}

// The attribute list side by side (a browser's print) and stacked (LibreOffice's).
TEST(PdfFurniture, AttributeListReadAsLabelledLines) {
  pdf::Page page{595, 842, {}};
  page.boxes = {
      Box("索引号", 57, 100, 20),       Box("014314799/2024-00002", 100, 100, 130),
      Box("分类", 57, 115, 13),         Box("信息公开年报", 85, 130, 40),
      Box("其他", 136, 130, 13),        Box("报告", 160, 130, 13),
      Box("发布机构", 57, 145, 26),     Box("沭阳县发展和改革局", 85, 160, 60),
      Box("一、总体情况", 57, 300, 60),
  };
  EXPECT_THAT(Paragraphs(pdf::LayOut({page})),
              ElementsAre("索引号：014314799/2024-00002", "分类：信息公开年报　其他　报告",
                          "发布机构：沭阳县发展和改革局", "一、总体情况"));
}

// Header and numbered footer on every page, table 3 continued across a page break under them.
TEST(PdfPrint, LibreOfficePrintWithRunningHeaderImports) {
  absl::StatusOr<SourceDocument> document =
      ReadPdf(testing::ReadFileOrDie(DataPdf("2024_jianshan-jiaotiju_libreoffice_header.pdf")));
  ASSERT_THAT(document, IsOk());
  int titles = 0;
  for (const SourceBlock& block : document->blocks) {
    std::string text = block.text;
    for (const SourceRow& row : block.rows) {
      for (const SourceCell& cell : row.cells) text += cell.text;
    }
    EXPECT_THAT(text, Not(HasSubstr("页"))) << block.where;  // the footer's 第N页
    if (absl::StrContains(text, "尖山区教体局2024年政府信息公开工作年度报告")) ++titles;
  }
  EXPECT_EQ(titles, 1);  // the report's own title, not the header of six pages

  absl::StatusOr<AnnualReport> pdf =
      ImportReportFile(DataPdf("2024_jianshan-jiaotiju_libreoffice_header.pdf"));
  ASSERT_THAT(pdf, IsOk());
  absl::StatusOr<AnnualReport> twin =
      ImportReportFile(testing::FixturesDir() + "/reports/2024_jianshan-jiaotiju.txt");
  ASSERT_THAT(twin, IsOk());
  EXPECT_EQ(pdf->metadata().title(), twin->metadata().title());
  ExpectTablesOfTwin(*pdf, *twin);
}

// The portal page's attribute list printed by LibreOffice: each label on its own line, its value
// indented on the next. It used to be read as a table on page 1 ("unrecognised table").
TEST(PdfPrint, ShuyangPrintReadsItsAttributeList) {
  absl::StatusOr<SourceDocument> document =
      ReadPdf(testing::ReadFileOrDie(DataPdf("2023_shuyang-fagaiju_libreoffice.pdf")));
  ASSERT_THAT(document, IsOk());
  const std::vector<std::string> paragraphs = Paragraphs(*document);
  ASSERT_GE(paragraphs.size(), 6u);
  EXPECT_THAT(std::vector<std::string>(paragraphs.begin(), paragraphs.begin() + 6),
              ElementsAre("名称：沭阳县发展和改革局2023年政府信息公开年度报告",
                          "索引号：014314799/2024-00002", "分类：信息公开年报　其他　报告",
                          "发布机构：沭阳县发展和改革局", "公开日期：2024-01-17",
                          "沭阳县发展和改革局2023年政府信息公开年度报告"));
  EXPECT_EQ(document->blocks[6].kind, SourceBlock::Kind::kParagraph);
}

// The same print whole: table 3 has figures in two columns only (自然人, 总计), the others blank,
// so its columns come from the header's titles; its （六）其他处理 group's label and first row are
// cut by a page break under a repeated header ("其他处" / "理", "…其政府信" / "息公开申请"). Its
// 200 table numbers import as the twin's.
TEST(PdfPrint, ShuyangPrintImportsTheTablesOfItsTwin) {
  absl::StatusOr<AnnualReport> pdf =
      ImportReportFile(DataPdf("2023_shuyang-fagaiju_libreoffice.pdf"));
  ASSERT_THAT(pdf, IsOk());
  absl::StatusOr<AnnualReport> twin =
      ImportReportFile(testing::FixturesDir() + "/reports/2023_shuyang-fagaiju.txt");
  ASSERT_THAT(twin, IsOk());
  ExpectTablesOfTwin(*pdf, *twin);
  EXPECT_EQ(pdf->metadata().agency_name(), twin->metadata().agency_name());
  EXPECT_EQ(pdf->metadata().report_year(), 2023);
  EXPECT_EQ(pdf->metadata().publication_date().day(), 17);
  // Justified lines whose stretched gap stands before a year are prose, not a table: the
  // statistics period is read, and nothing is left unplaced.
  EXPECT_TRUE(pdf->opening().has_statistics_period());
  EXPECT_TRUE(MessageDifferencer::Equals(pdf->opening().statistics_period(),
                                         twin->opening().statistics_period()));
  absl::StatusOr<ImportResult> imported =
      ImportDocumentFile(DataPdf("2023_shuyang-fagaiju_libreoffice.pdf"));
  ASSERT_THAT(imported, IsOk());
  EXPECT_TRUE(imported->warnings.empty()) << imported->warnings.size();
  // The blank cells stay blank: 自然人 and 总计 hold 26, 商业企业 nothing.
  EXPECT_EQ(pdf->applications().table().new_applications().natural_person().number(), 26);
  EXPECT_EQ(pdf->applications().table().new_applications().commercial_enterprise().content_case(),
            v1::CountCell::CONTENT_NOT_SET);
}

}  // namespace
}  // namespace nianbao::codec
