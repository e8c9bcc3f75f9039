// WorkflowCore's reads: GetReport, GetRevision, ListReports, ListRevisions. Reads are served to any
// role of the report's agency; a refusal is recorded as a DENIED audit event (AuthorizeRead). A
// supervisor of the agency (ROLE_SUPERVISOR for it or above it) reads published content, and of an
// unpublished report only its state and dates (GetReport BASIC, ListReports).
#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/workflow/revision_check.h"
#include "services/workflow/workflow_core.h"
#include "services/workflow/workflow_core_internal.h"
#include "workflow/report_years.h"
#include "workflow/request_limits.h"
#include "workflow/resource_names.h"
#include "workflow/revision_resource.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;

// The view a read asks for, or INVALID_ARGUMENT naming `view` for a value outside ReportView.
absl::StatusOr<v1::ReportView> CheckedView(int view, v1::ReportView default_view) {
  if (!v1::ReportView_IsValid(view)) {
    return wf::InvalidField(
        "view", {absl::StrCat("未知的视图：", view), absl::StrCat("unknown view ", view)});
  }
  return view == v1::REPORT_VIEW_UNSPECIFIED ? default_view : static_cast<v1::ReportView>(view);
}

// ListReports' filters, checked: a value nobody could mean is refused rather than matching nothing.
absl::Status CheckReportFilters(const v1::ListReportsRequest& request) {
  if (!v1::ReportState_IsValid(request.state())) {
    return wf::InvalidField("state", {absl::StrCat("未知的报告状态：", request.state()),
                                      absl::StrCat("unknown report state ", request.state())});
  }
  const int32_t year = request.report_year();
  if (year != 0 && (year < wf::kFirstReportYear || year > wf::kLastReportYear)) {
    return wf::InvalidField("report_year",
                            {absl::StrCat("报告年度应为 0（不限）或 ", wf::kFirstReportYear, " 至 ",
                                          wf::kLastReportYear, "：", year),
                             absl::StrCat("report_year must be 0 (any) or ", wf::kFirstReportYear,
                                          " to ", wf::kLastReportYear, ", got ", year)});
  }
  return absl::OkStatus();
}

// NOT_FOUND for a revision that does not exist, naming it as GetRevision does.
absl::Status RevisionNotFound(const std::string& name) {
  absl::Status status = wf::MakeStatus(
      absl::StatusCode::kNotFound,
      {absl::StrCat("版本不存在：", name), absl::StrCat("revision not found: ", name)},
      "REVISION_NOT_FOUND", {{"revision", name}});
  google::rpc::ResourceInfo info;
  info.set_resource_type("nianbao.gov.cn/ReportRevision");
  info.set_resource_name(name);
  info.set_description("版本不存在 revision not found");
  wf::SetDetail(status, wf::kResourceInfoTypeUrl, info);
  return status;
}

// One frozen copy of a revision, or nullopt when none of that kind was made.
absl::StatusOr<std::optional<v1::ReportRevision>> FindCopy(storage::ReportStore& store,
                                                           const storage::ReportId& id,
                                                           int64_t revision,
                                                           v1::RevisionKind kind) {
  absl::StatusOr<v1::ReportRevision> copy = store.GetRevision(id, revision, kind);
  if (absl::IsNotFound(copy.status())) return std::nullopt;
  if (!copy.ok()) return copy.status();
  return *std::move(copy);
}

// What a supervisor sees of a report that is not published: its state, revisions and dates, and
// neither content nor who wrote, reviewed or rejected it and why.
void ReduceForSupervisor(v1::Report* report) {
  if (report->state() == v1::REPORT_STATE_PUBLISHED) return;
  report->clear_content();
  report->clear_etag();
  report->clear_creator();
  report->clear_last_editor();
  report->clear_submitter();
  report->clear_approver();
  report->clear_rejection_reason();
  report->clear_acknowledged_warnings();
  report->clear_content_sha256();
}

absl::Status SupervisorUnpublished(const std::string& name) {
  return wf::MakeStatus(
      absl::StatusCode::kPermissionDenied,
      {absl::StrCat("上级政务公开办公室只能查看已发布的内容；未发布的报告仅可查看状态和日期（BASIC "
                    "视图）：",
                    name),
       absl::StrCat("a supervisor reads only published content; of an unpublished report only "
                    "its state and dates (BASIC view): ",
                    name)},
      "SUPERVISOR_UNPUBLISHED_CONTENT", {{"report", name}});
}

}  // namespace

void WorkflowCore::SetAgencyDisplayName(const wf::AgencyRegistry* agencies, v1::Report* report) {
  if (agencies == nullptr) return;
  if (const auto* agency = agencies->Find(report->agency_id()); agency != nullptr) {
    report->set_agency_display_name(agency->name());
  }
}

