// What a failed call tells the user, in their language: the server's own message (bilingual,
// Chinese first), the fields a BadRequest names, the ErrorInfo reason and the warnings a
// PreconditionFailure says are not acknowledged. A call that never reached the server (the
// gateway down, the network gone) has no server message: the browser's "Failed to fetch" means
// nothing to a drafter, so it is said plainly instead. Kept apart from api.ts (which opens the
// transport on the page's origin) so that it is tested without a browser.
import { Code, ConnectError } from '@connectrpc/connect';

import {
  BadRequestSchema, ErrorInfoSchema, PreconditionFailureSchema,
} from '@gen/google/rpc/error_details_pb';

export interface CallFailure {
  code: Code;
  // What to show: the server's message, with the fields it names when the message does not.
  message: string;
  reason: string;
  fields: string[];
  unacknowledgedWarnings: string[];
}

export const UNREACHABLE = '无法连接服务器，请检查网络或稍后重试 (cannot reach the server)';
export const UNAVAILABLE = '服务暂时不可用，请稍后重试 (the service is unavailable)';
export const TIMED_OUT = '服务器未在时限内答复，请稍后重试 (the server did not answer in time)';
export const CANCELED = '请求已取消 (the request was cancelled)';

// fetch() rejects with a TypeError when no answer came at all; its text differs per browser.
function neverReached(e: ConnectError): boolean {
  return e.code === Code.Unknown && (e.cause instanceof TypeError ||
    /^(Failed to fetch|NetworkError|Load failed|fetch failed)/.test(e.rawMessage));
}

// The server's messages are bilingual and start in Chinese; a transport's own (gRPC's "failed to
// connect to all addresses", a proxy's "HTTP 502") are not.
const fromServer = (text: string): boolean => /[\u4e00-\u9fff]/.test(text);

function shownMessage(e: ConnectError, fields: string[]): string {
  if (neverReached(e)) return UNREACHABLE;
  const raw = e.rawMessage.trim();
  if (!fromServer(raw)) {
    const plain = e.code === Code.Unavailable ? UNAVAILABLE
      : e.code === Code.DeadlineExceeded ? TIMED_OUT
        : e.code === Code.Canceled ? CANCELED : '';
    if (plain) return raw ? `${plain}：${raw}` : plain;
  }
  const unnamed = fields.filter((f) => !raw.includes(f));
  const text = raw || `请求失败 (request failed: ${Code[e.code]})`;
  return unnamed.length ? `${text}（字段 field：${unnamed.join('、')}）` : text;
}

export function failure(error: unknown): CallFailure {
  const e = ConnectError.from(error);
  const fields: string[] = [];
  for (const bad of e.findDetails(BadRequestSchema)) {
    fields.push(...bad.fieldViolations.map((v) => v.field));
  }
  const unacknowledgedWarnings: string[] = [];
  for (const precondition of e.findDetails(PreconditionFailureSchema)) {
    unacknowledgedWarnings.push(...precondition.violations
      .filter((v) => v.type === 'WARNING_NOT_ACKNOWLEDGED').map((v) => v.subject));
  }
  return {
    code: e.code,
    message: shownMessage(e, fields),
    reason: e.findDetails(ErrorInfoSchema)[0]?.reason ?? '',
    fields,
    unacknowledgedWarnings,
  };
}

export function isConflict(f: CallFailure): boolean {
  return f.code === Code.Aborted || f.reason === 'STALE_ETAG';
}
