import { create } from '@bufbuild/protobuf';
import { describe, expect, test } from 'vitest';

import { ReportSchema, ReportState, Role } from '@gen/nianbao/v1/resources_pb';
import { SOD_LAST_EDITOR, SOD_SUBMITTER, reportActions } from './actions';
import type { CallerInfo } from './caller';

const person = (principal: string, ...roles: Role[]): CallerInfo =>
  ({ principal, displayName: '', bindings: [{ agencyId: 'jianshan-jiaotiju', agencyName: '', roles }] });
const drafter = person('li.qicao', Role.DRAFTER, Role.READER);
const reviewer = person('wang.shenhe', Role.REVIEWER, Role.READER);
const approver = person('zhao.qianfa', Role.APPROVER, Role.READER);
const publisher = person('chen.fabu', Role.PUBLISHER, Role.READER);
const elsewhere: CallerInfo = { principal: 'x', displayName: '', bindings: [{ agencyId: 'other', agencyName: '', roles: [Role.APPROVER] }] };
const report = (state: ReportState, submitter = '', lastEditor = '') =>
  create(ReportSchema, { agencyId: 'jianshan-jiaotiju', state, submitter, lastEditor });

describe('reportActions', () => {
  test('a submitted report: the submitter may withdraw and is told why not approve', () => {
    const submitted = report(ReportState.IN_REVIEW, 'li.qicao', 'li.qicao');
    expect(reportActions(submitted, drafter)).toMatchObject({
      withdraw: true, reject: false, approve: true, approveBlocked: SOD_SUBMITTER,
    });
    expect(reportActions(submitted, reviewer)).toMatchObject({ withdraw: false, reject: true, approve: false });
    expect(reportActions(submitted, approver)).toMatchObject({ withdraw: false, reject: true, approve: true, approveBlocked: '' });
    // Another drafter of the agency did not submit it: not theirs to withdraw.
    expect(reportActions(submitted, person('ma.qicao', Role.DRAFTER)).withdraw).toBe(false);
    expect(reportActions(submitted, elsewhere)).toMatchObject({ reject: false, approve: false });
  });

  test('an approver who last edited the report may not approve it', () => {
    const edited = report(ReportState.IN_REVIEW, 'li.qicao', 'zhao.qianfa');
    expect(reportActions(edited, approver).approveBlocked).toBe(SOD_LAST_EDITOR);
  });

  test('draft, approved and published go to the roles of the transition table', () => {
    expect(reportActions(report(ReportState.DRAFT), drafter).edit).toBe(true);
    expect(reportActions(report(ReportState.DRAFT), reviewer).edit).toBe(false);
    expect(reportActions(report(ReportState.APPROVED), publisher)).toMatchObject({ publish: true, reject: true });
    expect(reportActions(report(ReportState.APPROVED), approver)).toMatchObject({ publish: false, reject: true });
    expect(reportActions(report(ReportState.APPROVED), reviewer)).toMatchObject({ publish: false, reject: false });
    expect(reportActions(report(ReportState.PUBLISHED), publisher).correct).toBe(true);
    expect(reportActions(report(ReportState.PUBLISHED), drafter).correct).toBe(false);
    expect(reportActions(undefined, drafter).edit).toBe(false);
    expect(reportActions(report(ReportState.DRAFT), undefined).edit).toBe(false);
  });
});
