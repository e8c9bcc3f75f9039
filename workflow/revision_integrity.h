// Checks that a frozen revision (版本) is what its audit trail says was frozen. A revision's row is
// not chained itself, so a changed row would otherwise be served unnoticed: its content is checked
// against its own digest, and that digest against the content_sha256_after of the audit event that
// froze it (SUBMIT for a submitted revision, PUBLISH for a published one), which the chain and the
// signed checkpoints protect.
#ifndef NIANBAO_WORKFLOW_REVISION_INTEGRITY_H_
#define NIANBAO_WORKFLOW_REVISION_INTEGRITY_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "nianbao/v1/resources.pb.h"
#include "workflow/status_details.h"

namespace nianbao::workflow {

// The audit action that freezes revisions of `kind` (UNSPECIFIED for none).
nianbao::v1::AuditAction FreezingAction(nianbao::v1::RevisionKind kind);

// True for the successful events that freeze revisions (SUBMIT and PUBLISH).
bool IsFreezingEvent(const nianbao::v1::AuditEvent& event);

// What is wrong with `revision`, or nullopt when its content hashes to its content_sha256 and
// `freezing_events` (its report's, in any order; others are ignored) hold the successful event
// that froze it with that same digest: "内容与其摘要不符" (the row was changed), "…与审计事件 N
// 记录的不符" (its digest was changed too), or "审计记录中没有冻结该版本的事件" (no such event).
std::optional<BilingualMessage> FindRevisionDamage(
    const nianbao::v1::ReportRevision& revision,
    absl::Span<const nianbao::v1::AuditEvent> freezing_events);

// FindRevisionDamage as a status: OK, or DATA_LOSS with the damage's message.
[[nodiscard]] absl::Status CheckRevisionIntegrity(
    const nianbao::v1::ReportRevision& revision,
    absl::Span<const nianbao::v1::AuditEvent> freezing_events);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_REVISION_INTEGRITY_H_
