// What differs between two contents of a report, cell by cell and paragraph by paragraph: shown
// when a save met a newer version (compare), so the user sees what the other change was, and to a
// reviewer as what changed since the previous submission.
import type { AnnualReport } from '@gen/nianbao/v1/report_pb';
import { cellPath, tablesFor } from './layout';
import { cellText, getAt } from './model';
import type { CountCell, AmountCell } from '@gen/nianbao/v1/report_pb';
import { pageSections, paragraphsField } from './sections';

// `path` names the cell (its proto path) or paragraph ("other_matters.paragraphs.0") for highlighting.
export interface Difference { where: string; path: string; mine: string; theirs: string }

export function differences(mine: AnnualReport, theirs: AnnualReport): Difference[] {
  const out: Difference[] = [];
  const mySections = pageSections(mine);
  const theirSections = pageSections(theirs);
  mySections.forEach((section, i) => {
    const a = section.paragraphs.map((p) => p.text);
    const b = theirSections[i].paragraphs.map((p) => p.text);
    for (let j = 0; j < Math.max(a.length, b.length); j++) {
      if (a[j] !== b[j]) {
        out.push({
          where: `${section.heading} 第${j + 1}段`, path: `${section.field}.${paragraphsField(section)}.${j}`,
          mine: a[j] ?? '', theirs: b[j] ?? '',
        });
      }
    }
    // The tables either side shows (a 2019 table 2 on one side only still differs cell by cell).
    const tables = [...new Set([...tablesFor(section.number, mine), ...tablesFor(section.number, theirs)])];
    const seen = new Set<string>();
    for (const table of tables) for (const row of table.rows) {
      for (const column of row.columns) {
        const path = cellPath(row, column);
        if (seen.has(path)) continue;
        seen.add(path);
        const x = cellText(getAt(mine, path) as CountCell | AmountCell | undefined);
        const y = cellText(getAt(theirs, path) as CountCell | AmountCell | undefined);
        if (x !== y) {
          out.push({
            where: `${table.caption}：${row.label}${column.key ? ` / ${column.label}` : ''}`, path, mine: x,
            theirs: y,
          });
        }
      }
    }
  });
  return out;
}
