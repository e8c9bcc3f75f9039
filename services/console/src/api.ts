// The one API module: Connect clients generated from proto/ over the gateway of this page's own
// origin, so the bearer token goes to the gateway only.
import { createClient, type Interceptor } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';

import { AgencyService } from '@gen/nianbao/v1/agency_pb';
import { AuditService } from '@gen/nianbao/v1/audit_pb';
import { OfficeService } from '@gen/nianbao/v1/office_pb';
import { ValidationService } from '@gen/nianbao/v1/validation_pb';
import { WorkflowService } from '@gen/nianbao/v1/workflow_pb';
import type { Binding } from './caller';
import { session } from './session';

const withToken: Interceptor = (next) => async (request) => {
  if (session.token) request.header.set('authorization', `Bearer ${session.token}`);
  return next(request);
};

const transport = createConnectTransport({
  baseUrl: window.location.origin,
  interceptors: [withToken],
});

export const workflow = createClient(WorkflowService, transport);
export const validation = createClient(ValidationService, transport);
export const agencies = createClient(AgencyService, transport);
export const audit = createClient(AuditService, transport);
export const office = createClient(OfficeService, transport);

// The text of a failed call as the user sees it: failures.ts.
export { type CallFailure, failure, isConflict } from './failures';

// Every agency of the registry, page after page, as choices without roles: what a caller bound to
// every agency (agencies/-) picks from.
export async function registryAgencies(): Promise<Binding[]> {
  const all: Binding[] = [];
  let pageToken = '';
  do {
    const page = await agencies.listAgencies({ pageSize: 1000, pageToken });
    all.push(...page.agencies.map((a) => ({ agencyId: a.agencyId, agencyName: a.displayName, roles: [] })));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}
