import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { describe, expect, test } from 'vitest';

import { ReportRevisionSchema, RevisionKind } from '@gen/nianbao/v1/resources_pb';
import { revisionRows } from './revisions';

const revision = (n: number, kind: RevisionKind, publisher = '') => create(ReportRevisionSchema, {
  name: `agencies/a/reports/2024/revisions/${n}`, revision: BigInt(n), kind, submitter: 'li.qicao',
  createTime: timestampFromDate(new Date(Date.UTC(2025, 0, n))),
  publisher, publishTime: publisher ? timestampFromDate(new Date(Date.UTC(2025, 0, n, 8))) : undefined,
});

describe('revisionRows', () => {
  test('after a correction is published, the earlier publication is kept and marked as replaced', () => {
    const rows = revisionRows([
      revision(1, RevisionKind.SUBMITTED), revision(2, RevisionKind.PUBLISHED, 'chen.fabu'),
      revision(3, RevisionKind.PUBLISHED, 'chen.fabu'),
    ], 3n);
    expect(rows.map((r) => [r.revision, r.status, r.inForce])).toEqual([
      [3n, '已发布（现行）', true],
      [2n, '已发布（已被更正取代）', false],
      [1n, '提交稿（未发布）', false],
    ]);
    expect(rows[1].publisher).toBe('chen.fabu');
    expect(rows[1].published).not.toBe('');
    expect(rows[2].published).toBe('');
  });

  test('while a correction is in draft the published revision stays in force', () => {
    const rows = revisionRows([revision(2, RevisionKind.PUBLISHED, 'chen.fabu'),
      revision(1, RevisionKind.SUBMITTED)], 2n);
    expect(rows.map((r) => r.status)).toEqual(['已发布（现行）', '提交稿（未发布）']);
  });
});
