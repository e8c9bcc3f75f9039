#include "services/office/rollup_rebuild.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/office/office_contribution.h"
#include "services/office/rollup_cells.h"

namespace nianbao::office {

std::string ContributionsVersionWritten() {
  return absl::StrCat("cells-", absl::Hex(CellLayoutFingerprint(), absl::kZeroPad16));
}

absl::StatusOr<RebuildSummary> RebuildContributionsIfMissing(nianbao::storage::ReportStore* store) {
  absl::StatusOr<std::string> built = store->ContributionsVersion();
  if (!built.ok()) return built.status();
  RebuildSummary summary;
  const std::string version = ContributionsVersionWritten();
  if (*built == version) return summary;
  summary.previous_version = *std::move(built);
  nianbao::storage::ReportFilter filter;
  filter.published_only = true;
  filter.omit_content = true;
  std::vector<nianbao::storage::v1::RollupRecord> records;
  std::string token;
  do {
    absl::StatusOr<nianbao::storage::ReportPage> page = store->ListReports(filter, 500, token);
    if (!page.ok()) return page.status();
    for (const nianbao::v1::Report& report : page->reports) {
      absl::StatusOr<std::optional<nianbao::storage::v1::RollupRecord>> old =
          store->GetContribution({report.agency_id(), report.report_year()});
      if (!old.ok()) return old.status();
      if (*old && (*old)->revision() == report.published_revision() && !(*old)->has_cells()) {
        // A record that kept its tables as a message: the same record with flat cells (its dates,
        // the approval's among them, are not in the revisions), and no revision is read.
        nianbao::storage::v1::RollupRecord& record = records.emplace_back(**std::move(old));
        *record.mutable_cells() = FlattenTables(record.tables());
        record.clear_tables();
        *record.mutable_create_time() = report.create_time();
        continue;
      }
      absl::StatusOr<std::vector<nianbao::v1::ReportRevision>> revisions =
          store->ListRevisions({report.agency_id(), report.report_year()});
      if (!revisions.ok()) return revisions.status();
      std::optional<nianbao::storage::v1::RollupRecord> record =
          ContributionFromRevisions(report, *revisions);
      if (!record) continue;
      if (*old && (*old)->revision() == record->revision() && (*old)->has_approve_time()) {
        *record->mutable_approve_time() = (*old)->approve_time();  // not in the revisions
      }
      records.push_back(*std::move(record));
    }
    token = std::move(page->next_page_token);
  } while (!token.empty());
  if (absl::Status s = store->RebuildContributions(records, version); !s.ok()) return s;
  summary.rebuilt = true;
  summary.contributions = static_cast<int>(records.size());
  return summary;
}

}  // namespace nianbao::office
