import { create } from '@bufbuild/protobuf';
import { describe, expect, test } from 'vitest';

import { CallerSchema } from '@gen/nianbao/v1/agency_pb';
import { Role } from '@gen/nianbao/v1/resources_pb';
import { agencyNamed, bindingText, callerInfo, callerName, draftingAgencies, hasRole } from './caller';

const caller = callerInfo(create(CallerSchema, {
  principal: 'li.qicao', displayName: '李起草',
  roleBindings: [
    { agency: 'agencies/-', roles: [Role.READER] },
    { agency: 'agencies/shuyang-fagaiju', agencyDisplayName: '沭阳县发展和改革局', roles: [Role.DRAFTER, Role.PUBLISHER] },
    { agency: 'agencies/shuyang-jiaoyuju', roles: [Role.REVIEWER] },
  ],
}));

describe('caller', () => {
  test('name, and one line per binding with the registry name or else the id', () => {
    expect(callerName(caller)).toBe('李起草（li.qicao）');
    expect(caller.bindings.map(bindingText)).toEqual([
      '全部单位：查阅人', '沭阳县发展和改革局：起草人、发布人', 'shuyang-jiaoyuju：审核人',
    ]);
  });

  test('roles per agency count the every-agency binding', () => {
    expect(hasRole(caller, 'shuyang-fagaiju', Role.PUBLISHER)).toBe(true);
    expect(hasRole(caller, 'shuyang-jiaoyuju', Role.PUBLISHER)).toBe(false);
    expect(hasRole(caller, 'elsewhere', Role.READER)).toBe(true);
    expect(hasRole(undefined, 'shuyang-fagaiju', Role.READER)).toBe(false);
  });

  test('the picker offers the agencies drafted for', () => {
    expect(draftingAgencies(caller)).toEqual({
      agencies: [{ agencyId: 'shuyang-fagaiju', agencyName: '沭阳县发展和改革局', roles: [Role.DRAFTER, Role.PUBLISHER] }],
      every: false,
    });
  });

  test('an imported document picks the agency whose registry name it states', () => {
    const choices = [
      { agencyId: 'jianshan-jiaotiju', agencyName: '尖山区教体局', roles: [Role.DRAFTER] },
      { agencyId: 'jianshan-weijianju', agencyName: '尖山区卫生健康委员会', roles: [Role.DRAFTER] },
      { agencyId: 'unnamed', agencyName: '', roles: [Role.DRAFTER] },
    ];
    expect(agencyNamed(choices, ' 尖山区教体局 ')).toBe('jianshan-jiaotiju');
    expect(agencyNamed(choices, '沭阳县发展和改革局')).toBe('');
    expect(agencyNamed(choices, '')).toBe('');
    expect(agencyNamed(choices, undefined)).toBe('');
    expect(agencyNamed([...choices, { ...choices[0], agencyId: 'twin' }], '尖山区教体局')).toBe('');
  });
});
