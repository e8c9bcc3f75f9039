#include "services/codec/docx_reader.h"

#include <libxml/tree.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/codec/docx_archive.h"
#include "services/codec/docx_numbering.h"
#include "services/codec/docx_xml.h"

namespace nianbao::codec {
namespace {

using docx::FirstChild;
using docx::Is;
using docx::View;
using docx::WordAttribute;

// Wrappers that only group content (content controls, custom XML, tracked insertions): their
// content counts as if it stood in their place.
bool IsTransparentWrapper(const xmlNode* node) {
  return Is(node, "sdt") || Is(node, "sdtContent") || Is(node, "customXml") || Is(node, "ins") ||
         Is(node, "moveTo") || Is(node, "smartTag") || Is(node, "hyperlink") ||
         Is(node, "fldSimple") || Is(node, "dir") || Is(node, "bdo");
}

void AppendTextNodes(const xmlNode* node, std::string* out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      absl::StrAppend(out, View(child->content));
    }
  }
}

// A Word on/off property: present means on unless w:val says false.
bool IsOn(const xmlNode* property) {
  if (property == nullptr) return false;
  const std::string value = WordAttribute(property, "val");
  return value != "0" && value != "false" && value != "off";
}

// One run's visible text. Field instructions (w:instrText), deleted text (w:delText), drawings
// and text boxes are not part of the paragraph's own text, so they are left out (a text box's
// paragraphs are read as blocks of their own: ForEachTextBox).
void AppendRun(const xmlNode* run, std::string* out) {
  // Hidden text (w:vanish) is not shown or printed; it is not part of what the agency published.
  const xmlNode* properties = FirstChild(run, "rPr");
  if (properties != nullptr && IsOn(FirstChild(properties, "vanish"))) return;
  for (const xmlNode* child = run->children; child != nullptr; child = child->next) {
    if (Is(child, "t")) {
      AppendTextNodes(child, out);
    } else if (Is(child, "br")) {
      // Page and column breaks end a page, not a line of the text.
      const std::string type = WordAttribute(child, "type");
      if (type.empty() || type == "textWrapping") out->push_back('\n');
    } else if (Is(child, "cr")) {
      out->push_back('\n');
    } else if (Is(child, "noBreakHyphen")) {
      out->push_back('-');
    }
  }
}

// The text of a paragraph's inline content; bookmarks, proofing marks, comments and deletions
// (w:del, w:moveFrom) contribute nothing.
void AppendInline(const xmlNode* parent, std::string* out) {
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (Is(child, "r")) {
      AppendRun(child, out);
    } else if (IsTransparentWrapper(child)) {
      AppendInline(child, out);
    }
  }
}

std::string InlineText(const xmlNode* paragraph) {
  std::string text;
  AppendInline(paragraph, &text);
  return text;
}

bool IsBlank(absl::string_view text) { return absl::StripAsciiWhitespace(text).empty(); }

// mc:Fallback: what a producer writes for readers that do not understand the mc:Choice before it.
bool IsCompatibilityFallback(const xmlNode* node) {
  static constexpr absl::string_view kMarkupCompatibility =
      "http://schemas.openxmlformats.org/markup-compatibility/2006";
  return node->ns != nullptr && View(node->ns->href) == kMarkupCompatibility &&
         View(node->name) == "Fallback";
}

// Calls `visit` for each text box (w:txbxContent) anchored in `node`, in document order. Word
// writes a text box twice, as DrawingML in mc:Choice and as VML in mc:Fallback: only the first
// is visited. Agencies put titles and signature blocks in text boxes.
template <typename Visit>
void ForEachTextBox(const xmlNode* node, const Visit& visit) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE || IsCompatibilityFallback(child)) continue;
    if (Is(child, "txbxContent")) {
      visit(child);
    } else {
      ForEachTextBox(child, visit);
    }
  }
}

// Calls `visit` for each child of `parent` named `local_name`, looking through wrappers.
template <typename Visit>
void ForEachChild(const xmlNode* parent, absl::string_view local_name, const Visit& visit) {
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (Is(child, local_name)) {
      visit(child);
    } else if (IsTransparentWrapper(child)) {
      ForEachChild(child, local_name, visit);
    }
  }
}

bool IsVerticalMergeContinuation(const xmlNode* cell) {
  const xmlNode* properties = FirstChild(cell, "tcPr");
  if (properties == nullptr) return false;
  const xmlNode* merge = FirstChild(properties, "vMerge");
  if (merge == nullptr) return false;
  // <w:vMerge/> without a value continues the merge; w:val="restart" starts one.
  const std::string value = WordAttribute(merge, "val");
  return value.empty() || value == "continue";
}

// Reads the body in document order; owns the numbering counters, which advance paragraph by
// paragraph, in tables too.
class BodyReader {
 public:
  explicit BodyReader(DocxNumbering numbering) : numbering_(std::move(numbering)) {}

  SourceDocument Read(const xmlNode* body) {
    ReadBlocks(body);
    return std::move(document_);
  }

