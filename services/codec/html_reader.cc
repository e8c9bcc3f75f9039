#include "services/codec/html_reader.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/codec/html_blocks.h"
#include "services/codec/html_charset.h"
#include "services/codec/parse_error.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec {
namespace {

using html::IsElement;
using html::VisibleText;

struct DocFreer {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFreer>;
struct ContextFreer {
  void operator()(htmlParserCtxt* context) const { htmlFreeParserCtxt(context); }
};
using ContextPtr = std::unique_ptr<htmlParserCtxt, ContextFreer>;

// Text in a table's own cells that only a report's tables hold.
constexpr std::array<absl::string_view, 3> kReportTableMarkers = {"信息内容", "申请人情况",
                                                                  "行政复议"};
// Labels of a portal's document metadata that the parser keeps as header attributes.
constexpr std::array<absl::string_view, 14> kMetadataLabels = {
    "名称",     "索引号",   "分类", "主题分类", "发布机构", "发文机关", "公开日期",
    "发布日期", "成文日期", "文号", "发文字号", "关键词",   "有效性",   "信息来源"};
constexpr absl::string_view kFullWidthSpace = "\xE3\x80\x80";

absl::Status PageError(absl::string_view zh, absl::string_view en) {
  return InputError("网页", zh, en);
}

// Element depth, walked without recursion (a hostile page may nest 100k levels).
int MaxDepth(const xmlNode* root, int stop_above) {
  int depth = 0;
  int max_depth = 0;
  const xmlNode* node = root;
  while (node != nullptr) {
    if (node->type == XML_ELEMENT_NODE && node->children != nullptr) {
      node = node->children;
      if (++depth > max_depth) max_depth = depth;
      if (max_depth > stop_above) return max_depth;
      continue;
    }
    while (node != nullptr && node != root && node->next == nullptr) {
      node = node->parent;
      --depth;
    }
    if (node == nullptr || node == root) break;
    node = node->next;
  }
  return max_depth;
}

// A table and the text of its own cells (not of tables nested in it), without white space.
struct TableText {
  const xmlNode* table = nullptr;
  std::string text;
};

void CollectTables(const xmlNode* node, TableText* current, std::vector<TableText>* tables) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE && current != nullptr) {
      for (char c : html::View(child->content)) {
        if (!absl::ascii_isspace(static_cast<unsigned char>(c))) current->text.push_back(c);
      }
    } else if (child->type == XML_ELEMENT_NODE && !html::IsSkipped(child)) {
      if (IsElement(child, "table")) {
        TableText own{child, ""};
        CollectTables(child, &own, tables);
        tables->push_back(std::move(own));
      } else {
        CollectTables(child, current, tables);
      }
    }
  }
}

bool IsReportTable(const TableText& table) {
  for (absl::string_view marker : kReportTableMarkers) {
    if (absl::StrContains(table.text, marker)) return true;
  }
  return false;
}

bool IsInside(const xmlNode* node, const xmlNode* ancestor) {
  for (; node != nullptr; node = node->parent) {
    if (node == ancestor) return true;
  }
  return false;
}

const xmlNode* CommonAncestor(const xmlNode* a, const xmlNode* b) {
  for (const xmlNode* node = a; node != nullptr; node = node->parent) {
    if (IsInside(b, node)) return node;
  }
  return nullptr;
}

// The element that holds the report: around every report table, widened (a few levels at most)
// until it takes in the 总体情况 section that precedes the tables.
const xmlNode* FindContainer(const std::vector<TableText>& tables, const xmlNode* body) {
  const xmlNode* container = nullptr;
  for (const TableText& table : tables) {
    if (!IsReportTable(table)) continue;
    container = container == nullptr ? table.table : CommonAncestor(container, table.table);
  }
  if (container == nullptr) return body;
  if (IsElement(container, "table")) container = container->parent;
  for (int widen = 0; widen < 4 && container != body && container->parent != nullptr; ++widen) {
    if (absl::StrContains(VisibleText(container), "总体情况")) break;
    container = container->parent;
  }
  return container;
}

bool IsMetadataLabel(absl::string_view text) {
  for (absl::string_view label : kMetadataLabels) {
    if (text == label) return true;
  }
  return false;
}

