// Reading and writing the report's cells and paragraphs by their proto path, through the generated
// schema's field descriptors (no hand-written message shapes): a path's messages are created on
// the way when a cell that was absent is filled in.
import { create, type DescMessage } from '@bufbuild/protobuf';

import {
  AmountCellSchema, type AnnualReport, AnnualReportSchema, CountCellSchema, DecimalSchema,
  type AmountCell, type CountCell,
} from '@gen/nianbao/v1/report_pb';

type Fields = Record<string, unknown>;

function step(schema: DescMessage, name: string) {
  const field = schema.fields.find((f) => f.name === name);
  if (!field || field.fieldKind !== 'message') throw new Error(`${schema.typeName} has no message field ${name}`);
  return field;
}

export function getAt(report: AnnualReport, path: string): unknown {
  let schema: DescMessage = AnnualReportSchema;
  let value: unknown = report;
  for (const name of path.split('.')) {
    if (value === undefined) return undefined;
    const field = step(schema, name);
    value = (value as Fields)[field.localName];
    schema = field.message;
  }
  return value;
}

// Sets the message at `path` to `value` (undefined clears it), creating its parents.
export function setAt(report: AnnualReport, path: string, value: unknown): void {
  let schema: DescMessage = AnnualReportSchema;
  let target = report as unknown as Fields;
  const names = path.split('.');
  names.forEach((name, i) => {
    const field = step(schema, name);
    if (i === names.length - 1) {
      target[field.localName] = value;
      return;
    }
    if (target[field.localName] === undefined) target[field.localName] = create(field.message);
    target = target[field.localName] as Fields;
    schema = field.message;
  });
}

export function decimalText(units: bigint, nanos: number): string {
  if (nanos === 0) return units.toString();
  const negative = units < 0n || nanos < 0;
  const whole = (units < 0n ? -units : units).toString();
  const fraction = String(Math.abs(nanos)).padStart(9, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

export function cellText(cell: CountCell | AmountCell | undefined): string {
  if (!cell) return '';
  if (cell.$typeName === 'nianbao.v1.AmountCell') {
    if (cell.content.case === 'amount') return decimalText(cell.content.value.units, cell.content.value.nanos);
    return cell.content.case === 'text' ? cell.content.value : '';
  }
  if (cell.content.case === 'number') return String(cell.content.value);
  return cell.content.case === 'text' ? cell.content.value : '';
}

// A typed cell back from what was typed: digits a number, an empty cell blank, anything else
// text as written (the validation service says what is wrong with it). `signed`: a leading minus
// is part of the number (only the 2019 format's 本年增/减, services/format's may_be_negative).
export function parseCell(typeName: string, text: string, signed = false): CountCell | AmountCell {
  const trimmed = text.trim();
  if (typeName === 'nianbao.v1.AmountCell') {
    const m = /^(-?)(\d+)(?:\.(\d{1,9}))?$/.exec(trimmed);
    if (m) {
      const sign = m[1] ? -1 : 1;
      const nanos = Number((m[3] ?? '').padEnd(9, '0')) * sign;
      return create(AmountCellSchema, {
        content: { case: 'amount', value: create(DecimalSchema, { units: BigInt(m[1] + m[2]), nanos }) },
      });
    }
    return create(AmountCellSchema, trimmed ? { content: { case: 'text', value: trimmed } } : {});
  }
  if ((signed ? /^-?\d{1,9}$/ : /^\d{1,9}$/).test(trimmed)) {
    return create(CountCellSchema, { content: { case: 'number', value: Number(trimmed) } });
  }
  return create(CountCellSchema, trimmed ? { content: { case: 'text', value: trimmed } } : {});
}

// Whether the cell at `path` may hold a negative count (table 2's 本年增/减 in the 2019 format).
export const isSignedCell = (path: string): boolean =>
  path.startsWith('active_disclosure.table.trial_2019.') && path.endsWith('.change');

// The type of the cell at `path` ("nianbao.v1.CountCell" or "nianbao.v1.AmountCell").
export function cellType(path: string): string {
  let schema: DescMessage = AnnualReportSchema;
  for (const name of path.split('.')) schema = step(schema, name).message;
  return schema.typeName;
}

// The message at `path`, created (with its parents) when absent.
export function ensureAt(report: AnnualReport, path: string): Fields {
  let schema: DescMessage = AnnualReportSchema;
  let target = report as unknown as Fields;
  for (const name of path.split('.')) {
    const field = step(schema, name);
    if (target[field.localName] === undefined) target[field.localName] = create(field.message);
    target = target[field.localName] as Fields;
    schema = field.message;
  }
  return target;
}
