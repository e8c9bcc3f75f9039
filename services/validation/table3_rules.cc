// Table 3 (收到和处理政府信息公开申请情况): the format's 勾稽关系, the results sum, row totals, and
// the carry-over from last year's report. Blank items count as 0, but a blank total, or a sum whose
// items are all blank, is left to CELL_NOT_NUMBER: a 2019-style table with 总计 left blank in its
// detail rows is reported as blank cells, not as a wall of sums that "do not add up".
#include <array>

#include "absl/strings/str_cat.h"
#include "services/format/application_layout.h"
#include "services/validation/rules.h"

namespace nianbao::validation {
namespace {

using format::ApplicantColumn;
using format::ApplicantColumns;
using format::ApplicationRow;
using format::ApplicationRowFor;
using format::ApplicationRows;
using format::RowRole;
using nianbao::v1::AnnualReport;
using nianbao::v1::ApplicationTable;
using RowId = format::ApplicationRowId;

const ApplicationTable* Table3(const AnnualReport& report) {
  if (!report.has_applications() || !report.applications().has_table()) return nullptr;
  return &report.applications().table();
}

}  // namespace

void CheckT3ColumnBalance(const AnnualReport& report, const ValidationContext&, FindingSink& sink) {
  const ApplicationTable* table = Table3(report);
  if (table == nullptr) return;
  const auto& received = ApplicationRowFor(RowId::kNewApplications).get(*table);
  const auto& carried_over = ApplicationRowFor(RowId::kCarriedOver).get(*table);
  const auto& total = ApplicationRowFor(RowId::kResultsTotal).get(*table);
  const ApplicationRow& forward_row = ApplicationRowFor(RowId::kCarriedForward);
  const auto& carried_forward = forward_row.get(*table);
  for (const ApplicantColumn& column : ApplicantColumns()) {
    const CellValue a = ReadCount(column.get(received));
    const CellValue b = ReadCount(column.get(carried_over));
    const CellValue c = ReadCount(column.get(total));
    const CellValue d = ReadCount(column.get(carried_forward));
    if (!a.known() || !b.known() || !c.known() || !d.known()) continue;
    const int64_t in = a.value + b.value;
    const int64_t out = c.value + d.value;
    if (in == out) continue;
    sink.Add(RuleId::kT3ColumnBalance, absl::StrCat(forward_row.path, ".", column.field),
             column.field,
             absl::StrCat("表三“", column.name_zh, "”列：一+二=", in, "，三（七）+四=", out),
             absl::StrCat("Table 3, column \"", column.name_en, "\": 一 + 二 = ", in,
                          " but 三（七） + 四 = ", out),
             absl::StrCat(in), absl::StrCat(out));
  }
}

void CheckT3ResultsSum(const AnnualReport& report, const ValidationContext&, FindingSink& sink) {
  const ApplicationTable* table = Table3(report);
  if (table == nullptr) return;
  const bool trial = Table3IsTrial2019(*table);
  // Column sums over the result rows of the table's own format, in one pass over the rows.
  std::array<int64_t, format::kApplicantColumnCount> sums{};
  std::array<bool, format::kApplicantColumnCount> known;
  known.fill(true);
  std::array<bool, format::kApplicantColumnCount> any_filled{};
  for (const ApplicationRow& row : ApplicationRows()) {
    if (row.role != RowRole::kResult && row.role != RowRole::kResult2021Only &&
        row.role != RowRole::kResult2019Only) {
      continue;
    }
    if (!RowInFormat(row, trial)) continue;
    const format::ApplicantCells cells = format::CellsOf(row.get(*table));
    for (size_t c = 0; c < cells.size(); ++c) {
      const CellValue item = ReadCount(*cells[c]);
      known[c] = known[c] && item.known();
      any_filled[c] = any_filled[c] || item.state != CellState::kBlank;
      sums[c] += item.value;
    }
  }
  const ApplicationRow& total_row = ApplicationRowFor(RowId::kResultsTotal);
  const format::ApplicantCells totals = format::CellsOf(total_row.get(*table));
  const auto columns = ApplicantColumns();
  for (size_t c = 0; c < totals.size(); ++c) {
    const CellValue total = ReadCount(*totals[c]);
    if (!total.known() || total.state == CellState::kBlank) continue;
    if (!known[c] || !any_filled[c] || sums[c] == total.value) continue;
    const ApplicantColumn& column = columns[c];
    const int64_t sum = sums[c];
    sink.Add(RuleId::kT3ResultsSum, absl::StrCat(total_row.path, ".", column.field), column.field,
             absl::StrCat("表三“", column.name_zh, "”列：（一）至（六）之和=", sum,
                          "，三（七）总计=", total.value),
             absl::StrCat("Table 3, column \"", column.name_en,
                          "\": the items under （一）…（六） sum to ", sum,
                          " but 三（七）总计 = ", total.value),
             absl::StrCat(sum), absl::StrCat(total.value));
  }
}

void CheckT3RowTotal(const AnnualReport& report, const ValidationContext&, FindingSink& sink) {
  const ApplicationTable* table = Table3(report);
  if (table == nullptr) return;
  const bool trial = Table3IsTrial2019(*table);
  for (const ApplicationRow& row : ApplicationRows()) {
    if (!RowInFormat(row, trial) || !row.has(*table)) continue;
    const format::ApplicantCells cells = format::CellsOf(row.get(*table));
    const CellValue total = ReadCount(*cells[format::kTotalColumn]);
    if (!total.known() || total.state == CellState::kBlank) continue;
    int64_t sum = 0;
    bool known = true;
    bool any_filled = false;
    for (size_t i = 0; i < format::kTotalColumn; ++i) {
      const CellValue part = ReadCount(*cells[i]);
      known = known && part.known();
      any_filled = any_filled || part.state != CellState::kBlank;
      sum += part.value;
    }
    if (!known || !any_filled || sum == total.value) continue;
    sink.Add(RuleId::kT3RowTotal, absl::StrCat(row.path, ".total"), "total",
             absl::StrCat("表三“", row.name_zh, "”行：自然人与法人或其他组织各列之和=", sum,
                          "，总计=", total.value),
             absl::StrCat("Table 3, row \"", row.field, "\": the applicant columns sum to ", sum,
                          " but 总计 = ", total.value),
             absl::StrCat(sum), absl::StrCat(total.value));
  }
}

void CheckXCarryOver(const AnnualReport& report, const ValidationContext& context,
                     FindingSink& sink) {
  if (context.previous_report == nullptr) return;
  const ApplicationTable* table = Table3(report);
  const ApplicationTable* previous = Table3(*context.previous_report);
  if (table == nullptr || previous == nullptr) return;
  const ApplicationRow& carried_over_row = ApplicationRowFor(RowId::kCarriedOver);
  const auto& carried_over = carried_over_row.get(*table);
  const auto& last_forward = ApplicationRowFor(RowId::kCarriedForward).get(*previous);
  const int previous_year = context.previous_report->metadata().report_year();
  for (const ApplicantColumn& column : ApplicantColumns()) {
    const CellValue now = ReadCount(column.get(carried_over));
    const CellValue before = ReadCount(column.get(last_forward));
    if (!now.known() || !before.known() || now.value == before.value) continue;
    sink.Add(RuleId::kXCarryOver, absl::StrCat(carried_over_row.path, ".", column.field),
             column.field,
             absl::StrCat("表三“", column.name_zh, "”列：上年（", previous_year,
                          "年度）报告“四、结转下年度继续办理”=", before.value,
                          "，本年“二、上年结转”=", now.value),
             absl::StrCat("Table 3, column \"", column.name_en, "\": last year's (", previous_year,
                          ") row 四 carried forward ", before.value,
                          " but this year's row 二 = ", now.value),
             absl::StrCat(before.value), absl::StrCat(now.value));
  }
}

}  // namespace nianbao::validation
