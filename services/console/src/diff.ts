// What differs between two contents of a report, cell by cell and paragraph by paragraph: shown
// when a save met a newer version (compare), so the user sees what the other change was.
import type { AnnualReport } from '@gen/nianbao/v1/report_pb';
import { cellPath, TABLES } from './layout';
import { cellText, getAt } from './model';
import type { CountCell, AmountCell } from '@gen/nianbao/v1/report_pb';
import { pageSections } from './sections';

export interface Difference { where: string; mine: string; theirs: string }

export function differences(mine: AnnualReport, theirs: AnnualReport): Difference[] {
  const out: Difference[] = [];
  const mySections = pageSections(mine);
  const theirSections = pageSections(theirs);
  mySections.forEach((section, i) => {
    const a = section.paragraphs.map((p) => p.text);
    const b = theirSections[i].paragraphs.map((p) => p.text);
    for (let j = 0; j < Math.max(a.length, b.length); j++) {
      if (a[j] !== b[j]) {
        out.push({ where: `${section.heading} 第${j + 1}段`, mine: a[j] ?? '', theirs: b[j] ?? '' });
      }
    }
    const table = TABLES[section.number];
    if (!table) return;
    for (const row of table.rows) {
      for (const column of row.columns) {
        const path = cellPath(row, column);
        const x = cellText(getAt(mine, path) as CountCell | AmountCell | undefined);
        const y = cellText(getAt(theirs, path) as CountCell | AmountCell | undefined);
        if (x !== y) {
          out.push({ where: `${table.caption}：${row.label}${column.key ? ` / ${column.label}` : ''}`, mine: x, theirs: y });
        }
      }
    }
  });
  return out;
}
