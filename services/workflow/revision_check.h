// Reads of frozen revisions checked against the audit trail (workflow/revision_integrity.h), for
// the workflow core (every revision it returns) and the audit core (VerifyChain of a report).
#ifndef NIANBAO_SERVICES_WORKFLOW_REVISION_CHECK_H_
#define NIANBAO_SERVICES_WORKFLOW_REVISION_CHECK_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "nianbao/v1/resources.pb.h"
#include "storage/report_store.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {

// The successful SUBMIT and PUBLISH events of one report's chain (the events that freeze its
// revisions), read from the store.
[[nodiscard]] absl::StatusOr<std::vector<nianbao::v1::AuditEvent>> ReadFreezingEvents(
    storage::ReportStore& store, const std::string& report_name);

// The first damaged revision's description, nullopt when all of `revisions` (of the report named
// `report_name`) match the events that froze them.
[[nodiscard]] absl::StatusOr<std::optional<nianbao::workflow::BilingualMessage>>
FindDamagedRevision(storage::ReportStore& store, const std::string& report_name,
                    absl::Span<const nianbao::v1::ReportRevision> revisions);

// FindDamagedRevision as a status: OK, or DATA_LOSS naming the damaged revision (a read must not
// serve content that differs from what the trail recorded).
[[nodiscard]] absl::Status CheckRevisions(storage::ReportStore& store,
                                          const std::string& report_name,
                                          absl::Span<const nianbao::v1::ReportRevision> revisions);

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_REVISION_CHECK_H_