 private:
  // The paragraph as displayed: its automatic number (if any) and its text. An empty numbered
  // paragraph still advances the count but shows no stray number.
  std::string ParagraphText(const xmlNode* paragraph) {
    std::string label = numbering_.NextLabel(FirstChild(paragraph, "pPr"));
    std::string text = InlineText(paragraph);
    if (label.empty() || IsBlank(text)) return text;
    return label + text;
  }

  // A table nested in a cell: each non-empty cell becomes a line of the enclosing cell, row by row.
  void AppendNestedTableLines(const xmlNode* table, std::vector<std::string>* lines) {
    ForEachChild(table, "tr", [&](const xmlNode* row) {
      ForEachChild(row, "tc", [&](const xmlNode* cell) {
        if (IsVerticalMergeContinuation(cell)) return;
        std::vector<std::string> cell_lines;
        AppendCellLines(cell, &cell_lines);
        for (std::string& line : cell_lines) {
          if (!IsBlank(line)) lines->push_back(std::move(line));
        }
      });
    });
  }

  void AppendCellLines(const xmlNode* container, std::vector<std::string>* lines) {
    for (const xmlNode* child = container->children; child != nullptr; child = child->next) {
      if (Is(child, "p")) {
        lines->push_back(ParagraphText(child));
      } else if (Is(child, "tbl")) {
        AppendNestedTableLines(child, lines);
      } else if (IsTransparentWrapper(child)) {
        AppendCellLines(child, lines);
      }
    }
  }

  // A cell's paragraphs joined with '\n', without the empty paragraphs Word leaves at its edges.
  std::string CellText(const xmlNode* cell) {
    std::vector<std::string> lines;
    AppendCellLines(cell, &lines);
    size_t first = 0;
    size_t last = lines.size();
    while (first < last && IsBlank(lines[first])) ++first;
    while (last > first && IsBlank(lines[last - 1])) --last;
    return absl::StrJoin(lines.begin() + first, lines.begin() + last, "\n");
  }

  void ReadBlocks(const xmlNode* parent) {
    for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
      if (Is(child, "p")) {
        AddParagraph(child);
      } else if (Is(child, "tbl")) {
        AddTable(child);
      } else if (IsTransparentWrapper(child)) {
        ReadBlocks(child);
      }
    }
  }

  void AddParagraph(const xmlNode* paragraph) {
    std::string text = ParagraphText(paragraph);
    // Empty paragraphs are spacing, not content; numbering counts what a reader sees.
    if (!IsBlank(text)) {
      SourceBlock block;
      block.kind = SourceBlock::Kind::kParagraph;
      block.text = std::move(text);
      block.where = absl::StrCat("第", ++paragraph_count_, "段");
      document_.blocks.push_back(std::move(block));
    }
    // A text box reads after the paragraph it is anchored in (often an empty one).
    ForEachTextBox(paragraph, [this](const xmlNode* text_box) { ReadBlocks(text_box); });
  }

  void AddTable(const xmlNode* table) {
    const int table_number = ++table_count_;
    SourceBlock block;
    block.kind = SourceBlock::Kind::kTable;
    block.where = absl::StrCat("第", table_number, "个表格");
    int row_number = 0;
    ForEachChild(table, "tr", [&](const xmlNode* row_node) {
      SourceRow row;
      ++row_number;
      ForEachChild(row_node, "tc", [&](const xmlNode* cell_node) {
        SourceCell cell;
        if (!IsVerticalMergeContinuation(cell_node)) cell.text = CellText(cell_node);
        cell.where = absl::StrCat("第", table_number, "个表格第", row_number, "行第",
                                  row.cells.size() + 1, "列");
        row.cells.push_back(std::move(cell));
      });
      if (!row.cells.empty()) block.rows.push_back(std::move(row));
    });
    document_.blocks.push_back(std::move(block));
  }

  DocxNumbering numbering_;
  SourceDocument document_;
  int paragraph_count_ = 0;
  int table_count_ = 0;
};

}  // namespace

absl::StatusOr<SourceDocument> ReadDocx(absl::string_view bytes) {
  return ReadDocx(bytes, DocxReadLimits());
}

absl::StatusOr<SourceDocument> ReadDocx(absl::string_view bytes, const DocxReadLimits& limits) {
  absl::StatusOr<DocxParts> parts =
      ReadDocxParts(bytes, limits.max_part_bytes, limits.max_total_bytes);
  if (!parts.ok()) return parts.status();
  absl::StatusOr<docx::XmlDocPtr> doc = docx::ParsePart(parts->document, parts->document_name);
  if (!doc.ok()) return doc.status();
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  const xmlNode* body = Is(root, "document") ? FirstChild(root, "body") : nullptr;
  if (body == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        parts->document_name, " 中没有 w:document/w:body，不是 Word 正文 / ", parts->document_name,
        " has no w:document/w:body; expected a Word document body"));
  }
  return BodyReader(DocxNumbering::Parse(parts->numbering, parts->styles)).Read(body);
}

}  // namespace nianbao::codec
