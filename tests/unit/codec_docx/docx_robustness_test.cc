// ReadDocx on damaged, hostile and wrong inputs: a clear INVALID_ARGUMENT naming what was
// expected, never a crash or a hang (the suite runs under ASan and UBSan).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>

#include "services/codec/docx_reader.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/codec_docx/docx_builder.h"

namespace nianbao::codec {
namespace {

using ::nianbao::testing::BuildDocx;
using ::nianbao::testing::BuildZip;
using ::nianbao::testing::DocxEntries;
using ::nianbao::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

SourceDocument SmallReport() {
  SourceDocument document;
  for (const char* text :
       {"2024年政府信息公开工作年度报告", "一、总体情况", "本年度共主动公开信息12条。"}) {
    SourceBlock block;
    block.text = text;
    document.blocks.push_back(block);
  }
  SourceBlock table;
  table.kind = SourceBlock::Kind::kTable;
  for (int r = 0; r < 6; ++r) {
    SourceRow row;
    for (int c = 0; c < 8; ++c)
      row.cells.push_back(SourceCell{c == 0 ? "规章" : std::to_string(r * c), ""});
    table.rows.push_back(row);
  }
  document.blocks.push_back(table);
  return document;
}

std::string WrapBody(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\n"
         "<w:body>\n" +
         body + "</w:body></w:document>";
}

// Any outcome but a crash is acceptable for garbage; an error must be INVALID_ARGUMENT and say,
// bilingually, what is wrong.
void ExpectOkOrClearError(const absl::StatusOr<SourceDocument>& result, const std::string& label) {
  if (result.ok()) return;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
      << label << ": " << result.status();
  EXPECT_THAT(std::string(result.status().message()), HasSubstr(" / ")) << label;
}

TEST(DocxRobustnessTest, EveryTruncationIsRefusedClearly) {
  const std::string docx = BuildDocx(SmallReport());
  for (size_t length = 0; length < docx.size(); length += 7) {
    absl::StatusOr<SourceDocument> result = ReadDocx(docx.substr(0, length));
    ASSERT_FALSE(result.ok()) << "length " << length;
    EXPECT_THAT(result, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("docx"))) << length;
  }
}

TEST(DocxRobustnessTest, BitFlipsNeverCrash) {
  const std::string docx = BuildDocx(SmallReport());
  std::mt19937 random(20240117);
  int refused = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::string damaged = docx;
    const int flips = 1 + trial % 4;
    for (int f = 0; f < flips; ++f) {
      const size_t at = random() % damaged.size();
      damaged[at] = static_cast<char>(damaged[at] ^ (1 << (random() % 8)));
    }
    absl::StatusOr<SourceDocument> result = ReadDocx(damaged);
    ExpectOkOrClearError(result, "trial " + std::to_string(trial));
    if (!result.ok()) ++refused;
  }
  // CRCs and the zip structure catch most damage.
  EXPECT_GT(refused, 200);
}

TEST(DocxRobustnessTest, ShuffledBytesNeverCrash) {
  const std::string docx = BuildDocx(SmallReport());
  std::mt19937 random(7);
  for (int trial = 0; trial < 200; ++trial) {
    // Swap two byte ranges of equal length, as a broken upload or copy would.
    std::string damaged = docx;
    const size_t length = 1 + random() % 64;
    const size_t a = random() % (damaged.size() - length);
    const size_t b = random() % (damaged.size() - length);
    std::string chunk = damaged.substr(a, length);
    damaged.replace(a, length, docx.substr(b, length));
    damaged.replace(b, length, chunk);
    ExpectOkOrClearError(ReadDocx(damaged), "trial " + std::to_string(trial));
  }
}

TEST(DocxRobustnessTest, EntryOrderDoesNotMatter) {
  std::vector<testing::ZipEntry> entries =
      DocxEntries(WrapBody("<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>"));
  std::reverse(entries.begin(), entries.end());
  testing::ZipOptions stored;
  stored.deflate = false;
  absl::StatusOr<SourceDocument> read = ReadDocx(BuildZip(entries, stored));
  NIANBAO_ASSERT_OK(read);
  ASSERT_EQ(read->blocks.size(), 1u);
  EXPECT_EQ(read->blocks[0].text, "一、总体情况");
}

