import { Code, ConnectError } from '@connectrpc/connect';
import { describe, expect, test } from 'vitest';

import {
  BadRequestSchema, ErrorInfoSchema, PreconditionFailureSchema,
} from '@gen/google/rpc/error_details_pb';
import { UNAVAILABLE, UNREACHABLE, failure, isConflict } from './failures';

describe('failure', () => {
  test('the server\'s message as it came, with the field it names when the message does not', () => {
    const limit = new ConnectError('文本超过长度上限 (text too long)', Code.InvalidArgument, undefined, [
      { desc: BadRequestSchema, value: { fieldViolations: [{ field: 'report.content.other_matters', description: '…' }] } },
      { desc: ErrorInfoSchema, value: { reason: 'INVALID_FIELD' } },
    ]);
    const f = failure(limit);
    expect(f.message).toBe('文本超过长度上限 (text too long)（字段 field：report.content.other_matters）');
    expect(f.fields).toEqual(['report.content.other_matters']);
    expect(f.reason).toBe('INVALID_FIELD');

    const named = new ConnectError('reason 必填 (reason is required)', Code.InvalidArgument, undefined, [
      { desc: BadRequestSchema, value: { fieldViolations: [{ field: 'reason' }] } },
    ]);
    expect(failure(named).message).toBe('reason 必填 (reason is required)');
  });

  test('the gateway down: said plainly, not as the browser\'s fetch error', () => {
    // What connect-web rejects with when fetch() gets no answer at all.
    const down = ConnectError.from(new TypeError('Failed to fetch'));
    expect(failure(down).message).toBe(UNREACHABLE);
    expect(failure(new ConnectError('NetworkError when attempting to fetch resource.')).message).toBe(UNREACHABLE);
  });

  test('a transport\'s own words are prefixed in the user\'s language; a server\'s are not', () => {
    const upstream = new ConnectError('failed to connect to all addresses', Code.Unavailable);
    expect(failure(upstream).message).toBe(`${UNAVAILABLE}：failed to connect to all addresses`);
    expect(failure(new ConnectError('', Code.Unavailable)).message).toBe(UNAVAILABLE);
    const server = new ConnectError('服务正在停止 (shutting down)', Code.Unavailable);
    expect(failure(server).message).toBe('服务正在停止 (shutting down)');
    expect(failure(new ConnectError('', Code.Internal)).message).toBe('请求失败 (request failed: Internal)');
  });

  test('unacknowledged warnings and the stale etag', () => {
    const warnings = new ConnectError('有警告未确认 (warnings not acknowledged)', Code.FailedPrecondition, undefined, [
      { desc: PreconditionFailureSchema, value: { violations: [
        { type: 'WARNING_NOT_ACKNOWLEDGED', subject: 'S5_CONTENT' }, { type: 'ERROR', subject: 'T3_BALANCE' },
      ] } },
    ]);
    expect(failure(warnings).unacknowledgedWarnings).toEqual(['S5_CONTENT']);
    expect(isConflict(failure(new ConnectError('版本已变化 (stale)', Code.Aborted)))).toBe(true);
    expect(isConflict(failure(warnings))).toBe(false);
  });
});
