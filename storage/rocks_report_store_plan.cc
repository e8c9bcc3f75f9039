// The caller's side of a commit: planning a mutation from the report as last written (Prepare,
// PlanFrom, on the caller's thread, or again on the commit thread when the report changed), and
// the bookkeeping of requests in flight (see rocks_report_store.h).
#include <optional>
#include <string>
#include <utility>

#include "storage/key_encoding.h"
#include "storage/parse_stored.h"
#include "storage/rocks_report_store.h"
#include "workflow/wire_fields.h"

namespace nianbao::storage {
namespace {

using nianbao::v1::Report;

int64_t UpdateMicros(const Report& report) {
  return report.update_time().seconds() * 1000000 + report.update_time().nanos() / 1000;
}

// The index entries that change when `current` (nullopt: none yet) becomes `next`.
void IndexChanges(const std::optional<Report>& current, const Report& next, const ReportId& id,
                  std::vector<std::string>* deletes, std::vector<std::string>* puts) {
  if (!current) puts->push_back(YearIndexKey(id.report_year, id.agency_id));
  if (!current || current->state() != next.state()) {
    if (current) deletes->push_back(StateIndexKey(current->state(), id.agency_id, id.report_year));
    puts->push_back(StateIndexKey(next.state(), id.agency_id, id.report_year));
  }
  if (!current || UpdateMicros(*current) != UpdateMicros(next)) {
    if (current) {
      deletes->push_back(UpdateTimeIndexKey(UpdateMicros(*current), id.agency_id, id.report_year));
    }
    puts->push_back(UpdateTimeIndexKey(UpdateMicros(next), id.agency_id, id.report_year));
  }
}

// Calls the mutation's plan with the stored report (`observed`) parsed whole into `*current`.
absl::StatusOr<MutationPlan> PlanOnParsed(const ReportMutation& mutation,
                                          const std::optional<std::string>& observed,
                                          std::optional<Report>* current) {
  if (observed) {
    absl::StatusOr<Report> report = ParseStored<Report>(*observed, "report");
    if (!report.ok()) return report.status();
    *current = *std::move(report);
  }
  return mutation.plan(*current);
}

// Calls the mutation's content-bytes plan with the stored report parsed without its content into
// `*current`, and the content's bytes as stored: the content is stepped over, not parsed.
absl::StatusOr<MutationPlan> PlanOnContentBytes(const ReportMutation& mutation,
                                                const std::optional<std::string>& observed,
                                                std::optional<Report>* current) {
  absl::string_view content;
  std::string merged_content;  // for a row holding its content in more than one piece
  if (observed) {
    std::string rest;
    int occurrences = 0;
    Report report;
    if (!nianbao::workflow::SplitOffField(*observed, Report::kContentFieldNumber, &rest, &content,
                                          &occurrences) ||
        !report.ParseFromString(rest)) {
      return absl::DataLossError("stored report does not parse");
    }
    if (occurrences > 1) {
      // A parser merges the pieces; bytes cannot be. (This store writes a row's content once;
      // the message has no map field, so plain serialization is the deterministic one.)
      absl::StatusOr<Report> whole = ParseStored<Report>(*observed, "report");
      if (!whole.ok()) return whole.status();
      merged_content = whole->content().SerializeAsString();
      content = merged_content;
    }
    *current = std::move(report);
  }
  return mutation.plan_on_content_bytes(*current, content);
}

}  // namespace

uint64_t RocksReportStore::RegisterAndReadVersion(const std::string& request_id,
                                                  const std::string& row_key) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!request_id.empty()) {
    RequestInFlight& in_flight = requests_in_flight_[request_id];
    if (++in_flight.commits > 1) in_flight.contested = true;
  }
  auto it = report_versions_.find(row_key);
  return it == report_versions_.end() ? 0 : it->second;
}

void RocksReportStore::ReleaseRequest(const std::string& request_id) {
  auto it = requests_in_flight_.find(request_id);
  if (it != requests_in_flight_.end() && --it->second.commits == 0) requests_in_flight_.erase(it);
}

absl::StatusOr<RocksReportStore::PreparedMutation> RocksReportStore::Prepare(
    const ReportMutation& mutation, const std::string& row_key, uint64_t version) {
  absl::StatusOr<std::optional<std::string>> observed = Get(kReports, row_key, nullptr);
  if (!observed.ok()) return observed.status();
  absl::StatusOr<PreparedMutation> prepared = PlanFrom(mutation, *std::move(observed));
  if (prepared.ok()) prepared->observed_version = version;
  return prepared;
}

absl::StatusOr<RocksReportStore::PreparedMutation> RocksReportStore::PlanFrom(
    const ReportMutation& mutation, std::optional<std::string> observed) {
  PreparedMutation prepared;
  prepared.mutation = &mutation;
  prepared.id = mutation.report_id;
  prepared.row_key = ReportRowKey(prepared.id.agency_id, prepared.id.report_year);
  prepared.observed = std::move(observed);
  std::optional<Report> current;
  absl::StatusOr<MutationPlan> planned =
      mutation.plan_on_content_bytes ? PlanOnContentBytes(mutation, prepared.observed, &current)
                                     : PlanOnParsed(mutation, prepared.observed, &current);
  if (!planned.ok()) return planned.status();
  prepared.plan = *std::move(planned);
  MutationPlan& plan = prepared.plan;
  const ReportId& id = prepared.id;
  if (plan.report) {
    if (plan.report->agency_id() != id.agency_id || plan.report->report_year() != id.report_year) {
      return absl::InternalError("plan writes a report other than the mutation's");
    }
    prepared.report_bytes =
        plan.report_bytes.empty() ? plan.report->SerializeAsString() : std::move(plan.report_bytes);
    IndexChanges(current, *plan.report, id, &prepared.index_deletes, &prepared.index_puts);
  }
  for (const auto& revision : plan.revisions) {
    prepared.revision_keys.push_back(
        RevisionKey(id.agency_id, id.report_year, revision.revision(), revision.kind()));
  }
  // A frozen report's content is its revision's (approve answers with it, a correction starts
  // from it): read that revision here, on the caller's thread, so that the request record can
  // reference it instead of holding the content again.
  if (!mutation.request_id.empty() && plan.result.ok() && current &&
      current->state() != nianbao::v1::REPORT_STATE_DRAFT && current->revision() > 0) {
    const int kind = current->published_revision() == current->revision()
                         ? nianbao::v1::REVISION_KIND_PUBLISHED
                         : nianbao::v1::REVISION_KIND_SUBMITTED;
    absl::StatusOr<std::optional<std::string>> frozen = Get(
        kRevisions, RevisionKey(id.agency_id, id.report_year, current->revision(), kind), nullptr);
    if (!frozen.ok()) return frozen.status();
    if (frozen->has_value()) {
      prepared.frozen_revision = current->revision();
      prepared.frozen_kind = kind;
      prepared.frozen_bytes = **std::move(frozen);
    }
  }
  return prepared;
}

}  // namespace nianbao::storage
