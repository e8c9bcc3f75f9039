// What a validation rule reports (Finding) and what it is told about the check (ValidationContext).
// Plain C++ types so the rules library needs neither gRPC nor the service's messages.
#ifndef NIANBAO_SERVICES_VALIDATION_FINDING_H_
#define NIANBAO_SERVICES_VALIDATION_FINDING_H_

#include <string>

#include "nianbao/v1/report.pb.h"

namespace nianbao::validation {

// Order matters: findings sort by severity, errors first.
enum class Severity { kError = 0, kWarning = 1, kInfo = 2 };

// The point in the report's life the check is for. Some rules are stricter later: CELL_NOT_NUMBER
// is an error from submission on, DEADLINE an error at publication.
enum class Stage { kDraft, kSubmission, kPublication };

// Everything a rule may use besides the report itself. Pointers are borrowed, may be null, and must
// outlive the ValidateReport call.
struct ValidationContext {
  Stage stage = Stage::kDraft;
  // Last year's report of the same agency; null disables the cross-year rules.
  const nianbao::v1::AnnualReport* previous_report = nullptr;
  // The publication date; null falls back to report.metadata.publication_date when that is set.
  const nianbao::v1::Date* publication_date = nullptr;
};

// One rule violation. `code` points into the rule catalog (static storage).
struct Finding {
  const char* code = "";
  Severity severity = Severity::kError;
  // Path of the offending field in AnnualReport, e.g.
  // "applications.table.carried_forward.natural_person".
  std::string field_path;
  // The table column concerned (a field name such as "natural_person"), empty when none.
  std::string column;
  std::string message_zh;
  std::string message_en;
  // The expected and actual values as text; empty when the rule has none.
  std::string expected;
  std::string actual;
};

}  // namespace nianbao::validation

#endif  // NIANBAO_SERVICES_VALIDATION_FINDING_H_