absl::Status WorkflowCore::GetReport(const CallContext& call, const v1::GetReportRequest& request,
                                     v1::Report* response) {
  if (absl::Status s = wf::CheckRequestLimits(request); !s.ok()) return s;
  absl::StatusOr<wf::ParsedReportName> name = wf::ParseReportName(request.name(), "name");
  if (!name.ok()) return name.status();
  absl::StatusOr<v1::ReportView> view = CheckedView(request.view(), v1::REPORT_VIEW_FULL);
  if (!view.ok()) return view.status();
  const std::shared_ptr<const wf::AgencyRegistry> agencies = agencies_.Snapshot();
  absl::StatusOr<ReadAccess> access =
      AuthorizeSupervisedRead(call, agencies.get(), name->agency_id, request.name());
  if (!access.ok()) return access.status();
  absl::StatusOr<v1::Report> report = store_->GetReport({name->agency_id, name->report_year});
  if (!report.ok()) return report.status();
  if (*access == ReadAccess::kSupervisor && report->state() != v1::REPORT_STATE_PUBLISHED) {
    // The content of a draft (or of a correction under way) is not the office's to read.
    if (*view == v1::REPORT_VIEW_FULL) {
      return DenyRead(call, name->agency_id, request.name(), SupervisorUnpublished(request.name()));
    }
    ReduceForSupervisor(&*report);
  }
  *response = *std::move(report);
  if (*view == v1::REPORT_VIEW_BASIC) response->clear_content();
  SetAgencyDisplayName(agencies.get(), response);
  return absl::OkStatus();
}

absl::Status WorkflowCore::GetRevision(const CallContext& call,
                                       const v1::GetRevisionRequest& request,
                                       v1::ReportRevision* response) {
  if (absl::Status s = wf::CheckRequestLimits(request); !s.ok()) return s;
  absl::StatusOr<wf::ParsedRevisionName> name = wf::ParseRevisionName(request.name(), "name");
  if (!name.ok()) return name.status();
  absl::StatusOr<v1::ReportView> view = CheckedView(request.view(), v1::REPORT_VIEW_FULL);
  if (!view.ok()) return view.status();
  const std::string report_name = wf::ReportName(name->report.agency_id, name->report.report_year);
  absl::StatusOr<ReadAccess> access = AuthorizeSupervisedRead(call, agencies_.Snapshot().get(),
                                                              name->report.agency_id, report_name);
  if (!access.ok()) return access.status();
  const storage::ReportId id{name->report.agency_id, name->report.report_year};
  // A missing report is NOT_FOUND for the report, not for its revision.
  if (absl::StatusOr<v1::Report> report = store_->GetReport(id); !report.ok()) {
    return report.status();
  }
  absl::StatusOr<std::optional<v1::ReportRevision>> submitted =
      FindCopy(*store_, id, name->revision, v1::REVISION_KIND_SUBMITTED);
  if (!submitted.ok()) return submitted.status();
  absl::StatusOr<std::optional<v1::ReportRevision>> published =
      FindCopy(*store_, id, name->revision, v1::REVISION_KIND_PUBLISHED);
  if (!published.ok()) return published.status();
  std::vector<v1::ReportRevision> copies;
  if (*submitted) copies.push_back(**submitted);
  if (*published) copies.push_back(**published);
  if (copies.empty()) return RevisionNotFound(wf::RevisionName(report_name, name->revision));
  if (*access == ReadAccess::kSupervisor && !published->has_value()) {
    return DenyRead(call, name->report.agency_id, report_name,
                    SupervisorUnpublished(wf::RevisionName(report_name, name->revision)));
  }
  // Served only as the trail recorded it (finding: a changed row was served unnoticed).
  if (absl::Status s = CheckRevisions(*store_, report_name, copies); !s.ok()) return s;
  *response = wf::RevisionResource(submitted->has_value() ? &**submitted : nullptr,
                                   published->has_value() ? &**published : nullptr);
  wf::ApplyRevisionView(*view, response);
  return absl::OkStatus();
}

