// Where each validation finding is shown on the report page: on its cells (field_path is a table
// row, column one or more of its columns, comma-separated), on its row when the columns are not
// cells of the page, on its section (a path inside a section, or an S<n>_ rule about section n),
// else at the top with the report-level findings. Errors come before warnings and information,
// keeping the service's order within each.
import { type Finding, Severity } from '@gen/nianbao/v1/validation_pb';

// The report's top-level fields and the numbered section (一 to 六) each is shown in; 0 is the
// header, the opening and the signature.
const SECTION_OF_FIELD: Record<string, number> = {
  metadata: 0, opening: 0, signature: 0,
  overview: 1, active_disclosure: 2, applications: 3, review_litigation: 4,
  problems_and_improvements: 5, other_matters: 6,
};

export const cellKey = (rowPath: string, column: string): string =>
  column ? `${rowPath}#${column}` : rowPath;

export interface Placement {
  byCell: Map<string, Finding[]>;
  byRow: Map<string, Finding[]>;
  bySection: Map<number, Finding[]>;
  report: Finding[];
}

export function sortedFindings(findings: readonly Finding[]): Finding[] {
  // Severity numbers are ERROR 1, WARNING 2, INFO 3; UNSPECIFIED (0) never occurs, sorted last.
  const rank = (f: Finding) => (f.severity === 0 ? 9 : f.severity);
  return findings.map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
}

function add<K>(map: Map<K, Finding[]>, key: K, finding: Finding): void {
  const list = map.get(key);
  if (list) list.push(finding);
  else map.set(key, [finding]);
}

// `rows` are the row paths the page shows (e.g. "applications.table.disclosed"), `cells` their
// cell keys (cellKey(row, column); a single-cell row's key is its path).
export function placeFindings(findings: readonly Finding[], rows: ReadonlySet<string>,
  cells: ReadonlySet<string>): Placement {
  const placement: Placement = {
    byCell: new Map(), byRow: new Map(), bySection: new Map(), report: [],
  };
  for (const finding of sortedFindings(findings)) {
    const path = finding.fieldPath;
    const columns = finding.column ? finding.column.split(',').map((c) => c.trim()) : [];
    const onCells = columns.map((c) => cellKey(path, c)).filter((k) => cells.has(k));
    if (path && onCells.length > 0) {
      for (const key of onCells) add(placement.byCell, key, finding);
      continue;
    }
    if (path && columns.length === 0 && cells.has(path)) {
      add(placement.byCell, path, finding);
      continue;
    }
    if (path && rows.has(path)) {
      add(placement.byRow, path, finding);
      continue;
    }
    const section = path ? SECTION_OF_FIELD[path.split('.')[0]]
      : Number(/^S(\d)_/.exec(finding.code)?.[1] ?? Number.NaN);
    if (section !== undefined && !Number.isNaN(section)) {
      add(placement.bySection, section, finding);
      continue;
    }
    placement.report.push(finding);
  }
  return placement;
}

// The warning codes a submission must acknowledge, once each: those the page's findings hold, then
// any the server named in refusing a submission (a rule the page's own check could not run, such as
// one needing a report the reader may not see), so that every code asked for has its check box.
export function warningCodes(findings: readonly Finding[], namedByServer: readonly string[]): string[] {
  const codes = findings.filter((f) => f.severity === Severity.WARNING).map((f) => f.code);
  return [...new Set([...codes, ...namedByServer])];
}
