#include "services/codec/docx_reader.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "services/codec/docx_archive.h"

namespace nianbao::codec {
namespace {

// WordprocessingML in its transitional (what Word writes) and strict namespaces.
constexpr absl::string_view kWordNamespace =
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr absl::string_view kStrictWordNamespace = "http://purl.oclc.org/ooxml/wordprocessingml/main";

absl::string_view View(const xmlChar* text) {
  return text == nullptr ? absl::string_view() : reinterpret_cast<const char*>(text);
}

bool IsWordElement(const xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->ns == nullptr) return false;
  const absl::string_view ns = View(node->ns->href);
  return ns == kWordNamespace || ns == kStrictWordNamespace;
}

bool Is(const xmlNode* node, absl::string_view local_name) {
  return IsWordElement(node) && View(node->name) == local_name;
}

// w:val (or any w:-namespaced attribute `name`) of `node`; empty when absent.
std::string WordAttribute(const xmlNode* node, absl::string_view name) {
  for (const xmlAttr* attr = node->properties; attr != nullptr; attr = attr->next) {
    if (View(attr->name) != name || attr->ns == nullptr) continue;
    const absl::string_view ns = View(attr->ns->href);
    if (ns != kWordNamespace && ns != kStrictWordNamespace) continue;
    std::string value;
    for (const xmlNode* child = attr->children; child != nullptr; child = child->next) {
      if (child->type == XML_TEXT_NODE) absl::StrAppend(&value, View(child->content));
    }
    return value;
  }
  return "";
}

const xmlNode* FirstChild(const xmlNode* node, absl::string_view local_name) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (Is(child, local_name)) return child;
  }
  return nullptr;
}

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

// One run's visible text. Field instructions (w:instrText), deleted text (w:delText), drawings
// and text boxes are not part of the paragraph a reader sees, so they are left out.
void AppendRun(const xmlNode* run, std::string* out) {
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

std::string ParagraphText(const xmlNode* paragraph) {
  std::string text;
  AppendInline(paragraph, &text);
  return text;
}

bool IsBlank(absl::string_view text) { return absl::StripAsciiWhitespace(text).empty(); }

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

void AppendCellLines(const xmlNode* container, std::vector<std::string>* lines);

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

class BodyReader {
 public:
  SourceDocument Read(const xmlNode* body) {
    ReadBlocks(body);
    return std::move(document_);
  }

 private:
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
    if (IsBlank(text)) return;
    SourceBlock block;
    block.kind = SourceBlock::Kind::kParagraph;
    block.text = std::move(text);
    block.where = absl::StrCat("第", ++paragraph_count_, "段");
    document_.blocks.push_back(std::move(block));
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

  SourceDocument document_;
  int paragraph_count_ = 0;
  int table_count_ = 0;
};

absl::Status Invalid(absl::string_view chinese, absl::string_view english) {
  return absl::InvalidArgumentError(absl::StrCat(chinese, " / ", english));
}

struct XmlDocFreer {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct XmlContextFreer {
  void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};

struct FirstXmlError {
  bool seen = false;
  int line = 0;
  std::string message;
};

// libxml2 hands the parser context as `data` (its userData is the context itself).
void RecordFirstXmlError(void* data, xmlError* error) {
  auto* context = static_cast<xmlParserCtxt*>(data);
  if (context == nullptr || context->_private == nullptr || error == nullptr) return;
  if (error->level < XML_ERR_ERROR) return;
  auto* first = static_cast<FirstXmlError*>(context->_private);
  if (first->seen) return;
  first->seen = true;
  first->line = error->line;
  first->message = error->message != nullptr ? error->message : "";
}

absl::StatusOr<std::unique_ptr<xmlDoc, XmlDocFreer>> ParseXml(const std::string& xml) {
  // Word never writes a DTD; refusing one up front rules out entity expansion (billion laughs)
  // and external entities whatever the parser's defaults.
  if (absl::StrContains(xml, "<!DOCTYPE") || absl::StrContains(xml, "<!ENTITY")) {
    return Invalid("word/document.xml 含有 DOCTYPE/实体声明，不是 Word 生成的文档，已拒绝",
                   "word/document.xml declares a DOCTYPE or entities, which Word never writes; "
                   "refused");
  }
  static std::once_flag init_once;
  std::call_once(init_once, [] { xmlInitParser(); });
  std::unique_ptr<xmlParserCtxt, XmlContextFreer> context(xmlNewParserCtxt());
  if (context == nullptr) return absl::ResourceExhaustedError("内存不足 / out of memory");
  // The parser's last error is often a consequence ("premature end of data"); the first one
  // names the real fault, so collect that through the context's structured error hook.
  FirstXmlError first_error;
  context->_private = &first_error;
  context->sax->serror = &RecordFirstXmlError;
  std::unique_ptr<xmlDoc, XmlDocFreer> doc(xmlCtxtReadMemory(
      context.get(), xml.data(), static_cast<int>(xml.size()), "word/document.xml", nullptr,
      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA));
  if (doc == nullptr || !context->wellFormed) {
    if (!first_error.seen) {
      const xmlError* last = xmlCtxtGetLastError(context.get());
      first_error.line = last != nullptr ? last->line : 0;
      first_error.message = last != nullptr && last->message != nullptr ? last->message : "";
    }
    const std::string detail = first_error.message.empty()
                                   ? std::string("unknown error")
                                   : std::string(absl::StripAsciiWhitespace(first_error.message));
    const int line = first_error.line;
    return Invalid(absl::StrCat("word/document.xml 第", line, "行 XML 格式错误（", detail,
                                "），应为格式正确的 XML"),
                   absl::StrCat("malformed XML in word/document.xml at line ", line, ": ",
                                detail, "; expected well-formed XML"));
  }
  return doc;
}

}  // namespace

absl::StatusOr<SourceDocument> ReadDocx(absl::string_view bytes) {
  return ReadDocx(bytes, DocxReadLimits());
}

absl::StatusOr<SourceDocument> ReadDocx(absl::string_view bytes, const DocxReadLimits& limits) {
  absl::StatusOr<std::string> xml = ReadMainDocumentPart(bytes, limits.max_part_bytes);
  if (!xml.ok()) return xml.status();
  absl::StatusOr<std::unique_ptr<xmlDoc, XmlDocFreer>> doc = ParseXml(*xml);
  if (!doc.ok()) return doc.status();
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  const xmlNode* body = Is(root, "document") ? FirstChild(root, "body") : nullptr;
  if (body == nullptr) {
    return Invalid("word/document.xml 中没有 w:document/w:body，不是 Word 正文",
                   "word/document.xml has no w:document/w:body; expected a Word document body");
  }
  return BodyReader().Read(body);
}

}  // namespace nianbao::codec
