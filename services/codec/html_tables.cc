#include "services/codec/html_tables.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "services/codec/table_cell_values.h"

namespace nianbao::codec::html {
namespace {

namespace rows = cell_values;

// Table 2's grid: 信息内容 and the widest block's value columns; blocks with fewer columns widen
// the last.
constexpr int kDisclosureValueColumns = static_cast<int>(format::kMaxDisclosureColumns);

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

void DisclosureTable(const nianbao::v1::ActiveDisclosureTable& table,
                     absl::Span<const format::DisclosureBlock> blocks, absl::string_view id,
                     absl::string_view version, std::string& out) {
  absl::StrAppend(&out, "<table id=\"", id, "\" class=\"report-table table-2 format-", version,
                  "\">\n<caption>主动公开政府信息情况</caption>\n<colgroup><col class=\"label\">");
  for (int i = 0; i < kDisclosureValueColumns; ++i) out += "<col class=\"value\">";
  out += "</colgroup>\n<tbody>\n";
  for (const format::DisclosureBlock& block : blocks) {
    const int widen = kDisclosureValueColumns - static_cast<int>(block.columns.size()) + 1;
    absl::StrAppend(&out, "<tr class=\"item-title\">",
                    Th(block.title_zh, "colgroup", 1 + kDisclosureValueColumns), "</tr>\n");
    out += "<tr class=\"column-header\">" + Th(format::kItemContentHeader, "col");
    for (size_t i = 0; i < block.columns.size(); ++i) {
      out += Th(block.columns[i].header_zh, "col", i + 1 == block.columns.size() ? widen : 1);
    }
    out += "</tr>\n";
    for (const format::DisclosureRow& row : block.rows) {
      out += "<tr>" + Th(row.label_zh, "row");
      const std::vector<rows::Value> values = rows::DisclosureValues(row, table);
      for (size_t i = 0; i < values.size(); ++i) {
        out += Td(values[i], i + 1 == values.size() ? widen : 1);
      }
      out += "</tr>\n";
    }
  }
  out += "</tbody>\n</table>\n";
}

// How many consecutive rows from `start` share the same value of `key`.
template <typename Key>
int RunLength(const std::vector<const format::ApplicationRow*>& all, size_t start, Key key) {
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
  if (show_2021) DisclosureTable(table, format::DisclosureBlocks2021(), "table-2", "2021", out);
  if (rows::ShowsDisclosure2019(table)) {
    DisclosureTable(table, format::DisclosureBlocks2019(), show_2021 ? "table-2-2019" : "table-2",
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
  const int column_count = static_cast<int>(format::kApplicantColumnCount);
  for (int i = 0; i < column_count; ++i) out += "<col class=\"value\">";
  out += "</colgroup>\n<thead>\n";
  const auto columns = format::ApplicantColumns();
  const size_t first_organisation = format::kFirstOrganisationColumn;
  const size_t organisations = format::kOrganisationColumnCount;
  absl::StrAppend(&out, "<tr>", Th(format::kBalanceNote, "col", 3, 3, "balance-note"),
                  Th(format::kApplicantHeader, "colgroup", column_count), "</tr>\n");
  absl::StrAppend(&out, "<tr>", Th(columns[0].name_zh, "col", 1, 2),
                  Th(format::kOrganisationHeader, "colgroup", organisations),
                  Th(columns[format::kTotalColumn].name_zh, "col", 1, 2), "</tr>\n");
  out += "<tr>";
  for (size_t i = first_organisation; i < first_organisation + organisations; ++i) {
    out += Th(columns[i].name_zh, "col");
  }
  out += "</tr>\n</thead>\n<tbody>\n";

  const std::vector<const format::ApplicationRow*> all = rows::ApplicationRows(table);
  const auto part = [](const format::ApplicationRow* x) { return absl::string_view(x->part_zh); };
  const auto part_and_group = [](const format::ApplicationRow* x) {
    return std::make_pair(absl::string_view(x->part_zh), absl::string_view(x->group_zh));
  };
  for (size_t r = 0; r < all.size(); ++r) {
    const format::ApplicationRow& row = *all[r];
    out += "<tr>";
    const bool part_starts = r == 0 || part(all[r - 1]) != part(&row);
    const int part_rows = RunLength(all, r, part);
    if (*row.group_zh == '\0') {
      out += Th(row.part_zh, "row", 3, 1, "part");  // 一、二、四: one row across the labels.
    } else {
      if (part_starts) out += Th(row.part_zh, "rowgroup", 1, part_rows, "part");
      const bool group_starts = part_starts || part_and_group(all[r - 1]) != part_and_group(&row);
      if (*row.item_zh == '\0') {
        out += Th(row.group_zh, "row", 2, 1, "group");
      } else if (group_starts) {
        out += Th(row.group_zh, "rowgroup", 1, RunLength(all, r, part_and_group), "group");
      }
      if (*row.item_zh != '\0') out += Th(row.item_zh, "row", 1, 1, "item");
    }
    for (const rows::Value& value : rows::ApplicantValues(row, table)) out += Td(value);
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

std::string ReviewLitigationTableHtml(const nianbao::v1::ReviewLitigationTable& table) {
  // 行政复议 spans its five outcomes; 行政诉讼 spans the two litigation groups after it.
  const auto groups = format::CaseGroups();
  const auto outcomes = format::OutcomeColumns();
  const int group_span = static_cast<int>(outcomes.size());
  std::string out =
      "<table id=\"table-4\" class=\"report-table table-4\">\n"
      "<caption>政府信息公开行政复议、行政诉讼情况</caption>\n<thead>\n";
  absl::StrAppend(&out, "<tr>", Th(groups[0].label_zh, "colgroup", group_span),
                  Th(format::kLitigationHeader, "colgroup", group_span * (groups.size() - 1)),
                  "</tr>\n<tr>");
  for (const format::OutcomeColumn& column : outcomes) out += Th(column.name_zh, "col", 1, 2);
  for (size_t group = 1; group < groups.size(); ++group) {
    out += Th(groups[group].label_zh, "colgroup", group_span);
  }
  out += "</tr>\n<tr>";
  for (size_t group = 1; group < groups.size(); ++group) {
    for (const format::OutcomeColumn& column : outcomes) out += Th(column.name_zh, "col");
  }
  out += "</tr>\n</thead>\n<tbody>\n<tr>";
  for (const format::CaseGroup& group : groups) {
    for (const rows::Value& value : rows::OutcomeValues(group, table)) out += Td(value);
  }
  out += "</tr>\n</tbody>\n</table>\n";
  return out;
}

}  // namespace nianbao::codec::html
