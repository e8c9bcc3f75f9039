// The lifecycle as data: one row per allowed (state, action), naming the roles that may take it,
// the state it leads to and the revision it freezes. Everything not in the table is refused, with a
// reason in Chinese and English. Rules that depend on who did what before (separation of duties,
// only the submitter withdraws) live in lifecycle.cc; this table only knows states and roles.
#ifndef NIANBAO_WORKFLOW_TRANSITION_TABLE_H_
#define NIANBAO_WORKFLOW_TRANSITION_TABLE_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "nianbao/v1/resources.pb.h"

namespace nianbao::workflow {

// What a caller asks to do to a report.
enum class WorkflowAction {
  kCreate,    // 创建: a new report, revision 1, in DRAFT.
  kUpdate,    // 修改: change the content of a DRAFT.
  kSubmit,    // 提交审核: DRAFT -> IN_REVIEW, freezes the submitted revision.
  kWithdraw,  // 撤回: the submitter takes it back, IN_REVIEW -> DRAFT.
  kReject,    // 退回: back to DRAFT with a reason.
  kApprove,   // 批准（审核签发）: IN_REVIEW -> APPROVED.
  kPublish,   // 发布: APPROVED -> PUBLISHED, freezes the published revision.
  kCorrect,   // 更正: PUBLISHED -> DRAFT of revision + 1.
};

// Every action, in declaration order (for tables and tests).
const std::vector<WorkflowAction>& AllWorkflowActions();

// The audit action recorded for a workflow action.
nianbao::v1::AuditAction ToAuditAction(WorkflowAction action);
// "submit", "approve", ... (lowercase English, as in the API's method names).
absl::string_view ActionName(WorkflowAction action);
// 提交审核, 批准, ...
absl::string_view ActionDisplayName(WorkflowAction action);
// 草稿, 审核中, ... ("尚未创建" for REPORT_STATE_UNSPECIFIED).
absl::string_view StateDisplayName(nianbao::v1::ReportState state);

// One allowed transition. `from` REPORT_STATE_UNSPECIFIED means "no report yet" (create).
struct TransitionRule {
  nianbao::v1::ReportState from;
  WorkflowAction action;
  std::set<nianbao::v1::Role> roles;  // Any one of them suffices.
  nianbao::v1::ReportState to;
  nianbao::v1::RevisionKind freezes;  // REVISION_KIND_UNSPECIFIED: freezes nothing.
};

// The whole table.
const std::vector<TransitionRule>& TransitionTable();

// The decision for one (state, action, roles held): the matching rule, or a refusal.
struct TransitionDecision {
  const TransitionRule* rule = nullptr;  // Set when allowed.
  absl::Status refusal;                  // Set when refused.
  bool allowed() const { return rule != nullptr; }
};

// The roles that may take `action` in some state (the union over the table's rows for it).
std::set<nianbao::v1::Role> RolesForAction(WorkflowAction action);

// PERMISSION_DENIED (ErrorInfo reason "MISSING_ROLE", metadata required_roles) unless `roles`
// holds one of RolesForAction(action). Its message and details name the action and the roles,
// never a report's state: it is the refusal for a caller who may not act whatever the state.
absl::Status CheckActionRole(WorkflowAction action, const std::set<nianbao::v1::Role>& roles);

// Role before state:
//  - PERMISSION_DENIED from CheckActionRole when none of `roles` may ever take `action`;
//  - FAILED_PRECONDITION (ErrorInfo "WRONG_STATE"; PreconditionFailure type "REPORT_STATE",
//    subject `report_name`, description "<状态> (<the state's enum name>)") when no role may take
//    `action` in `state`;
//  - PERMISSION_DENIED ("MISSING_ROLE") when some role may in `state` but none of `roles` does
//    (the reject of a report in review or approved: only a caller who may reject learns which).
TransitionDecision DecideTransition(nianbao::v1::ReportState state, WorkflowAction action,
                                    const std::set<nianbao::v1::Role>& roles,
                                    absl::string_view report_name);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_TRANSITION_TABLE_H_
