#include "workflow/revision_resource.h"

#include <algorithm>
#include <map>
#include <utility>

#include "workflow/resource_names.h"

namespace nianbao::workflow {

namespace v1 = ::nianbao::v1;

namespace {

// A published copy frozen before the publication fields existed kept the moment and the person in
// create_time and field 8 (then "actor").
void ReadLegacyPublishedCopy(v1::ReportRevision* copy) {
  if (copy->has_publish_time()) return;
  *copy->mutable_publish_time() = copy->create_time();
  copy->clear_create_time();
  copy->set_publisher(copy->submitter());
  copy->clear_submitter();
}

}  // namespace

v1::ReportRevision RevisionResource(const v1::ReportRevision* submitted,
                                    const v1::ReportRevision* published) {
  v1::ReportRevision resource;
  if (published != nullptr) {
    resource = *published;
    ReadLegacyPublishedCopy(&resource);
    resource.set_kind(v1::REVISION_KIND_PUBLISHED);
  }
  if (submitted != nullptr) {
    if (published == nullptr) {
      resource = *submitted;
      resource.set_kind(v1::REVISION_KIND_SUBMITTED);
    }
    *resource.mutable_create_time() = submitted->create_time();
    resource.set_submitter(submitted->submitter());
  }
  // Copies frozen before names lost their "@kind" are named as the resource is now.
  resource.set_name(RevisionName(resource.report(), resource.revision()));
  return resource;
}

std::vector<v1::ReportRevision> RevisionResources(std::vector<v1::ReportRevision> copies) {
  struct Copies {
    const v1::ReportRevision* submitted = nullptr;
    const v1::ReportRevision* published = nullptr;
  };
  std::map<int64_t, Copies> by_number;
  for (const v1::ReportRevision& copy : copies) {
    Copies& slot = by_number[copy.revision()];
    (copy.kind() == v1::REVISION_KIND_PUBLISHED ? slot.published : slot.submitted) = &copy;
  }
  std::vector<v1::ReportRevision> resources;
  resources.reserve(by_number.size());
  for (const auto& [number, slot] : by_number) {
    resources.push_back(RevisionResource(slot.submitted, slot.published));
  }
  return resources;
}

void ApplyRevisionView(v1::ReportView view, v1::ReportRevision* revision) {
  if (view == v1::REPORT_VIEW_BASIC) revision->clear_content();
}

}  // namespace nianbao::workflow
