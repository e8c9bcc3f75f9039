#include "workflow/lifecycle.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workflow/deadline.h"
#include "workflow/digest.h"
#include "workflow/field_mask_merge.h"
#include "workflow/request_limits.h"
#include "workflow/resource_names.h"
#include "workflow/serialized_merge.h"
#include "workflow/timestamps.h"

namespace nianbao::workflow {
namespace {

namespace v1 = nianbao::v1;

// `current` without its content into `next`: for a create or an update, which replace the
// content, copying it only to overwrite it would be most of the transition's work.
void CopyAllButContent(const v1::Report& current, v1::Report* next) {
  static const auto* const kAllButContent =
      new ResolvedFieldMask(ResolvedFieldMask::AllFieldsExcept(v1::Report::descriptor(),
                                                               v1::Report::kContentFieldNumber));
  kAllButContent->MergeReplacing(current, next);
}

bool IsBlank(absl::string_view text) { return absl::StripAsciiWhitespace(text).empty(); }

absl::Status CheckCreateArguments(const TransitionRequest& request) {
  if (!IsValidAgencyId(request.agency_id)) {
    return InvalidField("agency_id", {"机关标识只能由小写字母、数字和连字符组成（1至63个字符）",
                                      "agency_id must be 1-63 lowercase letters, digits or '-'"});
  }
  // The range validation applies too (report_years.h), so that every report created can be
  // submitted.
  return CheckReportYear("report_year", request.report_year);
}

absl::Status CheckContentYear(const v1::AnnualReport& content, int32_t report_year) {
  const int32_t content_year = content.metadata().report_year();
  if (content_year != 0 && content_year != report_year) {
    return InvalidField(
        "content.metadata.report_year",
        {absl::StrCat("内容的报告年度 ", content_year, " 与报告 ", report_year, " 不符"),
         absl::StrCat("content is for ", content_year, " but the report is for ", report_year)});
  }
  return absl::OkStatus();
}

// NOT_FOUND naming the report (ResourceInfo) when its name is known.
absl::Status ReportNotFound(const std::string& report_name) {
  if (report_name.empty()) {
    return MakeStatus(absl::StatusCode::kNotFound, {"报告不存在", "the report does not exist"},
                      "REPORT_NOT_FOUND");
  }
  absl::Status status = MakeStatus(absl::StatusCode::kNotFound,
                                   {absl::StrCat("报告不存在：", report_name),
                                    absl::StrCat("the report does not exist: ", report_name)},
                                   "REPORT_NOT_FOUND", {{"report", report_name}});
  SetResourceInfo(status, kReportResourceType, report_name);
  return status;
}

// Rules that depend on who did what before, beyond the role table.
absl::Status CheckSeparationOfDuties(const v1::Report& current, WorkflowAction action,
                                     const Principal& principal) {
  if (action == WorkflowAction::kApprove) {
    if (principal.name == current.submitter()) {
      return MakeStatus(absl::StatusCode::kPermissionDenied,
                        {"不能批准自己提交的报告", "may not approve a report one submitted"},
                        "SEPARATION_OF_DUTIES", {{"conflict", "submitter"}});
    }
    if (principal.name == current.last_editor()) {
      return MakeStatus(absl::StatusCode::kPermissionDenied,
                        {"不能批准自己最后修改的报告", "may not approve a report one last edited"},
                        "SEPARATION_OF_DUTIES", {{"conflict", "last_editor"}});
    }
  }
  if (action == WorkflowAction::kWithdraw && principal.name != current.submitter()) {
    return MakeStatus(absl::StatusCode::kPermissionDenied,
                      {"只有提交人可以撤回", "only the submitter may withdraw"}, "NOT_SUBMITTER",
                      {{"submitter", current.submitter()}});
  }
  return absl::OkStatus();
}

// Errors block submission; each warning must be acknowledged by code.
absl::Status CheckFindings(const TransitionRequest& request,
                           std::vector<std::string>& acknowledged) {
  const std::set<std::string> acks(request.acknowledged_warnings.begin(),
                                   request.acknowledged_warnings.end());
  google::rpc::PreconditionFailure errors;
  google::rpc::PreconditionFailure unacknowledged;
  std::set<std::string> acknowledged_codes;
  for (const ValidationFinding& finding : request.findings) {
    if (finding.severity == FindingSeverity::kError) {
      auto* violation = errors.add_violations();
      violation->set_type("VALIDATION_ERROR");
      violation->set_subject(finding.code);
      violation->set_description(finding.message);
    } else if (finding.severity == FindingSeverity::kWarning) {
      if (acks.count(finding.code) > 0) {
        acknowledged_codes.insert(finding.code);
        continue;
      }
      auto* violation = unacknowledged.add_violations();
      violation->set_type("WARNING_NOT_ACKNOWLEDGED");
      violation->set_subject(finding.code);
      violation->set_description(finding.message);
    }
  }
  if (errors.violations_size() > 0) {
    absl::Status status = MakeStatus(
        absl::StatusCode::kFailedPrecondition,
        {absl::StrCat("校验发现 ", errors.violations_size(), " 个错误，不能提交"),
         absl::StrCat("validation found ", errors.violations_size(), " error(s); cannot submit")},
        "VALIDATION_ERRORS");
    SetDetail(status, kPreconditionFailureTypeUrl, errors);
    return status;
  }
  if (unacknowledged.violations_size() > 0) {
    std::vector<std::string> codes;
    for (const auto& violation : unacknowledged.violations()) codes.push_back(violation.subject());
    const std::string joined = absl::StrJoin(codes, ", ");
    absl::Status status =
        MakeStatus(absl::StatusCode::kFailedPrecondition,
                   {absl::StrCat("以下警告须逐项确认后才能提交：", joined),
                    absl::StrCat("acknowledge each warning before submitting: ", joined)},
                   "UNACKNOWLEDGED_WARNINGS");
    SetDetail(status, kPreconditionFailureTypeUrl, unacknowledged);
    return status;
  }
  acknowledged.assign(acknowledged_codes.begin(), acknowledged_codes.end());
  return absl::OkStatus();
}

// `content_sha256`: the report's content hash, already computed by the caller.
v1::ReportRevision Freeze(const v1::Report& report, v1::RevisionKind kind, const Principal& actor,
                          absl::Time now, const std::string& content_sha256) {
  v1::ReportRevision revision;
  revision.set_name(RevisionName(report.name(), report.revision()));
  revision.set_report(report.name());
  revision.set_revision(report.revision());
  revision.set_kind(kind);
  *revision.mutable_content() = report.content();
  revision.set_content_sha256(content_sha256);
  // Each frozen copy records its own moment and person; GetRevision merges the submitted and the
  // published copy of one revision into one resource (workflow/revision_resource.h).
  if (kind == v1::REVISION_KIND_PUBLISHED) {
    *revision.mutable_publish_time() = ToTimestamp(now);
    revision.set_publisher(actor.name);
    revision.set_submitter(report.submitter());
  } else {
    *revision.mutable_create_time() = ToTimestamp(now);
    revision.set_submitter(actor.name);
  }
  return revision;
}

// Clears what belongs to one trip through review.
void ClearReviewTrip(v1::Report& report) {
  report.clear_submitter();
  report.clear_approver();
  report.clear_acknowledged_warnings();
}

v1::AuditEvent BaseEvent(const v1::Report& current, const TransitionRequest& request,
                         const Principal& principal, absl::Time now) {
  v1::AuditEvent event;
  *event.mutable_time() = ToTimestamp(now);
  event.set_actor(principal.name);
  const bool exists = current.state() != v1::REPORT_STATE_UNSPECIFIED;
  if (exists) {
    event.set_agency_id(current.agency_id());
    event.set_report(current.name());
    // The digest kept with the report, so that a transition need not serialize the content to
    // hash it; reports written before it was kept have it computed.
    event.set_content_sha256_before(current.content_sha256().empty()
                                        ? ContentSha256(current.content())
                                        : current.content_sha256());
  } else {
    event.set_agency_id(request.agency_id);
    if (IsValidAgencyId(request.agency_id)) {
      event.set_report(ReportName(request.agency_id, request.report_year));
    }
  }
  event.set_action(ToAuditAction(request.action));
  event.set_state_before(current.state());
  event.set_revision(current.revision());
  // A refused attempt leaves it as it was; ApplyTransition sets the one after a change.
  event.set_published_revision(current.published_revision());
  event.set_reason(request.reason);
  event.set_request_id(request.request_id);
  event.set_client_address(request.client_address);
  event.set_client_certificate(request.client_certificate);
  return event;
}

}  // namespace

namespace {

// The year check of an update's new content, given serialized: only its metadata is parsed.
absl::Status CheckSerializedContentYear(absl::string_view content, int32_t report_year) {
  v1::AnnualReport metadata_only;
  if (absl::Status s =
          ParseTopLevelFields(content, {v1::AnnualReport::kMetadataFieldNumber}, &metadata_only);
      !s.ok()) {
    return s;
  }
  return CheckContentYear(metadata_only, report_year);
}

// ApplyTransition; a create or update takes its new content from `request_to_take` when set (the
// request itself, which the caller gives up) instead of copying it.
absl::StatusOr<TransitionOutcome> Apply(const v1::Report& current, const TransitionRequest& request,
                                        TransitionRequest* request_to_take,
                                        const Principal& principal, absl::Time now) {
  const auto set_content = [&](v1::Report& next) {
    if (request_to_take != nullptr) {
      next.mutable_content()->Swap(&request_to_take->content);
    } else {
      *next.mutable_content() = request.content;
    }
  };
  // The new content's bytes, when the request brings them serialized.
  const auto take_serialized = [&]() -> std::string {
    if (request_to_take != nullptr) return std::move(*request_to_take->serialized_content);
    return *request.serialized_content;
  };
  const bool serialized =
      request.action == WorkflowAction::kUpdate && request.serialized_content.has_value();
  const bool creating = request.action == WorkflowAction::kCreate;
  const bool exists = current.state() != v1::REPORT_STATE_UNSPECIFIED;
  // The report acted upon: the stored one, or the one the request names.
  const std::string agency_id = exists && !creating ? current.agency_id() : request.agency_id;
  const std::string report_name =
      exists ? current.name()
             : (agency_id.empty() ? "" : ReportName(request.agency_id, request.report_year));
  if (!exists && !creating && agency_id.empty()) return ReportNotFound(report_name);
  // Who may act comes before what the report is: a caller without a role for the action learns
  // neither whether the report exists nor its state (AIP-211), only that they may not.
  if (!principal.HasAnyRole(agency_id)) {
    return MakeStatus(
        absl::StatusCode::kPermissionDenied,
        {absl::StrCat("用户 ", principal.name, " 在机关 ", agency_id, " 没有任何角色"),
         absl::StrCat("principal ", principal.name, " holds no role for agency ", agency_id)},
        "NO_ROLE_FOR_AGENCY", {{"agency_id", agency_id}});
  }
  const std::set<v1::Role> roles = principal.RolesFor(agency_id);
  if (absl::Status s = CheckActionRole(request.action, roles); !s.ok()) return s;
  if (creating && exists) {
    absl::Status status = MakeStatus(
        absl::StatusCode::kAlreadyExists,
        {absl::StrCat("该机关该年度的报告已存在：", current.name()),
         absl::StrCat("a report for this agency and year already exists: ", current.name())},
        "REPORT_EXISTS", {{"report", current.name()}});
    SetResourceInfo(status, kReportResourceType, current.name());
    return status;
  }
  if (!creating && !exists) return ReportNotFound(report_name);
  if (creating) {
    if (absl::Status s = CheckCreateArguments(request); !s.ok()) return s;
  }
  if (!request.expected_etag.empty() && request.expected_etag != current.etag()) {
    return MakeStatus(absl::StatusCode::kAborted,
                      {"报告已被他人修改，请重新读取后再试",
                       "the report changed since it was read (stale etag); read it again"},
                      "STALE_ETAG", {{"etag", current.etag()}});
  }
  const TransitionDecision decision =
      DecideTransition(current.state(), request.action, roles, report_name);
  if (!decision.allowed()) return decision.refusal;
  if (absl::Status s = CheckSeparationOfDuties(current, request.action, principal); !s.ok()) {
    return s;
  }
  const bool needs_reason =
      request.action == WorkflowAction::kReject || request.action == WorkflowAction::kCorrect;
  if (needs_reason && IsBlank(request.reason)) {
    return InvalidField("reason", {absl::StrCat(ActionDisplayName(request.action), "须说明理由"),
                                   absl::StrCat(ActionName(request.action), " requires a reason")});
  }

  TransitionOutcome outcome;
  v1::Report& next = outcome.report;
  if (request.action == WorkflowAction::kCreate || request.action == WorkflowAction::kUpdate) {
    CopyAllButContent(current, &next);  // the request's content replaces it below
  } else {
    next = current;
  }
  const int32_t year = creating ? request.report_year : current.report_year();
  switch (request.action) {
    case WorkflowAction::kCreate:
      if (absl::Status s = CheckContentYear(request.content, year); !s.ok()) return s;
      next.set_name(report_name);
      next.set_agency_id(request.agency_id);
      next.set_report_year(request.report_year);
      next.set_revision(1);
      set_content(next);
      *next.mutable_create_time() = ToTimestamp(now);
      next.set_creator(principal.name);
      next.set_last_editor(principal.name);
      break;
    case WorkflowAction::kUpdate:
      if (serialized) {
        if (absl::Status s = CheckSerializedContentYear(*request.serialized_content, year);
            !s.ok()) {
          return s;
        }
        next.mutable_content();  // present, as a content that was set is, but left empty
      } else {
        if (absl::Status s = CheckContentYear(request.content, year); !s.ok()) return s;
        set_content(next);
      }
      next.set_last_editor(principal.name);
      break;
    case WorkflowAction::kSubmit: {
      std::vector<std::string> acknowledged;
      if (absl::Status s = CheckFindings(request, acknowledged); !s.ok()) return s;
      ClearReviewTrip(next);
      next.set_submitter(principal.name);
      next.clear_rejection_reason();
      for (const std::string& code : acknowledged) next.add_acknowledged_warnings(code);
      break;
    }
    // The submitted revision stays frozen as it was reviewed; the draft that comes back is the
    // next revision, so a resubmission freezes a revision of its own.
    case WorkflowAction::kWithdraw:
      ClearReviewTrip(next);
      next.set_revision(current.revision() + 1);
      break;
    case WorkflowAction::kReject:
      ClearReviewTrip(next);
      next.set_rejection_reason(request.reason);
      next.set_revision(current.revision() + 1);
      break;
    case WorkflowAction::kApprove:
      next.set_approver(principal.name);
      break;
    case WorkflowAction::kPublish: {
      next.set_published_revision(current.revision());
      *next.mutable_publish_time() = ToTimestamp(now);
      const v1::AgencyKind kind = current.content().metadata().agency_kind();
      if (IsPublicationLate(kind, year, now)) {
        const absl::CivilDay deadline = *PublicationDeadline(kind, year);
        outcome.warnings.push_back({absl::StrCat("已超过法定发布期限（", deadline.year(), "年",
                                                 deadline.month(), "月", deadline.day(), "日）"),
                                    absl::StrCat("published after the statutory deadline of ",
                                                 absl::FormatCivilTime(deadline))});
      }
      break;
    }
    case WorkflowAction::kCorrect:
      // The published revision stays stored and readable; the draft starts from its content.
      ClearReviewTrip(next);
      next.clear_rejection_reason();
      next.set_revision(current.revision() + 1);
      next.set_last_editor(principal.name);
      break;
  }
  next.set_state(decision.rule->to);
  *next.mutable_update_time() = ToTimestamp(now);
  next.set_etag(ComputeEtag(next));
  outcome.event = BaseEvent(current, request, principal, now);
  // Only a create or an update changes the content: any other transition keeps its hash, which
  // is then computed once (hashing serializes the whole content).
  const bool content_kept = request.action != WorkflowAction::kCreate &&
                            request.action != WorkflowAction::kUpdate &&
                            !outcome.event.content_sha256_before().empty();
  if (serialized) {
    outcome.content_bytes = take_serialized();
  } else if (!content_kept) {
    outcome.content_bytes = DeterministicSerialize(next.content());
  }
  const std::string content_sha256 =
      content_kept ? outcome.event.content_sha256_before() : Sha256(outcome.content_bytes);
  next.set_content_sha256(content_sha256);
  if (decision.rule->freezes != v1::REVISION_KIND_UNSPECIFIED) {
    outcome.frozen_revision = Freeze(next, decision.rule->freezes, principal, now, content_sha256);
  }
  outcome.event.set_agency_id(next.agency_id());
  outcome.event.set_report(next.name());
  outcome.event.set_state_after(next.state());
  // The revision acted upon: the new one for create and correct, otherwise the current one.
  outcome.event.set_revision(request.action == WorkflowAction::kCreate ||
                                     request.action == WorkflowAction::kCorrect
                                 ? next.revision()
                                 : current.revision());
  outcome.event.set_content_sha256_after(content_sha256);
  // So that the change feed reports it from the event alone, without re-reading the report.
  outcome.event.set_published_revision(next.published_revision());
  outcome.event.set_outcome(v1::AUDIT_OUTCOME_SUCCEEDED);
  return outcome;
}

}  // namespace

absl::StatusOr<TransitionOutcome> ApplyTransition(const v1::Report& current,
                                                  const TransitionRequest& request,
                                                  const Principal& principal, absl::Time now) {
  return Apply(current, request, nullptr, principal, now);
}

absl::StatusOr<TransitionOutcome> ApplyTransition(const v1::Report& current,
                                                  TransitionRequest&& request,
                                                  const Principal& principal, absl::Time now) {
  return Apply(current, request, &request, principal, now);
}

v1::AuditEvent RefusedAuditEvent(const v1::Report& current, const TransitionRequest& request,
                                 const Principal& principal, absl::Time now,
                                 const absl::Status& refusal) {
  v1::AuditEvent event = BaseEvent(current, request, principal, now);
  event.set_state_after(current.state());
  event.set_content_sha256_after(event.content_sha256_before());
  event.set_outcome(v1::AUDIT_OUTCOME_DENIED);
  std::string why(refusal.message());
  if (!request.reason.empty()) absl::StrAppend(&why, " | ", request.reason);
  event.set_reason(why);
  return event;
}

}  // namespace nianbao::workflow
