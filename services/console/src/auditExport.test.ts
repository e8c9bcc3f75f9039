import { create, fromJsonString } from '@bufbuild/protobuf';
import { describe, expect, test } from 'vitest';

import { AuditExportRecordSchema } from '@gen/nianbao/v1/audit_pb';
import { AuditAction, AuditCheckpointSchema, AuditEventSchema } from '@gen/nianbao/v1/resources_pb';
import { auditExportFileName, auditExportText } from './auditExport';

const event = (sequence: number) => create(AuditEventSchema, {
  sequence: BigInt(sequence), action: AuditAction.CREATE, actor: 'li.qicao',
  report: 'agencies/shuyang-fagaiju/reports/2024', hash: new Uint8Array([sequence, 0xff]),
});
const checkpoint = create(AuditCheckpointSchema, {
  sequence: 2n, headHash: new Uint8Array([2, 0xff]), signature: new Uint8Array([9, 9]), keyId: 'k1',
  agencyId: 'shuyang-fagaiju', agencySequence: 2n,
});

describe('auditExportText', () => {
  test('header, events up to the checkpoint, checkpoint: one proto3 JSON line each, as the CLI writes', () => {
    const text = auditExportText('shuyang-fagaiju', 0n, [event(1), event(2), event(3)], checkpoint,
      new Date(Date.UTC(2025, 1, 3, 4, 5, 6)));
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    // The field names and forms of C++'s MessageToJsonString: lowerCamelCase, int64 as strings,
    // bytes as base64, enums by name, timestamps in RFC 3339.
    expect(JSON.parse(lines[0])).toEqual({ header: { agencyId: 'shuyang-fagaiju', exportTime: '2025-02-03T04:05:06Z' } });
    expect(JSON.parse(lines[1]).event).toMatchObject({ sequence: '1', action: 'AUDIT_ACTION_CREATE', hash: 'Af8=' });
    expect(JSON.parse(lines[3]).checkpoint).toMatchObject({ sequence: '2', agencySequence: '2', keyId: 'k1' });
    // Each line reads back as the record it was: nothing lost for the verifier's hashes.
    const back = fromJsonString(AuditExportRecordSchema, lines[2]);
    expect(back.record.case).toBe('event');
    expect(back.record.value).toEqual(event(2));
  });

  test('file name by agency and checkpoint', () => {
    expect(auditExportFileName('shuyang-fagaiju', checkpoint)).toBe('audit-shuyang-fagaiju-00000002.jsonl');
    expect(auditExportFileName('', checkpoint)).toBe('audit-all-00000002.jsonl');
  });
});
