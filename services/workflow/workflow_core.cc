// WorkflowCore: the common transition path, creation, edits and reads. The other transitions are in
// workflow_core_transitions.cc.
#include "services/workflow/workflow_core.h"

#include <algorithm>
#include <memory>
#include <set>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/field_mask_util.h"
#include "services/workflow/revision_check.h"
#include "services/workflow/workflow_core_internal.h"
#include "workflow/digest.h"
#include "workflow/field_mask_merge.h"
#include "workflow/request_limits.h"
#include "workflow/resource_names.h"
#include "workflow/serialized_merge.h"
#include "workflow/status_details.h"
#include "workflow/timestamps.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;
using google::protobuf::util::FieldMaskUtil;

// Each transition gets a time after the report's last change, so update times (and with them
// ETags and the last-change index) strictly increase even when the clock does not.
absl::Time TransitionTime(const v1::Report& current) {
  const absl::Time now = absl::Now();
  if (!current.has_update_time()) return now;
  return std::max(now, wf::FromTimestamp(current.update_time()) + absl::Microseconds(1));
}

// The singular message field `name` of `message` when it is a `Field`, or nullptr.
template <typename Field>
Field* MessageField(google::protobuf::Message* message, const char* name) {
  const google::protobuf::FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(name);
  if (field == nullptr || field->is_repeated() || field->message_type() != Field::descriptor()) {
    return nullptr;
  }
  return static_cast<Field*>(message->GetReflection()->MutableMessage(message, field));
}

// `report` serialized, with `content_bytes` (its content, already serialized; empty: none) as
// its content field rather than serializing the content again. The content is released for the
// moment of serializing the rest, and put back.
std::string SerializeReport(v1::Report& report, const std::string& content_bytes) {
  if (content_bytes.empty() || !report.has_content()) return wf::DeterministicSerialize(report);
  std::unique_ptr<v1::AnnualReport> content(report.release_content());
  std::string bytes = wf::DeterministicSerialize(report);
  report.set_allocated_content(content.release());
  wf::AppendLengthDelimitedField(v1::Report::kContentFieldNumber, content_bytes, &bytes);
  return bytes;
}

}  // namespace

namespace internal {

absl::StatusOr<int> EffectivePageSize(int32_t page_size) {
  if (page_size < 0) {
    return wf::InvalidField("page_size", {"每页条数不能为负数", "page_size must not be negative"});
  }
  if (page_size == 0) return kDefaultPageSize;
  return std::min<int>(page_size, kMaxPageSize);
}

absl::StatusOr<std::string> ParseAgencyParent(const std::string& parent, bool allow_all) {
  absl::string_view rest = parent;
  if (absl::ConsumePrefix(&rest, "agencies/") &&
      ((allow_all && rest == "-") || wf::IsValidAgencyId(rest))) {
    return std::string(rest);
  }
  return wf::InvalidField(
      "parent",
      {absl::StrCat("上级资源名应为 agencies/{机关标识}：", wf::QuoteForError(parent)),
       absl::StrCat("parent must be agencies/{agency_id}, got ", wf::QuoteForError(parent))});
}

}  // namespace internal

std::string RequestFingerprint(absl::string_view method, const CallContext& call,
                               const google::protobuf::Message& request) {
  return wf::Sha256(absl::StrCat(method, std::string(1, '\0'), call.principal.name,
                                 std::string(1, '\0'), wf::DeterministicSerialize(request)));
}

// What a transition's plan uses; shared by the plan (which the store may call again on its commit
// thread) and kept until the store is done with the mutation.
struct WorkflowCore::TransitionRun {
  CallContext call;
  Transition transition;
  std::unique_ptr<google::protobuf::Message> prototype;  // the response type
};

storage::ReportMutation WorkflowCore::TransitionMutation(
    CallContext call, Transition transition, std::unique_ptr<google::protobuf::Message> prototype) {
  transition.request.client_address = call.client_address;
  transition.request.client_certificate = call.client_certificate;
  // A retry of a finished request is answered by the store from its record, without planning.
  // (SubmitReport looks first, so that a retry does not call the validation service again.)
  storage::ReportMutation mutation;
  mutation.report_id = transition.report_id;
  mutation.request_id = transition.request.request_id;
  mutation.request_fingerprint = transition.fingerprint;
  auto run = std::make_shared<TransitionRun>(
      TransitionRun{std::move(call), std::move(transition), std::move(prototype)});
  if (run->transition.edit_content) {
    mutation.plan_on_content_bytes = [run, this](const std::optional<v1::Report>& stored,
                                                 absl::string_view content) {
      return PlanTransition(*run, stored, &content);
    };
  } else {
    mutation.plan = [run, this](const std::optional<v1::Report>& stored) {
      return PlanTransition(*run, stored, nullptr);
    };
  }
  return mutation;
}