// "索引号：…　分类：…" for each row of a metadata table with labelled, non-empty values.
std::vector<std::string> MetadataLines(const xmlNode* table) {
  std::vector<std::string> lines;
  for (const xmlNode* row = table->children; row != nullptr; row = row->next) {
    if (IsElement(row, "tbody") || IsElement(row, "thead")) {
      for (std::string& line : MetadataLines(row)) lines.push_back(std::move(line));
      continue;
    }
    if (!IsElement(row, "tr")) continue;
    std::vector<std::string> cells;
    for (const xmlNode* cell = row->children; cell != nullptr; cell = cell->next) {
      if (IsElement(cell, "td") || IsElement(cell, "th")) cells.push_back(VisibleText(cell));
    }
    std::vector<std::string> pairs;
    for (std::size_t i = 0; i + 1 < cells.size(); ++i) {
      std::string label(TrimSpaces(absl::StripSuffix(absl::StripSuffix(cells[i], "："), ":")));
      if (!IsMetadataLabel(label)) continue;
      const std::string value = absl::StrJoin(absl::StrSplit(cells[i + 1], ' '), kFullWidthSpace);
      if (!value.empty()) pairs.push_back(absl::StrCat(label, "：", value));
      ++i;
    }
    if (!pairs.empty()) lines.push_back(absl::StrJoin(pairs, kFullWidthSpace));
  }
  return lines;
}

bool IsTitleText(absl::string_view text) {
  return absl::StrContains(text, "年") && absl::StrContains(text, "报告") &&
         CodePointCount(text) <= 80;
}

// The last h1-h3 before `container` (outside it) that reads like a report's title, or "".
std::string TitleBefore(const xmlNode* node, const xmlNode* container, bool* reached) {
  std::string title;
  for (const xmlNode* child = node->children; child != nullptr && !*reached; child = child->next) {
    if (child == container) {
      *reached = true;
    } else if (child->type != XML_ELEMENT_NODE || html::IsSkipped(child)) {
      continue;
    } else if (IsElement(child, "h1") || IsElement(child, "h2") || IsElement(child, "h3")) {
      if (std::string text = VisibleText(child); IsTitleText(text)) title = std::move(text);
    } else if (std::string inner = TitleBefore(child, container, reached); !inner.empty()) {
      title = std::move(inner);
    }
  }
  return title;
}

}  // namespace

absl::StatusOr<SourceDocument> ReadHtml(absl::string_view bytes, const HtmlReadLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return PageError(
        absl::StrCat("网页过大（", bytes.size(), " 字节，上限 ", limits.max_bytes, " 字节）"),
        absl::StrCat("page too large (", bytes.size(), " bytes, limit ", limits.max_bytes, ")"));
  }
  absl::StatusOr<std::string> utf8 = HtmlToUtf8(bytes);
  if (!utf8.ok()) return utf8.status();
  // The text is UTF-8 now whatever the page declares: IGNORE_ENC keeps libxml2 from switching.
  constexpr int kOptions = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT;
  ContextPtr context(htmlNewParserCtxt());
  if (context == nullptr) {
    return absl::ResourceExhaustedError("无法创建 HTML 解析器 / cannot create an HTML parser");
  }
  DocPtr doc(htmlCtxtReadMemory(context.get(), utf8->data(), static_cast<int>(utf8->size()),
                                "page.html", "UTF-8", kOptions));
  // Without HTML_PARSE_HUGE libxml2 stops at 256 levels ("Excessive depth"), keeping what it read.
  const xmlError* error = xmlCtxtGetLastError(context.get());
  const bool too_deep = error != nullptr && error->code == XML_ERR_INTERNAL_ERROR &&
                        error->message != nullptr && absl::StrContains(error->message, "depth");
  const xmlNode* root = doc == nullptr ? nullptr : xmlDocGetRootElement(doc.get());
  if (root == nullptr && !too_deep) {
    return PageError("不是网页（没有 HTML 内容）", "not a web page (no HTML)");
  }
  if (too_deep || MaxDepth(root, limits.max_depth) > limits.max_depth) {
    return PageError(
        absl::StrCat("网页元素嵌套过深（超过 ", limits.max_depth, " 层）"),
        absl::StrCat("the page nests elements too deeply (over ", limits.max_depth, " levels)"));
  }
  const xmlNode* body = root;
  for (const xmlNode* child = root->children; child != nullptr; child = child->next) {
    if (IsElement(child, "body")) body = child;
  }
  std::vector<TableText> tables;
  CollectTables(body, nullptr, &tables);
  const xmlNode* container = FindContainer(tables, body);

  html::BlockWriter writer(limits.max_cells);
  if (container != body) {
    for (const TableText& table : tables) {
      if (IsReportTable(table) || IsInside(table.table, container)) continue;
      if (!absl::StrContains(table.text, "索引号") && !absl::StrContains(table.text, "发布机构") &&
          !absl::StrContains(table.text, "公开日期")) {
        continue;
      }
      for (std::string& line : MetadataLines(table.table)) writer.AddParagraph(std::move(line));
    }
    bool reached = false;
    std::string title = TitleBefore(body, container, &reached);
    const std::string content = VisibleText(container);
    if (!title.empty() && !absl::StartsWith(content, title)) writer.AddParagraph(std::move(title));
  }
  if (absl::Status status = writer.AddContent(container); !status.ok()) return status;
  return writer.Finish();
}

}  // namespace nianbao::codec
