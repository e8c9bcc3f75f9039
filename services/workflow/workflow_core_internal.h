// Helpers the workflow core's files share (workflow_core.cc, workflow_core_reads.cc and the change
// feed): not part of the core's interface.
#ifndef NIANBAO_SERVICES_WORKFLOW_WORKFLOW_CORE_INTERNAL_H_
#define NIANBAO_SERVICES_WORKFLOW_WORKFLOW_CORE_INTERNAL_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace nianbao::workflow_service::internal {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// The page size a List method uses: the default for 0, at most kMaxPageSize; INVALID_ARGUMENT
// naming page_size when negative.
absl::StatusOr<int> EffectivePageSize(int32_t page_size);

// "agencies/{agency_id}" (or "agencies/-" when `allow_all`) -> the agency id ("-" for all);
// INVALID_ARGUMENT naming parent otherwise.
absl::StatusOr<std::string> ParseAgencyParent(const std::string& parent, bool allow_all);

}  // namespace nianbao::workflow_service::internal

#endif  // NIANBAO_SERVICES_WORKFLOW_WORKFLOW_CORE_INTERNAL_H_
