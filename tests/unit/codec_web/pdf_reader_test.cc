// The PDF reader: the real WPS fixture, the tables balanced as published; hand-placed layouts;
// hostile files (scan-only, truncated, damaged, bombs).
#include "services/codec/pdf_reader.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "services/codec/codec.h"
#include "services/codec/pdf_layout.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::codec {
namespace {

using nianbao::testing::IsOk;
using nianbao::testing::StatusIs;
using nianbao::v1::AnnualReport;
using ::testing::HasSubstr;

std::string FixturePdf() {
  return testing::FixturesDir() + "/reports/pdf/2024_hongze-district-gov.pdf";
}

// NIANBAO_DUMP=1 prints what the reader saw, for working on the layout.
void MaybeDump(const SourceDocument& document) {
  if (std::getenv("NIANBAO_DUMP") == nullptr) return;
  for (const SourceBlock& block : document.blocks) {
    if (block.kind == SourceBlock::Kind::kParagraph) {
      std::printf("P %s %s\n", block.where.c_str(), block.text.c_str());
      continue;
    }
    std::printf("T %s\n", block.where.c_str());
    for (const SourceRow& row : block.rows) {
      std::string line;
      for (const SourceCell& cell : row.cells) line += " | " + cell.text;
      std::printf("  R%s\n", line.c_str());
    }
  }
}

TEST(PdfReader, FixtureReadsIntoBlocks) {
  absl::StatusOr<SourceDocument> document = ReadPdf(testing::ReadFileOrDie(FixturePdf()));
  ASSERT_THAT(document, IsOk());
  MaybeDump(*document);
  EXPECT_FALSE(document->blocks.empty());
}

std::string Deflate(const std::string& data) {
  uLongf size = compressBound(data.size());
  std::string packed(size, '\0');
  EXPECT_EQ(compress2(reinterpret_cast<Bytef*>(packed.data()), &size,
                      reinterpret_cast<const Bytef*>(data.data()), data.size(), 9),
            Z_OK);
  packed.resize(size);
  return packed;
}

// A minimal PDF: one page per content stream, objects numbered in order, a correct xref table.
// `extra_objects` are appended (an image for the scan), `resources` is each page's dictionary;
// `deflate` compresses the content streams (FlateDecode).
std::string MakePdf(const std::vector<std::string>& contents, const std::string& resources,
                    const std::vector<std::string>& extra_objects = {}, bool deflate = false) {
  std::vector<std::string> objects;
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  const int first_page = 3;
  const int page_count = static_cast<int>(contents.size());
  const int font = first_page + 2 * page_count;
  for (int i = 0; i < page_count; ++i) kids += std::to_string(first_page + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(page_count) +
                    " >>");
  for (int i = 0; i < page_count; ++i) {
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 " +
        std::to_string(font) + " 0 R >> " + resources + " >> /Contents " +
        std::to_string(first_page + 2 * i + 1) + " 0 R >>");
    const std::string data = deflate ? Deflate(contents[i]) : contents[i];
    objects.push_back("<< /Length " + std::to_string(data.size()) +
                      (deflate ? " /Filter /FlateDecode" : "") + " >>\nstream\n" + data +
                      "\nendstream");
  }
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (const std::string& extra : extra_objects) objects.push_back(extra);
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

template <typename F>
void ExpectQuick(const F& read, const std::string& what) {
  const auto start = std::chrono::steady_clock::now();
  read();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30)) << what;
}

TEST(PdfReader, HongzeFixtureImportsBalanced) {
  absl::StatusOr<AnnualReport> report = ImportReportFile(FixturePdf());
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->metadata().agency_name(), "淮安市洪泽区人民政府");
  EXPECT_EQ(report->metadata().report_year(), 2024);
  // Mixed: table 2 in the 2021 format, table 3 with the 2019 single (六)其他处理 row.
  EXPECT_EQ(report->metadata().format_version(), v1::FORMAT_VERSION_MIXED);
  EXPECT_EQ(report->active_disclosure().table().format_version(), v1::FORMAT_VERSION_2021);
  EXPECT_EQ(report->applications().table().format_version(), v1::FORMAT_VERSION_2019);
  const auto& disclosure = report->active_disclosure().table();
  EXPECT_EQ(disclosure.normative_documents().issued().number(), 3);
  EXPECT_EQ(disclosure.normative_documents().in_force().number(), 8);
  EXPECT_EQ(disclosure.licensing_decisions().number(), 9487);
  EXPECT_EQ(disclosure.punishment_decisions().number(), 2776);
  EXPECT_EQ(disclosure.coercion_decisions().number(), 84);
  EXPECT_EQ(disclosure.fee_amount().amount().units(), 7545);
  // 95 + 0 = 95 + 0 (new + carried over = total handled + carried forward).
  const auto& applications = report->applications().table();
  EXPECT_EQ(applications.new_applications().natural_person().number(), 95);
  EXPECT_EQ(applications.new_applications().total().number(), 95);
  EXPECT_EQ(applications.carried_over().total().number(), 0);
  EXPECT_EQ(applications.disclosed().total().number(), 50);
  EXPECT_EQ(applications.partially_disclosed().total().number(), 9);
  // Table 4: 复议 1 + 1 = 2.
  const auto& review = report->review_litigation().table().administrative_review();
  EXPECT_EQ(review.upheld().number(), 1);
  EXPECT_EQ(review.corrected().number(), 1);
  EXPECT_EQ(review.total().number(), 2);
  EXPECT_EQ(report->review_litigation().table().litigation_after_review().total().number(), 3);
  // The opening, rebuilt from lines wrapped by the page.
  EXPECT_EQ(report->opening().telephone(), "0517-87290606");
  EXPECT_EQ(report->opening().postcode(), "223100");
}

