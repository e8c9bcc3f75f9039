// Who is calling, and what they may do: principals loaded from the principals file
// (nianbao.config.v1.PrincipalsConfig in text format), bearer-token authentication and per-agency
// role lookup. Tokens are only ever held as SHA-256 digests and compared in constant time; no
// function here logs or returns a token.
#ifndef NIANBAO_WORKFLOW_PRINCIPALS_H_
#define NIANBAO_WORKFLOW_PRINCIPALS_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "nianbao/config/v1/principals.pb.h"
#include "nianbao/v1/resources.pb.h"

namespace nianbao::workflow {

// The agency id that binds a role for every agency (the central auditor's binding).
inline constexpr absl::string_view kEveryAgency = "*";

// An authenticated caller. A plain value; cheap enough to copy per call.
struct Principal {
  std::string name;          // Recorded as the audit event's actor.
  std::string display_name;  // For people (姓名).
  // Roles per agency id; the key kEveryAgency applies to all agencies.
  std::map<std::string, std::set<nianbao::v1::Role>> roles_by_agency;

  // The roles held for `agency_id`, including those bound to kEveryAgency.
  std::set<nianbao::v1::Role> RolesFor(absl::string_view agency_id) const;
  bool HasRole(absl::string_view agency_id, nianbao::v1::Role role) const;
  // True when any role at all is held for `agency_id`.
  bool HasAnyRole(absl::string_view agency_id) const { return !RolesFor(agency_id).empty(); }
};

// The principals of one configuration. Thread-safe: the set in force changes only as a whole
// (ReplaceWith, when workflowd reloads the file on SIGHUP), and every answer is a value taken from
// one set, so a call that has authenticated keeps the Principal it got whatever happens next.
class PrincipalDirectory {
 public:
  // Validates the configuration: unique non-empty names, 64-hex-digit token digests used once,
  // non-empty agency ids, no ROLE_UNSPECIFIED. INVALID_ARGUMENT naming the offending field
  // ("principals[2].token_sha256") otherwise.
  static absl::StatusOr<std::unique_ptr<PrincipalDirectory>> FromConfig(
      const nianbao::config::v1::PrincipalsConfig& config);
  // Reads a text-format PrincipalsConfig; NOT_FOUND when the file cannot be read,
  // INVALID_ARGUMENT (with the parser's line and column) when it does not parse.
  static absl::StatusOr<std::unique_ptr<PrincipalDirectory>> LoadFromFile(absl::string_view path);

  // The principal holding `bearer_token`; UNAUTHENTICATED when the token is empty or unknown. Takes
  // the same time whichever principal (if any) matches.
  absl::StatusOr<Principal> Authenticate(absl::string_view bearer_token) const;

  // The principal named `name`, if configured (for tools and tests; no authentication).
  absl::StatusOr<Principal> Find(absl::string_view name) const;

  size_t size() const;

  // Every role binding as (principal name, agency id), in file order; kEveryAgency included.
  std::vector<std::pair<std::string, std::string>> RoleBindings() const;

  // Puts `other`'s principals in force instead of these, all at once (they are shared, not
  // copied): the next Authenticate sees only the new set, so a token removed from the file stops
  // working and a new one starts. Check the new set first (AgencyRegistry::CheckRoleBindings).
  void ReplaceWith(const PrincipalDirectory& other);

 private:
  struct Entry {
    std::string token_digest;  // Raw 32-byte SHA-256.
    Principal principal;
  };
  using Entries = std::vector<Entry>;
  explicit PrincipalDirectory(Entries entries)
      : entries_(std::make_shared<const Entries>(std::move(entries))) {}
  std::shared_ptr<const Entries> Snapshot() const;

  mutable absl::Mutex mutex_;
  std::shared_ptr<const Entries> entries_ ABSL_GUARDED_BY(mutex_);
};

// The token from an "authorization" header value "Bearer <token>" (scheme case-insensitive);
// UNAUTHENTICATED when the header is missing the scheme or the token.
absl::StatusOr<std::string> BearerTokenFromHeader(absl::string_view authorization);

// Hex SHA-256 of a token, as written in the principals file (for tools that issue tokens).
std::string TokenDigestHex(absl::string_view token);

// OK when `principal` holds `role` for `agency_id`; PERMISSION_DENIED (bilingual, naming the role
// and agency, with ErrorInfo reason "MISSING_ROLE") otherwise.
[[nodiscard]] absl::Status Authorize(const Principal& principal, absl::string_view agency_id,
                                     nianbao::v1::Role role);

// 中文 name of a role, for messages (起草人, 审核人, ...).
std::string RoleDisplayName(nianbao::v1::Role role);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_PRINCIPALS_H_
