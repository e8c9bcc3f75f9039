#include "services/validation/validator.h"

#include <algorithm>
#include <array>

#include "services/validation/rule_catalog.h"
#include "services/validation/rules.h"

namespace nianbao::validation {
namespace {

// The check behind each catalog entry, in catalog order (RuleId is the index).
constexpr std::array<RuleCheck, kRuleCount> kChecks = {
    CheckT3ColumnBalance, CheckT3ResultsSum, CheckT3RowTotal,     CheckT4GroupTotal,
    CheckCellNotNumber,   CheckT2FeeUnit,    CheckFormatVersion,  CheckSections,
    CheckPeriod,          CheckS5Content,    CheckS6Fee,          CheckXCarryOver,
    CheckXValidDocs,      CheckTextTable,    CheckRepeatLastYear, CheckDeadline,
};

// The results sum reads a 2019-format table by its own rows, so it needs no special casing; but a
// table 3 in neither format (MIXED) may have rows of both, and a sum over them would only restate
// FORMAT_VERSION. The rule is skipped for such a table.
bool SkipForMixedTables(RuleId id, const nianbao::v1::AnnualReport& report) {
  if (id != RuleId::kT3ResultsSum) return false;
  return report.applications().table().format_version() == nianbao::v1::FORMAT_VERSION_MIXED;
}

}  // namespace

void ValidateReport(const nianbao::v1::AnnualReport& report, const ValidationContext& context,
                    std::vector<Finding>* findings) {
  // Overwrites the findings of an earlier call in place, reusing their strings.
  FindingSink sink(context.stage, findings);
  for (size_t i = 0; i < kChecks.size(); ++i) {
    const RuleId id = static_cast<RuleId>(i);
    if (SkipForMixedTables(id, report)) continue;
    kChecks[i](report, context, sink);
  }
  sink.Finish();
  const auto by_severity = [](const Finding& a, const Finding& b) {
    return static_cast<int>(a.severity) < static_cast<int>(b.severity);
  };
  // Often already in order (a report's findings are mostly warnings, or none): then the sort's
  // buffer and the moves of every finding are saved.
  if (!std::is_sorted(findings->begin(), findings->end(), by_severity)) {
    std::stable_sort(findings->begin(), findings->end(), by_severity);
  }
}

std::vector<Finding> ValidateReport(const nianbao::v1::AnnualReport& report,
                                    const ValidationContext& context) {
  std::vector<Finding> findings;
  ValidateReport(report, context, &findings);
  return findings;
}

}  // namespace nianbao::validation
