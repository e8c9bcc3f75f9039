import { create } from '@bufbuild/protobuf';
import { describe, expect, test } from 'vitest';

import { FindingSchema, Severity } from '@gen/nianbao/v1/validation_pb';
import { cellKey, placeFindings, sortedFindings, warningCodes } from './findings';

const finding = (code: string, severity: Severity, fieldPath = '', column = '') =>
  create(FindingSchema, { code, severity, fieldPath, column, messageZh: code });

const ROW = 'applications.table.carried_forward';
const rows = new Set([ROW, 'active_disclosure.table.fee_amount']);
const cells = new Set([cellKey(ROW, 'natural_person'), cellKey(ROW, 'commercial_enterprise'),
  cellKey(ROW, 'total'), 'active_disclosure.table.fee_amount']);

describe('placeFindings', () => {
  test('a finding naming columns of a row goes on each of those cells', () => {
    const f = finding('CELL_NOT_NUMBER', Severity.WARNING, ROW, 'natural_person, commercial_enterprise');
    const p = placeFindings([f], rows, cells);
    expect(p.byCell.get(cellKey(ROW, 'natural_person'))).toEqual([f]);
    expect(p.byCell.get(cellKey(ROW, 'commercial_enterprise'))).toEqual([f]);
    expect(p.byCell.has(cellKey(ROW, 'total'))).toBe(false);
    expect(p.byRow.size + p.bySection.size + p.report.length).toBe(0);
  });

  test('a single-cell row is its own cell; a row without cells named is the row', () => {
    const fee = finding('FEE', Severity.ERROR, 'active_disclosure.table.fee_amount');
    const row = finding('T3_ROW', Severity.ERROR, ROW);
    const p = placeFindings([fee, row], rows, cells);
    expect(p.byCell.get('active_disclosure.table.fee_amount')).toEqual([fee]);
    expect(p.byRow.get(ROW)).toEqual([row]);
  });

  test('columns the page does not show fall back to the row, other paths to their section', () => {
    const odd = finding('X', Severity.WARNING, ROW, 'no_such_column');
    const inSection = finding('Y', Severity.WARNING, 'review_litigation.notes');
    const header = finding('Z', Severity.INFO, 'metadata.report_year');
    const p = placeFindings([odd, inSection, header], rows, cells);
    expect(p.byRow.get(ROW)).toEqual([odd]);
    expect(p.bySection.get(4)).toEqual([inSection]);
    expect(p.bySection.get(0)).toEqual([header]);
  });

  test('S<n>_ rules without a path go on section n; anything else on the report', () => {
    const s6 = finding('S6_FEE', Severity.WARNING);
    const deadline = finding('DEADLINE', Severity.ERROR);
    const p = placeFindings([s6, deadline], rows, cells);
    expect(p.bySection.get(6)).toEqual([s6]);
    expect(p.report).toEqual([deadline]);
  });

  test('errors first, then warnings, then information, in service order within each', () => {
    const list = [finding('I', Severity.INFO), finding('W1', Severity.WARNING),
      finding('E1', Severity.ERROR), finding('W2', Severity.WARNING), finding('E2', Severity.ERROR)];
    expect(sortedFindings(list).map((f) => f.code)).toEqual(['E1', 'E2', 'W1', 'W2', 'I']);
    const p = placeFindings(list, rows, cells);
    expect(p.report.map((f) => f.code)).toEqual(['E1', 'E2', 'W1', 'W2', 'I']);
  });

  test('the warnings to acknowledge: the page\'s, then those the server named, once each', () => {
    const found = [finding('S5_CONTENT', Severity.WARNING), finding('T3_BALANCE', Severity.ERROR),
      finding('S6_FEE', Severity.WARNING), finding('S5_CONTENT', Severity.WARNING, 'problems_and_improvements')];
    expect(warningCodes(found, [])).toEqual(['S5_CONTENT', 'S6_FEE']);
    expect(warningCodes(found, ['REPEAT_LAST_YEAR', 'S6_FEE'])).toEqual(['S5_CONTENT', 'S6_FEE', 'REPEAT_LAST_YEAR']);
  });
});
