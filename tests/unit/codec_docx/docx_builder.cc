#include "tests/unit/codec_docx/docx_builder.h"

#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace nianbao::testing {
namespace {

using nianbao::codec::SourceBlock;
using nianbao::codec::SourceDocument;

[[noreturn]] void Die(absl::string_view what) {
  std::cerr << "docx_builder: " << what << "\n";
  std::abort();
}

std::string Escape(absl::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// Splits at a UTF-8 character boundary near the middle, as Word splits runs at edits.
std::pair<absl::string_view, absl::string_view> SplitMiddle(absl::string_view text) {
  size_t middle = text.size() / 2;
  while (middle > 0 && middle < text.size() &&
         (static_cast<unsigned char>(text[middle]) & 0xC0) == 0x80) {
    ++middle;
  }
  return {text.substr(0, middle), text.substr(middle)};
}

std::string Run(absl::string_view text) {
  return absl::StrCat(
      "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">",
      Escape(text), "</w:t></w:r>");
}

// Runs for one line of text; '\n' becomes w:br.
std::string Runs(absl::string_view text) {
  std::string out;
  bool first = true;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!first) absl::StrAppend(&out, "<w:r><w:br/></w:r>");
    first = false;
    if (line.empty()) continue;
    auto [head, tail] = SplitMiddle(line);
    absl::StrAppend(&out, Run(head), "<w:proofErr w:type=\"spellStart\"/>");
    if (!tail.empty()) absl::StrAppend(&out, Run(tail));
  }
  return out;
}

std::string Paragraph(absl::string_view text, bool with_artifacts,
                      absl::string_view extra_properties = "") {
  std::string out =
      absl::StrCat("<w:p><w:pPr>", extra_properties, "<w:jc w:val=\"both\"/></w:pPr>");
  if (absl::ConsumePrefix(&text, "[bookmark: ")) {
    const size_t end = text.find(']');
    if (end == absl::string_view::npos) Die("unterminated [bookmark: ...]");
    absl::StrAppend(&out, "<w:bookmarkStart w:id=\"0\" w:name=\"", Escape(text.substr(0, end)),
                    "\"/><w:bookmarkEnd w:id=\"0\"/>");
    text.remove_prefix(end + 1);
  }
  if (with_artifacts) {
    // A tracked deletion and a field whose instruction is not text; only the field result is.
    auto [head, tail] = SplitMiddle(text);
    absl::StrAppend(&out,
                    "<w:del w:id=\"1\" "
                    "w:author=\"审核人\"><w:r><w:delText>已删除的文字</w:delText></w:r></w:del>",
                    Runs(head), "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>",
                    "<w:r><w:instrText xml:space=\"preserve\"> HYPERLINK "
                    "\"http://example.gov.cn/\" </w:instrText></w:r>",
                    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>", Runs(tail),
                    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
  } else {
    absl::StrAppend(&out, Runs(text));
  }
  absl::StrAppend(&out, "</w:p>");
  return out;
}

std::string Table(const SourceBlock& table, int table_index) {
  size_t columns = 0;
  for (const auto& row : table.rows) columns = std::max(columns, row.cells.size());
  std::string out = absl::StrCat(
      "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders/></w:tblPr><w:tblGrid>");
  for (size_t i = 0; i < columns; ++i) absl::StrAppend(&out, "<w:gridCol w:w=\"900\"/>");
  absl::StrAppend(&out, "</w:tblGrid>");
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const auto& cells = table.rows[r].cells;
    absl::StrAppend(&out, "<w:tr><w:trPr><w:jc w:val=\"center\"/></w:trPr>");
    for (size_t c = 0; c < cells.size(); ++c) {
      const std::string& text = cells[c].text;
      const bool above = r > 0 && c < table.rows[r - 1].cells.size();
      const bool below = r + 1 < table.rows.size() && c < table.rows[r + 1].cells.size() &&
                         table.rows[r + 1].cells[c].text.empty();
      std::string properties = "<w:tcW w:w=\"900\" w:type=\"dxa\"/>";
      if (c + 1 == cells.size() && cells.size() < columns) {
        absl::StrAppend(&properties, "<w:gridSpan w:val=\"", columns - cells.size() + 1, "\"/>");
      }
      if (text.empty() && above) {
        absl::StrAppend(&properties, "<w:vMerge/>");
      } else if (!text.empty() && below) {
        absl::StrAppend(&properties, "<w:vMerge w:val=\"restart\"/>");
      }
      absl::StrAppend(&out, "<w:tc><w:tcPr>", properties, "</w:tcPr>");
      if (text.empty()) {
        absl::StrAppend(&out, "<w:p/>");
      } else if (table_index % 2 == 0) {
        absl::StrAppend(&out, Paragraph(text, false));  // Lines broken by w:br.
      } else {
        for (absl::string_view line : absl::StrSplit(text, '\n')) {
          absl::StrAppend(&out, Paragraph(line, false));  // One paragraph a line.
        }
      }
      // Word often leaves an empty paragraph at the end of a cell.
      if (c == 0 && !text.empty()) absl::StrAppend(&out, "<w:p/>");
      absl::StrAppend(&out, "</w:tc>");
    }
    absl::StrAppend(&out, "</w:tr>");
  }
  absl::StrAppend(&out, "</w:tbl>");
  return out;
}

}  // namespace

