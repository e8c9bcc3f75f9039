import { create } from '@bufbuild/protobuf';
import { describe, expect, test } from 'vitest';

import { AnnualReportSchema } from '@gen/nianbao/v1/report_pb';
import { deadlineStatus } from './deadline';
import { differences } from './diff';
import { cellText, cellType, getAt, isSignedCell, parseCell, setAt } from './model';

describe('cells by path', () => {
  test('typing fills an absent cell, creating its row; digits a number, else text, empty blank', () => {
    const report = create(AnnualReportSchema);
    const path = 'applications.table.withheld.state_secret.natural_person';
    expect(getAt(report, path)).toBeUndefined();
    setAt(report, path, parseCell(cellType(path), '12'));
    expect(report.applications?.table?.withheld?.stateSecret?.naturalPerson?.content)
      .toEqual({ case: 'number', value: 12 });
    setAt(report, path, parseCell(cellType(path), '十二'));
    expect(cellText(getAt(report, path) as never)).toBe('十二');
    setAt(report, path, parseCell(cellType(path), ' '));
    expect(report.applications?.table?.withheld?.stateSecret?.naturalPerson?.content.case).toBeUndefined();
  });

  test('amounts are exact decimals in 万元', () => {
    const path = 'active_disclosure.table.fee_amount';
    expect(cellType(path)).toBe('nianbao.v1.AmountCell');
    const cell = parseCell(cellType(path), '43.788');
    expect(cell.content).toMatchObject({ case: 'amount', value: { units: 43n, nanos: 788000000 } });
    expect(cellText(cell)).toBe('43.788');
    expect(cellText(parseCell(cellType(path), '/'))).toBe('/');
  });

  test('only the 2019 table 2\'s 本年增/减 takes a negative number; elsewhere "-3" stays text', () => {
    const change = 'active_disclosure.table.trial_2019.licensing.change';
    expect(isSignedCell(change)).toBe(true);
    expect(parseCell(cellType(change), '-3', isSignedCell(change)).content).toEqual({ case: 'number', value: -3 });
    const count = 'active_disclosure.table.trial_2019.licensing.decisions';
    expect(isSignedCell(count)).toBe(false);
    expect(parseCell(cellType(count), '-3', isSignedCell(count)).content).toEqual({ case: 'text', value: '-3' });
  });
});

describe('differences', () => {
  test('names the changed cell and paragraph with both values', () => {
    const mine = create(AnnualReportSchema);
    const theirs = create(AnnualReportSchema);
    const path = 'review_litigation.table.administrative_review.upheld';
    setAt(mine, path, parseCell(cellType(path), '1'));
    setAt(theirs, path, parseCell(cellType(path), '2'));
    theirs.otherMatters = create(AnnualReportSchema.field.otherMatters.message!, {
      paragraphs: [{ text: '本年度未收取信息处理费。' }],
    }) as never;
    const found = differences(mine, theirs);
    expect(found).toEqual([
      {
        where: '政府信息公开行政复议、行政诉讼情况：行政复议 / 结果维持',
        path: 'review_litigation.table.administrative_review.upheld', mine: '1', theirs: '2',
      },
      {
        where: '六、其他需要报告的事项 第1段', path: 'other_matters.paragraphs.0', mine: '',
        theirs: '本年度未收取信息处理费。',
      },
    ]);
  });
});

describe('deadlineStatus', () => {
  test('31 January of the next year: days left, due today, overdue, published', () => {
    expect(deadlineStatus(2024, false, new Date(2025, 0, 1))).toMatchObject(
      { deadline: '2025-01-31', daysLeft: 30, text: '剩余 30 天' });
    expect(deadlineStatus(2024, false, new Date(2025, 0, 31)).text).toBe('今日截止');
    expect(deadlineStatus(2024, false, new Date(2025, 1, 2)).text).toBe('已逾期 2 天');
    expect(deadlineStatus(2024, true, new Date(2025, 1, 2)).text).toBe('已发布');
  });
});
