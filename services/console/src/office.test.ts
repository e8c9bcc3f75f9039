import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AgencyFilingStatusSchema, FilingState, FilingTotalsSchema, IndicatorComparisonSchema,
  IndicatorRelativeChangeSchema, OfficeIndicatorsSchema,
} from '@gen/nianbao/v1/office_pb';
import { DateSchema } from '@gen/nianbao/v1/report_pb';
import { describe, expect, it } from 'vitest';

import { dateText, dayText, deadlineText, filingChartBars, indicatorRows, percent, signed } from './office';

describe('filing chart', () => {
  it('has a bar per state from the totals of the whole subtree, and the overdue apart', () => {
    const totals = create(FilingTotalsSchema, {
      agencies: 7, noReport: 1, draft: 1, inReview: 2, approved: 0, published: 3, corrected: 1, overdue: 2,
    });
    const bars = filingChartBars(totals);
    expect(bars.map((b) => [b.label, b.value])).toEqual([
      ['未创建', 1], ['草稿', 1], ['审核中', 2], ['已批准', 0], ['已发布', 3], ['逾期', 2],
    ]);
    // The states' bars add up to the agencies.
    expect(bars.slice(0, 5).reduce((sum, b) => sum + b.value, 0)).toBe(totals.agencies);
    expect(filingChartBars(undefined).every((b) => b.value === 0)).toBe(true);
  });
});

describe('deadline column', () => {
  const status = (fields: object) => create(AgencyFilingStatusSchema, {
    deadline: create(DateSchema, { year: 2025, month: 1, day: 31 }), ...fields,
  });
  it('says overdue in days, published late or not yet', () => {
    expect(deadlineText(status({ state: FilingState.DRAFT, overdue: true, daysOverdue: 12 })))
      .toEqual({ text: '已逾期 12 天', overdue: true });
    expect(deadlineText(status({ state: FilingState.PUBLISHED, overdue: true, daysOverdue: 3 })))
      .toEqual({ text: '逾期 3 天发布', overdue: true });
  });
  it('says the days left, the last day, on time, or no deadline (a township)', () => {
    expect(deadlineText(status({ state: FilingState.IN_REVIEW, daysLeft: 5 })).text).toBe('剩余 5 天');
    expect(deadlineText(status({ state: FilingState.NO_REPORT, daysLeft: 0 })).text).toBe('今日截止');
    expect(deadlineText(status({ state: FilingState.PUBLISHED })).text).toBe('按期发布');
    expect(deadlineText(create(AgencyFilingStatusSchema, { state: FilingState.NO_REPORT })).text).toBe('无法定期限');
  });
  it('writes dates as the office reads them, the day in China', () => {
    expect(dateText(create(DateSchema, { year: 2025, month: 3, day: 1 }))).toBe('2025-03-01');
    expect(dateText(undefined)).toBe('无');
    // 2025-01-31 20:00 UTC is already 1 February in China.
    expect(dayText(timestampFromDate(new Date(Date.UTC(2025, 0, 31, 20))))).toBe('2025-02-01');
    expect(dayText(undefined)).toBe('');
  });
});

describe('comparison rows', () => {
  it('shows both years, the change and the relative change; "—" where the API leaves a value unset', () => {
    const comparison = create(IndicatorComparisonSchema, {
      current: create(OfficeIndicatorsSchema, { newApplications: 30n, grantedShare: 0.75 }),
      previous: create(OfficeIndicatorsSchema, { newApplications: 24n, grantedShare: 0.5 }),
      change: create(OfficeIndicatorsSchema, { newApplications: 6n, grantedShare: 0.25 }),
      relativeChange: create(IndicatorRelativeChangeSchema, { newApplications: 0.25 }),
    });
    const rows = indicatorRows(comparison);
    expect(rows[0]).toEqual({ label: '本年新收申请数量', current: '30', previous: '24', change: '+6', relative: '+25.0%' });
    const granted = rows.find((r) => r.label === '公开（含部分公开）比例');
    expect(granted).toEqual({ label: '公开（含部分公开）比例', current: '75.0%', previous: '50.0%', change: '+25.0 个百分点', relative: '—' });
    // No base last year: no relative change; a rate without denominator: no rate.
    const disclosed = rows.find((r) => r.label === '予以公开');
    expect(disclosed?.relative).toBe('—');
    expect(rows.find((r) => r.label === '行政复议纠错率')?.current).toBe('—');
    // Nothing published last year: no previous, no change.
    const first = indicatorRows(create(IndicatorComparisonSchema, { current: comparison.current }));
    expect(first[0]).toMatchObject({ current: '30', previous: '—', change: '—', relative: '—' });
  });
  it('formats shares and signed changes', () => {
    expect(percent(0.625)).toBe('62.5%');
    expect(percent(undefined)).toBe('—');
    expect(signed(-2n)).toBe('-2');
    expect(signed(0n)).toBe('0');
    expect(signed(-0.05, true)).toBe('-5.0 个百分点');
  });
});
