// Resource names (AIP-122) of reports and revisions, and the digests that identify a report's
// content and version: the content SHA-256 stored with revisions and audit events, and the ETag
// that UpdateReport must echo.
#ifndef NIANBAO_WORKFLOW_RESOURCE_NAMES_H_
#define NIANBAO_WORKFLOW_RESOURCE_NAMES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nianbao/v1/report.pb.h"
#include "nianbao/v1/resources.pb.h"

namespace nianbao::workflow {

// "agencies/{agency_id}/reports/{report_year}".
std::string ReportName(absl::string_view agency_id, int32_t report_year);

struct ParsedReportName {
  std::string agency_id;
  int32_t report_year = 0;
};
// Parses a report name; INVALID_ARGUMENT naming `field` when it is not of the form above, spelled
// exactly as ReportName spells it (no sign, leading zero, space or other digits in the year).
absl::StatusOr<ParsedReportName> ParseReportName(absl::string_view name, absl::string_view field);

// "agencies/{agency_id}/reports/{report_year}/revisions/{revision}". Submitted or published, a
// revision keeps its name (AIP-162's "@" would clash with it); its kind is a field.
std::string RevisionName(absl::string_view report_name, int64_t revision);

struct ParsedRevisionName {
  ParsedReportName report;
  int64_t revision = 0;
};
// Parses a revision name; INVALID_ARGUMENT naming `field` unless it is a canonical report name
// followed by "/revisions/" and a positive revision number spelled as RevisionName spells it.
absl::StatusOr<ParsedRevisionName> ParseRevisionName(absl::string_view name,
                                                     absl::string_view field);

// True for agency ids of lowercase ASCII letters, digits and '-', 1 to 63 characters, starting
// with a letter or digit (they appear in resource names and storage keys).
bool IsValidAgencyId(absl::string_view agency_id);

// Raw SHA-256 of the content's deterministic serialization.
std::string ContentSha256(const nianbao::v1::AnnualReport& content);

// The ETag of a report's current version: 32 hex digits of SHA-256 over its name, revision, state
// and update time. Any transition or edit changes the update time, hence the ETag.
std::string ComputeEtag(const nianbao::v1::Report& report);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_RESOURCE_NAMES_H_
