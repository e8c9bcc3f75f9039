// The rules library's entry point: checks one annual report against every rule of the catalog.
// Pure C++ (no gRPC), thread-safe, no shared mutable state: call it from any number of threads.
#ifndef NIANBAO_SERVICES_VALIDATION_VALIDATOR_H_
#define NIANBAO_SERVICES_VALIDATION_VALIDATOR_H_

#include <vector>

#include "nianbao/v1/report.pb.h"
#include "services/validation/finding.h"

namespace nianbao::validation {

// Replaces `*findings` with the findings for `report`, reusing the storage of those it held (a
// caller validating many reports with one vector allocates little once it has grown), errors first,
// then warnings, then information; within a severity in catalog order, then document order.
// Cross-year rules run only with context.previous_report, DEADLINE only with a publication date.
void ValidateReport(const nianbao::v1::AnnualReport& report, const ValidationContext& context,
                    std::vector<Finding>* findings);

// Convenience form returning a fresh vector.
std::vector<Finding> ValidateReport(const nianbao::v1::AnnualReport& report,
                                    const ValidationContext& context);

}  // namespace nianbao::validation

#endif  // NIANBAO_SERVICES_VALIDATION_VALIDATOR_H_
