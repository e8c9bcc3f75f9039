// The agency registry (nianbao.config.v1.AgencyRegistryConfig): which agencies report through this
// server, with the official name and kind their reports must carry. The kind decides the
// publication deadline, so a draft that says it belongs to no kind, or to another, must not slip
// past the deadline check: CheckReportMetadata refuses it before submission.
#ifndef NIANBAO_WORKFLOW_AGENCY_REGISTRY_H_
#define NIANBAO_WORKFLOW_AGENCY_REGISTRY_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nianbao/config/v1/agencies.pb.h"
#include "nianbao/v1/report.pb.h"
#include "workflow/principals.h"

namespace nianbao::workflow {

// Immutable after construction, so safe to share between threads.
class AgencyRegistry {
 public:
  // INVALID_ARGUMENT naming the entry for an invalid or duplicate id, an empty name or a missing
  // or unknown kind.
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

  size_t size() const { return agencies_.size(); }

 private:
  explicit AgencyRegistry(std::map<std::string, nianbao::config::v1::Agency, std::less<>> agencies)
      : agencies_(std::move(agencies)) {}
  std::map<std::string, nianbao::config::v1::Agency, std::less<>> agencies_;
};

// How a kind is written for people: "县级以上人民政府部门" and "a department", ...
struct AgencyKindNames {
  const char* zh;
  const char* en;
};
AgencyKindNames AgencyKindName(nianbao::v1::AgencyKind kind);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_AGENCY_REGISTRY_H_