// tests/data/pdf/2024_jianshan-jiaotiju_libreoffice.pdf: the text fixture rendered by
// `nianbao import --to html` and printed by LibreOffice 7.4 Writer (justified lines spread
// character by character, labels wrapped and centred in their cells, table 3 continued on the
// next page under a repeated header, table 4's titles wrapped): its tables import as the twin's.
TEST(PdfReader, LibreOfficePrintImportsAsItsTextTwin) {
  absl::StatusOr<AnnualReport> pdf = ImportReportFile(
      testing::SourceDir() + "/tests/data/pdf/2024_jianshan-jiaotiju_libreoffice.pdf");
  ASSERT_THAT(pdf, IsOk());
  absl::StatusOr<AnnualReport> twin =
      ImportReportFile(testing::FixturesDir() + "/reports/2024_jianshan-jiaotiju.txt");
  ASSERT_THAT(twin, IsOk());
  using google::protobuf::util::MessageDifferencer;
  EXPECT_TRUE(MessageDifferencer::Equals(pdf->active_disclosure().table(),
                                         twin->active_disclosure().table()));
  EXPECT_TRUE(
      MessageDifferencer::Equals(pdf->applications().table(), twin->applications().table()));
  EXPECT_TRUE(MessageDifferencer::Equals(pdf->review_litigation().table(),
                                         twin->review_litigation().table()));
  EXPECT_EQ(pdf->metadata().agency_name(), twin->metadata().agency_name());
  EXPECT_EQ(pdf->metadata().report_year(), 2024);
}

pdf::TextBox Box(const std::string& text, double x0, double y0, double width, double height = 10) {
  return pdf::TextBox{text, x0, y0, x0 + width, y0 + height};
}

TEST(PdfLayout, TablesAcrossPagesWithSeparatorsBlanksAndWrappedLabels) {
  pdf::Page first{595, 842, {}};
  first.boxes = {
      Box("一、总体情况", 100, 100, 60),
      Box("某局全年主动公开信息一千条，依申请公开一件，并按规定办理，全年未发生问题，", 74, 120,
          444),
      Box("特此报告。", 74, 140, 50),
      Box("项目", 80, 200, 20),
      Box("甲", 300, 200, 10),
      Box("乙", 400, 200, 10),
      Box("很长的标签文字", 80, 220, 70),
      Box("1,234", 295, 222, 25),
      Box("7", 403, 222, 5),
      Box("被折行", 80, 234, 30),
      Box("-1-", 290, 800, 15),
  };
  pdf::Page second{595, 842, {}};
  second.boxes = {
      Box("第二行", 80, 60, 30),
      Box("12", 300, 60, 10),
      Box("二、主动公开政府信息情况", 100, 120, 120),
  };
  const SourceDocument document = pdf::LayOut({first, second});
  MaybeDump(document);
  std::vector<std::string> paragraphs;
  const SourceBlock* table = nullptr;
  for (const SourceBlock& block : document.blocks) {
    if (block.kind == SourceBlock::Kind::kParagraph) paragraphs.push_back(block.text);
    if (block.kind == SourceBlock::Kind::kTable) table = &block;
  }
  EXPECT_THAT(paragraphs, ::testing::ElementsAre(
                              "一、总体情况",
                              "某局全年主动公开信息一千条，依申请公开一件，并按规定办理，全年未"
                              "发生问题，特此报告。",
                              "二、主动公开政府信息情况"));
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(table->rows.size(), 3u);
  const auto texts = [](const SourceRow& row) {
    std::vector<std::string> out;
    for (const SourceCell& cell : row.cells) out.push_back(cell.text);
    return out;
  };
  EXPECT_THAT(texts(table->rows[0]), ::testing::ElementsAre("项目", "甲", "乙"));
  EXPECT_THAT(texts(table->rows[1]), ::testing::ElementsAre("很长的标签文字\n被折行", "1234", "7"));
  // The row on the next page: its 乙 cell blank, not 0; the page number gone.
  EXPECT_THAT(texts(table->rows[2]), ::testing::ElementsAre("第二行", "12", ""));
  EXPECT_EQ(table->rows[2].cells[0].where, "第2页第1行第1列");
}

