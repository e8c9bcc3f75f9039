#include "services/workflow/agency_service_core.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/rpc/error_details.pb.h"
#include "workflow/digest.h"
#include "workflow/request_limits.h"
#include "workflow/resource_names.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;

// The agency id of a canonical "agencies/{agency_id}" in `field`; INVALID_ARGUMENT naming `field`
// for anything else (as report names, only the one spelling names an agency).
absl::StatusOr<std::string> ParseAgencyName(absl::string_view name, absl::string_view field) {
  if (absl::Status s = wf::CheckTextLimit(field, name, wf::kMaxResourceNameBytes); !s.ok()) {
    return s;
  }
  absl::string_view id = name;
  if (absl::ConsumePrefix(&id, "agencies/") && wf::IsValidAgencyId(id)) return std::string(id);
  return wf::InvalidField(
      field, {absl::StrCat(field, " 应为 agencies/{机关标识}（小写字母、数字和连字符）：",
                           wf::QuoteForError(name)),
              absl::StrCat(field,
                           " must be agencies/{agency_id} (lowercase letters, digits and "
                           "hyphens), got ",
                           wf::QuoteForError(name))});
}

// NOT_FOUND naming the agency (ResourceInfo) and, for a filter, the request field (BadRequest):
// `field` is "name" for GetAgency's own resource, else the filter that named it.
absl::Status AgencyNotFound(absl::string_view agency_id, absl::string_view field) {
  const std::string name = AgencyResourceName(agency_id);
  absl::Status status = wf::MakeStatus(
      absl::StatusCode::kNotFound,
      {absl::StrCat("机关未登记：", name), absl::StrCat("agency not registered: ", name)},
      "AGENCY_NOT_FOUND", {{"agency", name}, {"field", std::string(field)}});
  google::rpc::ResourceInfo info;
  info.set_resource_type(std::string(wf::kAgencyResourceType));
  info.set_resource_name(name);
  info.set_description("机关未登记 (agency not registered)");
  wf::SetDetail(status, wf::kResourceInfoTypeUrl, info);
  if (field != "name") {
    google::rpc::BadRequest bad_request;
    auto* violation = bad_request.add_field_violations();
    violation->set_field(std::string(field));
    violation->set_description(
        absl::StrCat("机关“", agency_id, "”未登记 (agency '", agency_id, "' is not registered)"));
    wf::SetDetail(status, wf::kBadRequestTypeUrl, bad_request);
  }
  return status;
}

// The agency named by the filter `field`, checked: "" when the filter is unset.
absl::StatusOr<std::string> CheckedAgencyFilter(const wf::AgencyRegistry* registry,
                                                absl::string_view value, absl::string_view field) {
  if (value.empty()) return std::string();
  absl::StatusOr<std::string> id = ParseAgencyName(value, field);
  if (!id.ok()) return id.status();
  if (registry == nullptr || registry->Find(*id) == nullptr) return AgencyNotFound(*id, field);
  return id;
}

v1::Agency ToResource(const nianbao::config::v1::Agency& agency) {
  v1::Agency resource;
  resource.set_name(AgencyResourceName(agency.agency_id()));
  resource.set_agency_id(agency.agency_id());
  resource.set_display_name(agency.name());
  resource.set_kind(agency.kind());
  resource.set_region_code(agency.region_code());
  if (!agency.parent_agency_id().empty()) {
    resource.set_parent_agency(AgencyResourceName(agency.parent_agency_id()));
  }
  return resource;
}

// A token is bound to the filters it was issued for, so that a page of one query cannot continue
// another (the ids after it would not be the ones the caller thinks it is paging through).
std::string FilterFingerprint(const v1::ListAgenciesRequest& request) {
  v1::ListAgenciesRequest filters = request;
  filters.clear_page_size();
  filters.clear_page_token();
  return wf::HexEncode(wf::Sha256(wf::DeterministicSerialize(filters))).substr(0, 16);
}

// The token names the last agency returned; the next page starts after it in id order.
std::string EncodePageToken(absl::string_view last_id, absl::string_view fingerprint) {
  return absl::WebSafeBase64Escape(absl::StrCat("v1:", fingerprint, ":", last_id));
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token,
                                            absl::string_view fingerprint) {
  std::string raw;
  std::vector<std::string> parts;
  if (absl::WebSafeBase64Unescape(token, &raw)) parts = absl::StrSplit(raw, ':');
  if (parts.size() != 3 || parts[0] != "v1" || !wf::IsValidAgencyId(parts[2])) {
    return wf::InvalidField("page_token", {"分页令牌无效：不是本服务签发的",
                                           "page_token is not one this service issued"});
  }
  if (parts[1] != fingerprint) {
    return wf::InvalidField("page_token",
                            {"分页令牌与查询条件不符：翻页时请保持筛选条件不变",
                             "page_token was issued for other filters (parent_agency, subtree, "
                             "kind must stay the same across pages)"});
  }
  return std::move(parts[2]);
}

}  // namespace

std::string AgencyResourceName(absl::string_view agency_id) {
  return absl::StrCat("agencies/", agency_id);
}

