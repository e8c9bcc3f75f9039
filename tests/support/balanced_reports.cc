#include "tests/support/balanced_reports.h"

#include <array>
#include <cstdint>

#include "services/format/application_layout.h"
#include "services/format/disclosure_layout.h"
#include "services/format/review_layout.h"

namespace nianbao::testing {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::CountCell;
using nianbao::v1::FormatVersion;
namespace format = nianbao::format;

// Whether SetRandomCount may leave a zero blank (set per report by RandomBalancedReport).
thread_local bool blank_zeros_allowed = true;

// A count in [0, max]; a zero is left blank one time in three (agencies leave zeros blank, and
// the rules read a blank item as 0).
void SetRandomCount(std::mt19937& rng, int max, CountCell* cell, int* value) {
  *value = std::uniform_int_distribution<int>(0, max)(rng);
  if (*value == 0 && std::uniform_int_distribution<int>(0, 2)(rng) == 0 && blank_zeros_allowed) {
    cell->clear_content();
    return;
  }
  cell->set_number(*value);
}

void FillTable2(std::mt19937& rng, bool trial, int max_count,
                nianbao::v1::ActiveDisclosureTable* table) {
  table->set_format_version(trial ? nianbao::v1::FORMAT_VERSION_2019
                                  : nianbao::v1::FORMAT_VERSION_2021);
  const auto blocks = trial ? format::DisclosureBlocks2019() : format::DisclosureBlocks2021();
  for (const format::DisclosureBlock& block : blocks) {
    for (const format::DisclosureRow& row : block.rows) {
      for (size_t c = 0; c < row.cells.size(); ++c) {
        const format::DisclosureCell& cell = row.cells[c];
        if (cell.kind == format::CellKind::kCount) {
          int value = 0;
          SetRandomCount(rng, max_count * 5, cell.mutable_count(*table), &value);
          if (block.columns[c].may_be_negative && value > 0 &&
              std::uniform_int_distribution<int>(0, 3)(rng) == 0) {
            cell.mutable_count(*table)->set_number(-value);
          }
        } else {
          auto* amount = cell.mutable_amount(*table)->mutable_amount();
          amount->set_units(std::uniform_int_distribution<int64_t>(0, 500)(rng));
          amount->set_nanos(std::uniform_int_distribution<int32_t>(0, 999)(rng) * 1'000'000);
        }
      }
    }
  }
}

void FillTable3(std::mt19937& rng, bool trial, int max_count,
                nianbao::v1::ApplicationTable* table) {
  table->set_format_version(trial ? nianbao::v1::FORMAT_VERSION_2019
                                  : nianbao::v1::FORMAT_VERSION_2021);
  using format::RowRole;
  constexpr size_t kParts = format::kTotalColumn;  // The six columns before 总计.
  const auto columns = format::ApplicantColumns();
  std::array<int64_t, kParts> results{};
  auto set_row_total = [&](nianbao::v1::ApplicantCounts* counts, int64_t total) {
    columns[format::kTotalColumn].mutable_get(*counts)->set_number(static_cast<int32_t>(total));
  };
  for (const format::ApplicationRow& row : format::ApplicationRows()) {
    const bool result = row.role == RowRole::kResult || row.role == RowRole::kResult2021Only ||
                        row.role == RowRole::kResult2019Only;
    if (!result || !format::RowInFormat(row, trial)) continue;
    nianbao::v1::ApplicantCounts* counts = row.mutable_get(*table);
    int64_t row_total = 0;
    for (size_t c = 0; c < kParts; ++c) {
      int value = 0;
      SetRandomCount(rng, c == 0 ? max_count : max_count / 4, columns[c].mutable_get(*counts),
                     &value);
      row_total += value;
      results[c] += value;
    }
    set_row_total(counts, row_total);
  }
  auto* results_total =
      format::ApplicationRowFor(format::ApplicationRowId::kResultsTotal).mutable_get(*table);
  auto* new_row =
      format::ApplicationRowFor(format::ApplicationRowId::kNewApplications).mutable_get(*table);
  auto* carried_over =
      format::ApplicationRowFor(format::ApplicationRowId::kCarriedOver).mutable_get(*table);
  auto* carried_forward =
      format::ApplicationRowFor(format::ApplicationRowId::kCarriedForward).mutable_get(*table);
  std::array<int64_t, 4> totals{};  // 三（七）, 一, 二, 四 over the six columns.
  for (size_t c = 0; c < kParts; ++c) {
    const int forward = std::uniform_int_distribution<int>(0, max_count / 4)(rng);
    const int64_t out = results[c] + forward;
    const int64_t over = std::uniform_int_distribution<int64_t>(0, out / 3)(rng);
    const int64_t in = out - over;
    columns[c].mutable_get(*results_total)->set_number(static_cast<int32_t>(results[c]));
    columns[c].mutable_get(*carried_forward)->set_number(forward);
    columns[c].mutable_get(*carried_over)->set_number(static_cast<int32_t>(over));
    columns[c].mutable_get(*new_row)->set_number(static_cast<int32_t>(in));
    totals[0] += results[c];
    totals[1] += in;
    totals[2] += over;
    totals[3] += forward;
  }
  set_row_total(results_total, totals[0]);
  set_row_total(new_row, totals[1]);
  set_row_total(carried_over, totals[2]);
  set_row_total(carried_forward, totals[3]);
}

void FillTable4(std::mt19937& rng, int max_count, nianbao::v1::ReviewLitigationTable* table) {
  const auto columns = format::OutcomeColumns();
  for (const format::CaseGroup& group : format::CaseGroups()) {
    nianbao::v1::CaseOutcomes* outcomes = group.mutable_get(*table);
    int64_t total = 0;
    for (size_t c = 0; c + 1 < columns.size(); ++c) {
      int value = 0;
      SetRandomCount(rng, max_count / 4, columns[c].mutable_get(*outcomes), &value);
      total += value;
    }
    columns.back().mutable_get(*outcomes)->set_number(static_cast<int32_t>(total));
  }
}

}  // namespace

AnnualReport RandomBalancedReport(std::mt19937& rng, FormatVersion version, int max_count,
                                  bool blank_zeros) {
  blank_zeros_allowed = blank_zeros;
  const bool trial = version == nianbao::v1::FORMAT_VERSION_2019;
  AnnualReport report;
  report.mutable_metadata()->set_report_year(trial ? 2020 : 2024);
  report.mutable_metadata()->set_format_version(version);
  FillTable2(rng, trial, max_count, report.mutable_active_disclosure()->mutable_table());
  FillTable3(rng, trial, max_count, report.mutable_applications()->mutable_table());
  FillTable4(rng, max_count, report.mutable_review_litigation()->mutable_table());
  return report;
}

}  // namespace nianbao::testing