TEST(DocxRobustnessTest, NotAZipIsNamed) {
  EXPECT_THAT(ReadDocx(""), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("输入为空")));
  EXPECT_THAT(ReadDocx("尖山区教体局\n2024年政府信息公开工作年度报告\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("不是 DOCX 文件"), HasSubstr("expected a zip archive"))));
}

TEST(DocxRobustnessTest, LegacyDocAndEncryptedWordFilesAreNamed) {
  const std::string cfb("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  EXPECT_THAT(ReadDocx(cfb + std::string(512, '\0')),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Word 97-2003")));
  std::string encryption_info;
  for (char c : std::string("EncryptionInfo")) encryption_info += std::string{c, '\0'};
  EXPECT_THAT(ReadDocx(cfb + std::string(64, '\0') + encryption_info),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("password-protected")));
}

TEST(DocxRobustnessTest, EncryptedEntryIsRefused) {
  testing::ZipOptions encrypted;
  encrypted.aes_password = "secret";
  std::string docx = BuildZip(DocxEntries(WrapBody("<w:p/>")), encrypted);
  EXPECT_THAT(ReadDocx(docx), StatusIs(absl::StatusCode::kInvalidArgument,
                                       AllOf(HasSubstr("已加密"), HasSubstr("encrypted"))));
}

TEST(DocxRobustnessTest, ZipWithoutDocumentIsNamed) {
  std::string zip = BuildZip({{"xl/workbook.xml", "<workbook/>"}});
  EXPECT_THAT(ReadDocx(zip),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("word/document.xml"), HasSubstr("expected"))));
}

TEST(DocxRobustnessTest, MalformedXmlNamesTheLine) {
  std::string docx = BuildZip(DocxEntries(WrapBody("<w:p><w:r><w:t>一、总体情况</w:r></w:p>\n")));
  EXPECT_THAT(ReadDocx(docx), StatusIs(absl::StatusCode::kInvalidArgument,
                                       AllOf(HasSubstr("第4行"), HasSubstr("at line 4"),
                                             HasSubstr("malformed XML"))));
}

TEST(DocxRobustnessTest, NoBodyIsNamed) {
  std::string docx = BuildZip(DocxEntries("<?xml version=\"1.0\"?><root/>"));
  EXPECT_THAT(ReadDocx(docx), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("w:body")));
}

TEST(DocxRobustnessTest, EntityDeclarationsAreRefused) {
  std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"哈哈哈哈哈哈哈哈\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>";
  EXPECT_THAT(ReadDocx(BuildZip(DocxEntries(laughs))),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("DOCTYPE")));
}

TEST(DocxRobustnessTest, OversizedPartIsRefusedBeforeInflating) {
  // A zip bomb in miniature: 4 MiB of one repeated paragraph compresses to a few KiB.
  std::string body;
  while (body.size() < (4u << 20)) body += "<w:p><w:r><w:t>重复重复重复重复</w:t></w:r></w:p>";
  std::string docx = BuildDocx(SourceDocument());
  docx = BuildZip(DocxEntries(WrapBody(body)));
  ASSERT_LT(docx.size(), 256u << 10);
  EXPECT_THAT(ReadDocx(docx, DocxReadLimits{.max_part_bytes = 1u << 20}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("过大"), HasSubstr("zip bomb"))));
}

TEST(DocxRobustnessTest, DeeplyNestedTablesNeverOverflowTheStack) {
  // Nesting beyond what the XML parser accepts is an error; below that, it reads.
  for (int depth : {20, 5000}) {
    std::string body;
    for (int i = 0; i < depth; ++i) body += "<w:tbl><w:tr><w:tc>";
    body += "<w:p><w:r><w:t>深处</w:t></w:r></w:p>";
    for (int i = 0; i < depth; ++i) body += "</w:tc></w:tr></w:tbl>";
    absl::StatusOr<SourceDocument> result = ReadDocx(BuildZip(DocxEntries(WrapBody(body))));
    if (depth == 20) {
      NIANBAO_ASSERT_OK(result);
      ASSERT_EQ(result->blocks.size(), 1u);
      EXPECT_EQ(result->blocks[0].rows[0].cells[0].text, "深处");
    } else {
      EXPECT_THAT(result, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("XML")));
    }
  }
}

