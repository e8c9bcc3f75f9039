// The roll-up's three tables as sheets shaped like the format's (report-format.md): table 2 block
// by block under its 第二十条 titles, table 3 with its three label columns and the 申请人情况
// header over 自然人 / 法人或其他组织 (five) / 总计, table 4's three groups of five under 行政复议
// and 行政诉讼. Labels come from the format layout, so they are the ones the importer reads.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/format/application_layout.h"
#include "services/format/disclosure_layout.h"
#include "services/format/review_layout.h"
#include "services/office/office_sheets.h"
#include "services/office/sheet_builder.h"

namespace nianbao::office {
namespace {

using nianbao::v1::AmountCell;
using nianbao::v1::CountCell;

SheetCell CountCellOf(const CountCell& cell) {
  switch (cell.content_case()) {
    case CountCell::kNumber:
      return SheetCell::Count(cell.number());
    case CountCell::kText:
      return SheetCell::Text(cell.text());
    default:
      return SheetCell::Blank();
  }
}

// An amount in 万元, exactly as text (trailing zeros dropped), and as a number for the sheet.
SheetCell AmountCellOf(const AmountCell& cell) {
  if (cell.content_case() == AmountCell::kText) return SheetCell::Text(cell.text());
  if (cell.content_case() != AmountCell::kAmount) return SheetCell::Blank();
  const auto& amount = cell.amount();
  const bool negative = amount.units() < 0 || amount.nanos() < 0;
  std::string text = absl::StrCat(negative ? "-" : "", std::abs(amount.units()));
  if (amount.nanos() != 0) {
    std::string fraction = absl::StrFormat("%09d", std::abs(amount.nanos()));
    fraction.erase(fraction.find_last_not_of('0') + 1);
    absl::StrAppend(&text, ".", fraction);
  }
  const double value = static_cast<double>(amount.units()) + amount.nanos() / 1e9;
  return SheetCell::Number(value, text, "0.0000");
}

std::string Title(const SheetScope& scope, const char* table) {
  return absl::StrCat(scope.parent, " ", scope.report_year, "年度汇总 — ", table);
}

Sheet Table2Sheet(const nianbao::v1::ActiveDisclosureTable& table, const SheetScope& scope) {
  constexpr int kColumns = 1 + static_cast<int>(format::kMaxDisclosureColumns);
  SheetBuilder builder("表二 主动公开", Title(scope, "二、主动公开政府信息情况"), kColumns);
  const bool has_2021 = table.has_rules() || table.has_normative_documents() ||
                        table.has_licensing_decisions() || table.has_punishment_decisions() ||
                        table.has_coercion_decisions() || table.has_fee_amount();
  std::vector<absl::Span<const format::DisclosureBlock>> formats;
  if (has_2021 || !table.has_trial_2019()) formats.push_back(format::DisclosureBlocks2021());
  if (table.has_trial_2019()) formats.push_back(format::DisclosureBlocks2019());
  for (const auto blocks : formats) {
    for (const format::DisclosureBlock& block : blocks) {
      builder.Row()[0] = SheetCell::Text(block.title_zh);
      builder.Merge(builder.last_row(), 0, builder.last_row(), kColumns - 1);
      // A block with fewer value columns than three stretches its last one to the edge.
      const int values = static_cast<int>(block.columns.size());
      auto& header = builder.Row();
      header[0] = SheetCell::Text(format::kItemContentHeader);
      for (int c = 0; c < values; ++c) header[1 + c] = SheetCell::Text(block.columns[c].header_zh);
      builder.Merge(builder.last_row(), values, builder.last_row(), kColumns - 1);
      for (const format::DisclosureRow& row : block.rows) {
        auto& cells = builder.Row();
        cells[0] = SheetCell::Text(row.label_zh);
        for (int c = 0; c < values && c < static_cast<int>(row.cells.size()); ++c) {
          const format::DisclosureCell& cell = row.cells[c];
          if (!cell.has(table)) continue;
          cells[1 + c] = cell.kind == format::CellKind::kCount ? CountCellOf(cell.count(table))
                                                               : AmountCellOf(cell.amount(table));
        }
        builder.Merge(builder.last_row(), values, builder.last_row(), kColumns - 1);
      }
    }
  }
  return builder.Finish();
}

// Whether the roll-up's table 3 is in the 2019 format, as the validation rules decide it.
bool Table3Trial(const nianbao::v1::ApplicationTable& table) {
  if (table.format_version() == nianbao::v1::FORMAT_VERSION_2019) return true;
  if (table.format_version() == nianbao::v1::FORMAT_VERSION_2021) return false;
  return table.has_other_handling_2019() && !table.has_other_handling();
}

Sheet Table3Sheet(const nianbao::v1::ApplicationTable& table, const SheetScope& scope) {
  constexpr int kLabels = 3;
  constexpr int kColumns = kLabels + static_cast<int>(format::kApplicantColumnCount);
  SheetBuilder builder("表三 依申请公开", Title(scope, "三、收到和处理政府信息公开申请情况"),
                       kColumns);
  const auto columns = format::ApplicantColumns();
  auto& top = builder.Row();
  top[0] = SheetCell::Text(format::kBalanceNote);
  top[kLabels] = SheetCell::Text(format::kApplicantHeader);
  builder.Merge(1, 0, 3, kLabels - 1);
  builder.Merge(1, kLabels, 1, kColumns - 1);
  auto& middle = builder.Row();
  middle[kLabels] = SheetCell::Text(columns[0].name_zh);
  middle[kLabels + format::kFirstOrganisationColumn] = SheetCell::Text(format::kOrganisationHeader);
  middle[kColumns - 1] = SheetCell::Text(columns[format::kTotalColumn].name_zh);
  builder.Merge(2, kLabels, 3, kLabels);
  builder.Merge(2, kLabels + 1, 2, kLabels + format::kOrganisationColumnCount);
  builder.Merge(2, kColumns - 1, 3, kColumns - 1);
  auto& bottom = builder.Row();
  for (size_t c = format::kFirstOrganisationColumn;
       c < format::kFirstOrganisationColumn + format::kOrganisationColumnCount; ++c) {
    bottom[kLabels + c] = SheetCell::Text(columns[c].name_zh);
  }
  builder.SetHeaderRows(3);

  const bool trial = Table3Trial(table);
  // Runs of equal part (column A) and group (column B) labels are merged down.
  int part_start = -1;
  int group_start = -1;
  std::string part;
  std::string group;
  auto close_runs = [&](bool close_part) {
    if (group_start >= 0) builder.Merge(group_start, 1, builder.last_row(), 1);
    group_start = -1;
    group.clear();
    if (close_part && part_start >= 0) builder.Merge(part_start, 0, builder.last_row(), 0);
    if (close_part) part_start = -1, part.clear();
  };
  for (const format::ApplicationRow& row : format::ApplicationRows()) {
    if (!format::RowInFormat(row, trial) && !row.has(table)) continue;
    const std::string row_part = row.part_zh;
    const std::string row_group = row.group_zh;
    const bool same_part = !row_group.empty() && row_part == part;
    const bool same_group = same_part && !std::string(row.item_zh).empty() && row_group == group;
    if (!same_group) close_runs(!same_part);
    auto& cells = builder.Row();
    const int r = builder.last_row();
    if (row_group.empty()) {
      cells[0] = SheetCell::Text(row.part_zh);
      builder.Merge(r, 0, r, kLabels - 1);
    } else {
      if (!same_part) {
        cells[0] = SheetCell::Text(row.part_zh);
        part_start = r;
        part = row_part;
      }
      if (std::string(row.item_zh).empty()) {
        cells[1] = SheetCell::Text(row.group_zh);
        builder.Merge(r, 1, r, kLabels - 1);
      } else {
        if (!same_group) {
          cells[1] = SheetCell::Text(row.group_zh);
          group_start = r;
          group = row_group;
        }
        cells[2] = SheetCell::Text(row.item_zh);
      }
    }
    const format::ApplicantCells values = format::CellsOf(row.get(table));
    for (size_t c = 0; c < values.size(); ++c) {
      if (row.has(table)) cells[kLabels + c] = CountCellOf(*values[c]);
    }
  }
  close_runs(true);
  return builder.Finish();
}

Sheet Table4Sheet(const nianbao::v1::ReviewLitigationTable& table, const SheetScope& scope) {
  const auto groups = format::CaseGroups();
  const auto outcomes = format::OutcomeColumns();
  const int width = static_cast<int>(outcomes.size());
  const int columns = width * static_cast<int>(groups.size());
  SheetBuilder builder("表四 复议诉讼", Title(scope, "四、政府信息公开行政复议、行政诉讼情况"),
                       columns);
  auto& top = builder.Row();
  top[0] = SheetCell::Text(groups[0].label_zh);
  top[width] = SheetCell::Text(format::kLitigationHeader);
  builder.Merge(1, 0, 2, width - 1);
  builder.Merge(1, width, 1, columns - 1);
  auto& middle = builder.Row();
  for (size_t g = 1; g < groups.size(); ++g) {
    middle[g * width] = SheetCell::Text(groups[g].label_zh);
    builder.Merge(2, g * width, 2, (g + 1) * width - 1);
  }
  auto& names = builder.Row();
  auto& values = builder.Row();
  for (size_t g = 0; g < groups.size(); ++g) {
    for (size_t c = 0; c < outcomes.size(); ++c) {
      names[g * width + c] = SheetCell::Text(outcomes[c].name_zh);
      if (groups[g].has(table))
        values[g * width + c] = CountCellOf(outcomes[c].get(groups[g].get(table)));
    }
  }
  builder.SetHeaderRows(3);
  return builder.Finish();
}

Sheet ScopeSheet(const nianbao::v1::GetRollupResponse& rollup, const SheetScope& scope) {
  SheetBuilder builder("汇总范围", Title(scope, "汇总范围"), 2);
  auto& header = builder.Row();
  header[0] = SheetCell::Text("机关");
  header[1] = SheetCell::Text("是否汇总");
  builder.SetHeaderRows(1);
  for (const std::string& agency : rollup.included_agencies()) {
    auto& row = builder.Row();
    row[0] = SheetCell::Text(agency);
    row[1] = SheetCell::Text("已汇总");
  }
  for (const std::string& agency : rollup.missing_agencies()) {
    auto& row = builder.Row();
    row[0] = SheetCell::Text(agency);
    row[1] = SheetCell::Text("未发布");
  }
  return builder.Finish();
}

}  // namespace

SheetCell SheetCell::Count(int64_t count) {
  return Number(static_cast<double>(count), absl::StrCat(count));
}

std::vector<Sheet> RollupSheets(const nianbao::v1::GetRollupResponse& rollup,
                                const SheetScope& scope) {
  const auto& tables = rollup.tables();
  std::vector<Sheet> sheets;
  sheets.push_back(Table2Sheet(tables.active_disclosure().table(), scope));
  sheets.push_back(Table3Sheet(tables.applications().table(), scope));
  sheets.push_back(Table4Sheet(tables.review_litigation().table(), scope));
  sheets.push_back(ScopeSheet(rollup, scope));
  return sheets;
}

}  // namespace nianbao::office
