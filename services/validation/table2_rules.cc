// Table 2 (主动公开政府信息情况): the fee's unit, and 现行有效件数 carried from last year's report.
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/format/disclosure_layout.h"
#include "services/validation/rules.h"

namespace nianbao::validation {
namespace {

using nianbao::v1::ActiveDisclosureTable;
using nianbao::v1::AnnualReport;

// A fee of 1,000 万元 (ten million yuan) or more from information disclosure work is implausible
// for one agency; such figures are almost always written in 元.
constexpr int64_t kImplausibleFeeWanYuan = 1000;

const ActiveDisclosureTable* Table2(const AnnualReport& report) {
  if (!report.has_active_disclosure() || !report.active_disclosure().has_table()) return nullptr;
  return &report.active_disclosure().table();
}

// The 2021 format's 本年收费金额 cell, where the format layout places it.
const format::DisclosureCell& FeeAmountCell() {
  static const format::DisclosureCell* const cell = [] {
    const format::DisclosureRow* row =
        format::FindDisclosureRow(format::DisclosureItem::kFees, /*trial_2019=*/false);
    for (const format::DisclosureCell& candidate : row->cells) {
      if (candidate.kind == format::CellKind::kAmount) return &candidate;
    }
    std::abort();  // The 2021 layout has a fee amount; its tests say so.
  }();
  return *cell;
}

std::string FormatDecimal(const nianbao::v1::Decimal& amount) {
  if (amount.nanos() == 0) return absl::StrCat(amount.units());
  std::string text =
      absl::StrFormat("%s%d.%09d", (amount.units() < 0 || amount.nanos() < 0) ? "-" : "",
                      std::llabs(amount.units()), std::abs(amount.nanos()));
  while (!text.empty() && text.back() == '0') text.pop_back();
  return text;
}

}  // namespace

void CheckT2FeeUnit(const AnnualReport& report, const ValidationContext&, FindingSink& sink) {
  const ActiveDisclosureTable* table = Table2(report);
  const format::DisclosureCell& cell = FeeAmountCell();
  if (table == nullptr || Table2IsTrial2019(*table) || !cell.has(*table)) return;
  const nianbao::v1::AmountCell& fee = cell.amount(*table);
  if (!fee.has_amount()) return;
  const std::string amount = FormatDecimal(fee.amount());
  const char* const kPath = cell.path;
  if (!fee.written().empty()) {
    const bool yuan =
        absl::StrContains(fee.written(), "元") && !absl::StrContains(fee.written(), "万元");
    if (yuan) {
      sink.Add(RuleId::kT2FeeUnit, kPath, "",
               absl::StrCat("表二行政事业性收费金额写作“", fee.written(),
                            "”，以元计；应以万元为单位填写数字"),
               absl::StrCat("Table 2's fee is written \"", fee.written(),
                            "\", in 元; the format asks for a bare number in 万元"),
               "", fee.written());
    } else {
      sink.Add(RuleId::kT2FeeUnit, kPath, "",
               absl::StrCat("表二行政事业性收费金额写作“", fee.written(),
                            "”；单位已在表头（万元），单元格只填数字"),
               absl::StrCat("Table 2's fee is written \"", fee.written(),
                            "\"; the unit (万元) is in the header, the cell holds only the number"),
               amount, fee.written());
    }
    return;
  }
  if (fee.amount().units() >= kImplausibleFeeWanYuan) {
    sink.Add(
        RuleId::kT2FeeUnit, kPath, "",
        absl::StrCat("表二行政事业性收费金额为", amount,
                     "万元，数额过大，疑似以元填写（应以万元为单位）"),
        absl::StrCat("Table 2's fee is ", amount,
                     " 万元, implausibly large; it looks like an amount in 元 (the format asks "
                     "for 万元)"),
        "", amount);
  }
}

void CheckXValidDocs(const AnnualReport& report, const ValidationContext& context,
                     FindingSink& sink) {
  if (context.previous_report == nullptr) return;
  const ActiveDisclosureTable* table = Table2(report);
  const ActiveDisclosureTable* previous = Table2(*context.previous_report);
  if (table == nullptr || previous == nullptr) return;
  // A 2019-format table counts 对外公开总数量, which is not 现行有效件数.
  if (Table2IsTrial2019(*table) || Table2IsTrial2019(*previous)) return;
  // 第二十条第（一）项 of the 2021 format: 规章 and 行政规范性文件, each 本年制发件数, 本年废止件数
  // and 现行有效件数 in that order.
  const format::DisclosureBlock& documents = format::DisclosureBlocks2021()[0];
  constexpr size_t kIssued = 0;
  constexpr size_t kRepealed = 1;
  constexpr size_t kInForce = 2;
  for (const format::DisclosureRow& row : documents.rows) {
    const format::DisclosureCell& in_force_cell = row.cells[kInForce];
    if (!in_force_cell.has(*table) || !in_force_cell.has(*previous)) continue;
    const CellValue last = ReadCount(in_force_cell.count(*previous));
    const CellValue issued = ReadCount(row.cells[kIssued].count(*table));
    const CellValue repealed = ReadCount(row.cells[kRepealed].count(*table));
    const CellValue in_force = ReadCount(in_force_cell.count(*table));
    if (!last.known() || !issued.known() || !repealed.known() || !in_force.known()) continue;
    const int64_t expected = last.value + issued.value - repealed.value;
    if (expected == in_force.value) continue;
    sink.Add(RuleId::kXValidDocs, in_force_cell.path, documents.columns[kInForce].field,
             absl::StrCat("表二“", row.label_zh, "”现行有效件数：上年", last.value, "+本年制发",
                          issued.value, "-本年废止", repealed.value, "=", expected, "，表中为",
                          in_force.value),
             absl::StrCat("Table 2, ", row.field, " in force: last year's ", last.value,
                          " + issued ", issued.value, " - repealed ", repealed.value, " = ",
                          expected, " but the table says ", in_force.value),
             absl::StrCat(expected), absl::StrCat(in_force.value));
  }
}

}  // namespace nianbao::validation