absl::StatusOr<storage::MutationPlan> WorkflowCore::PlanTransition(
    const TransitionRun& run, const std::optional<v1::Report>& stored,
    const absl::string_view* stored_content) {
  const Transition& transition = run.transition;
  static const v1::Report* const kNoReport = new v1::Report();
  const v1::Report* current = stored ? &*stored : kNoReport;
  wf::TransitionRequest request = transition.request;
  // The report acted upon, so that the lifecycle checks the caller's roles before telling
  // whether it exists, and names it when it does not.
  if (request.agency_id.empty()) {
    request.agency_id = transition.report_id.agency_id;
    request.report_year = transition.report_id.report_year;
  }
  std::optional<v1::Report> with_digest;
  if (stored_content != nullptr && stored) {
    if (stored->content_sha256().empty()) {
      // Rows from before digests were kept: the lifecycle takes the old digest from the report,
      // whose content it is not given here.
      with_digest = *stored;
      with_digest->set_content_sha256(wf::Sha256(*stored_content));
      current = &*with_digest;
    }
    if (absl::Status s = transition.edit_content(*stored_content, &request); !s.ok()) return s;
  }
  return ApplyAndPlan(run, *current, std::move(request));
}

absl::StatusOr<storage::MutationPlan> WorkflowCore::ApplyAndPlan(const TransitionRun& run,
                                                                 const v1::Report& current,
                                                                 wf::TransitionRequest request) {
  const CallContext& call = run.call;
  const Transition& transition = run.transition;
  const absl::Time now = TransitionTime(current);
  // `request` is this plan's own copy: its content moves into the outcome instead of being
  // copied once more (a refusal leaves it untouched, so the refusal's event below may read it).
  absl::StatusOr<wf::TransitionOutcome> outcome =
      wf::ApplyTransition(current, std::move(request), call.principal, now);
  storage::MutationPlan plan;
  if (!outcome.ok()) {
    if (outcome.status().code() != absl::StatusCode::kPermissionDenied) return outcome.status();
    // A refusal for lack of permission is itself recorded.
    plan.audit_events.push_back(
        wf::RefusedAuditEvent(current, request, call.principal, now, outcome.status()));
    plan.result = outcome.status();
    return plan;
  }
  SetAgencyDisplayName(agencies_.Snapshot().get(), &outcome->report);
  if (request.action == wf::WorkflowAction::kPublish) {
    // The office's roll-up moves with the publication, in the same batch.
    plan.contribution = office::PublishedContribution(
        current, outcome->report,
        transition.publication ? *transition.publication : office::PublicationFacts{});
  }
  std::unique_ptr<google::protobuf::Message> filled(run.prototype->New());
  if (filled->GetDescriptor() == v1::Report::descriptor()) {
    // A standard method (CreateReport, UpdateReport) answers with the report itself.
    plan.report_bytes = SerializeReport(outcome->report, outcome->content_bytes);
    plan.response = plan.report_bytes;
    plan.report = std::move(outcome->report);
    if (outcome->frozen_revision) plan.revisions.push_back(std::move(*outcome->frozen_revision));
    plan.audit_events.push_back(std::move(outcome->event));
    return plan;
  }
  if (transition.fill_response) transition.fill_response(*outcome, filled.get());
  // The report is serialized once (its content from the bytes the lifecycle hashed), and those
  // bytes are both the stored row and the response's report field. A frozen revision goes into
  // the response by swapping, not copying, and is swapped back out once it is serialized.
  const google::protobuf::FieldDescriptor* report_field =
      filled->GetDescriptor()->FindFieldByName("report");
  if (report_field == nullptr ||
      report_field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE ||
      filled->GetReflection()->HasField(*filled, report_field)) {
    return absl::InternalError("transition response has no report field to fill");
  }
  auto* revision_field = outcome->frozen_revision
                             ? MessageField<v1::ReportRevision>(filled.get(), "revision")
                             : nullptr;
  plan.report_bytes = SerializeReport(outcome->report, outcome->content_bytes);
  if (revision_field != nullptr) {
    // The response shows the revision as GetRevision does: one resource, named without a kind.
    revision_field->Swap(&*outcome->frozen_revision);
    revision_field->set_name(
        wf::RevisionName(revision_field->report(), revision_field->revision()));
  }
  plan.response = wf::DeterministicSerialize(*filled);
  if (revision_field != nullptr) revision_field->Swap(&*outcome->frozen_revision);
  wf::AppendLengthDelimitedField(report_field->number(), plan.report_bytes, &plan.response);
  plan.report = std::move(outcome->report);
  if (outcome->frozen_revision) plan.revisions.push_back(std::move(*outcome->frozen_revision));
  plan.audit_events.push_back(std::move(outcome->event));
  return plan;
}

