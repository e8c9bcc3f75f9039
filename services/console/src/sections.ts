// The six numbered sections of the report in page order, with the heading the national format
// gives each when the document wrote none (as services/codec/page_sections does).
import type { AnnualReport, Paragraph } from '@gen/nianbao/v1/report_pb';

export interface PageSection {
  number: number;
  field: 'overview' | 'active_disclosure' | 'applications' | 'review_litigation'
    | 'problems_and_improvements' | 'other_matters';
  heading: string;
  paragraphs: Paragraph[];
}

const DEFAULT_HEADINGS = [
  '一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项',
];

export function pageSections(report: AnnualReport): PageSection[] {
  const sections: [PageSection['field'], { heading?: { text: string } } | undefined, Paragraph[]][] = [
    ['overview', report.overview, report.overview?.paragraphs ?? []],
    ['active_disclosure', report.activeDisclosure, report.activeDisclosure?.notes ?? []],
    ['applications', report.applications, report.applications?.notes ?? []],
    ['review_litigation', report.reviewLitigation, report.reviewLitigation?.notes ?? []],
    ['problems_and_improvements', report.problemsAndImprovements,
      report.problemsAndImprovements?.paragraphs ?? []],
    ['other_matters', report.otherMatters, report.otherMatters?.paragraphs ?? []],
  ];
  return sections.map(([field, section, paragraphs], i) => ({
    number: i + 1, field, heading: section?.heading?.text || DEFAULT_HEADINGS[i], paragraphs,
  }));
}

// The repeated field holding a section's paragraphs ("notes" beside a table).
export const paragraphsField = (section: PageSection): string =>
  (section.number >= 2 && section.number <= 4 ? 'notes' : 'paragraphs');
