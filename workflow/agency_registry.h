// The agency registry (nianbao.config.v1.AgencyRegistryConfig): which agencies report through this
// server, with the official name and kind their reports must carry, their region codes and the
// agency above each (its hierarchy: agency_hierarchy.h). The kind decides the publication
// deadline, so a draft that says it belongs to no kind, or to another, must not slip past the
// deadline check: CheckReportMetadata refuses it before submission.
#ifndef NIANBAO_WORKFLOW_AGENCY_REGISTRY_H_
#define NIANBAO_WORKFLOW_AGENCY_REGISTRY_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nianbao/config/v1/agencies.pb.h"
#include "nianbao/v1/report.pb.h"
#include "workflow/agency_hierarchy.h"
#include "workflow/principals.h"

namespace nianbao::workflow {

// Immutable after construction, so safe to share between threads.
class AgencyRegistry {
 public:
  using AgencyMap = std::map<std::string, nianbao::config::v1::Agency, std::less<>>;

  // INVALID_ARGUMENT naming the entry's field for an invalid or duplicate id, an empty name, a
  // missing or unknown kind, a region code that is not 6, 9 or 12 ASCII digits, or a parent that
  // is the agency itself, is not registered in the same file or makes a cycle (the message names
  // the agencies of the cycle).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<AgencyRegistry>> FromConfig(
      const nianbao::config::v1::AgencyRegistryConfig& config);
  // NOT_FOUND when the file cannot be read; INVALID_ARGUMENT when it does not parse or is invalid.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<AgencyRegistry>> LoadFromFile(
      absl::string_view path);

  // The registered agency, or nullptr.
  const nianbao::config::v1::Agency* Find(absl::string_view agency_id) const;

  // NOT_FOUND (naming `field`, the request field that carries the id) when `agency_id` is not
  // registered.
  [[nodiscard]] absl::Status CheckRegistered(absl::string_view agency_id,
                                             absl::string_view field) const;

  // OK when `metadata` names the registered agency `agency_id` (its name, ignoring surrounding
  // white space) and its kind; otherwise FAILED_PRECONDITION with one violation per wrong field,
  // each naming its path under "content.metadata" and what the registry holds.
  [[nodiscard]] absl::Status CheckReportMetadata(absl::string_view agency_id,
                                                 const nianbao::v1::ReportMetadata& metadata) const;

  // OK when every agency that `principals` binds a role for is registered (the binding for every
  // agency, "*", aside); otherwise INVALID_ARGUMENT naming the principal and the agency, so that a
  // mistyped agency id in the principals file stops the server at start rather than locking its
  // holder out.
  [[nodiscard]] absl::Status CheckRoleBindings(const PrincipalDirectory& principals) const;

  // True when `agency_id` is `root_id` or an agency below it at any depth (上级机关 chain);
  // false when either is not registered.
  bool IsInSubtree(absl::string_view agency_id, absl::string_view root_id) const {
    return hierarchy_.IsInSubtree(agency_id, root_id);
  }
  // `root_id` and every agency below it, by id; empty when `root_id` is not registered.
  std::vector<std::string> Subtree(absl::string_view root_id) const {
    return hierarchy_.SubtreeIds(root_id);
  }
  // The agencies directly below `agency_id`, by id.
  const std::vector<std::string>& Children(absl::string_view agency_id) const {
    return hierarchy_.Children(agency_id);
  }
  const AgencyHierarchy& hierarchy() const { return hierarchy_; }

  // Every registered agency, ordered by id (what paging walks: upper_bound(last id) resumes).
  const AgencyMap& agencies() const { return agencies_; }

  size_t size() const { return agencies_.size(); }

 private:
  AgencyRegistry(AgencyMap agencies, AgencyHierarchy hierarchy)
      : agencies_(std::move(agencies)), hierarchy_(std::move(hierarchy)) {}
  AgencyMap agencies_;
  AgencyHierarchy hierarchy_;
};

// How a kind is written for people: "县级以上人民政府部门" and "a department", ...
struct AgencyKindNames {
  const char* zh;
  const char* en;
};
AgencyKindNames AgencyKindName(nianbao::v1::AgencyKind kind);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_AGENCY_REGISTRY_H_
