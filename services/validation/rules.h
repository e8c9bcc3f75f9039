// The checks behind the rule catalog, one function per rule, grouped in files by concern
// (table2_rules.cc, table3_rules.cc, table4_rules.cc, cell_rules.cc, document_rules.cc,
// section_text_rules.cc, text_table_rule.cc, repetition_rule.cc). Each reads the report and the
// context and adds what it finds to the sink; none keeps state, so all are thread-safe.
#ifndef NIANBAO_SERVICES_VALIDATION_RULES_H_
#define NIANBAO_SERVICES_VALIDATION_RULES_H_

#include "nianbao/v1/report.pb.h"
#include "services/validation/finding.h"
#include "services/validation/rule_support.h"

namespace nianbao::validation {

using RuleCheck = void (*)(const nianbao::v1::AnnualReport& report,
                           const ValidationContext& context, FindingSink& sink);

void CheckT3ColumnBalance(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckT3ResultsSum(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckT3RowTotal(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckXCarryOver(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckT4GroupTotal(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckCellNotNumber(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckT2FeeUnit(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckXValidDocs(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckFormatVersion(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckSections(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckPeriod(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckDeadline(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckS5Content(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckS6Fee(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckTextTable(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);
void CheckRepeatLastYear(const nianbao::v1::AnnualReport&, const ValidationContext&, FindingSink&);

}  // namespace nianbao::validation

#endif  // NIANBAO_SERVICES_VALIDATION_RULES_H_
