#include "services/codec/html_blocks.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/codec/parse_error.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec::html {
namespace {

// HTML's own bounds on spans (colspan ≤ 1000, rowspan ≤ 65534), and a grid no report needs more
// than: they keep a hostile page's grid small.
constexpr int kMaxColspan = 1000;
constexpr int kMaxRowspan = 65534;
constexpr int kMaxGridColumns = 1000;

constexpr std::array<absl::string_view, 23> kSkippedElements = {
    "script", "style", "noscript", "head",   "title",  "meta",   "link",    "iframe",
    "object", "embed", "template", "select", "option", "button", "input",   "textarea",
    "svg",    "math",  "nav",      "canvas", "audio",  "video",  "datalist"};

constexpr std::array<absl::string_view, 38> kBlockElements = {
    "p",      "div",    "h1",       "h2",     "h3",         "h4",      "h5",      "h6",
    "li",     "ul",     "ol",       "dl",     "dt",         "dd",      "section", "article",
    "header", "footer", "main",     "aside",  "blockquote", "pre",     "address", "center",
    "hr",     "form",   "fieldset", "figure", "figcaption", "caption", "details", "summary",
    "tr",     "td",     "th",       "tbody",  "thead",      "tfoot"};

bool IsBlock(const xmlNode* node) {
  const absl::string_view name = View(node->name);
  return std::find(kBlockElements.begin(), kBlockElements.end(), name) != kBlockElements.end();
}

// Appends text with white space collapsed: runs of ASCII white space and no-break spaces become
// one space, none at the start of a line.
void AppendCollapsed(absl::string_view text, std::string* out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool nbsp = c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) || nbsp) {
      if (nbsp) ++i;
      if (!out->empty() && out->back() != ' ' && out->back() != '\n') out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
}

void EndLine(std::string* out) {
  if (!out->empty() && out->back() != '\n') out->push_back('\n');
}

void CollectText(const xmlNode* node, std::string* out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      AppendCollapsed(View(child->content), out);
    } else if (child->type != XML_ELEMENT_NODE || IsSkipped(child)) {
      continue;
    } else if (IsElement(child, "br")) {
      EndLine(out);
    } else if (IsBlock(child)) {
      EndLine(out);
      CollectText(child, out);
      EndLine(out);
    } else {
      CollectText(child, out);
    }
  }
}

int SpanAttribute(const xmlNode* cell, const char* name, int max) {
  xmlChar* value = xmlGetProp(cell, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return 1;
  int span = 1;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(View(value)), &span) || span < 1) span = 1;
  xmlFree(value);
  return std::min(span, max);
}

// The rows of a table in order, through thead/tbody/tfoot (not those of nested tables).
std::vector<const xmlNode*> TableRows(const xmlNode* table) {
  std::vector<const xmlNode*> rows;
  for (const xmlNode* child = table->children; child != nullptr; child = child->next) {
    if (IsElement(child, "tr")) {
      rows.push_back(child);
    } else if (IsElement(child, "thead") || IsElement(child, "tbody") ||
               IsElement(child, "tfoot")) {
      for (const xmlNode* row = child->children; row != nullptr; row = row->next) {
        if (IsElement(row, "tr")) rows.push_back(row);
      }
    }
  }
  return rows;
}

// A grid column held by a cell of an earlier row (rowspan): how many more rows, and how wide.
struct HeldColumn {
  int rows_left = 0;
  int width = 1;
};

}  // namespace

absl::string_view View(const xmlChar* text) {
  return text == nullptr ? absl::string_view() : reinterpret_cast<const char*>(text);
}

bool IsElement(const xmlNode* node, absl::string_view name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE && View(node->name) == name;
}

bool IsSkipped(const xmlNode* node) {
  const absl::string_view name = View(node->name);
  return std::find(kSkippedElements.begin(), kSkippedElements.end(), name) !=
         kSkippedElements.end();
}

