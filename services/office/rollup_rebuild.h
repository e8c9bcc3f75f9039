// The one-time build of the office's roll-up contributions for a database written before nianbao
// kept them, or kept them in another form (tables as messages, or flat cells of another layout):
// every report with a published revision gets the record a publication would have written
// (office_contribution.h). Run by workflowd at start, before it serves, so that no publication
// races it.
#ifndef NIANBAO_SERVICES_OFFICE_ROLLUP_REBUILD_H_
#define NIANBAO_SERVICES_OFFICE_ROLLUP_REBUILD_H_

#include <string>

#include "absl/status/statusor.h"
#include "storage/report_store.h"

namespace nianbao::office {

// What the rebuild did.
struct RebuildSummary {
  bool rebuilt = false;  // false: the contributions were already built, nothing was read
  int contributions = 0;
  std::string previous_version;  // what they were built as before ("": never)
};

// The version this build's contributions are (the store records it with them): the flat cells'
// layout fingerprint, so that a change to report.proto's tables rebuilds them.
std::string ContributionsVersionWritten();

// Builds the contributions unless the store says they were built as ContributionsVersionWritten()
// (one synced batch that also records that they are). Reads every published report's revisions
// once.
[[nodiscard]] absl::StatusOr<RebuildSummary> RebuildContributionsIfMissing(
    nianbao::storage::ReportStore* store);

}  // namespace nianbao::office

#endif  // NIANBAO_SERVICES_OFFICE_ROLLUP_REBUILD_H_