std::string BuildZip(const std::vector<ZipEntry>& entries, const ZipOptions& options) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) Die("zip_source_buffer_create");
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) Die("zip_open_from_source");
  for (const auto& [name, contents] : entries) {
    zip_source_t* source = zip_source_buffer(archive, contents.data(), contents.size(), 0);
    const zip_int64_t index =
        source == nullptr ? -1 : zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) Die(absl::StrCat("zip_file_add ", name));
    zip_set_file_compression(archive, index, options.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    if (!options.aes_password.empty() &&
        zip_file_set_encryption(archive, index, ZIP_EM_AES_256, options.aes_password.c_str()) !=
            0) {
      Die("zip_file_set_encryption");
    }
  }
  if (zip_close(archive) != 0) Die(zip_strerror(archive));
  std::string bytes;
  if (zip_source_open(buffer) != 0) Die("zip_source_open");
  char chunk[8192];
  zip_int64_t read;
  while ((read = zip_source_read(buffer, chunk, sizeof chunk)) > 0) bytes.append(chunk, read);
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

namespace {

// 一 … 十 at the start of `text` followed by `suffix`, or 0.
int LeadingNumeral(absl::string_view text, absl::string_view suffix) {
  static const char* kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  for (int i = 0; i < 10; ++i) {
    if (absl::StartsWith(text, kNumerals[i]) &&
        absl::StartsWith(text.substr(strlen(kNumerals[i])), suffix)) {
      return i + 1;
    }
  }
  return 0;
}

// Word's counting of the heading levels: a paragraph is auto-numbered only when its written
// number is the one Word would show there.
class HeadingNumberer {
 public:
  // The paragraph properties and the text left after the number, for a body paragraph.
  std::pair<std::string, std::string> Number(absl::string_view text) {
    if (int n = LeadingNumeral(text, "、"); n > 0 && n == sections_ + 1) {
      sections_ = n;
      subsections_ = 0;
      return {"<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>",
              std::string(text.substr(text.find("、") + strlen("、")))};
    }
    absl::string_view rest = text;
    if (absl::ConsumePrefix(&rest, "（")) {
      if (int n = LeadingNumeral(rest, "）"); n > 0 && n == subsections_ + 1 && sections_ > 0) {
        subsections_ = n;
        return {"<w:pStyle w:val=\"CnSubheading\"/>",
                std::string(rest.substr(rest.find("）") + strlen("）")))};
      }
    }
    return {"", std::string(text)};
  }

 private:
  int sections_ = 0;
  int subsections_ = 0;
};

}  // namespace

std::string HeadingNumberingXml() {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
         "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"multilevel\"/>"
         "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
         "<w:lvlText w:val=\"%1、\"/><w:lvlJc w:val=\"left\"/></w:lvl>"
         "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
         "<w:lvlText w:val=\"（%2）\"/><w:suff w:val=\"nothing\"/></w:lvl>"
         "</w:abstractNum>"
         "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";
}

std::string HeadingStylesXml() {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
         "<w:style w:type=\"paragraph\" w:styleId=\"CnHeading\"><w:name w:val=\"CN heading\"/>"
         "<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
         "<w:style w:type=\"paragraph\" w:styleId=\"CnSubheading\"><w:name w:val=\"CN sub\"/>"
         "<w:basedOn w:val=\"CnHeading\"/><w:pPr><w:numPr><w:ilvl w:val=\"1\"/></w:numPr></w:pPr>"
         "</w:style></w:styles>";
}

std::string DocumentXml(const SourceDocument& document, const DocxBuildOptions& options) {
  std::string body;
  bool first_paragraph = true;
  int table_index = 0;
  HeadingNumberer numberer;
  for (const SourceBlock& block : document.blocks) {
    if (block.kind == SourceBlock::Kind::kTable) {
      absl::StrAppend(&body, Table(block, table_index++));
      absl::StrAppend(&body, "<w:p/>");  // Word keeps a paragraph between adjacent tables.
      continue;
    }
    std::pair<std::string, std::string> numbered = {"", block.text};
    if (options.auto_number_headings) numbered = numberer.Number(block.text);
    absl::StrAppend(&body, Paragraph(numbered.second, first_paragraph && block.text.size() > 12,
                                     numbered.first));
    first_paragraph = false;
  }
  return absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document "
      "xmlns:wpc=\"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas\" "
      "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
      "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\n<w:body>",
      body, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>\n");
}

std::vector<ZipEntry> DocxEntries(const std::string& document_xml, const std::string& numbering_xml,
                                  const std::string& styles_xml) {
  std::string overrides =
      "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
      "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>";
  if (!numbering_xml.empty()) {
    overrides +=
        "<Override PartName=\"/word/numbering.xml\" ContentType=\"application/"
        "vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>";
  }
  if (!styles_xml.empty()) {
    overrides +=
        "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
        "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>";
  }
  std::vector<ZipEntry> entries = {
      {"[Content_Types].xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
       "<Default Extension=\"rels\" "
       "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
       "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
           overrides + "</Types>"},
      {"_rels/.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
       "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"},
      {"word/_rels/document.xml.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
       "relationships/numbering\" Target=\"numbering.xml\"/>"
       "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
       "relationships/styles\" Target=\"styles.xml\"/></Relationships>"},
      {"word/document.xml", document_xml},
  };
  if (!numbering_xml.empty()) entries.push_back({"word/numbering.xml", numbering_xml});
  if (!styles_xml.empty()) entries.push_back({"word/styles.xml", styles_xml});
  return entries;
}

std::string BuildDocx(const SourceDocument& document, const DocxBuildOptions& options) {
  if (!options.auto_number_headings) return BuildZip(DocxEntries(DocumentXml(document)));
  return BuildZip(
      DocxEntries(DocumentXml(document, options), HeadingNumberingXml(), HeadingStylesXml()));
}

}  // namespace nianbao::testing