absl::Status WorkflowCore::RunTransition(const CallContext& call, Transition transition,
                                         google::protobuf::Message* response) {
  absl::StatusOr<storage::CommitResult> committed = store_->Commit(TransitionMutation(
      call, std::move(transition), std::unique_ptr<google::protobuf::Message>(response->New())));
  if (!committed.ok()) return committed.status();
  if (!response->ParseFromString(committed->response)) {
    return committed->replayed ? absl::DataLossError("stored response does not parse")
                               : absl::InternalError("committed response does not parse");
  }
  return absl::OkStatus();
}

WorkflowCore::ReadAccess WorkflowCore::AccessFor(const CallContext& call,
                                                 const wf::AgencyRegistry* agencies,
                                                 const std::string& agency_id) const {
  std::set<v1::Role> roles = call.principal.RolesFor(agency_id);
  const bool supervises = roles.erase(v1::ROLE_SUPERVISOR) > 0;
  if (!roles.empty()) return ReadAccess::kFull;
  if (supervises) return ReadAccess::kSupervisor;
  if (agencies == nullptr) return ReadAccess::kNone;
  for (std::string id(agencies->hierarchy().ParentOf(agency_id)); !id.empty();
       id = std::string(agencies->hierarchy().ParentOf(id))) {
    if (call.principal.HasRole(id, v1::ROLE_SUPERVISOR)) return ReadAccess::kSupervisor;
  }
  return ReadAccess::kNone;
}

absl::StatusOr<WorkflowCore::ReadAccess> WorkflowCore::AuthorizeSupervisedRead(
    const CallContext& call, const wf::AgencyRegistry* agencies, const std::string& agency_id,
    const std::string& report_name) {
  const ReadAccess access = AccessFor(call, agencies, agency_id);
  if (access != ReadAccess::kNone) return access;
  absl::Status denied = AuthorizeRead(call, agencies, agency_id, report_name);
  if (denied.ok()) return absl::InternalError("a caller without access was let through");
  return denied;
}

absl::Status WorkflowCore::AuthorizeRead(const CallContext& call,
                                         const wf::AgencyRegistry* agencies,
                                         const std::string& agency_id,
                                         const std::string& report_name) {
  // A supervisor's own roles do not open drafts: it reads through AuthorizeSupervisedRead.
  if (AccessFor(call, agencies, agency_id) == ReadAccess::kFull) return absl::OkStatus();
  return DenyRead(call, agency_id, report_name,
                  wf::MakeStatus(absl::StatusCode::kPermissionDenied,
                                 {absl::StrCat("用户 ", call.principal.name, " 在机关 ", agency_id,
                                               " 没有任何角色"),
                                  absl::StrCat("principal ", call.principal.name,
                                               " holds no role for agency ", agency_id)},
                                 "NO_ROLE_FOR_AGENCY", {{"agency_id", agency_id}}));
}

absl::Status WorkflowCore::DenyRead(const CallContext& call, const std::string& agency_id,
                                    const std::string& report_name, absl::Status denied) {
  storage::ReportMutation mutation;
  absl::StatusOr<wf::ParsedReportName> parsed = wf::ParseReportName(report_name, "name");
  mutation.report_id = parsed.ok() ? storage::ReportId{parsed->agency_id, parsed->report_year}
                                   : storage::ReportId{agency_id, 0};
  mutation.plan =
      [&](const std::optional<v1::Report>& current) -> absl::StatusOr<storage::MutationPlan> {
    v1::AuditEvent event;
    *event.mutable_time() = wf::ToTimestamp(absl::Now());
    event.set_actor(call.principal.name);
    event.set_agency_id(agency_id);
    event.set_report(report_name);
    event.set_action(v1::AUDIT_ACTION_READ);
    if (current) {
      event.set_state_before(current->state());
      event.set_state_after(current->state());
      event.set_revision(current->revision());
      event.set_published_revision(current->published_revision());
    }
    event.set_reason(std::string(denied.message()));
    event.set_client_address(call.client_address);
    event.set_client_certificate(call.client_certificate);
    event.set_outcome(v1::AUDIT_OUTCOME_DENIED);
    storage::MutationPlan plan;
    plan.audit_events.push_back(std::move(event));
    plan.result = denied;
    return plan;
  };
  absl::StatusOr<storage::CommitResult> committed = store_->Commit(std::move(mutation));
  return committed.ok() ? denied : committed.status();
}

