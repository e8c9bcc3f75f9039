// A revision as the API shows it (ReportRevision, "…/revisions/{n}"), from the frozen copies the
// store keeps: one made at submission and, once the revision is published, one made at
// publication. Both hold the same content (nothing can change between submission and publication);
// each is checked against the audit event that froze it (revision_integrity.h). The resource takes
// its kind, publication fields and content from the published copy when there is one, and its
// creation time and submitter from the submitted one.
#ifndef NIANBAO_WORKFLOW_REVISION_RESOURCE_H_
#define NIANBAO_WORKFLOW_REVISION_RESOURCE_H_

#include <vector>

#include "nianbao/v1/resources.pb.h"

namespace nianbao::workflow {

// One revision from its frozen copies; either may be null, not both. Copies frozen before revisions
// had publication fields (a published copy with create_time and submitter holding the publication
// time and the publisher) are read as they were meant.
nianbao::v1::ReportRevision RevisionResource(const nianbao::v1::ReportRevision* submitted,
                                             const nianbao::v1::ReportRevision* published);

// The revisions of one report from all its frozen copies, by revision number: one resource per
// number.
std::vector<nianbao::v1::ReportRevision> RevisionResources(
    std::vector<nianbao::v1::ReportRevision> copies);

// Applies a view: BASIC drops the content (its digest stays).
void ApplyRevisionView(nianbao::v1::ReportView view, nianbao::v1::ReportRevision* revision);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_REVISION_RESOURCE_H_
