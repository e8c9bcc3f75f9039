// The rule catalog: every rule's stable code, severity by stage and description. The checks
// themselves live in the *_rules.cc files; this is what ListRules returns and what findings cite.
#ifndef NIANBAO_SERVICES_VALIDATION_RULE_CATALOG_H_
#define NIANBAO_SERVICES_VALIDATION_RULE_CATALOG_H_

#include <cstddef>

#include "absl/types/span.h"
#include "services/validation/finding.h"

namespace nianbao::validation {

// Bumped whenever a rule is added, removed or changes what it reports, so that stored findings can
// be traced to the rules that produced them.
inline constexpr char kRuleCatalogVersion[] = "nianbao-rules/2021.1.0";

// One entry per rule, in catalog order (the index into RuleCatalog()).
enum class RuleId : int {
  kT3ColumnBalance,
  kT3ResultsSum,
  kT3RowTotal,
  kT4GroupTotal,
  kCellNotNumber,
  kT2FeeUnit,
  kFormatVersion,
  kSections,
  kPeriod,
  kS5Content,
  kS6Fee,
  kXCarryOver,
  kXValidDocs,
  kTextTable,
  kRepeatLastYear,
  kDeadline,
};
inline constexpr size_t kRuleCount = static_cast<size_t>(RuleId::kDeadline) + 1;

struct RuleInfo {
  RuleId id;
  const char* code;  // Stable: never renamed once released.
  Severity draft_severity;
  Severity submission_severity;
  Severity publication_severity;
  const char* description_zh;
  const char* description_en;
  const char* checks_zh;
  const char* checks_en;
  bool requires_previous_report;
  bool requires_publication_date;
};

// Every rule, indexed by RuleId. Static storage; thread-safe.
absl::Span<const RuleInfo> RuleCatalog();
const RuleInfo& RuleInfoFor(RuleId id);
Severity SeverityAt(RuleId id, Stage stage);

}  // namespace nianbao::validation

#endif  // NIANBAO_SERVICES_VALIDATION_RULE_CATALOG_H_