TEST(PdfReader, ScanWithoutTextLayerRefused) {
  // One page that paints a 1x1 image and nothing else.
  const std::string image =
      "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
      "/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream";
  const std::string scan =
      MakePdf({"q 595 0 0 842 0 0 cm /Im1 Do Q"}, "/XObject << /Im1 5 0 R >>", {image});
  EXPECT_THAT(ReadPdf(scan), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("没有文字层")));
  EXPECT_THAT(ImportReport(scan), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scan")));
}

TEST(PdfReader, HandWrittenTextPdfReads) {
  const std::string pdf = MakePdf({"BT /F1 12 Tf 72 700 Td (Report 2024) Tj ET"}, "");
  absl::StatusOr<SourceDocument> document = ReadPdf(pdf);
  ASSERT_THAT(document, IsOk());
  ASSERT_EQ(document->blocks.size(), 1u);
  EXPECT_EQ(document->blocks[0].text, "Report 2024");
}

TEST(PdfReaderHostile, TruncatedAndDamagedEndCleanly) {
  const std::string pdf = testing::ReadFileOrDie(FixturePdf());
  for (std::size_t cut = 0; cut < pdf.size(); cut += pdf.size() / 23) {
    ExpectQuick(
        [&] {
          absl::StatusOr<AnnualReport> report = ImportReport(pdf.substr(0, cut), InputFormat::kPdf);
          if (!report.ok()) {
            EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument) << cut;
          }
        },
        "truncated");
  }
  EXPECT_THAT(ReadPdf("%PDF-1.7\nnothing else"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ReadPdf("not a pdf"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("不是 PDF")));
}

TEST(PdfReaderHostile, LimitsRefused) {
  PdfReadLimits limits;
  limits.max_pages = 1;
  EXPECT_THAT(ReadPdf(MakePdf({"", ""}, ""), limits),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("页数过多")));
  limits = PdfReadLimits();
  limits.max_bytes = 100;
  EXPECT_THAT(ReadPdf(MakePdf({""}, ""), limits),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("文件过大")));
}

TEST(PdfReaderHostile, DeflateBombAndDeepNestingEndInBoundedTime) {
  // A content stream that inflates to 256 MiB of spaces from a few hundred KiB.
  std::string spaces(256u << 20, ' ');
  uLongf size = compressBound(spaces.size());
  std::string packed(size, '\0');
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(packed.data()), &size,
                      reinterpret_cast<const Bytef*>(spaces.data()), spaces.size(), 9),
            Z_OK);
  packed.resize(size);
  spaces.clear();
  spaces.shrink_to_fit();

  // Swap the page's content for the compressed stream.
  const std::string stream = "<< /Length " + std::to_string(packed.size()) +
                             " /Filter /FlateDecode >>\nstream\n" + packed + "\nendstream";
  std::string pdf =
      "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
      "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
      "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
      "\nendobj\n4 0 obj\n" +
      stream + "\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
  // Refused before poppler reads it, naming the limit.
  ExpectQuick(
      [&] {
        EXPECT_THAT(ReadPdf(pdf), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("beyond the limit of 64 MiB")));
      },
      "deflate bomb");
  // Arrays nested 100k deep in a page dictionary.
  std::string deep =
      "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
      "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
      "3 0 obj\n<< /Type /Page /Parent 2 0 R /X ";
  deep += std::string(100000, '[') + std::string(100000, ']');
  deep += " >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
  ExpectQuick([&] { EXPECT_FALSE(ReadPdf(deep).ok()); }, "deep nesting");
}

// The bounds on inflated streams are the reader's limits: one stream, then all together; a
// compressed page within them reads.
TEST(PdfReaderHostile, InflatedStreamLimitsNamed) {
  const std::string text = "BT /F1 12 Tf 72 700 Td (Report 2024) Tj ET\n";
  const std::string padded = text + std::string(2u << 20, ' ');  // 2 MiB and a line
  const std::string one = MakePdf({padded}, "", {}, /*deflate=*/true);
  absl::StatusOr<SourceDocument> document = ReadPdf(one);
  ASSERT_THAT(document, IsOk());
  ASSERT_EQ(document->blocks.size(), 1u);
  EXPECT_EQ(document->blocks[0].text, "Report 2024");

  PdfReadLimits limits;
  limits.max_inflated_stream_bytes = 1u << 20;
  EXPECT_THAT(ReadPdf(one, limits),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("单个流的上限 1 MiB")));
  EXPECT_THAT(ReadPdf(one, limits),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("beyond the limit of 1 MiB for one stream")));
  // Two pages, each stream within the limit for one, together beyond the total.
  limits = PdfReadLimits();
  limits.max_inflated_total_bytes = 3u << 20;
  const std::string two = MakePdf({padded, padded}, "", {}, /*deflate=*/true);
  EXPECT_THAT(ReadPdf(two, limits), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("beyond the limit of 3 MiB in all")));
  EXPECT_THAT(ReadPdf(two), IsOk());
}

}  // namespace
}  // namespace nianbao::codec
