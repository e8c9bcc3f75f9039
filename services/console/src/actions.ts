// Which actions the report page offers the signed-in person, from the report's state, who
// submitted and last edited it, and the caller's roles for its agency (GetCaller's answer): the
// rules of workflow/transition_table.cc and lifecycle.cc as a guide, so that a drafter is not shown
// a reviewer's buttons nor a reviewer a drafter's. The server still decides every call and its
// refusal is shown as it words it.
import { type Report, ReportState, Role } from '@gen/nianbao/v1/resources_pb';
import { type CallerInfo, hasRole } from './caller';

export interface ReportActions {
  // DRAFT: edit, save and submit (起草人).
  edit: boolean;
  // IN_REVIEW: 撤回 back to a draft, by the submitter only (who must still be a drafter).
  withdraw: boolean;
  // 退回 with a reason: IN_REVIEW by a reviewer or approver; APPROVED by an approver or publisher.
  reject: boolean;
  // IN_REVIEW: 签发 (approver); also shown, disabled, to the submitter with `approveBlocked`.
  approve: boolean;
  // Why 签发 is disabled for this person (separation of duties), or ''.
  approveBlocked: string;
  // APPROVED: 发布; PUBLISHED: 更正 (发布人).
  publish: boolean;
  correct: boolean;
}

export const SOD_SUBMITTER = '您是本报告的提交人，不能签发本人提交的报告（职责分离）。';
export const SOD_LAST_EDITOR = '您是本报告的最后修改人，不能签发本人修改的报告（职责分离）。';

export function reportActions(report: Report | undefined, caller: CallerInfo | undefined): ReportActions {
  const none: ReportActions = {
    edit: false, withdraw: false, reject: false, approve: false, approveBlocked: '', publish: false, correct: false,
  };
  if (!report || !caller) return none;
  const has = (role: Role) => hasRole(caller, report.agencyId, role);
  const me = caller.principal;
  const submitter = report.submitter === me;
  switch (report.state) {
    case ReportState.DRAFT:
      return { ...none, edit: has(Role.DRAFTER) };
    case ReportState.IN_REVIEW: {
      const approveBlocked = submitter ? SOD_SUBMITTER : report.lastEditor === me ? SOD_LAST_EDITOR : '';
      return {
        ...none,
        withdraw: submitter && has(Role.DRAFTER),
        reject: has(Role.REVIEWER) || has(Role.APPROVER),
        approve: has(Role.APPROVER) || submitter,
        approveBlocked,
      };
    }
    case ReportState.APPROVED:
      return { ...none, reject: has(Role.APPROVER) || has(Role.PUBLISHER), publish: has(Role.PUBLISHER) };
    case ReportState.PUBLISHED:
      return { ...none, correct: has(Role.PUBLISHER) };
    default:
      return none;
  }
}
