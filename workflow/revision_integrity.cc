#include "workflow/revision_integrity.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "workflow/digest.h"

namespace nianbao::workflow {
namespace {

namespace v1 = ::nianbao::v1;

BilingualMessage Damage(const v1::ReportRevision& revision, absl::string_view zh,
                        absl::string_view en) {
  return {absl::StrCat("版本 ", revision.name(), " 已损坏：", zh),
          absl::StrCat("revision ", revision.name(), " is damaged: ", en)};
}

}  // namespace

v1::AuditAction FreezingAction(v1::RevisionKind kind) {
  switch (kind) {
    case v1::REVISION_KIND_SUBMITTED:
      return v1::AUDIT_ACTION_SUBMIT;
    case v1::REVISION_KIND_PUBLISHED:
      return v1::AUDIT_ACTION_PUBLISH;
    default:
      return v1::AUDIT_ACTION_UNSPECIFIED;
  }
}

bool IsFreezingEvent(const v1::AuditEvent& event) {
  return event.outcome() == v1::AUDIT_OUTCOME_SUCCEEDED &&
         (event.action() == v1::AUDIT_ACTION_SUBMIT || event.action() == v1::AUDIT_ACTION_PUBLISH);
}

std::optional<BilingualMessage> FindRevisionDamage(
    const v1::ReportRevision& revision, absl::Span<const v1::AuditEvent> freezing_events) {
  if (Sha256(DeterministicSerialize(revision.content())) != revision.content_sha256()) {
    return Damage(revision, "内容与其摘要不符", "its content does not match its digest");
  }
  const v1::AuditAction action = FreezingAction(revision.kind());
  for (const v1::AuditEvent& event : freezing_events) {
    if (event.action() != action || event.outcome() != v1::AUDIT_OUTCOME_SUCCEEDED ||
        event.revision() != revision.revision() || event.report() != revision.report()) {
      continue;
    }
    if (event.content_sha256_after() == revision.content_sha256()) return std::nullopt;
    return Damage(revision, absl::StrCat("内容摘要与审计事件 ", event.sequence(), " 记录的不符"),
                  absl::StrCat("its digest differs from the one audit event ", event.sequence(),
                               " recorded"));
  }
  return Damage(revision, "审计记录中没有冻结该版本的事件",
                "no audit event of its report froze it");
}

absl::Status CheckRevisionIntegrity(const v1::ReportRevision& revision,
                                    absl::Span<const v1::AuditEvent> freezing_events) {
  std::optional<BilingualMessage> damage = FindRevisionDamage(revision, freezing_events);
  if (!damage.has_value()) return absl::OkStatus();
  return absl::DataLossError(absl::StrCat(damage->zh, " (", damage->en, ")"));
}

}  // namespace nianbao::workflow
