// The one-time build of the office's roll-up contributions for a database written before nianbao
// kept them: every report with a published revision gets the record a publication would have
// written (office_contribution.h). Run by workflowd at start, before it serves, so that no
// publication races it.
#ifndef NIANBAO_SERVICES_OFFICE_ROLLUP_REBUILD_H_
#define NIANBAO_SERVICES_OFFICE_ROLLUP_REBUILD_H_

#include "absl/status/statusor.h"
#include "storage/report_store.h"

namespace nianbao::office {

// What the rebuild did.
struct RebuildSummary {
  bool rebuilt = false;  // false: the contributions were already built, nothing was read
  int contributions = 0;
};

// Builds the contributions unless the store says they are built (one synced batch that also
// records that they are). Reads every published report's revisions once.
[[nodiscard]] absl::StatusOr<RebuildSummary> RebuildContributionsIfMissing(
    nianbao::storage::ReportStore* store);

}  // namespace nianbao::office

#endif  // NIANBAO_SERVICES_OFFICE_ROLLUP_REBUILD_H_
