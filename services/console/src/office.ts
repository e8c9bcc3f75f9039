// The office views' logic kept out of the templates so that vitest can check it: labels of the
// filing states and agency kinds, the chart's bars from the filing totals, the deadline column's
// text, shares and changes as the office reads them, and the indicators of a comparison as rows.
// Nothing here decides anything the server decides: states, deadlines, days and sums are the
// OfficeService's answers, only worded.
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import {
  type AgencyFilingStatus, type FilingTotals, FilingState, type IndicatorComparison,
  type OfficeIndicators, OfficeSheetKind,
} from '@gen/nianbao/v1/office_pb';
import { AgencyKind, type Date as ProtoDate } from '@gen/nianbao/v1/report_pb';

export const FILING_LABELS: Record<FilingState, string> = {
  [FilingState.UNSPECIFIED]: '未知',
  [FilingState.NO_REPORT]: '未创建',
  [FilingState.DRAFT]: '草稿',
  [FilingState.IN_REVIEW]: '审核中',
  [FilingState.APPROVED]: '已批准',
  [FilingState.PUBLISHED]: '已发布',
};

export const FILING_TAG: Record<FilingState, 'info' | 'warning' | 'success' | 'primary' | 'danger'> = {
  [FilingState.UNSPECIFIED]: 'info',
  [FilingState.NO_REPORT]: 'danger',
  [FilingState.DRAFT]: 'info',
  [FilingState.IN_REVIEW]: 'warning',
  [FilingState.APPROVED]: 'primary',
  [FilingState.PUBLISHED]: 'success',
};

export const KIND_LABELS: Record<AgencyKind, string> = {
  [AgencyKind.UNSPECIFIED]: '全部类型',
  [AgencyKind.DEPARTMENT]: '政府部门',
  [AgencyKind.GOVERNMENT]: '人民政府',
  [AgencyKind.TOWNSHIP]: '乡镇（街道）',
};

// The views of the office page (the route's last segment) and the sheet each exports.
export const OFFICE_VIEWS = [
  { key: 'status', label: '报送情况', sheet: OfficeSheetKind.FILING_STATUS },
  { key: 'rollup', label: '汇总', sheet: OfficeSheetKind.ROLLUP },
  { key: 'compare', label: '同比', sheet: OfficeSheetKind.COMPARISON },
  { key: 'repetition', label: '重复率', sheet: OfficeSheetKind.REPETITION },
] as const;
export type OfficeViewKey = (typeof OFFICE_VIEWS)[number]['key'];

export interface ChartBar { label: string; value: number; color: string }

// One bar per state over the whole subtree (the totals, not one page), in the workflow's order,
// and the overdue count apart: what an office looks at first in January.
export function filingChartBars(totals: FilingTotals | undefined): ChartBar[] {
  const t = totals ?? { noReport: 0, draft: 0, inReview: 0, approved: 0, published: 0, overdue: 0 };
  return [
    { label: FILING_LABELS[FilingState.NO_REPORT], value: t.noReport, color: '#c0c4cc' },
    { label: FILING_LABELS[FilingState.DRAFT], value: t.draft, color: '#909399' },
    { label: FILING_LABELS[FilingState.IN_REVIEW], value: t.inReview, color: '#e6a23c' },
    { label: FILING_LABELS[FilingState.APPROVED], value: t.approved, color: '#409eff' },
    { label: FILING_LABELS[FilingState.PUBLISHED], value: t.published, color: '#67c23a' },
    { label: '逾期', value: t.overdue, color: '#c0392b' },
  ];
}

// "2025-01-31", or "" for an unset timestamp; the day in China Standard Time, as deadlines are judged.
export function dayText(ts: Timestamp | undefined): string {
  if (!ts) return '';
  const china = new Date(timestampDate(ts).getTime() + 8 * 3600 * 1000);
  return china.toISOString().slice(0, 10);
}

export const dateText = (d: ProtoDate | undefined): string =>
  (d ? `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}` : '无');

