#include "workflow/deadline.h"

namespace nianbao::workflow {

absl::TimeZone ChinaStandardTime() { return absl::FixedTimeZone(8 * 60 * 60); }

std::optional<absl::CivilDay> PublicationDeadline(nianbao::v1::AgencyKind kind,
                                                  int32_t report_year) {
  switch (kind) {
    case nianbao::v1::AGENCY_KIND_DEPARTMENT:
      return absl::CivilDay(report_year + 1, 1, 31);
    case nianbao::v1::AGENCY_KIND_GOVERNMENT:
      return absl::CivilDay(report_year + 1, 3, 31);
    default:
      return std::nullopt;
  }
}

bool IsPublicationLate(nianbao::v1::AgencyKind kind, int32_t report_year, absl::Time when) {
  std::optional<absl::CivilDay> deadline = PublicationDeadline(kind, report_year);
  if (!deadline.has_value()) return false;
  return absl::ToCivilDay(when, ChinaStandardTime()) > *deadline;
}

}  // namespace nianbao::workflow
