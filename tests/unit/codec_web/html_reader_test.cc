// The web page reader: the real portal page against its text twin, merged cells, charsets, and
// hostile pages (huge, deeply nested, wrongly declared, truncated).
#include "services/codec/html_reader.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <iconv.h>

#include <chrono>
#include <string>

#include "services/codec/codec.h"
#include "services/codec/html_charset.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::codec {
namespace {

using google::protobuf::util::MessageDifferencer;
using nianbao::testing::IsOk;
using nianbao::testing::StatusIs;
using nianbao::v1::AnnualReport;
using ::testing::HasSubstr;

std::string FixturePath(const std::string& name) {
  return testing::FixturesDir() + "/reports/" + name;
}

// Counts the cells (CountCell, AmountCell) of a message tree (`numbers_only`: the CountCells that
// hold a number), the tables' figures with their blank cells.
int CountCells(const google::protobuf::Message& message, bool numbers_only) {
  int count = 0;
  if (message.GetDescriptor()->name() == "AmountCell") return numbers_only ? 0 : 1;
  if (message.GetDescriptor()->name() == "CountCell") {
    return !numbers_only || message.GetReflection()->HasField(
                                message, message.GetDescriptor()->FindFieldByName("number"))
               ? 1
               : 0;
  }
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        count += CountCells(reflection->GetRepeatedMessage(message, field, i), numbers_only);
      }
    } else {
      count += CountCells(reflection->GetMessage(message, field), numbers_only);
    }
  }
  return count;
}

std::string ToGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  iconv(cd, &in, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

TEST(HtmlReader, PortalPageImportsAsItsTextTwin) {
  absl::StatusOr<AnnualReport> page =
      ImportReportFile(FixturePath("html/2023_shuyang-fagaiju.html"));
  ASSERT_THAT(page, IsOk());
  absl::StatusOr<AnnualReport> twin = ImportReportFile(FixturePath("2023_shuyang-fagaiju.txt"));
  ASSERT_THAT(twin, IsOk());
  // The three tables, figure by figure, blank cells included.
  EXPECT_TRUE(MessageDifferencer::Equals(page->active_disclosure(), twin->active_disclosure()));
  EXPECT_TRUE(MessageDifferencer::Equals(page->applications(), twin->applications()));
  EXPECT_TRUE(MessageDifferencer::Equals(page->review_litigation(), twin->review_litigation()));
  const auto cells = [](const AnnualReport& report, bool numbers_only) {
    return CountCells(report.active_disclosure(), numbers_only) +
           CountCells(report.applications(), numbers_only) +
           CountCells(report.review_litigation(), numbers_only);
  };
  EXPECT_EQ(cells(*page, false),
            200);  // 74 counts, 125 blank counts and the blank fee, as the twin
  EXPECT_EQ(cells(*page, true), 74);
  EXPECT_EQ(cells(*twin, false), 200);
  // And everything else: the page holds the twin's text.
  std::string difference;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&difference);
  EXPECT_TRUE(differencer.Compare(*twin, *page)) << difference;
  // The page's metadata table: 公开日期 feeds the DEADLINE rule.
  EXPECT_EQ(page->metadata().publication_date().year(), 2024);
  EXPECT_EQ(page->metadata().publication_date().month(), 1);
  EXPECT_EQ(page->metadata().publication_date().day(), 17);
  EXPECT_EQ(page->metadata().agency_name(), "沭阳县发展和改革局");
}

TEST(HtmlReader, DetectedByContentAndByExtension) {
  const std::string page = testing::ReadFileOrDie(FixturePath("html/2023_shuyang-fagaiju.html"));
  absl::StatusOr<AnnualReport> report = ImportReport(page);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->metadata().report_year(), 2023);
}

TEST(HtmlReader, ReportContainerLeavesNavigationAndScriptsOut) {
  const std::string page =
      "<html><head><title>站点</title><script>var x='一、总体情况';</script></head><body>"
      "<nav><a>首页</a><a>政务公开</a></nav><div class='menu'><ul><li>导航一</li></ul></div>"
      "<table><tr><td>索引号</td><td>123/2024-1</td><td>公开日期</td><td>2024-02-01</td></tr>"
      "</table><h1>某局2023年政府信息公开工作年度报告</h1>"
      "<div id='content'><p>一、总体情况</p><p>正文。</p>"
      "<div class='tables'><table><tr><td>信息内容</td><td>本年制发件数</td></tr></table></div>"
      "</div><div class='footer'>版权所有 网站标识码</div></body></html>";
  absl::StatusOr<SourceDocument> document = ReadHtml(page);
  ASSERT_THAT(document, IsOk());
  std::vector<std::string> paragraphs;
  for (const SourceBlock& block : document->blocks) {
    if (block.kind == SourceBlock::Kind::kParagraph) paragraphs.push_back(block.text);
  }
  EXPECT_THAT(paragraphs, ::testing::ElementsAre("索引号：123/2024-1　公开日期：2024-02-01",
                                                 "某局2023年政府信息公开工作年度报告",
                                                 "一、总体情况", "正文。"));
}

