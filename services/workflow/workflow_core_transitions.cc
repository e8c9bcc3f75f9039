// WorkflowCore: the review and publication transitions (submit, approve, reject, publish, withdraw,
// correct). Submit asks the validation service first, outside the store's commit, and commits only
// if the content it validated is still the current one.
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/workflow/workflow_core.h"
#include "workflow/request_limits.h"
#include "workflow/resource_names.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;

wf::FindingSeverity ToFindingSeverity(v1::Severity severity) {
  switch (severity) {
    case v1::SEVERITY_ERROR:
      return wf::FindingSeverity::kError;
    case v1::SEVERITY_WARNING:
      return wf::FindingSeverity::kWarning;
    default:
      return wf::FindingSeverity::kInfo;
  }
}

}  // namespace

absl::Status WorkflowCore::SubmitReport(const CallContext& call,
                                        const v1::SubmitReportRequest& request,
                                        v1::SubmitReportResponse* response) {
  if (absl::Status s = wf::CheckRequestLimits(request); !s.ok()) return s;
  absl::StatusOr<wf::ParsedReportName> name = wf::ParseReportName(request.name(), "name");
  if (!name.ok()) return name.status();
  const std::string fingerprint = RequestFingerprint("SubmitReport", call, request);
  if (!request.request_id().empty()) {
    absl::StatusOr<std::optional<std::string>> first =
        store_->GetRequestResponse(request.request_id(), fingerprint);
    if (!first.ok()) return first.status();
    if (first->has_value()) {
      return response->ParseFromString(**first)
                 ? absl::OkStatus()
                 : absl::DataLossError("stored response does not parse");
    }
  }
  const storage::ReportId id{name->agency_id, name->report_year};
  absl::StatusOr<v1::Report> current = store_->GetReport(id);
  // A missing report is refused by the lifecycle below, after the caller's roles (role first).
  if (!current.ok() && !absl::IsNotFound(current.status())) return current.status();
  // Cheap refusals (role, state, etag) come before the network call; the commit checks again.
  Transition transition;
  transition.report_id = id;
  transition.request.action = wf::WorkflowAction::kSubmit;
  transition.request.expected_etag = request.etag();
  transition.request.request_id = request.request_id();
  transition.request.acknowledged_warnings.assign(request.acknowledged_warnings().begin(),
                                                  request.acknowledged_warnings().end());
  transition.fingerprint = fingerprint;
  if (current.ok() && current->state() == v1::REPORT_STATE_DRAFT &&
      call.principal.HasRole(id.agency_id, v1::ROLE_DRAFTER) &&
      (request.etag().empty() || request.etag() == current->etag())) {
    // The registered name and kind, before the format's rules: the kind decides the deadline.
    if (const std::shared_ptr<const wf::AgencyRegistry> agencies = agencies_.Snapshot();
        agencies != nullptr) {
      if (absl::Status s =
              agencies->CheckReportMetadata(id.agency_id, current->content().metadata());
          !s.ok()) {
        return s;
      }
    }
    v1::ValidateRequest validate;
    *validate.mutable_report() = current->content();
    validate.set_stage(v1::VALIDATION_STAGE_SUBMISSION);
    // Year-over-year rules compare with the previous year's published report, when there is one.
    absl::StatusOr<v1::Report> previous = store_->GetReport({id.agency_id, id.report_year - 1});
    if (previous.ok() && previous->published_revision() > 0) {
      absl::StatusOr<v1::ReportRevision> published =
          store_->GetRevision({id.agency_id, id.report_year - 1}, previous->published_revision(),
                              v1::REVISION_KIND_PUBLISHED);
      if (published.ok()) *validate.mutable_previous_report() = published->content();
    }
    absl::StatusOr<v1::ValidateResponse> validated = validator_->Validate(validate);
    if (!validated.ok()) return validated.status();
    for (const v1::Finding& finding : validated->findings()) {
      transition.request.findings.push_back(
          {finding.code(), ToFindingSeverity(finding.severity()),
           absl::StrCat(finding.message_zh(), " (", finding.message_en(), ")")});
    }
    // What was validated must be what is submitted: a change in between means validate again.
    transition.request.expected_etag = current->etag();
    v1::SubmitReportResponse findings_only;
    for (const v1::Finding& finding : validated->findings()) {
      if (finding.severity() != v1::SEVERITY_ERROR) *findings_only.add_findings() = finding;
    }
    transition.fill_response = [findings_only](const wf::TransitionOutcome&,
                                               google::protobuf::Message* message) {
      *static_cast<v1::SubmitReportResponse*>(message) = findings_only;
    };
  }
  // Otherwise the lifecycle refuses it with the precise reason (and audits a lack of permission).
  return RunTransition(call, std::move(transition), response);
}

namespace {

// The name every simple transition request has, once the request is within its limits.
template <typename Request>
absl::StatusOr<wf::ParsedReportName> ParseName(const Request& request) {
  if (absl::Status s = wf::CheckRequestLimits(request); !s.ok()) return s;
  return wf::ParseReportName(request.name(), "name");
}

}  // namespace

absl::Status WorkflowCore::ApproveReport(const CallContext& call,
                                         const v1::ApproveReportRequest& request,
                                         v1::ApproveReportResponse* response) {
  return AwaitTransition(call, request, response);
}