absl::Status WorkflowCore::CreateReport(const CallContext& call,
                                        const v1::CreateReportRequest& request,
                                        v1::Report* response) {
  return AwaitTransition(call, request, response);
}

absl::StatusOr<WorkflowCore::Transition> WorkflowCore::TransitionFor(
    const CallContext& call, const v1::CreateReportRequest& request) {
  if (absl::Status s = wf::CheckRequestLimits(request); !s.ok()) return s;
  absl::StatusOr<std::string> agency_id = internal::ParseAgencyParent(request.parent(), false);
  if (!agency_id.ok()) return agency_id.status();
  if (const std::shared_ptr<const wf::AgencyRegistry> agencies = agencies_.Snapshot();
      agencies != nullptr) {
    if (absl::Status s = agencies->CheckRegistered(*agency_id, "parent"); !s.ok()) return s;
  }
  Transition transition;
  transition.report_id = {*agency_id, request.report_year()};
  transition.request.action = wf::WorkflowAction::kCreate;
  transition.request.agency_id = *agency_id;
  transition.request.report_year = request.report_year();
  transition.request.content = request.content();
  transition.request.request_id = request.request_id();
  transition.fingerprint = RequestFingerprint("CreateReport", call, request);
  return transition;
}

absl::Status WorkflowCore::UpdateReport(const CallContext& call,
                                        const v1::UpdateReportRequest& request,
                                        v1::Report* response) {
  return AwaitTransition(call, request, response);
}

absl::StatusOr<WorkflowCore::Transition> WorkflowCore::TransitionFor(
    const CallContext& call, const v1::UpdateReportRequest& request) {
  if (absl::Status s = wf::CheckRequestLimits(request); !s.ok()) return s;
  absl::StatusOr<wf::ParsedReportName> name =
      wf::ParseReportName(request.report().name(), "report.name");
  if (!name.ok()) return name.status();
  if (request.report().etag().empty()) {
    return wf::InvalidField(
        "report.etag", {"修改报告须提供当前的 etag", "report.etag is required to update a report"});
  }
  // Only the content can be edited; everything else about a report belongs to the workflow.
  google::protobuf::FieldMask content_mask;
  bool whole_content = request.update_mask().paths_size() == 0;
  for (const std::string& path : request.update_mask().paths()) {
    absl::string_view sub = path;
    const bool is_content = sub == "content";
    if (is_content) {
      whole_content = true;
    } else if (!absl::ConsumePrefix(&sub, "content.") ||
               !FieldMaskUtil::GetFieldDescriptors(v1::AnnualReport::descriptor(), std::string(sub),
                                                   nullptr)) {
      return wf::InvalidField(
          "update_mask",
          {absl::StrCat("只能修改报告内容（content 及其字段）：", wf::QuoteForError(path)),
           absl::StrCat("only content and its fields can be updated: ", wf::QuoteForError(path))});
    } else {
      content_mask.add_paths(std::string(sub));
    }
  }
  Transition transition;
  transition.report_id = {name->agency_id, name->report_year};
  transition.request.action = wf::WorkflowAction::kUpdate;
  transition.request.expected_etag = request.report().etag();
  transition.request.request_id = request.request_id();
  transition.fingerprint = RequestFingerprint("UpdateReport", call, request);
  // Resolved here, once per request: a replan on the commit thread merges without lookups.
  absl::StatusOr<wf::ResolvedFieldMask> resolved =
      wf::ResolvedFieldMask::Resolve(v1::AnnualReport::descriptor(), content_mask);
  if (!resolved.ok()) return resolved.status();  // not reached: every path was checked above
  const v1::AnnualReport new_content = request.report().content();
  // The edit is merged into the stored content's bytes: only the parts the mask names are parsed
  // (workflow/serialized_merge.h), and a whole replacement reads nothing of the stored content.
  transition.edit_content = [whole_content, mask = *std::move(resolved), new_content](
                                absl::string_view stored, wf::TransitionRequest* out) {
    if (whole_content) {
      out->content = new_content;
      return absl::OkStatus();
    }
    absl::StatusOr<std::string> merged = wf::MergeReplacingSerialized(mask, new_content, stored);
    if (!merged.ok()) return merged.status();
    // Each part was within the limit, but the merge of a large draft and a large part may not be.
    if (absl::Status s = wf::CheckContentSize("report.content", merged->size()); !s.ok()) return s;
    out->serialized_content = *std::move(merged);
    return absl::OkStatus();
  };
  return transition;
}

}  // namespace nianbao::workflow_service
