// The one API module: Connect clients generated from proto/ over the gateway of this page's own
// origin, so the bearer token goes to the gateway only; and the text of a failed call as the
// server wrote it (bilingual, Chinese first), with its google.rpc details.
import { Code, ConnectError, createClient, type Interceptor } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';

import {
  BadRequestSchema, ErrorInfoSchema, PreconditionFailureSchema,
} from '@gen/google/rpc/error_details_pb';
import { AgencyService } from '@gen/nianbao/v1/agency_pb';
import { AuditService } from '@gen/nianbao/v1/audit_pb';
import { OfficeService } from '@gen/nianbao/v1/office_pb';
import { ValidationService } from '@gen/nianbao/v1/validation_pb';
import { WorkflowService } from '@gen/nianbao/v1/workflow_pb';
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

export interface CallFailure {
  code: Code;
  message: string;
  reason: string;
  fields: string[];
  unacknowledgedWarnings: string[];
}

// What a failed call tells the user: the server's own message, the ErrorInfo reason, the fields a
// BadRequest names and the warnings a PreconditionFailure says are not acknowledged.
export function failure(error: unknown): CallFailure {
  const e = ConnectError.from(error);
  const result: CallFailure = {
    code: e.code, message: e.rawMessage, reason: '', fields: [], unacknowledgedWarnings: [],
  };
  result.reason = e.findDetails(ErrorInfoSchema)[0]?.reason ?? '';
  for (const bad of e.findDetails(BadRequestSchema)) {
    result.fields.push(...bad.fieldViolations.map((v) => v.field));
  }
  for (const precondition of e.findDetails(PreconditionFailureSchema)) {
    result.unacknowledgedWarnings.push(...precondition.violations
      .filter((v) => v.type === 'WARNING_NOT_ACKNOWLEDGED').map((v) => v.subject));
  }
  return result;
}

export function isConflict(f: CallFailure): boolean {
  return f.code === Code.Aborted || f.reason === 'STALE_ETAG';
}
