#include "workflow/principals.h"

#include <openssl/crypto.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "workflow/digest.h"
#include "workflow/status_details.h"
#include "workflow/text_config.h"

namespace nianbao::workflow {
namespace {

using nianbao::v1::Role;

absl::StatusOr<std::string> HexDecodeDigest(absl::string_view hex) {
  if (hex.size() != 2 * kSha256Size) return absl::InvalidArgumentError("not 64 hex digits");
  std::string bytes(kSha256Size, '\0');
  for (size_t i = 0; i < kSha256Size; ++i) {
    int value = 0;
    for (char c : hex.substr(2 * i, 2)) {
      c = absl::ascii_tolower(c);
      int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
      if (digit < 0) return absl::InvalidArgumentError("not 64 hex digits");
      value = value * 16 + digit;
    }
    bytes[i] = static_cast<char>(value);
  }
  return bytes;
}

absl::Status ConfigError(absl::string_view field, absl::string_view zh, absl::string_view en) {
  return InvalidField(field,
                      {absl::StrCat("用户配置错误：", zh), absl::StrCat("principals file: ", en)});
}

}  // namespace

std::set<Role> Principal::RolesFor(absl::string_view agency_id) const {
  std::set<Role> roles;
  for (absl::string_view key : {agency_id, kEveryAgency}) {
    auto it = roles_by_agency.find(std::string(key));
    if (it != roles_by_agency.end()) roles.insert(it->second.begin(), it->second.end());
  }
  return roles;
}

bool Principal::HasRole(absl::string_view agency_id, Role role) const {
  return RolesFor(agency_id).count(role) > 0;
}

absl::StatusOr<std::unique_ptr<PrincipalDirectory>> PrincipalDirectory::FromConfig(
    const nianbao::config::v1::PrincipalsConfig& config) {
  std::vector<Entry> entries;
  std::set<std::string> names;
  std::set<std::string> digests;
  for (int i = 0; i < config.principals_size(); ++i) {
    const auto& source = config.principals(i);
    const std::string field = absl::StrCat("principals[", i, "]");
    if (source.name().empty()) {
      return ConfigError(absl::StrCat(field, ".name"), "用户名为空", "name is empty");
    }
    if (!names.insert(source.name()).second) {
      return ConfigError(absl::StrCat(field, ".name"), absl::StrCat("用户名重复：", source.name()),
                         absl::StrCat("duplicate name ", source.name()));
    }
    absl::StatusOr<std::string> digest = HexDecodeDigest(source.token_sha256());
    if (!digest.ok()) {
      return ConfigError(absl::StrCat(field, ".token_sha256"), "令牌摘要应为64位十六进制数",
                         "token_sha256 must be 64 hex digits");
    }
    if (!digests.insert(*digest).second) {
      return ConfigError(absl::StrCat(field, ".token_sha256"), "两个用户使用同一令牌",
                         "two principals share one token");
    }
    Entry entry{*std::move(digest), Principal{source.name(), source.display_name(), {}}};
    for (int j = 0; j < source.role_bindings_size(); ++j) {
      const auto& binding = source.role_bindings(j);
      const std::string binding_field = absl::StrCat(field, ".role_bindings[", j, "]");
      if (binding.agency_id().empty()) {
        return ConfigError(absl::StrCat(binding_field, ".agency_id"), "机关标识为空",
                           "agency_id is empty");
      }
      for (int k = 0; k < binding.roles_size(); ++k) {
        Role role = binding.roles(k);
        if (role == nianbao::v1::ROLE_UNSPECIFIED || !nianbao::v1::Role_IsValid(role)) {
          return ConfigError(absl::StrCat(binding_field, ".roles[", k, "]"), "角色无效",
                             "role is unspecified or unknown");
        }
        entry.principal.roles_by_agency[binding.agency_id()].insert(role);
      }
    }
    entries.push_back(std::move(entry));
  }
  return std::unique_ptr<PrincipalDirectory>(new PrincipalDirectory(std::move(entries)));
}

absl::StatusOr<std::unique_ptr<PrincipalDirectory>> PrincipalDirectory::LoadFromFile(
    absl::string_view path) {
  nianbao::config::v1::PrincipalsConfig config;
  if (absl::Status s = ParseTextConfigFile(path, "用户配置文件", "principals file", &config);
      !s.ok()) {
    return s;
  }
  return FromConfig(config);
}

std::shared_ptr<const PrincipalDirectory::Entries> PrincipalDirectory::Snapshot() const {
  absl::ReaderMutexLock lock(&mutex_);
  return entries_;
}

size_t PrincipalDirectory::size() const { return Snapshot()->size(); }

void PrincipalDirectory::ReplaceWith(const PrincipalDirectory& other) {
  std::shared_ptr<const Entries> replacement = other.Snapshot();
  absl::MutexLock lock(&mutex_);
  // The old set is freed when the last call holding it ends (after the lock is released).
  entries_.swap(replacement);
}

absl::StatusOr<Principal> PrincipalDirectory::Authenticate(absl::string_view bearer_token) const {
  const BilingualMessage unauthenticated{"未提供有效的访问令牌", "missing or unknown bearer token"};
  // Hashing first makes every comparison the same length; scanning every entry without an early
  // exit keeps the time independent of which entry matches.
  const std::string digest = Sha256(bearer_token);
  const Entry* match = nullptr;
  const std::shared_ptr<const Entries> entries = Snapshot();
  for (const Entry& entry : *entries) {
    const bool equal = CRYPTO_memcmp(entry.token_digest.data(), digest.data(), kSha256Size) == 0;
    if (equal) match = &entry;
  }
  if (bearer_token.empty() || match == nullptr) {
    return MakeStatus(absl::StatusCode::kUnauthenticated, unauthenticated, "UNAUTHENTICATED");
  }
  return match->principal;
}

std::vector<std::pair<std::string, std::string>> PrincipalDirectory::RoleBindings() const {
  std::vector<std::pair<std::string, std::string>> bindings;
  const std::shared_ptr<const Entries> entries = Snapshot();
  for (const Entry& entry : *entries) {
    for (const auto& [agency_id, roles] : entry.principal.roles_by_agency) {
      bindings.emplace_back(entry.principal.name, agency_id);
    }
  }
  return bindings;
}

absl::StatusOr<Principal> PrincipalDirectory::Find(absl::string_view name) const {
  const std::shared_ptr<const Entries> entries = Snapshot();
  for (const Entry& entry : *entries) {
    if (entry.principal.name == name) return entry.principal;
  }
  return absl::NotFoundError(absl::StrCat("没有该用户 (no such principal) ", name));
}

absl::StatusOr<std::string> BearerTokenFromHeader(absl::string_view authorization) {
  absl::string_view value = absl::StripAsciiWhitespace(authorization);
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() || !absl::StartsWithIgnoreCase(value, kScheme)) {
    return MakeStatus(absl::StatusCode::kUnauthenticated,
                      {"缺少 Bearer 访问令牌", "authorization must be \"Bearer <token>\""},
                      "UNAUTHENTICATED");
  }
  return std::string(absl::StripAsciiWhitespace(value.substr(kScheme.size())));
}