TEST(HtmlReader, MergedCellsFlattenAsInWord) {
  // Row 1: A spans two rows, B spans two columns. Row 2: A's continuation, then C, D.
  const std::string page =
      "<html><body><table>"
      "<tr><td rowspan='2'>A</td><td colspan='2'>B</td><td rowspan='3'>E</td></tr>"
      "<tr><td>C</td><td>D&nbsp;<span>1</span>,<br>2</td></tr>"
      "<tr><td>F</td><td>G</td><td>H</td></tr>"
      "</table></body></html>";
  absl::StatusOr<SourceDocument> document = ReadHtml(page);
  ASSERT_THAT(document, IsOk());
  ASSERT_EQ(document->blocks.size(), 1u);
  const std::vector<SourceRow>& rows = document->blocks[0].rows;
  ASSERT_EQ(rows.size(), 3u);
  const auto texts = [](const SourceRow& row) {
    std::vector<std::string> out;
    for (const SourceCell& cell : row.cells) out.push_back(cell.text);
    return out;
  };
  EXPECT_THAT(texts(rows[0]), ::testing::ElementsAre("A", "B", "E"));
  EXPECT_THAT(texts(rows[1]), ::testing::ElementsAre("", "C", "D 1,\n2", ""));
  EXPECT_THAT(texts(rows[2]), ::testing::ElementsAre("F", "G", "H", ""));
  EXPECT_EQ(rows[1].cells[2].where, "第1个表格第2行第3列");
}

TEST(HtmlCharset, DeclaredCharsetsConvertToUtf8) {
  const std::string body = "<p>沭阳县发展和改革局</p></body></html>";
  for (const std::string& head :
       {std::string("<html><head><meta charset=\"gb2312\"></head><body>"),
        std::string("<html><head><META HTTP-EQUIV=\"Content-Type\" "
                    "CONTENT=\"text/html; charset=GBK\"></head><body>"),
        std::string("<html><head><meta charset='gb18030'></head><body>")}) {
    absl::StatusOr<std::string> utf8 = HtmlToUtf8(ToGb18030(head + body));
    ASSERT_THAT(utf8, IsOk()) << head;
    EXPECT_THAT(*utf8, HasSubstr("沭阳县发展和改革局")) << head;
  }
  // Undeclared: UTF-8 when it is, else GB18030.
  EXPECT_THAT(*HtmlToUtf8(ToGb18030("<p>年度报告</p>")), HasSubstr("年度报告"));
  EXPECT_THAT(*HtmlToUtf8("<p>年度报告</p>"), HasSubstr("年度报告"));
}

TEST(HtmlCharset, GbkFixtureImportsAsTheUtf8One) {
  const std::string page = testing::ReadFileOrDie(FixturePath("html/2023_shuyang-fagaiju.html"));
  const std::string gbk = ToGb18030(Replace(page, "charset=\"utf-8\"", "charset=\"gb2312\""));
  absl::StatusOr<AnnualReport> from_gbk = ImportReport(gbk, InputFormat::kHtml);
  absl::StatusOr<AnnualReport> from_utf8 = ImportReport(page, InputFormat::kHtml);
  ASSERT_THAT(from_gbk, IsOk());
  ASSERT_THAT(from_utf8, IsOk());
  EXPECT_TRUE(MessageDifferencer::Equals(*from_gbk, *from_utf8));
}

TEST(HtmlCharset, WrongOrUnknownCharsetIsAClearError) {
  const std::string page = testing::ReadFileOrDie(FixturePath("html/2023_shuyang-fagaiju.html"));
  // Declares UTF-8, holds GBK.
  EXPECT_THAT(ReadHtml(ToGb18030(page)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
  EXPECT_THAT(ReadHtml(Replace(page, "charset=\"utf-8\"", "charset=\"klingon-8\"")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("klingon-8")));
}

// Each hostile page ends, well or with an error, within a bound under ASan.
template <typename F>
void ExpectQuick(const F& read, const std::string& what) {
  const auto start = std::chrono::steady_clock::now();
  read();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20)) << what;
}

TEST(HtmlReaderHostile, FiftyMegabytesRefusedBeforeParsing) {
  std::string page = "<!DOCTYPE html><html><body>";
  while (page.size() < (50u << 20)) page += "<p>一、总体情况</p><table><tr><td>1</td></tr></table>";
  ExpectQuick(
      [&] {
        EXPECT_THAT(ImportReport(page),
                    StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("网页过大")));
      },
      "50 MB");
}

TEST(HtmlReaderHostile, DeepNestingRefused) {
  for (const std::string& open :
       {std::string("<div>"), std::string("<b><i>"), std::string("<table><tr><td>")}) {
    std::string page = "<html><body>";
    for (int i = 0; i < 100000; ++i) page += open;
    page += "信息内容";
    ExpectQuick(
        [&] {
          EXPECT_THAT(ReadHtml(page),
                      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("嵌套过深")));
        },
        open);
  }
}

TEST(HtmlReaderHostile, TooManyCellsRefused) {
  std::string page = "<html><body><table>";
  for (int i = 0; i < 1000; ++i) page += "<tr><td colspan='1000' rowspan='65534'>1</td></tr>";
  page += "</table></body></html>";
  HtmlReadLimits limits;
  limits.max_cells = 500;
  ExpectQuick(
      [&] {
        EXPECT_THAT(ReadHtml(page, limits),
                    StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("单元格过多")));
      },
      "cells");
}

TEST(HtmlReaderHostile, TruncatedPagesEndCleanly) {
  const std::string page = testing::ReadFileOrDie(FixturePath("html/2023_shuyang-fagaiju.html"));
  for (std::size_t cut = 1; cut < page.size(); cut += page.size() / 37) {
    ExpectQuick(
        [&] {
          absl::StatusOr<AnnualReport> report =
              ImportReport(page.substr(0, cut), InputFormat::kHtml);
          if (!report.ok()) {
            EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument) << cut;
            EXPECT_THAT(report.status().message(), HasSubstr(" / ")) << cut;  // bilingual
          }
        },
        "truncated");
  }
}

TEST(HtmlReaderHostile, NotHtmlAtAll) {
  EXPECT_THAT(ReadHtml(""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ReadHtml(std::string("\0\0\0\0", 4)), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace nianbao::codec
