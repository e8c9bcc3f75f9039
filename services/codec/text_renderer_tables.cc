// Tables 2, 3 and 4 in the plain-text layout: one tab-prefixed line per cell, an empty line after
// each row, column headers in the format of the table (table 2: of each 第二十条 item). Rows,
// labels and headers come from the format layout (services/format).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "services/codec/report_cells.h"
#include "services/codec/text_renderer.h"
#include "services/format/application_layout.h"
#include "services/format/disclosure_layout.h"
#include "services/format/review_layout.h"

namespace nianbao::codec {
namespace {

void Row(const std::vector<std::string>& cells, std::string& out) {
  for (const std::string& cell : cells) absl::StrAppend(&out, "\t", cell, "\n");
  out += "\n";
}

std::string CellText(const format::DisclosureCell& cell, const v1::ActiveDisclosureTable& table) {
  return cell.kind == format::CellKind::kAmount ? FormatAmountCell(cell.amount(table))
                                                : FormatCountCell(cell.count(table));
}

bool HasAnyRow(const format::DisclosureBlock& block, const v1::ActiveDisclosureTable& table) {
  for (const format::DisclosureRow& row : block.rows) {
    if (row.has(table)) return true;
  }
  return false;
}

// The blocks (第二十条 items) that have a row in the table: title, column headers, the rows.
void DisclosureBlocks(const v1::ActiveDisclosureTable& table,
                      absl::Span<const format::DisclosureBlock> blocks, std::string& out) {
  for (const format::DisclosureBlock& block : blocks) {
    if (!HasAnyRow(block, table)) continue;
    Row({block.title_zh}, out);
    std::vector<std::string> header = {format::kItemContentHeader};
    for (const format::DisclosureColumn& column : block.columns) {
      header.push_back(column.header_zh);
    }
    Row(header, out);
    for (const format::DisclosureRow& row : block.rows) {
      if (!row.has(table)) continue;
      std::vector<std::string> cells = {row.label_zh};
      for (const format::DisclosureCell& cell : row.cells) cells.push_back(CellText(cell, table));
      Row(cells, out);
    }
  }
}

void Table3Header(std::string& out) {
  const auto columns = format::ApplicantColumns();
  Row({format::kBalanceNote, format::kApplicantHeader}, out);
  Row({"", columns[0].name_zh, format::kOrganisationHeader, columns[format::kTotalColumn].name_zh},
      out);
  std::vector<std::string> organisations;
  for (size_t i = 0; i < format::kOrganisationColumnCount; ++i) {
    organisations.push_back(columns[format::kFirstOrganisationColumn + i].name_zh);
  }
  Row(organisations, out);
}

// A row's label cells. The part is written on the rows that carry only it (一, 二, 四) and on the
// first row of 三 in the format, where its merged cell starts, whether or not the table has that
// row; the group on each of its rows; then the item.
std::vector<std::string> Table3Labels(absl::Span<const format::ApplicationRow> all, size_t index) {
  const format::ApplicationRow& row = all[index];
  const absl::string_view part = row.part_zh;
  const bool first_of_part = index == 0 || part != all[index - 1].part_zh;
  std::vector<std::string> labels;
  if (*row.group_zh == '\0' || first_of_part) labels.emplace_back(part);
  if (*row.group_zh != '\0') labels.emplace_back(row.group_zh);
  if (*row.item_zh != '\0') labels.emplace_back(row.item_zh);
  return labels;
}

void OutcomeCells(const v1::CaseOutcomes& group, std::vector<std::string>& cells) {
  for (const format::OutcomeColumn& column : format::OutcomeColumns()) {
    cells.push_back(FormatCountCell(column.get(group)));
  }
}

}  // namespace

std::string RenderActiveDisclosureTableText(const v1::ActiveDisclosureTable& table) {
  std::string out;
  DisclosureBlocks(table, format::DisclosureBlocks2021(), out);
  DisclosureBlocks(table, format::DisclosureBlocks2019(), out);
  return out;
}

std::string RenderApplicationTableText(const v1::ApplicationTable& t) {
  // Every row the table has, of either format (a mixed table has both （六）).
  const auto all = format::ApplicationRows();
  std::string rows;
  for (size_t i = 0; i < all.size(); ++i) {
    if (!all[i].has(t)) continue;
    std::vector<std::string> cells = Table3Labels(all, i);
    for (const v1::CountCell* cell : format::CellsOf(all[i].get(t))) {
      cells.push_back(FormatCountCell(*cell));
    }
    Row(cells, rows);
  }
  if (rows.empty()) return "";
  std::string out;
  Table3Header(out);
  return out + rows;
}

std::string RenderReviewLitigationTableText(const v1::ReviewLitigationTable& t) {
  const auto groups = format::CaseGroups();
  bool all_groups = true;
  bool any_group = false;
  for (const format::CaseGroup& group : groups) {
    all_groups = all_groups && group.has(t);
    any_group = any_group || group.has(t);
  }
  if (!any_group) return "";
  std::string out;
  std::vector<std::string> outcomes;
  for (const format::OutcomeColumn& column : format::OutcomeColumns()) {
    outcomes.push_back(column.name_zh);
  }
  Row({groups[0].label_zh, format::kLitigationHeader}, out);
  std::vector<std::string> second = outcomes;
  for (size_t i = 1; i < groups.size(); ++i) second.push_back(groups[i].label_zh);
  Row(second, out);
  if (all_groups) {
    // The format's own layout: the litigation groups' outcomes under them, then one value row.
    std::vector<std::string> third;
    for (size_t i = 1; i < groups.size(); ++i) {
      third.insert(third.end(), outcomes.begin(), outcomes.end());
    }
    Row(third, out);
    std::vector<std::string> values;
    for (const format::CaseGroup& group : groups) OutcomeCells(group.get(t), values);
    Row(values, out);
    return out;
  }
  for (const format::CaseGroup& group : groups) {
    if (!group.has(t)) continue;
    std::vector<std::string> cells = {group.label_zh};
    OutcomeCells(group.get(t), cells);
    Row(cells, out);
  }
  return out;
}

}  // namespace nianbao::codec
