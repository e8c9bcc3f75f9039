// The audit export file as `nianbao audit export` writes it (services/cli/audit_command.cc,
// docs/audit-export.md): JSON lines of nianbao.v1.AuditExportRecord — a header, the events in
// chain order up to the checkpoint, the signed checkpoint last — in proto3 JSON, so that
// `nianbao audit verify --public-key KEY FILE` checks a file made in the browser as it checks the
// CLI's. The lines are built here from what the API returns; nothing is recomputed.
import { create, toJsonString } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { type AuditExportRecord, AuditExportRecordSchema } from '@gen/nianbao/v1/audit_pb';
import type { AuditCheckpoint, AuditEvent } from '@gen/nianbao/v1/resources_pb';

const line = (record: AuditExportRecord) => toJsonString(AuditExportRecordSchema, record);

// The file's text: one record per line, each line ending in "\n" as the CLI's do. `events` are
// those streamed after `afterSequence`; any past the checkpoint's head are left out (the
// checkpoint vouches for the chain up to its sequence only).
export function auditExportText(agencyId: string, afterSequence: bigint, events: AuditEvent[],
  checkpoint: AuditCheckpoint, exportTime: Date): string {
  const records: AuditExportRecord[] = [
    create(AuditExportRecordSchema, {
      record: { case: 'header', value: { agencyId, afterSequence, exportTime: timestampFromDate(exportTime) } },
    }),
    ...events.filter((e) => e.sequence <= checkpoint.sequence)
      .map((event) => create(AuditExportRecordSchema, { record: { case: 'event', value: event } })),
    create(AuditExportRecordSchema, { record: { case: 'checkpoint', value: checkpoint } }),
  ];
  return records.map((r) => `${line(r)}\n`).join('');
}

// "audit-shuyang-fagaiju-00000042.jsonl": the agency (or "all") and the checkpoint's sequence.
export const auditExportFileName = (agencyId: string, checkpoint: AuditCheckpoint): string =>
  `audit-${agencyId || 'all'}-${String(checkpoint.sequence).padStart(8, '0')}.jsonl`;
