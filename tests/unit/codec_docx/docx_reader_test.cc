// ReadDocx at the SourceDocument level: what a .docx body becomes, block by block and cell by cell.
#include "services/codec/docx_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "services/codec/docx_numbering.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/codec_docx/docx_builder.h"

namespace nianbao::codec {
namespace {

using ::nianbao::testing::BuildDocx;
using ::nianbao::testing::BuildZip;
using ::nianbao::testing::DocxEntries;
using ::testing::ElementsAre;

SourceBlock Paragraph(std::string text) {
  SourceBlock block;
  block.text = std::move(text);
  return block;
}

SourceBlock Table(std::vector<std::vector<std::string>> rows) {
  SourceBlock block;
  block.kind = SourceBlock::Kind::kTable;
  for (auto& texts : rows) {
    SourceRow row;
    for (auto& text : texts) row.cells.push_back(SourceCell{std::move(text), ""});
    block.rows.push_back(std::move(row));
  }
  return block;
}

// The header of table 3 and table 4 as agencies' .docx files lay them out: merged label cells,
// labels broken over lines, vertically merged continuation cells.
SourceDocument ReportLikeDocument() {
  SourceDocument document;
  document.blocks.push_back(Paragraph("尖山区教体局"));
  document.blocks.push_back(
      Paragraph("[bookmark: _GoBack]本年度报告根据《中华人民共和国政府信息公开条例》编制。"));
  document.blocks.push_back(Paragraph("三、收到和处理政府信息公开申请情况"));
  document.blocks.push_back(Table({
      {"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"},
      {"", "自然人", "法人或其他组织", "总计"},
      {"", "", "商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他", ""},
      {"一、本年新收政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"},
      {"三、本年度办理结果", "（一）予以公开", "1", "0", "0", "0", "0", "0", "1"},
      {"", "（三）不予公开", "1.属于国家秘密", "", "", "", "", "", "", ""},
  }));
  document.blocks.push_back(Paragraph("四、政府信息公开行政复议、行政诉讼情况"));
  document.blocks.push_back(Table({
      {"行政复议", "行政诉讼"},
      {"结果维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计", "未经复议直接起诉",
       "复议后起诉"},
      {"", "", "", "", "", "结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计",
       "结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计"},
      {"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
  }));
  document.blocks.push_back(Paragraph("六、其他需要报告的事项"));
  document.blocks.push_back(Paragraph("无"));
  return document;
}

TEST(ReadDocxTest, ReadsParagraphsAndTablesInDocumentOrder) {
  const SourceDocument original = ReportLikeDocument();
  absl::StatusOr<SourceDocument> read = ReadDocx(BuildDocx(original));
  NIANBAO_ASSERT_OK(read);
  ASSERT_EQ(read->blocks.size(), original.blocks.size());
  for (size_t i = 0; i < original.blocks.size(); ++i) {
    const SourceBlock& want = original.blocks[i];
    const SourceBlock& got = read->blocks[i];
    ASSERT_EQ(got.kind, want.kind) << "block " << i;
    if (want.kind == SourceBlock::Kind::kParagraph) {
      // The bookmark is Word markup, not text.
      std::string text = want.text;
      if (text.rfind("[bookmark: _GoBack]", 0) == 0) text.erase(0, strlen("[bookmark: _GoBack]"));
      EXPECT_EQ(got.text, text) << "block " << i;
      continue;
    }
    ASSERT_EQ(got.rows.size(), want.rows.size()) << "block " << i;
    for (size_t r = 0; r < want.rows.size(); ++r) {
      ASSERT_EQ(got.rows[r].cells.size(), want.rows[r].cells.size())
          << "block " << i << " row " << r;
      for (size_t c = 0; c < want.rows[r].cells.size(); ++c) {
        EXPECT_EQ(got.rows[r].cells[c].text, want.rows[r].cells[c].text)
            << "block " << i << " row " << r << " cell " << c;
      }
    }
  }
}

TEST(ReadDocxTest, NamesLocationsInChinese) {
  absl::StatusOr<SourceDocument> read = ReadDocx(BuildDocx(ReportLikeDocument()));
  NIANBAO_ASSERT_OK(read);
  EXPECT_EQ(read->blocks[0].where, "第1段");
  EXPECT_EQ(read->blocks[2].where, "第3段");
  EXPECT_EQ(read->blocks[3].where, "第1个表格");
  EXPECT_EQ(read->blocks[3].rows[2].cells[2].where, "第1个表格第3行第3列");
  EXPECT_EQ(read->blocks[5].where, "第2个表格");
  EXPECT_EQ(read->blocks[5].rows[3].cells[14].where, "第2个表格第4行第15列");
}

TEST(ReadDocxTest, LeavesOutFieldCodesDeletionsAndBookmarks) {
  SourceDocument document;
  document.blocks.push_back(Paragraph("[bookmark: _GoBack]本年度报告可在政府网站查阅。"));
  absl::StatusOr<SourceDocument> read = ReadDocx(BuildDocx(document));
  NIANBAO_ASSERT_OK(read);
  ASSERT_EQ(read->blocks.size(), 1u);
  EXPECT_EQ(read->blocks[0].text, "本年度报告可在政府网站查阅。");
}

std::string WrapBody(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
         "<w:body>" +
         body + "</w:body></w:document>";
}

absl::StatusOr<SourceDocument> ReadBody(const std::string& body) {
  return ReadDocx(BuildZip(DocxEntries(WrapBody(body))));
}

TEST(ReadDocxTest, BreaksAndContentControls) {
  absl::StatusOr<SourceDocument> read = ReadBody(
      "<w:p/>"  // Empty paragraphs are spacing, not blocks.
      "<w:sdt><w:sdtContent><w:p><w:r><w:t>二、主动公开</w:t><w:br/><w:t>政府信息情况</w:t>"
      "</w:r></w:p></w:sdtContent></w:sdt>"
      "<w:p><w:r><w:t>第一页</w:t><w:br w:type=\"page\"/><w:t>续</w:t><w:tab/><w:t>完</w:t></w:r>"
      "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
      "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins><w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom>"
      "<w:r><w:drawing><w:t>文本框</w:t></w:drawing></w:r>"
      "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
      "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>显示</w:t></w:r></w:p>");
  NIANBAO_ASSERT_OK(read);
  ASSERT_EQ(read->blocks.size(), 2u);
  EXPECT_EQ(read->blocks[0].text, "二、主动公开\n政府信息情况");
  EXPECT_EQ(read->blocks[0].where, "第1段");
  EXPECT_EQ(read->blocks[1].text, "第一页续完链接插入显示");
}

TEST(ReadDocxTest, TextBoxesAreReadOnceAfterTheirAnchorParagraph) {
  // Word's own form: DrawingML in mc:Choice, the same box again as VML in mc:Fallback.
  const std::string drawing_text_box =
      "<mc:AlternateContent "
      "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
      "<mc:Choice Requires=\"wps\"><w:drawing><wp:anchor "
      "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\">"
      "<a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData>"
      "<wps:wsp xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\">"
      "<wps:txbx><w:txbxContent><w:p><w:r><w:t>尖山区教体局</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>2025年1月17日</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>"
      "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
      "<mc:Fallback><w:pict><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"><v:textbox>"
      "<w:txbxContent><w:p><w:r><w:t>尖山区教体局</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>2025年1月17日</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>"
      "</w:pict></mc:Fallback></mc:AlternateContent>";
  // An older producer's VML-only box.
  const std::string vml_text_box =
      "<w:pict><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"><v:textbox><w:txbxContent>"
      "<w:p><w:r><w:t>2024年政府信息公开工作年度报告</w:t></w:r></w:p></w:txbxContent>"
      "</v:textbox></v:shape></w:pict>";
  absl::StatusOr<SourceDocument> read =
      ReadBody("<w:p><w:r>" + vml_text_box + "</w:r></w:p>" +
               "<w:p><w:r><w:t>六、其他需要报告的事项</w:t></w:r></w:p>" +
               "<w:p><w:r><w:t>无。</w:t></w:r><w:r>" + drawing_text_box + "</w:r></w:p>");
  NIANBAO_ASSERT_OK(read);
  std::vector<std::string> texts;
  for (const SourceBlock& block : read->blocks) texts.push_back(block.text);
  EXPECT_THAT(texts, ElementsAre("2024年政府信息公开工作年度报告", "六、其他需要报告的事项", "无。",
                                 "尖山区教体局", "2025年1月17日"));
  EXPECT_EQ(read->blocks[3].where, "第4段");
}

TEST(ReadDocxTest, MergedCellsFlattenAsInTheTextLayout) {
  absl::StatusOr<SourceDocument> read = ReadBody(
      "<w:tbl>"
      "<w:tr><w:tc><w:tcPr><w:vMerge "
      "w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>三、本年度办理结果</w:t>"
      "</w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan "
      "w:val=\"3\"/></w:tcPr><w:p><w:r><w:t>（一）予以公开"
      "</w:t></w:r></w:p></w:tc></w:tr>"
      "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>残留</w:t></w:r></w:p></w:tc>"
      "<w:tc><w:p><w:r><w:t>商业</w:t></w:r></w:p><w:p><w:r><w:t>企业</w:t></w:r></w:p><w:p/></"
      "w:tc>"
      "<w:tc><w:tcPr><w:vMerge w:val=\"continue\"/></w:tcPr><w:p/></w:tc>"
      "<w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc>"
      "<w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>"
      "</w:tbl>");
  NIANBAO_ASSERT_OK(read);
  ASSERT_EQ(read->blocks.size(), 1u);
  const SourceBlock& table = read->blocks[0];
  ASSERT_EQ(table.kind, SourceBlock::Kind::kTable);
  ASSERT_EQ(table.rows.size(), 2u);
  ASSERT_EQ(table.rows[0].cells.size(), 2u);
  EXPECT_EQ(table.rows[0].cells[1].text, "（一）予以公开");
  ASSERT_EQ(table.rows[1].cells.size(), 4u);
  EXPECT_EQ(table.rows[1].cells[0].text, "");  // Continuation of a vertical merge.
  EXPECT_EQ(table.rows[1].cells[1].text, "商业\n企业");
  EXPECT_EQ(table.rows[1].cells[2].text, "");
  EXPECT_EQ(table.rows[1].cells[3].text, "甲\n乙");  // A nested table, cell by cell.
  EXPECT_EQ(table.rows[1].cells[3].where, "第1个表格第2行第4列");
}

TEST(ReadDocxTest, StrictOpenXmlNamespaceIsRead) {
  const std::string xml =
      "<?xml version=\"1.0\"?><w:document "
      "xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\">"
      "<w:body><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p></w:body></w:document>";
  absl::StatusOr<SourceDocument> read = ReadDocx(BuildZip(DocxEntries(xml)));
  NIANBAO_ASSERT_OK(read);
  ASSERT_EQ(read->blocks.size(), 1u);
  EXPECT_EQ(read->blocks[0].text, "一、总体情况");
}

TEST(ReadDocxTest, FindsAMainPartNamedByThePackageRelationships) {
  std::vector<testing::ZipEntry> entries =
      DocxEntries(WrapBody("<w:p><w:r><w:t>正文</w:t></w:r></w:p>"));
  entries[1].second =
      "<?xml version=\"1.0\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/"
      "relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
      "officeDocument/2006/relationships/officeDocument\" Target=\"/word/document2.xml\"/>"
      "</Relationships>";
  entries[3].first = "word/document2.xml";
  absl::StatusOr<SourceDocument> read = ReadDocx(BuildZip(entries));
  NIANBAO_ASSERT_OK(read);
  ASSERT_EQ(read->blocks.size(), 1u);
  EXPECT_EQ(read->blocks[0].text, "正文");
}

TEST(ReadDocxNumberingTest, FormatsWordsListNumbers) {
  EXPECT_EQ(FormatListNumber(3, "decimal"), "3");
  EXPECT_EQ(FormatListNumber(1, "chineseCounting"), "一");
  EXPECT_EQ(FormatListNumber(10, "chineseCounting"), "十");
  EXPECT_EQ(FormatListNumber(12, "chineseCountingThousand"), "十二");
  EXPECT_EQ(FormatListNumber(20, "chineseCounting"), "二十");
  EXPECT_EQ(FormatListNumber(105, "chineseCounting"), "一百零五");
  EXPECT_EQ(FormatListNumber(2, "ideographTraditional"), "乙");
  EXPECT_EQ(FormatListNumber(4, "decimalEnclosedCircle"), "④");
  EXPECT_EQ(FormatListNumber(7, "decimalFullWidth"), "７");
  EXPECT_EQ(FormatListNumber(14, "upperRoman"), "XIV");
  EXPECT_EQ(FormatListNumber(28, "lowerLetter"), "bb");
  EXPECT_EQ(FormatListNumber(5, "none"), "");
}

constexpr char kNumberingXml[] =
    "<?xml version=\"1.0\"?><w:numbering "
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:abstractNum w:abstractNumId=\"5\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
    "<w:lvlText w:val=\"（%1）\"/></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:lvlText w:val=\"%2.\"/></w:lvl></w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"6\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/>"
    "<w:lvlText w:val=\"•\"/></w:lvl></w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"7\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
    "<w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/><w:suff w:val=\"space\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"5\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"6\"/></w:num>"
    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"7\"/>"
    "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"4\"/></w:lvlOverride></w:num>"
    "</w:numbering>";

std::string NumberedParagraph(int num_id, int level, const std::string& text) {
  return "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" + std::to_string(level) + "\"/><w:numId w:val=\"" +
         std::to_string(num_id) + "\"/></w:numPr></w:pPr><w:r><w:t>" + text + "</w:t></w:r></w:p>";
}

TEST(ReadDocxNumberingTest, AutomaticNumbersAreShownAsWordShowsThem) {
  const std::string body =
      NumberedParagraph(1, 0, "不予公开") + "<w:tbl><w:tr><w:tc>" +
      NumberedParagraph(1, 1, "属于国家秘密") + "</w:tc><w:tc>" +
      NumberedParagraph(1, 1, "其他法律行政法规禁止公开") + "</w:tc></w:tr></w:tbl>" +
      NumberedParagraph(1, 0, "无法提供") +
      NumberedParagraph(1, 1, "本机关不掌握相关政府信息") +  // Restarts after the higher level.
      NumberedParagraph(2, 0, "要点") +                      // A bullet shows no number.
      NumberedParagraph(3, 0, "起始编号") +                  // startOverride 4, space suffix.
      NumberedParagraph(1, 0, "") +                          // Empty: counted, not shown.
      NumberedParagraph(1, 0, "其他处理") +
      NumberedParagraph(0, 0, "不编号");  // numId 0 removes numbering.
  absl::StatusOr<SourceDocument> read = ReadDocx(BuildZip(DocxEntries(
      "<?xml version=\"1.0\"?><w:document "
      "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
          body + "</w:body></w:document>",
      kNumberingXml)));
  NIANBAO_ASSERT_OK(read);
  ASSERT_EQ(read->blocks.size(), 8u);
  EXPECT_EQ(read->blocks[0].text, "（一）不予公开");
  ASSERT_EQ(read->blocks[1].rows.size(), 1u);
  EXPECT_EQ(read->blocks[1].rows[0].cells[0].text, "1.属于国家秘密");
  EXPECT_EQ(read->blocks[1].rows[0].cells[1].text, "2.其他法律行政法规禁止公开");
  EXPECT_EQ(read->blocks[2].text, "（二）无法提供");
  EXPECT_EQ(read->blocks[3].text, "1.本机关不掌握相关政府信息");
  EXPECT_EQ(read->blocks[4].text, "要点");
  EXPECT_EQ(read->blocks[5].text, "4. 起始编号");
  EXPECT_EQ(read->blocks[6].text, "（四）其他处理");
  EXPECT_EQ(read->blocks[7].text, "不编号");
}

TEST(ReadDocxNumberingTest, DamagedNumberingPartLeavesTextAsWritten) {
  absl::StatusOr<SourceDocument> read = ReadDocx(BuildZip(DocxEntries(
      "<?xml version=\"1.0\"?><w:document "
      "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
          NumberedParagraph(1, 0, "总体情况") + "</w:body></w:document>",
      "<w:numbering><broken", "<w:styles/>")));
  NIANBAO_ASSERT_OK(read);
  ASSERT_EQ(read->blocks.size(), 1u);
  EXPECT_EQ(read->blocks[0].text, "总体情况");
}

}  // namespace
}  // namespace nianbao::codec
