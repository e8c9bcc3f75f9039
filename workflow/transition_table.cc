#include "workflow/transition_table.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workflow/principals.h"
#include "workflow/status_details.h"

namespace nianbao::workflow {
namespace {

using nianbao::v1::ReportState;
using nianbao::v1::Role;
namespace v1 = nianbao::v1;

}  // namespace

const std::vector<WorkflowAction>& AllWorkflowActions() {
  static const auto* const kActions = new std::vector<WorkflowAction>{
      WorkflowAction::kCreate,   WorkflowAction::kUpdate, WorkflowAction::kSubmit,
      WorkflowAction::kWithdraw, WorkflowAction::kReject, WorkflowAction::kApprove,
      WorkflowAction::kPublish,  WorkflowAction::kCorrect};
  return *kActions;
}

v1::AuditAction ToAuditAction(WorkflowAction action) {
  switch (action) {
    case WorkflowAction::kCreate:
      return v1::AUDIT_ACTION_CREATE;
    case WorkflowAction::kUpdate:
      return v1::AUDIT_ACTION_UPDATE;
    case WorkflowAction::kSubmit:
      return v1::AUDIT_ACTION_SUBMIT;
    case WorkflowAction::kWithdraw:
      return v1::AUDIT_ACTION_WITHDRAW;
    case WorkflowAction::kReject:
      return v1::AUDIT_ACTION_REJECT;
    case WorkflowAction::kApprove:
      return v1::AUDIT_ACTION_APPROVE;
    case WorkflowAction::kPublish:
      return v1::AUDIT_ACTION_PUBLISH;
    case WorkflowAction::kCorrect:
      return v1::AUDIT_ACTION_CORRECT;
  }
  return v1::AUDIT_ACTION_UNSPECIFIED;
}

absl::string_view ActionName(WorkflowAction action) {
  switch (action) {
    case WorkflowAction::kCreate:
      return "create";
    case WorkflowAction::kUpdate:
      return "update";
    case WorkflowAction::kSubmit:
      return "submit";
    case WorkflowAction::kWithdraw:
      return "withdraw";
    case WorkflowAction::kReject:
      return "reject";
    case WorkflowAction::kApprove:
      return "approve";
    case WorkflowAction::kPublish:
      return "publish";
    case WorkflowAction::kCorrect:
      return "correct";
  }
  return "unknown";
}

absl::string_view ActionDisplayName(WorkflowAction action) {
  switch (action) {
    case WorkflowAction::kCreate:
      return "创建";
    case WorkflowAction::kUpdate:
      return "修改";
    case WorkflowAction::kSubmit:
      return "提交审核";
    case WorkflowAction::kWithdraw:
      return "撤回";
    case WorkflowAction::kReject:
      return "退回";
    case WorkflowAction::kApprove:
      return "批准";
    case WorkflowAction::kPublish:
      return "发布";
    case WorkflowAction::kCorrect:
      return "更正";
  }
  return "未知操作";
}

absl::string_view StateDisplayName(ReportState state) {
  switch (state) {
    case v1::REPORT_STATE_DRAFT:
      return "草稿";
    case v1::REPORT_STATE_IN_REVIEW:
      return "审核中";
    case v1::REPORT_STATE_APPROVED:
      return "已批准";
    case v1::REPORT_STATE_PUBLISHED:
      return "已发布";
    default:
      return "尚未创建";
  }
}

const std::vector<TransitionRule>& TransitionTable() {
  static const auto* const kTable = new std::vector<TransitionRule>{
      {v1::REPORT_STATE_UNSPECIFIED,
       WorkflowAction::kCreate,
       {v1::ROLE_DRAFTER},
       v1::REPORT_STATE_DRAFT,
       v1::REVISION_KIND_UNSPECIFIED},
      {v1::REPORT_STATE_DRAFT,
       WorkflowAction::kUpdate,
       {v1::ROLE_DRAFTER},
       v1::REPORT_STATE_DRAFT,
       v1::REVISION_KIND_UNSPECIFIED},
      {v1::REPORT_STATE_DRAFT,
       WorkflowAction::kSubmit,
       {v1::ROLE_DRAFTER},
       v1::REPORT_STATE_IN_REVIEW,
       v1::REVISION_KIND_SUBMITTED},
      // Only the submitter (checked in lifecycle.cc), who must still be a drafter.
      {v1::REPORT_STATE_IN_REVIEW,
       WorkflowAction::kWithdraw,
       {v1::ROLE_DRAFTER},
       v1::REPORT_STATE_DRAFT,
       v1::REVISION_KIND_UNSPECIFIED},
      {v1::REPORT_STATE_IN_REVIEW,
       WorkflowAction::kReject,
       {v1::ROLE_REVIEWER, v1::ROLE_APPROVER},
       v1::REPORT_STATE_DRAFT,
       v1::REVISION_KIND_UNSPECIFIED},
      // An approval can still be sent back before publication: by the approver who signed, or by
      // the publisher who finds a problem.
      {v1::REPORT_STATE_APPROVED,
       WorkflowAction::kReject,
       {v1::ROLE_APPROVER, v1::ROLE_PUBLISHER},
       v1::REPORT_STATE_DRAFT,
       v1::REVISION_KIND_UNSPECIFIED},
      // Not the submitter nor the last editor (checked in lifecycle.cc).
      {v1::REPORT_STATE_IN_REVIEW,
       WorkflowAction::kApprove,
       {v1::ROLE_APPROVER},
       v1::REPORT_STATE_APPROVED,
       v1::REVISION_KIND_UNSPECIFIED},
      {v1::REPORT_STATE_APPROVED,
       WorkflowAction::kPublish,
       {v1::ROLE_PUBLISHER},
       v1::REPORT_STATE_PUBLISHED,
       v1::REVISION_KIND_PUBLISHED},
      {v1::REPORT_STATE_PUBLISHED,
       WorkflowAction::kCorrect,
       {v1::ROLE_PUBLISHER},
       v1::REPORT_STATE_DRAFT,
       v1::REVISION_KIND_UNSPECIFIED},
  };
  return *kTable;
}

std::set<Role> RolesForAction(WorkflowAction action) {
  std::set<Role> roles;
  for (const TransitionRule& rule : TransitionTable()) {
    if (rule.action == action) roles.insert(rule.roles.begin(), rule.roles.end());
  }
  return roles;
}

namespace {

bool HoldsOneOf(const std::set<Role>& held, const std::set<Role>& wanted) {
  for (Role role : held) {
    if (wanted.count(role) > 0) return true;
  }
  return false;
}

// "only 起草人 may 提交审核", naming the roles and the action, nothing about the report.
absl::Status MissingRole(WorkflowAction action, const std::set<Role>& wanted) {
  std::vector<std::string> zh_roles;
  std::vector<std::string> en_roles;
  for (Role role : wanted) {
    zh_roles.push_back(RoleDisplayName(role));
    en_roles.push_back(v1::Role_Name(role));
  }
  return MakeStatus(
      absl::StatusCode::kPermissionDenied,
      {absl::StrCat("只有", absl::StrJoin(zh_roles, "或"), "可以", ActionDisplayName(action)),
       absl::StrCat("only ", absl::StrJoin(en_roles, " or "), " may ", ActionName(action))},
      "MISSING_ROLE", {{"required_roles", absl::StrJoin(en_roles, ",")}});
}

}  // namespace

absl::Status CheckActionRole(WorkflowAction action, const std::set<Role>& roles) {
  const std::set<Role> wanted = RolesForAction(action);
  if (HoldsOneOf(roles, wanted)) return absl::OkStatus();
  return MissingRole(action, wanted);
}

TransitionDecision DecideTransition(ReportState state, WorkflowAction action,
                                    const std::set<Role>& roles, absl::string_view report_name) {
  TransitionDecision decision;
  // Role before state: a caller who may not take this action in any state is not told the state.
  if (absl::Status s = CheckActionRole(action, roles); !s.ok()) {
    decision.refusal = std::move(s);
    return decision;
  }
  const TransitionRule* rule = nullptr;
  for (const TransitionRule& candidate : TransitionTable()) {
    if (candidate.from == state && candidate.action == action) rule = &candidate;
  }
  if (rule == nullptr) {
    const std::string state_name = v1::ReportState_Name(state);
    decision.refusal = PreconditionFailed(
        {absl::StrCat("报告当前状态为“", StateDisplayName(state), "”，不能",
                      ActionDisplayName(action)),
         absl::StrCat("cannot ", ActionName(action), " a report in state ", state_name)},
        "WRONG_STATE", "REPORT_STATE", report_name,
        absl::StrCat(StateDisplayName(state), " (", state_name, ")"));
    return decision;
  }
  if (HoldsOneOf(roles, rule->roles)) {
    decision.rule = rule;
    return decision;
  }
  decision.refusal = MissingRole(action, rule->roles);
  return decision;
}

}  // namespace nianbao::workflow