// The deadline column: overdue (and by how much), days left, or nothing to say.
export function deadlineText(a: Pick<AgencyFilingStatus, 'state' | 'deadline' | 'overdue' | 'daysOverdue' | 'daysLeft'>):
  { text: string; overdue: boolean } {
  if (a.overdue) {
    return { text: a.state === FilingState.PUBLISHED ? `逾期 ${a.daysOverdue} 天发布` : `已逾期 ${a.daysOverdue} 天`, overdue: true };
  }
  if (a.state === FilingState.PUBLISHED) return { text: '按期发布', overdue: false };
  if (!a.deadline) return { text: '无法定期限', overdue: false };
  return { text: a.daysLeft === 0 ? '今日截止' : `剩余 ${a.daysLeft} 天`, overdue: false };
}

// A share in [0, 1] as "62.5%"; "—" when there is none (no denominator).
export const percent = (share: number | undefined): string =>
  (share === undefined ? '—' : `${(share * 100).toFixed(1)}%`);

// A signed change: "+3", "-2", "0"; rates in percentage points ("+2.5 个百分点").
export function signed(value: bigint | number | undefined, rate = false): string {
  if (value === undefined) return '—';
  if (rate) {
    const points = Number(value) * 100;
    return `${points > 0 ? '+' : ''}${points.toFixed(1)} 个百分点`;
  }
  const n = BigInt(value);
  return n > 0n ? `+${n}` : `${n}`;
}

export interface IndicatorRow { label: string; current: string; previous: string; change: string; relative: string }

type CountKey = 'newApplications' | 'resultsTotal' | 'disclosed' | 'partiallyDisclosed' | 'reconsiderations' |
  'reconsiderationsCorrected' | 'lawsuits' | 'lawsuitsCorrected' | 'rulesIssued' | 'normativeDocumentsIssued' |
  'licensingDecisions' | 'punishmentDecisions' | 'coercionDecisions';
type RateKey = 'grantedShare' | 'reconsiderationCorrectionRate' | 'lawsuitCorrectionRate';

// The indicators in office.proto's order, with the format's words.
export const INDICATORS: ({ key: CountKey; label: string; rate?: false } | { key: RateKey; label: string; rate: true })[] = [
  { key: 'newApplications', label: '本年新收申请数量' },
  { key: 'resultsTotal', label: '办理结果总计' },
  { key: 'disclosed', label: '予以公开' },
  { key: 'partiallyDisclosed', label: '部分公开' },
  { key: 'grantedShare', label: '公开（含部分公开）比例', rate: true },
  { key: 'reconsiderations', label: '行政复议总计' },
  { key: 'reconsiderationsCorrected', label: '行政复议结果纠正' },
  { key: 'reconsiderationCorrectionRate', label: '行政复议纠错率', rate: true },
  { key: 'lawsuits', label: '行政诉讼总计' },
  { key: 'lawsuitsCorrected', label: '行政诉讼结果纠正' },
  { key: 'lawsuitCorrectionRate', label: '行政诉讼纠错率', rate: true },
  { key: 'rulesIssued', label: '规章本年制发件数' },
  { key: 'normativeDocumentsIssued', label: '行政规范性文件本年制发件数' },
  { key: 'licensingDecisions', label: '行政许可处理决定数量' },
  { key: 'punishmentDecisions', label: '行政处罚处理决定数量' },
  { key: 'coercionDecisions', label: '行政强制处理决定数量' },
];

const countText = (i: OfficeIndicators | undefined, key: CountKey) => (i ? String(i[key]) : '—');

// One row per indicator: this year, last year, the change, the relative change ("—" where a year,
// a rate or a base is missing, as the API leaves them unset).
export function indicatorRows(c: IndicatorComparison | undefined): IndicatorRow[] {
  return INDICATORS.map((indicator) => {
    if (indicator.rate) {
      return {
        label: indicator.label,
        current: percent(c?.current?.[indicator.key]),
        previous: percent(c?.previous?.[indicator.key]),
        change: c?.change?.[indicator.key] === undefined ? '—' : signed(c.change[indicator.key], true),
        relative: '—',
      };
    }
    const relative = c?.relativeChange?.[indicator.key];
    return {
      label: indicator.label,
      current: countText(c?.current, indicator.key),
      previous: countText(c?.previous, indicator.key),
      change: c?.change ? signed(c.change[indicator.key]) : '—',
      relative: relative === undefined ? '—' : `${relative > 0 ? '+' : ''}${(relative * 100).toFixed(1)}%`,
    };
  });
}

// The bytes of an exported sheet as a file the browser saves under its name.
export function saveFile(content: Uint8Array, fileName: string, mediaType: string): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
