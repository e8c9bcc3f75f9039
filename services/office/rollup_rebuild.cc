#include "services/office/rollup_rebuild.h"

#include <string>
#include <utility>
#include <vector>

#include "services/office/office_contribution.h"

namespace nianbao::office {

absl::StatusOr<RebuildSummary> RebuildContributionsIfMissing(nianbao::storage::ReportStore* store) {
  absl::StatusOr<bool> built = store->ContributionsBuilt();
  if (!built.ok()) return built.status();
  RebuildSummary summary;
  if (*built) return summary;
  nianbao::storage::ReportFilter filter;
  filter.published_only = true;
  filter.omit_content = true;
  std::vector<nianbao::storage::v1::RollupRecord> records;
  std::string token;
  do {
    absl::StatusOr<nianbao::storage::ReportPage> page = store->ListReports(filter, 500, token);
    if (!page.ok()) return page.status();
    for (const nianbao::v1::Report& report : page->reports) {
      absl::StatusOr<std::vector<nianbao::v1::ReportRevision>> revisions =
          store->ListRevisions({report.agency_id(), report.report_year()});
      if (!revisions.ok()) return revisions.status();
      std::optional<nianbao::storage::v1::RollupRecord> record =
          ContributionFromRevisions(report, *revisions);
      if (record) records.push_back(*std::move(record));
    }
    token = std::move(page->next_page_token);
  } while (!token.empty());
  if (absl::Status s = store->RebuildContributions(records); !s.ok()) return s;
  summary.rebuilt = true;
  summary.contributions = static_cast<int>(records.size());
  return summary;
}

}  // namespace nianbao::office