absl::Status AgencyCore::GetAgency(const v1::GetAgencyRequest& request,
                                   v1::Agency* response) const {
  absl::StatusOr<std::string> id = ParseAgencyName(request.name(), "name");
  if (!id.ok()) return id.status();
  const std::shared_ptr<const wf::AgencyRegistry> registry = registry_.Snapshot();
  const nianbao::config::v1::Agency* agency = registry == nullptr ? nullptr : registry->Find(*id);
  if (agency == nullptr) return AgencyNotFound(*id, "name");
  *response = ToResource(*agency);
  return absl::OkStatus();
}

absl::Status AgencyCore::ListAgencies(const v1::ListAgenciesRequest& request,
                                      v1::ListAgenciesResponse* response) const {
  if (request.page_size() < 0) {
    return wf::InvalidField(
        "page_size", {absl::StrCat("每页数量不能为负：", request.page_size()),
                      absl::StrCat("page_size must not be negative, got ", request.page_size())});
  }
  if (absl::Status s =
          wf::CheckTextLimit("page_token", request.page_token(), wf::kMaxPageTokenBytes);
      !s.ok()) {
    return s;
  }
  if (!v1::AgencyKind_IsValid(request.kind())) {
    return wf::InvalidField("kind", {absl::StrCat("未知的机关类型：", request.kind()),
                                     absl::StrCat("unknown agency kind ", request.kind())});
  }
  // One snapshot for the whole call: the filters are checked against the registry the page is cut
  // from.
  const std::shared_ptr<const wf::AgencyRegistry> snapshot = registry_.Snapshot();
  const wf::AgencyRegistry* const registry = snapshot.get();
  absl::StatusOr<std::string> parent =
      CheckedAgencyFilter(registry, request.parent_agency(), "parent_agency");
  if (!parent.ok()) return parent.status();
  absl::StatusOr<std::string> subtree = CheckedAgencyFilter(registry, request.subtree(), "subtree");
  if (!subtree.ok()) return subtree.status();
  const std::string fingerprint = FilterFingerprint(request);
  std::string after;
  if (!request.page_token().empty()) {
    absl::StatusOr<std::string> last = DecodePageToken(request.page_token(), fingerprint);
    if (!last.ok()) return last.status();
    after = *std::move(last);
  }
  if (registry == nullptr) return absl::OkStatus();

  const int limit = request.page_size() == 0 ? kDefaultAgencyPageSize
                                             : std::min(request.page_size(), kMaxAgencyPageSize);
  auto matches = [&](const nianbao::config::v1::Agency& agency) {
    return (parent->empty() || agency.parent_agency_id() == *parent) &&
           (subtree->empty() || registry->IsInSubtree(agency.agency_id(), *subtree)) &&
           (request.kind() == v1::AGENCY_KIND_UNSPECIFIED || agency.kind() == request.kind());
  };
  // An agency's resource is a few hundred bytes, but the file does not bound its strings, so the
  // page also ends before it would pass kMaxPageBytes, as the report lists do. False once full.
  size_t page_bytes = 0;
  auto offer = [&](const nianbao::config::v1::Agency& agency) {
    if (!matches(agency)) return true;
    v1::Agency resource = ToResource(agency);
    const size_t bytes = resource.ByteSizeLong();
    if (response->agencies_size() >= limit ||
        (response->agencies_size() > 0 && page_bytes + bytes > wf::kMaxPageBytes)) {
      // Another match exists: only then is there a next page, so the last page is never empty.
      response->set_next_page_token(
          EncodePageToken(response->agencies().rbegin()->agency_id(), fingerprint));
      return false;
    }
    page_bytes += bytes;
    *response->add_agencies() = std::move(resource);
    return true;
  };
  // Candidates in id order: a parent's children or a subtree when a filter names one (an office's
  // page then costs its subtree, not the whole registry), else every agency.
  if (!parent->empty() || !subtree->empty()) {
    const std::vector<std::string>& ids =
        !parent->empty() ? registry->Children(*parent) : registry->hierarchy().SubtreeIds(*subtree);
    for (auto id = std::upper_bound(ids.begin(), ids.end(), after);
         id != ids.end() && offer(*registry->Find(*id)); ++id) {
    }
  } else {
    const wf::AgencyRegistry::AgencyMap& agencies = registry->agencies();
    for (auto it = agencies.upper_bound(after); it != agencies.end() && offer(it->second); ++it) {
    }
  }
  return absl::OkStatus();
}

absl::Status AgencyCore::GetCaller(const wf::Principal& caller,
                                   const v1::GetCallerRequest& /*request*/,
                                   v1::Caller* response) const {
  const std::shared_ptr<const wf::AgencyRegistry> registry = registry_.Snapshot();
  response->set_principal(caller.name);
  response->set_display_name(caller.display_name);
  // roles_by_agency is ordered by id, and "*" sorts before every valid id (lowercase letters,
  // digits and hyphens), so the every-agency binding comes first without a sort.
  for (const auto& [agency_id, roles] : caller.roles_by_agency) {
    if (roles.empty()) continue;
    v1::CallerRoleBinding* binding = response->add_role_bindings();
    if (agency_id == wf::kEveryAgency) {
      binding->set_agency("agencies/-");
    } else {
      binding->set_agency(AgencyResourceName(agency_id));
      const nianbao::config::v1::Agency* agency =
          registry == nullptr ? nullptr : registry->Find(agency_id);
      if (agency != nullptr) binding->set_agency_display_name(agency->name());
    }
    for (v1::Role role : roles) binding->add_roles(role);
  }
  return absl::OkStatus();
}

}  // namespace nianbao::workflow_service
