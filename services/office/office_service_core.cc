// OfficeCore: the checks and access every view shares, and the roll-up. The filing status is in
// office_filing_status.cc.
#include "services/office/office_service_core.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/office/rollup_cells.h"
#include "workflow/report_years.h"
#include "workflow/request_limits.h"
#include "workflow/resource_names.h"
#include "workflow/status_details.h"
#include "workflow/timestamps.h"

namespace nianbao::office {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;
using nianbao::workflow_service::CallContext;

namespace {

std::string AgencyResource(absl::string_view agency_id) {
  return absl::StrCat("agencies/", agency_id);
}

absl::StatusOr<std::string> ParseParent(const std::string& parent) {
  absl::string_view rest = parent;
  if (absl::ConsumePrefix(&rest, "agencies/") && wf::IsValidAgencyId(rest)) {
    return std::string(rest);
  }
  return wf::InvalidField(
      "parent",
      {absl::StrCat("上级资源名应为 agencies/{机关标识}：", wf::QuoteForError(parent)),
       absl::StrCat("parent must be agencies/{agency_id}, got ", wf::QuoteForError(parent))});
}

// True when `principal` holds ROLE_SUPERVISOR for `agency_id` or an agency above it.
bool Supervises(const wf::Principal& principal, const wf::AgencyRegistry& registry,
                absl::string_view agency_id) {
  for (std::string id(agency_id); !id.empty();
       id = std::string(registry.hierarchy().ParentOf(id))) {
    if (principal.HasRole(id, v1::ROLE_SUPERVISOR)) return true;
  }
  return false;
}

}  // namespace

absl::Status OfficeCore::Deny(const CallContext& call, const std::string& agency_id) {
  absl::Status denied = wf::MakeStatus(
      absl::StatusCode::kPermissionDenied,
      {absl::StrCat("用户 ", call.principal.name, " 不能查看机关 ", agency_id,
                    " 的报送与汇总情况（须为其或其上级机关的上级政务公开办公室）"),
       absl::StrCat("principal ", call.principal.name, " may not read the office views of agency ",
                    agency_id, " (ROLE_SUPERVISOR for it or an agency above it is required)")},
      "NOT_SUPERVISOR", {{"agency_id", agency_id}});
  v1::AuditEvent event;
  *event.mutable_time() = wf::ToTimestamp(clock_());
  event.set_actor(call.principal.name);
  event.set_agency_id(agency_id);
  event.set_action(v1::AUDIT_ACTION_READ);
  event.set_reason(std::string(denied.message()));
  event.set_client_address(call.client_address);
  event.set_client_certificate(call.client_certificate);
  event.set_outcome(v1::AUDIT_OUTCOME_DENIED);
  nianbao::storage::ReportMutation mutation;
  mutation.report_id = {agency_id, 0};
  mutation.plan = nianbao::storage::RecordEventPlan(std::move(event), denied);
  absl::StatusOr<nianbao::storage::CommitResult> committed = store_->Commit(std::move(mutation));
  return committed.ok() ? denied : committed.status();
}

absl::StatusOr<std::vector<std::string>> OfficeCore::Scope(const CallContext& call,
                                                           const wf::AgencyRegistry* registry,
                                                           const std::string& parent,
                                                           int32_t report_year, int32_t first_year,
                                                           v1::AgencyKind kind) {
  absl::StatusOr<std::string> root = ParseParent(parent);
  if (!root.ok()) return root.status();
  if (report_year < first_year || report_year > wf::kLastReportYear) {
    return wf::InvalidField("report_year",
                            {absl::StrCat("报告年度应在 ", first_year, " 至 ", wf::kLastReportYear,
                                          " 之间：", report_year),
                             absl::StrCat("report_year must be ", first_year, " to ",
                                          wf::kLastReportYear, ", got ", report_year)});
  }
  if (!v1::AgencyKind_IsValid(kind)) {
    return wf::InvalidField("kind", {absl::StrCat("机关类型无效：", static_cast<int>(kind)),
                                     absl::StrCat("kind is not an AgencyKind: ", kind)});
  }
  if (registry == nullptr) {
    absl::Status missing = wf::MakeStatus(
        absl::StatusCode::kNotFound,
        {absl::StrCat("机关未登记：", parent), absl::StrCat("agency is not registered: ", parent)},
        "AGENCY_NOT_FOUND", {{"field", "parent"}});
    wf::SetResourceInfo(missing, "nianbao.gov.cn/Agency", parent);
    return missing;
  }
  if (absl::Status s = registry->CheckRegistered(*root, "parent"); !s.ok()) return s;
  std::vector<std::string> ids;
  if (Supervises(call.principal, *registry, *root)) {
    ids = registry->Subtree(*root);
  } else if (call.principal.HasAnyRole(*root)) {
    // An agency's own roles show it its own filing and tables, not those of the agencies below.
    ids = {*root};
  } else {
    return Deny(call, *root);
  }
  if (kind != v1::AGENCY_KIND_UNSPECIFIED) {
    ids.erase(
        std::remove_if(ids.begin(), ids.end(),
                       [&](const std::string& id) { return registry->Find(id)->kind() != kind; }),
        ids.end());
  }
  return ids;
}

absl::Status OfficeCore::GetRollup(const CallContext& call, const v1::GetRollupRequest& request,
                                   v1::GetRollupResponse* response) {
  const std::shared_ptr<const wf::AgencyRegistry> registry = registry_.Snapshot();  // one per call
  absl::StatusOr<std::vector<std::string>> ids =
      Scope(call, registry.get(), request.parent(), request.report_year(), wf::kFirstReportYear,
            request.kind());
  if (!ids.ok()) return ids.status();
  response->Clear();
  CellTotal total;  // flat sums, made an AnnualReport once at the end
  size_t next = 0;  // both lists are by agency id
  RecordArena arena;
  absl::Status scanned = store_->ScanContributions(
      request.report_year(), &*ids, [&](absl::string_view bytes) -> absl::Status {
        absl::StatusOr<const nianbao::storage::v1::RollupRecord*> record = arena.Parse(bytes);
        if (!record.ok()) return record.status();
        while (next < ids->size() && (*ids)[next] != (*record)->agency_id()) {
          response->add_missing_agencies(AgencyResource((*ids)[next++]));
        }
        ++next;
        if (absl::Status s = total.Add(**record); !s.ok()) return s;
        response->add_included_agencies(AgencyResource((*record)->agency_id()));
        return absl::OkStatus();
      });
  if (!scanned.ok()) return scanned;
  while (next < ids->size()) response->add_missing_agencies(AgencyResource((*ids)[next++]));
  return total.ToReport(response->mutable_tables());
}

}  // namespace nianbao::office
