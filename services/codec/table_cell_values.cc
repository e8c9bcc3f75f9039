#include "services/codec/table_cell_values.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/codec/report_cells.h"

namespace nianbao::codec::cell_values {

using nianbao::v1::ActiveDisclosureTable;
using nianbao::v1::AmountCell;
using nianbao::v1::ApplicationTable;
using nianbao::v1::CountCell;
using nianbao::v1::FormatVersion;

Value CountValue(const CountCell& cell, std::string field) {
  Value value;
  value.field = std::move(field);
  value.text = FormatCountCell(cell);
  value.kind = cell.content_case() == CountCell::kNumber ? Value::Kind::kNumber
               : cell.content_case() == CountCell::kText ? Value::Kind::kText
                                                         : Value::Kind::kBlank;
  return value;
}

Value AmountValue(const AmountCell& cell, std::string field) {
  Value value;
  value.field = std::move(field);
  value.text = FormatAmountCell(cell);
  value.kind = cell.content_case() == AmountCell::kAmount ? Value::Kind::kNumber
               : cell.content_case() == AmountCell::kText ? Value::Kind::kText
                                                          : Value::Kind::kBlank;
  return value;
}

std::vector<Value> DisclosureValues(const format::DisclosureRow& row,
                                    const ActiveDisclosureTable& table) {
  std::vector<Value> values;
  for (const format::DisclosureCell& cell : row.cells) {
    values.push_back(cell.kind == format::CellKind::kAmount
                         ? AmountValue(cell.amount(table), cell.path)
                         : CountValue(cell.count(table), cell.path));
  }
  return values;
}

bool ShowsDisclosure2021(const ActiveDisclosureTable& table) {
  if (table.format_version() != FormatVersion::FORMAT_VERSION_2019) return true;
  return !table.has_trial_2019();
}

bool ShowsDisclosure2019(const ActiveDisclosureTable& table) { return table.has_trial_2019(); }

bool ApplicationIs2019(const ApplicationTable& table) {
  if (table.format_version() == FormatVersion::FORMAT_VERSION_2019)
    return !table.has_other_handling();
  return table.has_other_handling_2019() && !table.has_other_handling();
}

std::vector<const format::ApplicationRow*> ApplicationRows(const ApplicationTable& table) {
  const bool trial_2019 = ApplicationIs2019(table);
  std::vector<const format::ApplicationRow*> rows;
  for (const format::ApplicationRow& row : format::ApplicationRows()) {
    if (format::RowInFormat(row, trial_2019)) rows.push_back(&row);
  }
  return rows;
}

std::vector<Value> ApplicantValues(const format::ApplicationRow& row,
                                   const ApplicationTable& table) {
  std::vector<Value> values;
  for (const format::ApplicantColumn& column : format::ApplicantColumns()) {
    values.push_back(
        CountValue(column.get(row.get(table)), absl::StrCat(row.path, ".", column.field)));
  }
  return values;
}

std::vector<Value> OutcomeValues(const format::CaseGroup& group,
                                 const nianbao::v1::ReviewLitigationTable& table) {
  std::vector<Value> values;
  for (const format::OutcomeColumn& column : format::OutcomeColumns()) {
    values.push_back(
        CountValue(column.get(group.get(table)), absl::StrCat(group.path, ".", column.field)));
  }
  return values;
}

}  // namespace nianbao::codec::cell_values