// A bomb split over the parts: each under the per-part limit, together over the total.
TEST(DocxRobustnessTest, PartsTogetherOverTheTotalAreRefused) {
  const std::string padding(600u << 10, ' ');
  const std::string numbering =
      "<?xml version=\"1.0\"?><w:numbering "
      "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">" +
      padding + "</w:numbering>";
  const std::string styles =
      "<?xml version=\"1.0\"?><w:styles "
      "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">" +
      padding + "</w:styles>";
  const std::string docx = BuildZip(DocxEntries(
      WrapBody("<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>" + padding), numbering, styles));
  DocxReadLimits limits;
  limits.max_part_bytes = 1u << 20;
  limits.max_total_bytes = 1u << 20;
  EXPECT_THAT(ReadDocx(docx, limits),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("合计超过 1 MiB"), HasSubstr("word/numbering.xml"),
                             HasSubstr("1 MiB together"), HasSubstr("zip bomb"))));
  // The same parts within a larger total read.
  limits.max_total_bytes = 2u << 20;
  absl::StatusOr<SourceDocument> read = ReadDocx(docx, limits);
  NIANBAO_ASSERT_OK(read);
  ASSERT_EQ(read->blocks.size(), 1u);
  EXPECT_EQ(read->blocks[0].text, "一、总体情况");
}

TEST(DocxRobustnessTest, ExternalEntitiesAreRefusedAndNeverRead) {
  // XXE: an external entity naming a local file, and a parameter entity naming a URL.
  for (const std::string doctype :
       {"<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
        "<!DOCTYPE w:document [<!ENTITY % remote SYSTEM \"http://127.0.0.1:1/x.dtd\"> %remote;]>",
        "<!DOCTYPE w:document SYSTEM \"file:///etc/passwd\">"}) {
    const std::string xml =
        "<?xml version=\"1.0\"?>" + doctype +
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>";
    EXPECT_THAT(ReadDocx(BuildZip(DocxEntries(xml))),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("DOCTYPE"), HasSubstr("refused"))))
        << doctype;
  }
}

TEST(DocxRobustnessTest, EntitiesInNumberingAndStylesAreIgnoredQuickly) {
  // Numbering and styles are presentation: a hostile part means "no numbering", not an error, but
  // its entities must never expand (a billion laughs) nor name a file whose text would show.
  std::string laughs = "<!ENTITY l0 \"哈哈哈哈哈哈哈哈哈哈\">";
  for (int i = 1; i <= 10; ++i) {
    laughs += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) laughs += "&l" + std::to_string(i - 1) + ";";
    laughs += "\">";
  }
  const std::string ns = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
  const std::string numbering = "<?xml version=\"1.0\"?><!DOCTYPE w:numbering [" + laughs +
                                "]><w:numbering " + ns +
                                "><w:abstractNum w:abstractNumId=\"&l10;\"/></w:numbering>";
  const std::string styles =
      "<?xml version=\"1.0\"?><!DOCTYPE w:styles [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<w:styles " +
      ns + "><w:style w:styleId=\"&xxe;\"/></w:styles>";
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<SourceDocument> read = ReadDocx(BuildZip(
      DocxEntries(WrapBody("<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>"), numbering, styles)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  NIANBAO_ASSERT_OK(read);
  ASSERT_EQ(read->blocks.size(), 1u);
  EXPECT_EQ(read->blocks[0].text, "一、总体情况");
}

TEST(DocxRobustnessTest, DeepNestingIsRefusedOrReadWithinBoundedTime) {
  // Any element nested deeper than the XML parser's limit (256) is malformed XML; content-control
  // wrappers just under it, which the reader descends recursively, read.
  const auto start = std::chrono::steady_clock::now();
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<w:sdt>";
  EXPECT_THAT(ReadDocx(BuildZip(DocxEntries(WrapBody(deep)))),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("malformed XML"), HasSubstr("word/document.xml"))));
  std::string wrapped;
  for (int i = 0; i < 120; ++i) wrapped += "<w:sdt><w:sdtContent>";
  wrapped += "<w:p><w:r><w:t>深处</w:t></w:r></w:p>";
  for (int i = 0; i < 120; ++i) wrapped += "</w:sdtContent></w:sdt>";
  absl::StatusOr<SourceDocument> read = ReadDocx(BuildZip(DocxEntries(WrapBody(wrapped))));
  NIANBAO_ASSERT_OK(read);
  ASSERT_EQ(read->blocks.size(), 1u);
  EXPECT_EQ(read->blocks[0].text, "深处");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(DocxRobustnessTest, DefaultLimitRefusesARealZipBomb) {
  // 65 MiB of zeros deflates to about 64 KiB: over the default 64 MiB limit.
  std::string zeros(65u << 20, '0');
  std::string docx = BuildZip(DocxEntries(zeros));
  zeros.clear();
  zeros.shrink_to_fit();
  EXPECT_THAT(ReadDocx(docx), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("zip bomb")));
}

}  // namespace
}  // namespace nianbao::codec
