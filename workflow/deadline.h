// The statutory publication deadline (条例 第四十九条): a department publishes its report by 31
// January of the following year, a government by 31 March; townships and streets have none. Dates
// are judged in China Standard Time (UTC+8), fixed, so no time-zone database is needed.
#ifndef NIANBAO_WORKFLOW_DEADLINE_H_
#define NIANBAO_WORKFLOW_DEADLINE_H_

#include <cstdint>
#include <optional>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "nianbao/v1/report.pb.h"

namespace nianbao::workflow {

// UTC+8, the time zone of every date the workflow judges.
absl::TimeZone ChinaStandardTime();

// The last day on which publication is on time, or nullopt when no date applies (township, or the
// agency kind is unknown).
std::optional<absl::CivilDay> PublicationDeadline(nianbao::v1::AgencyKind kind,
                                                  int32_t report_year);

// True when publishing at `when` misses the deadline (false when none applies).
bool IsPublicationLate(nianbao::v1::AgencyKind kind, int32_t report_year, absl::Time when);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_DEADLINE_H_
