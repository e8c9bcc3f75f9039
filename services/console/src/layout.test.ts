import { create } from '@bufbuild/protobuf';
import { describe, expect, test } from 'vitest';

import { AnnualReportSchema, FormatVersion } from '@gen/nianbao/v1/report_pb';
import { TABLE_4, cellPath, tablesFor } from './layout';

const ids = (report: Parameters<typeof tablesFor>[1], n: number) => tablesFor(n, report).map((t) => t.id);

describe('tablesFor', () => {
  test('a 2021 report shows the 2021 tables only', () => {
    const report = create(AnnualReportSchema, { activeDisclosure: { table: { formatVersion: FormatVersion.FORMAT_VERSION_2021 } } });
    expect(ids(report, 2)).toEqual(['table-2']);
    expect(tablesFor(3, report)[0].rows.map((r) => r.path)).toContain('applications.table.other_handling.other');
  });

  test('a 2019 report shows the trial table 2 instead, and table 3 with （六） as one row', () => {
    const report = create(AnnualReportSchema, {
      activeDisclosure: { table: { formatVersion: FormatVersion.FORMAT_VERSION_2019, trial2019: {} } },
      applications: { table: { formatVersion: FormatVersion.FORMAT_VERSION_2019, otherHandling2019: {} } },
    });
    expect(ids(report, 2)).toEqual(['table-2-2019-1', 'table-2-2019-5', 'table-2-2019-6', 'table-2-2019-8', 'table-2-2019-9']);
    const rows = tablesFor(3, report)[0].rows.map((r) => r.path);
    expect(rows).toHaveLength(23);
    expect(rows.filter((p) => p.includes('other_handling'))).toEqual(['applications.table.other_handling_2019']);
    expect(rows.indexOf('applications.table.other_handling_2019')).toBe(rows.indexOf('applications.table.results_total') - 1);
  });

  test('a mixed table 2 shows both forms', () => {
    const report = create(AnnualReportSchema, {
      activeDisclosure: { table: { formatVersion: FormatVersion.FORMAT_VERSION_MIXED, trial2019: {} } },
    });
    expect(ids(report, 2)[0]).toBe('table-2');
    expect(ids(report, 2)).toHaveLength(6);
  });

  test('table 4 is the renderer\'s one row of fifteen under a three-row head', () => {
    expect(TABLE_4.oneRow).toBe(true);
    expect(TABLE_4.rows.flatMap((r) => r.columns.map((c) => cellPath(r, c)))).toHaveLength(15);
    const width = (line: { colspan?: number }[]) => line.reduce((n, h) => n + (h.colspan ?? 1), 0);
    expect(width(TABLE_4.headRows![0])).toBe(15);
    expect(width(TABLE_4.headRows![2])).toBe(10);
  });
});
