// The report years nianbao accepts, in one place: the workflow's create and the validation rules
// must agree on them, or a report could be created that can never be submitted.
#ifndef NIANBAO_WORKFLOW_REPORT_YEARS_H_
#define NIANBAO_WORKFLOW_REPORT_YEARS_H_

#include <cstdint>

namespace nianbao::workflow {

// The 条例 took effect on 1 May 2008, so 2008 is the first year a report can cover; the upper
// bound only keeps typing mistakes ("20244") out.
inline constexpr int32_t kFirstReportYear = 2008;
inline constexpr int32_t kLastReportYear = 2200;

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_REPORT_YEARS_H_
