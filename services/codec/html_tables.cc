#include "services/codec/html_tables.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "services/codec/html_table_rows.h"

namespace nianbao::codec::html {
namespace {

namespace rows = table_rows;

// Table 2's grid: 信息内容 and three value columns; blocks with fewer columns widen the last.
constexpr int kDisclosureValueColumns = 3;

std::string Span(const char* name, int n) {
  return n > 1 ? absl::StrCat(" ", name, "=\"", n, "\"") : "";
}

std::string Th(absl::string_view text, absl::string_view scope, int colspan = 1, int rowspan = 1,
               absl::string_view css_class = "") {
  return absl::StrCat("<th scope=\"", scope, "\"", Span("colspan", colspan),
                      Span("rowspan", rowspan),
                      css_class.empty() ? "" : absl::StrCat(" class=\"", css_class, "\""), ">",
                      Escape(text, true), "</th>");
}

std::string Td(const rows::Value& value, int colspan = 1) {
  const char* kind = value.kind == rows::Value::Kind::kNumber ? "number"
                     : value.kind == rows::Value::Kind::kText ? "text"
                                                              : "blank";
  return absl::StrCat("<td class=\"", kind, "\"", Span("colspan", colspan), " data-field=\"",
                      Escape(value.field), "\">", Escape(value.text, true), "</td>");
}

void DisclosureTable(const std::vector<rows::DisclosureBlock>& blocks, absl::string_view id,
                     absl::string_view format, std::string& out) {
  absl::StrAppend(&out, "<table id=\"", id, "\" class=\"report-table table-2 format-", format,
                  "\">\n<caption>主动公开政府信息情况</caption>\n<colgroup><col class=\"label\">");
  for (int i = 0; i < kDisclosureValueColumns; ++i) out += "<col class=\"value\">";
  out += "</colgroup>\n<tbody>\n";
  for (const rows::DisclosureBlock& block : blocks) {
    const int widen = kDisclosureValueColumns - static_cast<int>(block.columns.size()) + 1;
    absl::StrAppend(&out, "<tr class=\"item-title\">",
                    Th(block.title, "colgroup", 1 + kDisclosureValueColumns), "</tr>\n");
    out += "<tr class=\"column-header\">" + Th("信息内容", "col");
    for (size_t i = 0; i < block.columns.size(); ++i) {
      out += Th(block.columns[i], "col", i + 1 == block.columns.size() ? widen : 1);
    }
    out += "</tr>\n";
    for (const rows::DisclosureRow& row : block.rows) {
      out += "<tr>" + Th(row.label, "row");
      for (size_t i = 0; i < row.values.size(); ++i) {
        out += Td(row.values[i], i + 1 == row.values.size() ? widen : 1);
      }
      out += "</tr>\n";
    }
  }
  out += "</tbody>\n</table>\n";
}

// How many consecutive rows from `start` share the same value of `key`.
template <typename Key>
int RunLength(const std::vector<rows::ApplicationRow>& all, size_t start, Key key) {
  size_t end = start + 1;
  while (end < all.size() && key(all[end]) == key(all[start])) ++end;
  return static_cast<int>(end - start);
}

}  // namespace

std::string Escape(absl::string_view text, bool line_breaks) {
  std::string out;
  out.reserve(text.size());
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
      case '\'':
        out += "&#39;";
        break;
      case '\r':
        break;
      case '\n':
        out += line_breaks ? "<br>" : " ";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string ActiveDisclosureTableHtml(const nianbao::v1::ActiveDisclosureTable& table) {
  std::string out;
  const bool show_2021 = rows::ShowsDisclosure2021(table);
  if (show_2021) DisclosureTable(rows::DisclosureBlocks2021(table), "table-2", "2021", out);
  if (rows::ShowsDisclosure2019(table)) {
    DisclosureTable(rows::DisclosureBlocks2019(table), show_2021 ? "table-2-2019" : "table-2",
                    "2019", out);
  }
  return out;
}

std::string ApplicationTableHtml(const nianbao::v1::ApplicationTable& table) {
  const bool trial = rows::ApplicationIs2019(table);
  std::string out = absl::StrCat(
      "<table id=\"table-3\" class=\"report-table table-3 format-", trial ? "2019" : "2021",
      "\">\n<caption>收到和处理政府信息公开申请情况</caption>\n<colgroup>"
      "<col class=\"label\"><col class=\"label\"><col class=\"label wide\">");
  for (int i = 0; i < rows::kApplicantColumns; ++i) out += "<col class=\"value\">";
  out += "</colgroup>\n<thead>\n";
  const auto& columns = rows::ApplicantColumns();
  absl::StrAppend(&out, "<tr>", Th(rows::kBalanceNote, "col", 3, 3, "balance-note"),
                  Th("申请人情况", "colgroup", rows::kApplicantColumns), "</tr>\n");
  absl::StrAppend(&out, "<tr>", Th(columns[0].label, "col", 1, 2),
                  Th("法人或其他组织", "colgroup", 5), Th(columns[6].label, "col", 1, 2),
                  "</tr>\n");
  out += "<tr>";
  for (int i = 1; i <= 5; ++i) out += Th(columns[i].label, "col");
  out += "</tr>\n</thead>\n<tbody>\n";

  const std::vector<rows::ApplicationRow> all = rows::ApplicationRows(table);
  for (size_t r = 0; r < all.size(); ++r) {
    const rows::ApplicationRow& row = all[r];
    out += "<tr>";
    const bool part_starts = r == 0 || all[r - 1].part != row.part;
    const int part_rows = RunLength(all, r, [](const auto& x) { return x.part; });
    if (row.group.empty()) {
      out += Th(row.part, "row", 3, 1, "part");  // 一、二、四: one row across the labels.
    } else {
      if (part_starts) out += Th(row.part, "rowgroup", 1, part_rows, "part");
      const bool group_starts = part_starts || all[r - 1].group != row.group;
      if (row.item.empty()) {
        out += Th(row.group, "row", 2, 1, "group");
      } else if (group_starts) {
        const int group_rows =
            RunLength(all, r, [](const auto& x) { return x.part + "\x1f" + x.group; });
        out += Th(row.group, "rowgroup", 1, group_rows, "group");
      }
      if (!row.item.empty()) out += Th(row.item, "row", 1, 1, "item");
    }
    for (const rows::Value& value : row.values) out += Td(value);
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

std::string ReviewLitigationTableHtml(const nianbao::v1::ReviewLitigationTable& table) {
  const std::array<rows::CaseGroup, 3> groups = rows::CaseGroups(table);
  std::string out =
      "<table id=\"table-4\" class=\"report-table table-4\">\n"
      "<caption>政府信息公开行政复议、行政诉讼情况</caption>\n<thead>\n";
  absl::StrAppend(&out, "<tr>", Th("行政复议", "colgroup", 5), Th("行政诉讼", "colgroup", 10),
                  "</tr>\n<tr>");
  for (const char* label : rows::kOutcomeLabels) out += Th(label, "col", 1, 2);
  absl::StrAppend(&out, Th(groups[1].label, "colgroup", 5), Th(groups[2].label, "colgroup", 5),
                  "</tr>\n<tr>");
  for (int group = 1; group < 3; ++group) {
    for (const char* label : rows::kOutcomeLabels) out += Th(label, "col");
  }
  out += "</tr>\n</thead>\n<tbody>\n<tr>";
  for (const rows::CaseGroup& group : groups) {
    for (const rows::Value& value : group.values) out += Td(value);
  }
  out += "</tr>\n</tbody>\n</table>\n";
  return out;
}

}  // namespace nianbao::codec::html
