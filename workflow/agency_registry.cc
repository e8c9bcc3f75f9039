#include "workflow/agency_registry.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "google/rpc/error_details.pb.h"
#include "workflow/request_limits.h"
#include "workflow/resource_names.h"
#include "workflow/status_details.h"
#include "workflow/text_config.h"

namespace nianbao::workflow {
namespace {

using nianbao::config::v1::Agency;
using nianbao::config::v1::AgencyRegistryConfig;
using nianbao::v1::AgencyKind;

absl::Status ConfigError(absl::string_view field, absl::string_view zh, absl::string_view en) {
  return InvalidField(
      field, {absl::StrCat("机关登记文件错误：", zh), absl::StrCat("agency registry: ", en)});
}

// GB/T 2260 codes are 6 digits (county level and above); statistics codes of townships and
// streets extend them to 9, and of villages and communities to 12.
bool IsValidRegionCode(absl::string_view code) {
  if (code.size() != 6 && code.size() != 9 && code.size() != 12) return false;
  return std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

AgencyKindNames AgencyKindName(AgencyKind kind) {
  switch (kind) {
    case nianbao::v1::AGENCY_KIND_DEPARTMENT:
      return {"县级以上人民政府部门", "a department"};
    case nianbao::v1::AGENCY_KIND_GOVERNMENT:
      return {"县级以上地方人民政府", "a government"};
    case nianbao::v1::AGENCY_KIND_TOWNSHIP:
      return {"乡镇人民政府、街道办事处", "a township or street office"};
    default:
      return {"未注明", "unspecified"};
  }
}

absl::StatusOr<std::unique_ptr<AgencyRegistry>> AgencyRegistry::FromConfig(
    const AgencyRegistryConfig& config) {
  std::map<std::string, Agency, std::less<>> agencies;
  for (int i = 0; i < config.agencies_size(); ++i) {
    const Agency& agency = config.agencies(i);
    const std::string field = absl::StrCat("agencies[", i, "]");
    if (!IsValidAgencyId(agency.agency_id())) {
      return ConfigError(
          absl::StrCat(field, ".agency_id"),
          absl::StrCat("机关标识“", agency.agency_id(), "”无效（小写字母、数字和连字符）"),
          absl::StrCat("agency_id '", agency.agency_id(),
                       "' is not lowercase letters, digits and hyphens"));
    }
    if (absl::StripAsciiWhitespace(agency.name()).empty()) {
      return ConfigError(absl::StrCat(field, ".name"), "机关全称为空", "name is empty");
    }
    if (agency.kind() == nianbao::v1::AGENCY_KIND_UNSPECIFIED ||
        !nianbao::v1::AgencyKind_IsValid(agency.kind())) {
      return ConfigError(absl::StrCat(field, ".kind"), "未注明机关类型（部门、政府或乡镇）",
                         "kind must be DEPARTMENT, GOVERNMENT or TOWNSHIP");
    }
    if (!agency.region_code().empty() && !IsValidRegionCode(agency.region_code())) {
      return ConfigError(
          absl::StrCat(field, ".region_code"),
          absl::StrCat("机关“", agency.agency_id(), "”的行政区划代码应为 6、9 或 12 位数字：",
                       QuoteForError(agency.region_code())),
          absl::StrCat("the region_code of agency '", agency.agency_id(),
                       "' must be 6, 9 or 12 ASCII digits, got ",
                       QuoteForError(agency.region_code())));
    }
    if (!agencies.emplace(agency.agency_id(), agency).second) {
      return ConfigError(absl::StrCat(field, ".agency_id"),
                         absl::StrCat("机关标识“", agency.agency_id(), "”重复"),
                         absl::StrCat("agency_id '", agency.agency_id(), "' appears twice"));
    }
  }
  absl::StatusOr<AgencyHierarchy> hierarchy = AgencyHierarchy::Build(config);
  if (!hierarchy.ok()) return hierarchy.status();
  return std::unique_ptr<AgencyRegistry>(
      new AgencyRegistry(std::move(agencies), *std::move(hierarchy)));
}

absl::StatusOr<std::unique_ptr<AgencyRegistry>> AgencyRegistry::LoadFromFile(
    absl::string_view path) {
  AgencyRegistryConfig config;
  if (absl::Status s = ParseTextConfigFile(path, "机关登记文件", "agency registry", &config);
      !s.ok()) {
    return s;
  }
  return FromConfig(config);
}

const Agency* AgencyRegistry::Find(absl::string_view agency_id) const {
  auto it = agencies_.find(agency_id);
  return it == agencies_.end() ? nullptr : &it->second;
}

absl::Status AgencyRegistry::CheckRegistered(absl::string_view agency_id,
                                             absl::string_view field) const {
  if (Find(agency_id) != nullptr) return absl::OkStatus();
  absl::Status status =
      MakeStatus(absl::StatusCode::kNotFound,
                 {absl::StrCat("机关“", agency_id, "”未登记"),
                  absl::StrCat("agency '", agency_id, "' is not registered on this server")},
                 "AGENCY_NOT_REGISTERED", {{"agency_id", std::string(agency_id)}});
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field(std::string(field));
  violation->set_description(
      absl::StrCat("机关“", agency_id, "”未登记 (agency '", agency_id, "' is not registered)"));
  SetDetail(status, kBadRequestTypeUrl, bad_request);
  SetResourceInfo(status, kAgencyResourceType, absl::StrCat("agencies/", agency_id));
  return status;
}

absl::Status AgencyRegistry::CheckRoleBindings(const PrincipalDirectory& principals) const {
  for (const auto& [principal, agency_id] : principals.RoleBindings()) {
    if (agency_id == kEveryAgency || Find(agency_id) != nullptr) continue;
    return absl::InvalidArgumentError(absl::StrCat(
        "用户 ", principal, " 的角色授权指向未登记的机关“", agency_id,
        "”：请核对用户配置文件或机关登记文件 (principal ", principal, " holds roles for agency '",
        agency_id, "', which the agency registry does not list)"));
  }
  return absl::OkStatus();
}

absl::Status AgencyRegistry::CheckReportMetadata(
    absl::string_view agency_id, const nianbao::v1::ReportMetadata& metadata) const {
  const Agency* agency = Find(agency_id);
  if (agency == nullptr) return CheckRegistered(agency_id, "name");
  google::rpc::PreconditionFailure failure;
  std::vector<std::string> wrong_zh, wrong_en;
  const absl::string_view name = absl::StripAsciiWhitespace(metadata.agency_name());
  if (name != absl::StripAsciiWhitespace(agency->name())) {
    auto* violation = failure.add_violations();
    violation->set_type("AGENCY_NAME");
    violation->set_subject("content.metadata.agency_name");
    wrong_zh.push_back(
        absl::StrCat("报告所署机关名称“", name, "”与登记的“", agency->name(), "”不符"));
    wrong_en.push_back(
        absl::StrCat("the report names '", name, "'; the registry says '", agency->name(), "'"));
    violation->set_description(absl::StrCat(wrong_zh.back(), " (", wrong_en.back(), ")"));
  }
  if (metadata.agency_kind() != agency->kind()) {
    const AgencyKindNames stated = AgencyKindName(metadata.agency_kind());
    const AgencyKindNames registered = AgencyKindName(agency->kind());
    auto* violation = failure.add_violations();
    violation->set_type("AGENCY_KIND");
    violation->set_subject("content.metadata.agency_kind");
    wrong_zh.push_back(absl::StrCat("机关类型应为“", registered.zh, "”（报告为“", stated.zh,
                                    "”），它决定发布期限"));
    wrong_en.push_back(
        absl::StrCat("the report says ", stated.en, "; the registry says ", registered.en));
    violation->set_description(absl::StrCat(wrong_zh.back(), " (", wrong_en.back(), ")"));
  }
  if (failure.violations_size() == 0) return absl::OkStatus();
  absl::Status status =
      MakeStatus(absl::StatusCode::kFailedPrecondition,
                 {absl::StrCat(absl::StrJoin(wrong_zh, "；"), "。请改正报告基本信息后再提交"),
                  absl::StrCat(absl::StrJoin(wrong_en, "; "),
                               ": correct the report's metadata and submit again")},
                 "AGENCY_MISMATCH", {{"agency_id", std::string(agency_id)}});
  SetDetail(status, kPreconditionFailureTypeUrl, failure);
  return status;
}

}  // namespace nianbao::workflow