absl::Status WorkflowCore::ListReports(const CallContext& call,
                                       const v1::ListReportsRequest& request,
                                       v1::ListReportsResponse* response) {
  if (absl::Status s = wf::CheckRequestLimits(request); !s.ok()) return s;
  absl::StatusOr<std::string> agency_id = internal::ParseAgencyParent(request.parent(), true);
  if (!agency_id.ok()) return agency_id.status();
  absl::StatusOr<int> page_size = internal::EffectivePageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  if (absl::Status s = CheckReportFilters(request); !s.ok()) return s;
  absl::StatusOr<v1::ReportView> view = CheckedView(request.view(), v1::REPORT_VIEW_BASIC);
  if (!view.ok()) return view.status();
  std::string token;
  if (!request.page_token().empty() && !absl::WebSafeBase64Unescape(request.page_token(), &token)) {
    return wf::InvalidField("page_token", {"分页标记无效", "page_token is not valid"});
  }
  // One snapshot for the page: which agencies it shows, how, and under which names.
  const std::shared_ptr<const wf::AgencyRegistry> agencies = agencies_.Snapshot();
  storage::ReportFilter filter;
  if (*agency_id != "-") {
    absl::StatusOr<ReadAccess> access =
        AuthorizeSupervisedRead(call, agencies.get(), *agency_id, request.parent());
    if (!access.ok()) return access.status();
    filter.agency_id = *agency_id;
  } else {
    // Across agencies, only those the caller may read (supervised ones included), left out before
    // the page is cut.
    filter.visible = [this, &call, &agencies](const std::string& agency) {
      return AccessFor(call, agencies.get(), agency) != ReadAccess::kNone;
    };
  }
  if (request.report_year() != 0) filter.report_year = request.report_year();
  filter.state = request.state();
  filter.published_only = request.published_only();
  filter.omit_content = *view == v1::REPORT_VIEW_BASIC;
  // However large its reports, a page stays under what a client receives by default.
  filter.max_page_bytes = wf::kMaxPageBytes;
  absl::StatusOr<storage::ReportPage> page = store_->ListReports(filter, *page_size, token);
  if (!page.ok()) return page.status();
  for (v1::Report& report : page->reports) {
    if (AccessFor(call, agencies.get(), report.agency_id()) == ReadAccess::kSupervisor)
      ReduceForSupervisor(&report);
    SetAgencyDisplayName(agencies.get(), &report);
    *response->add_reports() = std::move(report);
  }
  if (!page->next_page_token.empty()) {
    response->set_next_page_token(absl::WebSafeBase64Escape(page->next_page_token));
  }
  return absl::OkStatus();
}

absl::Status WorkflowCore::ListRevisions(const CallContext& call,
                                         const v1::ListRevisionsRequest& request,
                                         v1::ListRevisionsResponse* response) {
  if (absl::Status s = wf::CheckRequestLimits(request); !s.ok()) return s;
  absl::StatusOr<wf::ParsedReportName> name = wf::ParseReportName(request.parent(), "parent");
  if (!name.ok()) return name.status();
  absl::StatusOr<int> page_size = internal::EffectivePageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<v1::ReportView> view = CheckedView(request.view(), v1::REPORT_VIEW_BASIC);
  if (!view.ok()) return view.status();
  size_t offset = 0;
  if (!request.page_token().empty()) {
    std::string decoded;
    if (!absl::WebSafeBase64Unescape(request.page_token(), &decoded) ||
        !absl::SimpleAtoi(decoded, &offset)) {
      return wf::InvalidField("page_token", {"分页标记无效", "page_token is not valid"});
    }
  }
  if (absl::Status s =
          AuthorizeRead(call, agencies_.Snapshot().get(), name->agency_id, request.parent());
      !s.ok()) {
    return s;
  }
  const storage::ReportId id{name->agency_id, name->report_year};
  if (absl::StatusOr<v1::Report> report = store_->GetReport(id); !report.ok()) {
    return report.status();
  }
  absl::StatusOr<std::vector<v1::ReportRevision>> copies = store_->ListRevisions(id);
  if (!copies.ok()) return copies.status();
  // Every copy is checked against the trail before any is served.
  if (absl::Status s = CheckRevisions(*store_, request.parent(), *copies); !s.ok()) return s;
  std::vector<v1::ReportRevision> revisions = wf::RevisionResources(*std::move(copies));
  // Revisions are immutable and only ever appended, so an offset is a stable cursor. A page ends
  // early rather than grow past what a client receives by default (it holds at least one).
  const size_t last = std::min(revisions.size(), offset + static_cast<size_t>(*page_size));
  size_t end = offset;
  for (size_t page_bytes = 0; end < last; ++end) {
    wf::ApplyRevisionView(*view, &revisions[end]);
    page_bytes += revisions[end].ByteSizeLong();
    if (end > offset && page_bytes > wf::kMaxPageBytes) break;
    *response->add_revisions() = std::move(revisions[end]);
  }
  if (end < revisions.size()) {
    response->set_next_page_token(absl::WebSafeBase64Escape(absl::StrCat(end)));
  }
  return absl::OkStatus();
}

}  // namespace nianbao::workflow_service