std::string TokenDigestHex(absl::string_view token) { return HexEncode(Sha256(token)); }

absl::Status Authorize(const Principal& principal, absl::string_view agency_id, Role role) {
  if (principal.HasRole(agency_id, role)) return absl::OkStatus();
  return MakeStatus(
      absl::StatusCode::kPermissionDenied,
      {absl::StrCat("用户 ", principal.name, " 不是机关 ", agency_id, " 的", RoleDisplayName(role)),
       absl::StrCat("principal ", principal.name, " does not hold ", nianbao::v1::Role_Name(role),
                    " for agency ", agency_id)},
      "MISSING_ROLE",
      {{"role", nianbao::v1::Role_Name(role)}, {"agency_id", std::string(agency_id)}});
}

std::string RoleDisplayName(Role role) {
  switch (role) {
    case nianbao::v1::ROLE_DRAFTER:
      return "起草人";
    case nianbao::v1::ROLE_REVIEWER:
      return "审核人";
    case nianbao::v1::ROLE_APPROVER:
      return "签发人";
    case nianbao::v1::ROLE_PUBLISHER:
      return "发布人";
    case nianbao::v1::ROLE_AUDITOR:
      return "审计员";
    case nianbao::v1::ROLE_READER:
      return "查阅人";
    case nianbao::v1::ROLE_CENTRAL_AUDITOR:
      return "中央审计员";
    case nianbao::v1::ROLE_ADMIN:
      return "系统管理员";
    default:
      return "无角色";
  }
}

}  // namespace nianbao::workflow
