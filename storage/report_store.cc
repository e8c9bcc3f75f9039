#include "storage/report_store.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>

namespace nianbao::storage {

PlanFunction RecordEventPlan(nianbao::v1::AuditEvent event, absl::Status result) {
  return [event = std::move(event), result = std::move(result)](
             const std::optional<nianbao::v1::Report>&) -> absl::StatusOr<MutationPlan> {
    MutationPlan plan;
    plan.audit_events.push_back(event);
    plan.result = result;
    return plan;
  };
}

absl::StatusOr<CommitResult> ReportStore::Commit(ReportMutation mutation) {
  std::mutex mutex;
  std::condition_variable done;
  std::optional<absl::StatusOr<CommitResult>> outcome;
  CommitAsync(std::move(mutation), [&](absl::StatusOr<CommitResult> result) {
    std::lock_guard<std::mutex> lock(mutex);
    outcome = std::move(result);
    done.notify_one();
  });
  std::unique_lock<std::mutex> lock(mutex);
  done.wait(lock, [&outcome] { return outcome.has_value(); });
  return *std::move(outcome);
}

namespace {
absl::Status NoRollup() {
  return absl::UnimplementedError("this store keeps no roll-up contributions");
}
}  // namespace

absl::StatusOr<std::vector<nianbao::storage::v1::RollupRecord>> ReportStore::ListContributions(
    int32_t, const std::vector<std::string>*) {
  return NoRollup();
}

absl::Status ReportStore::ScanContributions(
    int32_t report_year, const std::vector<std::string>* agency_ids,
    const std::function<absl::Status(absl::string_view record)>& visit) {
  absl::StatusOr<std::vector<nianbao::storage::v1::RollupRecord>> records =
      ListContributions(report_year, agency_ids);
  if (!records.ok()) return records.status();
  for (const nianbao::storage::v1::RollupRecord& record : *records) {
    if (absl::Status s = visit(record.SerializeAsString()); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, nianbao::v1::ReportState>> ReportStore::ListReportStates(
    int32_t report_year) {
  ReportFilter filter;
  filter.report_year = report_year;
  filter.omit_content = true;
  std::map<std::string, nianbao::v1::ReportState> states;
  std::string token;
  do {
    absl::StatusOr<ReportPage> page = ListReports(filter, 1000, token);
    if (!page.ok()) return page.status();
    for (const nianbao::v1::Report& report : page->reports) {
      states[report.agency_id()] = report.state();
    }
    token = std::move(page->next_page_token);
  } while (!token.empty());
  return states;
}

absl::StatusOr<nianbao::v1::Report> ReportStore::GetReportWithoutContent(const ReportId& id) {
  absl::StatusOr<nianbao::v1::Report> report = GetReport(id);
  if (report.ok()) report->clear_content();
  return report;
}

absl::StatusOr<nianbao::v1::ReportRevision> ReportStore::GetRevisionWithoutContent(
    const ReportId& id, int64_t revision, nianbao::v1::RevisionKind kind) {
  absl::StatusOr<nianbao::v1::ReportRevision> stored = GetRevision(id, revision, kind);
  if (stored.ok()) stored->clear_content();
  return stored;
}

absl::StatusOr<std::optional<nianbao::storage::v1::RollupRecord>> ReportStore::GetContribution(
    const ReportId&) {
  return NoRollup();
}

absl::StatusOr<bool> ReportStore::ContributionsBuilt() { return NoRollup(); }

absl::StatusOr<std::string> ReportStore::ContributionsVersion() { return NoRollup(); }

absl::Status ReportStore::RebuildContributions(
    const std::vector<nianbao::storage::v1::RollupRecord>&, absl::string_view) {
  return NoRollup();
}

}  // namespace nianbao::storage
