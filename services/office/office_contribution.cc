#include "services/office/office_contribution.h"

#include "services/office/rollup_cells.h"

namespace nianbao::office {

namespace v1 = ::nianbao::v1;
using nianbao::storage::v1::RollupRecord;

RollupRecord PublishedContribution(const v1::Report& approved, const v1::Report& published,
                                   const PublicationFacts& facts) {
  RollupRecord out;
  out.set_agency_id(published.agency_id());
  out.set_report_year(published.report_year());
  out.set_revision(published.published_revision());
  *out.mutable_publish_time() = published.publish_time();
  if (facts.previous) {
    // The first publication stays what the deadline is judged on; a correction changes the sums.
    out.set_first_revision(facts.previous->first_revision());
    *out.mutable_first_publish_time() = facts.previous->first_publish_time();
  } else {
    out.set_first_revision(published.published_revision());
    *out.mutable_first_publish_time() = published.publish_time();
  }
  if (facts.submit_time && facts.submitted_revision == published.published_revision()) {
    *out.mutable_submit_time() = *facts.submit_time;
  }
  // Approval is the last change of an APPROVED report: its update time is the approval's.
  if (approved.state() == v1::REPORT_STATE_APPROVED) {
    *out.mutable_approve_time() = approved.update_time();
  }
  *out.mutable_create_time() = published.create_time();
  *out.mutable_cells() = FlattenTables(published.content());
  return out;
}

std::optional<RollupRecord> ContributionFromRevisions(
    const v1::Report& report, const std::vector<v1::ReportRevision>& revisions) {
  const v1::ReportRevision* first = nullptr;
  const v1::ReportRevision* latest = nullptr;
  const v1::ReportRevision* latest_submitted = nullptr;
  for (const v1::ReportRevision& revision : revisions) {
    if (revision.kind() == v1::REVISION_KIND_PUBLISHED) {
      if (first == nullptr || revision.revision() < first->revision()) first = &revision;
      if (revision.revision() == report.published_revision()) latest = &revision;
    } else if (revision.revision() == report.published_revision()) {
      latest_submitted = &revision;
    }
  }
  if (first == nullptr || latest == nullptr) return std::nullopt;
  RollupRecord out;
  out.set_agency_id(report.agency_id());
  out.set_report_year(report.report_year());
  out.set_revision(latest->revision());
  out.set_first_revision(first->revision());
  *out.mutable_first_publish_time() = first->publish_time();
  *out.mutable_publish_time() = latest->publish_time();
  if (latest_submitted != nullptr) *out.mutable_submit_time() = latest_submitted->create_time();
  *out.mutable_create_time() = report.create_time();
  *out.mutable_cells() = FlattenTables(latest->content());
  return out;
}

}  // namespace nianbao::office
