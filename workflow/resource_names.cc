#include "workflow/resource_names.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "workflow/digest.h"
#include "workflow/request_limits.h"
#include "workflow/status_details.h"

namespace nianbao::workflow {

std::string ReportName(absl::string_view agency_id, int32_t report_year) {
  return absl::StrCat("agencies/", agency_id, "/reports/", report_year);
}

absl::StatusOr<ParsedReportName> ParseReportName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  ParsedReportName parsed;
  // Only the canonical spelling is a name: SimpleAtoi also reads "02024", "+2024", " 2024" and
  // "2024\n", and each of those would otherwise name the same report while starting an audit
  // chain of its own (denied attempts record the name as given).
  const bool canonical = parts.size() == 4 && parts[0] == "agencies" && parts[2] == "reports" &&
                         IsValidAgencyId(parts[1]) &&
                         absl::SimpleAtoi(parts[3], &parsed.report_year) &&
                         parsed.report_year > 0 && parts[3] == absl::StrCat(parsed.report_year);
  if (!canonical) {
    return InvalidField(field, {absl::StrCat("报告名称应为 agencies/{机关标识}/reports/{年度}：",
                                             QuoteForError(name)),
                                absl::StrCat("report name must be agencies/{agency_id}/reports/"
                                             "{report_year}, got ",
                                             QuoteForError(name))});
  }
  parsed.agency_id = std::string(parts[1]);
  return parsed;
}

std::string RevisionName(absl::string_view report_name, int64_t revision) {
  return absl::StrCat(report_name, "/revisions/", revision);
}

absl::StatusOr<ParsedRevisionName> ParseRevisionName(absl::string_view name,
                                                     absl::string_view field) {
  const size_t at = name.rfind("/revisions/");
  int64_t revision = 0;
  if (at != absl::string_view::npos) {
    const absl::string_view number = name.substr(at + std::string_view("/revisions/").size());
    absl::StatusOr<ParsedReportName> report = ParseReportName(name.substr(0, at), field);
    // Spelled exactly as RevisionName spells it: digits only, no sign or leading zero.
    if (report.ok() && !number.empty() && number.size() <= 18 && number[0] != '0' &&
        std::all_of(number.begin(), number.end(), [](char c) { return absl::ascii_isdigit(c); }) &&
        absl::SimpleAtoi(number, &revision)) {
      return ParsedRevisionName{*std::move(report), revision};
    }
  }
  return InvalidField(
      field, {absl::StrCat("版本资源名应为 agencies/{机关标识}/reports/{年度}/revisions/{版本号}：",
                           QuoteForError(name)),
              absl::StrCat(field,
                           " must be agencies/{agency_id}/reports/{report_year}/revisions/"
                           "{revision}, got ",
                           QuoteForError(name))});
}

bool IsValidAgencyId(absl::string_view agency_id) {
  if (agency_id.empty() || agency_id.size() > 63 || agency_id[0] == '-') return false;
  for (char c : agency_id) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-')) return false;
  }
  return true;
}

std::string ContentSha256(const nianbao::v1::AnnualReport& content) {
  return Sha256(DeterministicSerialize(content));
}

std::string ComputeEtag(const nianbao::v1::Report& report) {
  const std::string material =
      absl::StrCat(report.name(), "\n", report.revision(), "\n", report.state(), "\n",
                   report.update_time().seconds(), ".", report.update_time().nanos());
  return HexEncode(Sha256(material)).substr(0, 32);
}

}  // namespace nianbao::workflow
