#include "services/workflow/revision_check.h"

#include "absl/strings/str_cat.h"
#include "workflow/revision_integrity.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;

constexpr int kPageSize = 500;

}  // namespace

absl::StatusOr<std::vector<v1::AuditEvent>> ReadFreezingEvents(storage::ReportStore& store,
                                                               const std::string& report_name) {
  std::vector<v1::AuditEvent> freezing;
  for (const v1::AuditAction action : {v1::AUDIT_ACTION_SUBMIT, v1::AUDIT_ACTION_PUBLISH}) {
    storage::AuditEventFilter filter;
    filter.action = action;
    int64_t after = 0;
    for (;;) {
      absl::StatusOr<storage::AuditEventPage> page =
          store.ListReportAuditEvents(report_name, after, kPageSize, filter);
      if (!page.ok()) return page.status();
      for (v1::AuditEvent& event : page->events) {
        if (wf::IsFreezingEvent(event)) freezing.push_back(std::move(event));
      }
      if (page->end_of_trail || page->last_scanned == after) break;
      after = page->last_scanned;
    }
  }
  return freezing;
}

absl::StatusOr<std::optional<wf::BilingualMessage>> FindDamagedRevision(
    storage::ReportStore& store, const std::string& report_name,
    absl::Span<const v1::ReportRevision> revisions) {
  if (revisions.empty()) return std::optional<wf::BilingualMessage>();
  absl::StatusOr<std::vector<v1::AuditEvent>> freezing = ReadFreezingEvents(store, report_name);
  if (!freezing.ok()) return freezing.status();
  for (const v1::ReportRevision& revision : revisions) {
    if (std::optional<wf::BilingualMessage> damage = wf::FindRevisionDamage(revision, *freezing)) {
      return damage;
    }
  }
  return std::optional<wf::BilingualMessage>();
}

absl::Status CheckRevisions(storage::ReportStore& store, const std::string& report_name,
                            absl::Span<const v1::ReportRevision> revisions) {
  absl::StatusOr<std::optional<wf::BilingualMessage>> damage =
      FindDamagedRevision(store, report_name, revisions);
  if (!damage.ok()) return damage.status();
  if (!damage->has_value()) return absl::OkStatus();
  return absl::DataLossError(absl::StrCat((*damage)->zh, " (", (*damage)->en, ")"));
}

}  // namespace nianbao::workflow_service