std::string VisibleText(const xmlNode* node) {
  std::string raw;
  CollectText(node, &raw);
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(raw, '\n')) {
    std::string clean = CleanText(line);
    if (!clean.empty()) lines.push_back(std::move(clean));
  }
  return absl::StrJoin(lines, "\n");
}

void BlockWriter::AddParagraph(std::string text) {
  if (text.empty()) return;
  SourceBlock block;
  block.kind = SourceBlock::Kind::kParagraph;
  block.text = std::move(text);
  block.where = absl::StrCat("第", ++paragraphs_, "段");
  document_.blocks.push_back(std::move(block));
}

absl::Status BlockWriter::AddContent(const xmlNode* root) {
  Walk(root);
  Flush();
  return status_;
}

SourceDocument BlockWriter::Finish() {
  Flush();
  return std::move(document_);
}

void BlockWriter::Flush() {
  std::string text = CleanText(line_);
  line_.clear();
  AddParagraph(std::move(text));
}

void BlockWriter::Walk(const xmlNode* node) {
  for (const xmlNode* child = node->children; child != nullptr && status_.ok();
       child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      AppendCollapsed(View(child->content), &line_);
    } else if (child->type != XML_ELEMENT_NODE || IsSkipped(child)) {
      continue;
    } else if (IsElement(child, "br")) {
      Flush();
    } else if (IsElement(child, "table")) {
      Flush();
      status_ = AddTable(child);
    } else if (IsBlock(child)) {
      Flush();
      Walk(child);
      Flush();
    } else {
      Walk(child);
    }
  }
}

absl::Status BlockWriter::AddTable(const xmlNode* table) {
  for (const xmlNode* child = table->children; child != nullptr; child = child->next) {
    if (IsElement(child, "caption")) AddParagraph(VisibleText(child));
  }
  const int table_number = ++tables_;
  SourceBlock block;
  block.kind = SourceBlock::Kind::kTable;
  block.where = absl::StrCat("第", table_number, "个表格");
  std::vector<HeldColumn> held(kMaxGridColumns);
  int grid_end = 0;  // one past the last column any cell of the table has held
  int row_number = 0;
  for (const xmlNode* row_node : TableRows(table)) {
    SourceRow row;
    ++row_number;
    int column = 0;
    const auto add_cell = [&](std::string text) {
      SourceCell cell;
      cell.text = std::move(text);
      cell.where = absl::StrCat("第", table_number, "个表格第", row_number, "行第",
                                row.cells.size() + 1, "列");
      row.cells.push_back(std::move(cell));
      ++cells_;
    };
    // A column held from above appears as an empty cell, once per holding cell, as a Word
    // vertical-merge continuation does.
    const auto skip_held = [&](bool to_end) {
      while (column < grid_end && (to_end || held[column].rows_left > 0)) {
        if (held[column].rows_left > 0) {
          --held[column].rows_left;
          add_cell("");
          column += held[column].width;
        } else {
          ++column;
        }
      }
    };
    for (const xmlNode* cell = row_node->children; cell != nullptr; cell = cell->next) {
      if (!IsElement(cell, "td") && !IsElement(cell, "th")) continue;
      skip_held(false);
      if (column >= kMaxGridColumns) break;
      const int colspan =
          std::min(SpanAttribute(cell, "colspan", kMaxColspan), kMaxGridColumns - column);
      held[column] = HeldColumn{SpanAttribute(cell, "rowspan", kMaxRowspan) - 1, colspan};
      add_cell(VisibleText(cell));
      column += colspan;
      grid_end = std::max(grid_end, column);
    }
    skip_held(true);
    ++cells_;  // an empty row costs as much as a cell
    if (cells_ > max_cells_) {
      return InputError(
          block.where, absl::StrCat("网页表格的单元格过多（超过 ", max_cells_, " 个）"),
          absl::StrCat("the page's tables have too many cells (over ", max_cells_, ")"));
    }
    if (!row.cells.empty()) block.rows.push_back(std::move(row));
  }
  document_.blocks.push_back(std::move(block));
  return absl::OkStatus();
}

}  // namespace nianbao::codec::html