absl::StatusOr<WorkflowCore::Transition> WorkflowCore::TransitionFor(
    const CallContext& call, const v1::ApproveReportRequest& request) {
  absl::StatusOr<wf::ParsedReportName> name = ParseName(request);
  if (!name.ok()) return name.status();
  Transition transition;
  transition.report_id = {name->agency_id, name->report_year};
  transition.request.action = wf::WorkflowAction::kApprove;
  transition.request.expected_etag = request.etag();
  transition.request.reason = request.comment();
  transition.request.request_id = request.request_id();
  transition.fingerprint = RequestFingerprint("ApproveReport", call, request);
  return transition;
}

absl::Status WorkflowCore::RejectReport(const CallContext& call,
                                        const v1::RejectReportRequest& request,
                                        v1::RejectReportResponse* response) {
  return AwaitTransition(call, request, response);
}

absl::StatusOr<WorkflowCore::Transition> WorkflowCore::TransitionFor(
    const CallContext& call, const v1::RejectReportRequest& request) {
  absl::StatusOr<wf::ParsedReportName> name = ParseName(request);
  if (!name.ok()) return name.status();
  Transition transition;
  transition.report_id = {name->agency_id, name->report_year};
  transition.request.action = wf::WorkflowAction::kReject;
  transition.request.expected_etag = request.etag();
  transition.request.reason = request.reason();
  transition.request.request_id = request.request_id();
  transition.fingerprint = RequestFingerprint("RejectReport", call, request);
  return transition;
}

absl::Status WorkflowCore::PublishReport(const CallContext& call,
                                         const v1::PublishReportRequest& request,
                                         v1::PublishReportResponse* response) {
  return AwaitTransition(call, request, response);
}

absl::StatusOr<WorkflowCore::Transition> WorkflowCore::TransitionFor(
    const CallContext& call, const v1::PublishReportRequest& request) {
  absl::StatusOr<wf::ParsedReportName> name = ParseName(request);
  if (!name.ok()) return name.status();
  Transition transition;
  transition.report_id = {name->agency_id, name->report_year};
  transition.request.action = wf::WorkflowAction::kPublish;
  transition.request.expected_etag = request.etag();
  transition.request.request_id = request.request_id();
  transition.fingerprint = RequestFingerprint("PublishReport", call, request);
  // The roll-up record keeps the first publication's date and the submission's: read here, since
  // the plan must not call the store. Both are immutable once written, so a plan made again later
  // still holds them (a submission time of another revision is not used).
  office::PublicationFacts facts;
  absl::StatusOr<std::optional<storage::v1::RollupRecord>> previous =
      store_->GetContribution(transition.report_id);
  if (previous.ok()) facts.previous = *std::move(previous);
  absl::StatusOr<v1::Report> current = store_->GetReport(transition.report_id);
  if (current.ok()) {
    absl::StatusOr<v1::ReportRevision> submitted =
        store_->GetRevision(transition.report_id, current->revision(), v1::REVISION_KIND_SUBMITTED);
    if (submitted.ok()) {
      facts.submitted_revision = submitted->revision();
      facts.submit_time = submitted->create_time();
    }
  }
  transition.publication = std::move(facts);
  transition.fill_response = [](const wf::TransitionOutcome& outcome,
                                google::protobuf::Message* message) {
    auto* out = static_cast<v1::PublishReportResponse*>(message);
    for (const wf::BilingualMessage& warning : outcome.warnings) {
      v1::TransitionWarning* added = out->add_warnings();
      added->set_code("DEADLINE");
      added->set_message_zh(warning.zh);
      added->set_message_en(warning.en);
    }
  };
  return transition;
}

absl::Status WorkflowCore::WithdrawReport(const CallContext& call,
                                          const v1::WithdrawReportRequest& request,
                                          v1::WithdrawReportResponse* response) {
  return AwaitTransition(call, request, response);
}

absl::StatusOr<WorkflowCore::Transition> WorkflowCore::TransitionFor(
    const CallContext& call, const v1::WithdrawReportRequest& request) {
  absl::StatusOr<wf::ParsedReportName> name = ParseName(request);
  if (!name.ok()) return name.status();
  Transition transition;
  transition.report_id = {name->agency_id, name->report_year};
  transition.request.action = wf::WorkflowAction::kWithdraw;
  transition.request.expected_etag = request.etag();
  transition.request.reason = request.reason();
  transition.request.request_id = request.request_id();
  transition.fingerprint = RequestFingerprint("WithdrawReport", call, request);
  return transition;
}

absl::Status WorkflowCore::CorrectReport(const CallContext& call,
                                         const v1::CorrectReportRequest& request,
                                         v1::CorrectReportResponse* response) {
  return AwaitTransition(call, request, response);
}

absl::StatusOr<WorkflowCore::Transition> WorkflowCore::TransitionFor(
    const CallContext& call, const v1::CorrectReportRequest& request) {
  absl::StatusOr<wf::ParsedReportName> name = ParseName(request);
  if (!name.ok()) return name.status();
  Transition transition;
  transition.report_id = {name->agency_id, name->report_year};
  transition.request.action = wf::WorkflowAction::kCorrect;
  transition.request.expected_etag = request.etag();
  transition.request.reason = request.reason();
  transition.request.request_id = request.request_id();
  transition.fingerprint = RequestFingerprint("CorrectReport", call, request);
  return transition;
}

}  // namespace nianbao::workflow_service
