// What one publication writes for the office's roll-up (汇总): the stored contribution of an agency
// and year, built from the report as published (tables 2-4 as flat cells, rollup_cells.h) and the
// dates the filing status needs (creation, submission, approval, publications). The workflow core
// adds it to the publish plan, so it is written in the same batch as the publication; the rebuild
// of an older database (rollup_rebuild.h) builds the same record from the stored revisions.
#ifndef NIANBAO_SERVICES_OFFICE_OFFICE_CONTRIBUTION_H_
#define NIANBAO_SERVICES_OFFICE_OFFICE_CONTRIBUTION_H_

#include <optional>
#include <vector>

#include "google/protobuf/timestamp.pb.h"
#include "nianbao/storage/v1/rollup.pb.h"
#include "nianbao/v1/resources.pb.h"

namespace nianbao::office {

// What the publisher's plan knows besides the report: read before the commit, both immutable once
// written (the previous contribution's first publication, a frozen revision's submission time).
struct PublicationFacts {
  // The agency-year's contribution before this publication (nullopt: its first).
  std::optional<nianbao::storage::v1::RollupRecord> previous;
  // The revision whose submission time `submit_time` is; used only when it is the one published.
  int64_t submitted_revision = 0;
  std::optional<google::protobuf::Timestamp> submit_time;
};

// The contribution once `approved` (the report as it stood, APPROVED) is published as `published`.
nianbao::storage::v1::RollupRecord PublishedContribution(const nianbao::v1::Report& approved,
                                                         const nianbao::v1::Report& published,
                                                         const PublicationFacts& facts);

// The contribution of a report with a published revision, from its stored revisions (every kind,
// as ReportStore::ListRevisions returns them); nullopt when none of them is published. The approval
// time is not in the revisions and stays unset.
std::optional<nianbao::storage::v1::RollupRecord> ContributionFromRevisions(
    const nianbao::v1::Report& report, const std::vector<nianbao::v1::ReportRevision>& revisions);

}  // namespace nianbao::office

#endif  // NIANBAO_SERVICES_OFFICE_OFFICE_CONTRIBUTION_H_
