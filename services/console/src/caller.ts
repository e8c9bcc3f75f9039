// Who is signed in, as GetCaller answers at sign-in: the principal, the person's name and the
// roles per agency. Kept as plain data (session storage holds it as JSON) so that the header, the
// agency picker and the actions' visibility read it without another call. What it shows is only
// a guide: the server decides every call.
import type { Caller } from '@gen/nianbao/v1/agency_pb';
import { Role } from '@gen/nianbao/v1/resources_pb';

// "agencies/-": a binding for every agency (central auditor, administrator).
export const EVERY_AGENCY = '-';

export interface Binding { agencyId: string; agencyName: string; roles: Role[] }
export interface CallerInfo { principal: string; displayName: string; bindings: Binding[] }

export const ROLE_LABELS: Record<Role, string> = {
  [Role.UNSPECIFIED]: '未知',
  [Role.DRAFTER]: '起草人',
  [Role.REVIEWER]: '审核人',
  [Role.APPROVER]: '签发人',
  [Role.PUBLISHER]: '发布人',
  [Role.AUDITOR]: '审计员',
  [Role.READER]: '查阅人',
  [Role.CENTRAL_AUDITOR]: '中央审计员',
  [Role.ADMIN]: '管理员',
  [Role.SUPERVISOR]: '上级主管',
};

export function callerInfo(caller: Caller): CallerInfo {
  return {
    principal: caller.principal,
    displayName: caller.displayName,
    bindings: caller.roleBindings.map((b) => ({
      agencyId: b.agency.replace(/^agencies\//, ''), agencyName: b.agencyDisplayName, roles: [...b.roles],
    })),
  };
}

// "李起草（li.qicao）", or the principal alone when the file gives no name.
export const callerName = (c: CallerInfo): string =>
  (c.displayName ? `${c.displayName}（${c.principal}）` : c.principal);

// One line per binding: "沭阳县发展和改革局：起草人、查阅人"; "全部单位" for the every-agency binding.
export const bindingText = (b: Binding): string =>
  `${b.agencyId === EVERY_AGENCY ? '全部单位' : b.agencyName || b.agencyId}：${b.roles.map((r) => ROLE_LABELS[r]).join('、')}`;

// True when the caller holds `role` for `agencyId`, directly or through the every-agency binding.
export const hasRole = (c: CallerInfo | undefined, agencyId: string, role: Role): boolean =>
  !!c?.bindings.some((b) => (b.agencyId === agencyId || b.agencyId === EVERY_AGENCY) && b.roles.includes(role));

// The agencies the caller may create reports for (起草人), by name; `every` is true when a binding
// covers every agency (then the picker lists the registry instead).
export function draftingAgencies(c: CallerInfo | undefined): { agencies: Binding[]; every: boolean } {
  const drafting = (c?.bindings ?? []).filter((b) => b.roles.includes(Role.DRAFTER));
  return {
    agencies: drafting.filter((b) => b.agencyId !== EVERY_AGENCY),
    every: drafting.some((b) => b.agencyId === EVERY_AGENCY),
  };
}

// The agency an imported document is for, among the picker's choices: the one whose registry name
// is the name the document states (metadata.agency_name), so that the drafter of several agencies
// finds it picked; '' when none or several match (the drafter picks).
export function agencyNamed(choices: Binding[], documentAgencyName: string | undefined): string {
  const name = (documentAgencyName ?? '').trim();
  if (!name) return '';
  const matching = choices.filter((c) => c.agencyName.trim() === name);
  return matching.length === 1 ? matching[0].agencyId : '';
}

// An agency in a picker: its registry name with the ID, or the ID alone.
export const choiceLabel = (b: Binding): string =>
  (b.agencyName ? `${b.agencyName}（${b.agencyId}）` : b.agencyId);
