// The hierarchy of the agency registry (上级机关 → 下级机关): which agency is above which, checked
// once when the registry is loaded and precomputed so that the agency API and the change feed
// answer "is this agency under that one?" without walking the tree on every call.
#ifndef NIANBAO_WORKFLOW_AGENCY_HIERARCHY_H_
#define NIANBAO_WORKFLOW_AGENCY_HIERARCHY_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nianbao/config/v1/agencies.pb.h"

namespace nianbao::workflow {

// Immutable after Build, so safe to share between threads.
class AgencyHierarchy {
 public:
  // `config`'s agency ids must already be valid and unique (AgencyRegistry::FromConfig checks them
  // first). INVALID_ARGUMENT naming "agencies[i].parent_agency_id" when an agency is its own
  // parent, names a parent the file does not register, or is its own ancestor (the message lists
  // the agencies of the cycle, by id and official name).
  [[nodiscard]] static absl::StatusOr<AgencyHierarchy> Build(
      const nianbao::config::v1::AgencyRegistryConfig& config);

  AgencyHierarchy() = default;

  // The agencies directly below `agency_id`, by id; empty when none or when it is not registered.
  const std::vector<std::string>& Children(absl::string_view agency_id) const;

  // The id of the agency above `agency_id`; empty at the top or when it is not registered.
  absl::string_view ParentOf(absl::string_view agency_id) const;

  // True when `agency_id` is `root_id` or below it at any depth; false when either is not
  // registered.
  bool IsInSubtree(absl::string_view agency_id, absl::string_view root_id) const;

  // `root_id` and every agency below it, by id; empty when `root_id` is not registered.
  const std::vector<std::string>& SubtreeIds(absl::string_view root_id) const;

 private:
  struct Node {
    std::string parent;
    std::vector<std::string> children;  // sorted
    std::vector<std::string> subtree;   // sorted, the node itself included
  };
  std::map<std::string, Node, std::less<>> nodes_;
};

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_AGENCY_HIERARCHY_H_
