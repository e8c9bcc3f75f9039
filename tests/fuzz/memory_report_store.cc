#include "tests/fuzz/memory_report_store.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace nianbao::fuzz {

namespace v1 = ::nianbao::v1;

void MemoryReportStore::CommitAsync(storage::ReportMutation mutation, CommitDone done) {
  if (!mutation.request_id.empty()) {
    absl::StatusOr<std::optional<std::string>> first =
        GetRequestResponse(mutation.request_id, mutation.request_fingerprint);
    if (!first.ok()) return done(first.status());
    if (first->has_value()) {
      storage::CommitResult replayed;
      replayed.replayed = true;
      replayed.response = **first;
      return done(std::move(replayed));
    }
  }
  if (!mutation.plan == !mutation.plan_on_content_bytes) {
    return done(absl::InvalidArgumentError("a mutation needs exactly one plan"));
  }
  const Key key = KeyOf(mutation.report_id);
  std::optional<v1::Report> current;
  if (auto it = reports_.find(key); it != reports_.end()) current = it->second;
  absl::StatusOr<storage::MutationPlan> plan;
  if (mutation.plan) {
    plan = mutation.plan(current);
  } else {
    // As RocksReportStore does: the report without its content, and the content's bytes.
    std::string content;
    if (current) {
      content = current->content().SerializeAsString();
      current->clear_content();
    }
    plan = mutation.plan_on_content_bytes(current, content);
  }
  if (!plan.ok()) return done(plan.status());
  std::vector<v1::ReportRevision>& revisions = revisions_[key];
  for (const v1::ReportRevision& revision : plan->revisions) {
    for (const v1::ReportRevision& stored : revisions) {
      if (stored.revision() == revision.revision() && stored.kind() == revision.kind()) {
        return done(absl::AlreadyExistsError("revision exists"));
      }
    }
  }
  storage::CommitResult result;
  if (plan->report) {
    // What the store writes is the plan's bytes when it gives them (its report may then leave
    // its content out).
    v1::Report written = *plan->report;
    if (!plan->report_bytes.empty() && !written.ParseFromString(plan->report_bytes)) {
      return done(absl::InternalError("a plan's report bytes do not parse"));
    }
    reports_[key] = written;
    result.report = std::move(written);
  }
  revisions.insert(revisions.end(), plan->revisions.begin(), plan->revisions.end());
  for (v1::AuditEvent& event : plan->audit_events) {
    event.set_sequence(static_cast<int64_t>(audit_.size()) + 1);
    audit_.push_back(event);
    result.audit_events.push_back(std::move(event));
  }
  if (!plan->result.ok()) return done(plan->result);
  if (!mutation.request_id.empty()) {
    requests_[mutation.request_id] = {mutation.request_fingerprint, plan->response};
  }
  result.response = std::move(plan->response);
  done(std::move(result));
}

absl::StatusOr<v1::Report> MemoryReportStore::GetReport(const storage::ReportId& id) {
  auto it = reports_.find(KeyOf(id));
  if (it == reports_.end()) return absl::NotFoundError("no such report");
  return it->second;
}

absl::StatusOr<v1::ReportRevision> MemoryReportStore::GetRevision(const storage::ReportId& id,
                                                                  int64_t revision,
                                                                  v1::RevisionKind kind) {
  for (const v1::ReportRevision& stored : revisions_[KeyOf(id)]) {
    if (stored.revision() == revision && stored.kind() == kind) return stored;
  }
  return absl::NotFoundError("no such revision");
}

absl::StatusOr<std::vector<v1::ReportRevision>> MemoryReportStore::ListRevisions(
    const storage::ReportId& id) {
  std::vector<v1::ReportRevision> revisions = revisions_[KeyOf(id)];
  std::sort(revisions.begin(), revisions.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.revision(), a.kind()) < std::make_pair(b.revision(), b.kind());
  });
  return revisions;
}

absl::StatusOr<storage::ReportPage> MemoryReportStore::ListReports(
    const storage::ReportFilter& filter, int page_size, const std::string& page_token) {
  if (page_size <= 0) return absl::InvalidArgumentError("page_size must be positive");
  // The token is the position of the page's first match, as a number.
  size_t start = 0;
  if (!page_token.empty() && !absl::SimpleAtoi(page_token, &start)) {
    return absl::InvalidArgumentError("page_token: 分页标记无效 (page_token is invalid)");
  }
  storage::ReportPage page;
  size_t position = 0;
  for (const auto& [key, report] : reports_) {
    if (!filter.agency_id.empty() && key.first != filter.agency_id) continue;
    if (filter.report_year && key.second != *filter.report_year) continue;
    if (filter.state != v1::REPORT_STATE_UNSPECIFIED && report.state() != filter.state) continue;
    if (filter.published_only && report.published_revision() <= 0) continue;
    if (filter.visible && !filter.visible(report.agency_id())) continue;
    if (position++ < start) continue;
    if (page.reports.size() == static_cast<size_t>(page_size)) {
      page.next_page_token = absl::StrCat(position - 1);
      break;
    }
    page.reports.push_back(report);
    if (filter.omit_content) page.reports.back().clear_content();
  }
  return page;
}

absl::StatusOr<std::optional<std::string>> MemoryReportStore::GetRequestResponse(
    const std::string& request_id, const std::string& request_fingerprint) {
  auto it = requests_.find(request_id);
  if (it == requests_.end()) return std::optional<std::string>();
  if (it->second.fingerprint != request_fingerprint) {
    return absl::InvalidArgumentError("request_id: 请求标识已用于另一请求 (request_id reused)");
  }
  return std::optional<std::string>(it->second.response);
}

absl::StatusOr<storage::AuditEventPage> MemoryReportStore::ListAuditEvents(
    int64_t after_sequence, int limit, const storage::AuditEventFilter& filter) {
  storage::AuditEventPage page;
  page.last_scanned = after_sequence;
  for (const v1::AuditEvent& event : audit_) {
    if (event.sequence() <= after_sequence) continue;
    if (static_cast<int>(page.events.size()) >= limit) return page;
    page.last_scanned = event.sequence();
    if (!filter.actor.empty() && event.actor() != filter.actor) continue;
    if (!filter.agency_id.empty() && event.agency_id() != filter.agency_id) continue;
    if (filter.action != v1::AUDIT_ACTION_UNSPECIFIED && event.action() != filter.action) continue;
    page.events.push_back(event);
  }
  page.end_of_trail = true;
  return page;
}

absl::StatusOr<storage::AuditEventPage> MemoryReportStore::ListReportAuditEvents(
    const std::string& report_name, int64_t after_report_sequence, int limit,
    const storage::AuditEventFilter& filter) {
  storage::AuditEventPage page;
  page.last_scanned = after_report_sequence;
  page.end_of_trail = true;
  return page;
}

absl::StatusOr<storage::AuditHead> MemoryReportStore::GetAuditHead() {
  storage::AuditHead head;
  head.sequence = static_cast<int64_t>(audit_.size());
  return head;
}

absl::StatusOr<storage::AgencyAuditHead> MemoryReportStore::GetAgencyAuditHead(
    const std::string& agency_id) {
  storage::AgencyAuditHead head;
  head.global.sequence = static_cast<int64_t>(audit_.size());
  for (const v1::AuditEvent& event : audit_) {
    if (event.agency_id() == agency_id) ++head.agency_sequence;
  }
  return head;
}

absl::Status MemoryReportStore::RecordSignedHead(const storage::AuditHead& head) {
  return absl::OkStatus();
}

}  // namespace nianbao::fuzz
