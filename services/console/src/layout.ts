// The rows and columns of tables 2, 3 and 4 as the HTML renderer (services/codec/html_tables.cc)
// lays them out — the 2021 format, and the 2019 trial format's table 2 and table 3 row when a
// report has them — each cell named by its path in AnnualReport (proto field names, as the
// validation service's field_path and column use them).
import { type AnnualReport, FormatVersion } from '@gen/nianbao/v1/report_pb';

export interface Column { key: string; label: string }
export interface Row { path: string; label: string; columns: Column[] }
// A header cell of a multi-row head (table 4's).
export interface HeadCell { text: string; colspan?: number; rowspan?: number }
// `headRows` replaces `head` when set; `oneRow` lays every row's cells side by side in a single
// line without row labels (table 4: the renderer's one row of fifteen).
export interface TableLayout {
  id: string; caption: string; head: string[]; rows: Row[]; headRows?: HeadCell[][]; oneRow?: boolean;
}

const single = (path: string, label: string): Row => ({ path, label, columns: [{ key: '', label }] });

const DOCUMENT_COLUMNS: Column[] = [
  { key: 'issued', label: '本年制发件数' },
  { key: 'repealed', label: '本年废止件数' },
  { key: 'in_force', label: '现行有效件数' },
];

export const TABLE_2: TableLayout = {
  id: 'table-2',
  caption: '主动公开政府信息情况',
  head: ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
  rows: [
    { path: 'active_disclosure.table.rules', label: '规章', columns: DOCUMENT_COLUMNS },
    { path: 'active_disclosure.table.normative_documents', label: '行政规范性文件', columns: DOCUMENT_COLUMNS },
    single('active_disclosure.table.licensing_decisions', '行政许可（本年处理决定数量）'),
    single('active_disclosure.table.punishment_decisions', '行政处罚（本年处理决定数量）'),
    single('active_disclosure.table.coercion_decisions', '行政强制（本年处理决定数量）'),
    single('active_disclosure.table.fee_amount', '行政事业性收费（本年收费金额，单位：万元）'),
  ],
};

const APPLICANT_COLUMNS: Column[] = [
  { key: 'natural_person', label: '自然人' },
  { key: 'commercial_enterprise', label: '商业企业' },
  { key: 'research_institution', label: '科研机构' },
  { key: 'public_interest_organization', label: '社会公益组织' },
  { key: 'legal_service_institution', label: '法律服务机构' },
  { key: 'other_organization', label: '其他' },
  { key: 'total', label: '总计' },
];

const t3 = (path: string, label: string): Row =>
  ({ path: `applications.table.${path}`, label, columns: APPLICANT_COLUMNS });

export const TABLE_3: TableLayout = {
  id: 'table-3',
  caption: '收到和处理政府信息公开申请情况',
  head: ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', ...APPLICANT_COLUMNS.map((c) => c.label)],
  rows: [
    t3('new_applications', '一、本年新收政府信息公开申请数量'),
    t3('carried_over', '二、上年结转政府信息公开申请数量'),
    t3('disclosed', '三、本年度办理结果 （一）予以公开'),
    t3('partially_disclosed', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'),
    t3('withheld.state_secret', '（三）不予公开 1.属于国家秘密'),
    t3('withheld.prohibited_by_law', '2.其他法律行政法规禁止公开'),
    t3('withheld.endangers_security_stability', '3.危及“三安全一稳定”'),
    t3('withheld.third_party_rights', '4.保护第三方合法权益'),
    t3('withheld.internal_affairs', '5.属于三类内部事务信息'),
    t3('withheld.process_information', '6.属于四类过程性信息'),
    t3('withheld.law_enforcement_files', '7.属于行政执法案卷'),
    t3('withheld.administrative_query', '8.属于行政查询事项'),
    t3('unavailable.not_held', '（四）无法提供 1.本机关不掌握相关政府信息'),
    t3('unavailable.needs_creation', '2.没有现成信息需要另行制作'),
    t3('unavailable.unclear_after_correction', '3.补正后申请内容仍不明确'),
    t3('not_processed.petition_complaint', '（五）不予处理 1.信访举报投诉类申请'),
    t3('not_processed.repeated', '2.重复申请'),
    t3('not_processed.publication_requested', '3.要求提供公开出版物'),
    t3('not_processed.mass_repeated', '4.无正当理由大量反复申请'),
    t3('not_processed.confirmation_requested', '5.要求行政机关确认或重新出具已获取信息'),
    t3('other_handling.correction_overdue', '（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'),
    t3('other_handling.fee_unpaid', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
    t3('other_handling.other', '3.其他'),
    t3('results_total', '（七）总计'),
    t3('carried_forward', '四、结转下年度继续办理'),
  ],
};

const OUTCOME_COLUMNS: Column[] = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
];

const outcomeHeads = (): HeadCell[] => OUTCOME_COLUMNS.map((c) => ({ text: c.label }));

// As html_tables.cc's ReviewLitigationTableHtml: 行政复议 over its five outcomes; 行政诉讼 over the
// two litigation groups; one body row of fifteen cells.
export const TABLE_4: TableLayout = {
  id: 'table-4',
  caption: '政府信息公开行政复议、行政诉讼情况',
  head: [],
  headRows: [
    [{ text: '行政复议', colspan: 5 }, { text: '行政诉讼', colspan: 10 }],
    [...OUTCOME_COLUMNS.map((c) => ({ text: c.label, rowspan: 2 })),
      { text: '未经复议直接起诉', colspan: 5 }, { text: '复议后起诉', colspan: 5 }],
    [...outcomeHeads(), ...outcomeHeads()],
  ],
  oneRow: true,
  rows: [
    { path: 'review_litigation.table.administrative_review', label: '行政复议', columns: OUTCOME_COLUMNS },
    { path: 'review_litigation.table.litigation_direct', label: '行政诉讼 未经复议直接起诉', columns: OUTCOME_COLUMNS },
    { path: 'review_litigation.table.litigation_after_review', label: '行政诉讼 复议后起诉', columns: OUTCOME_COLUMNS },
  ],
};

// Table 3 in the 2019 trial format: （六）其他处理 is one row (other_handling_2019).
export const TABLE_3_2019: TableLayout = {
  ...TABLE_3,
  rows: [
    ...TABLE_3.rows.filter((r) => !r.path.startsWith('applications.table.other_handling.')),
  ],
};
TABLE_3_2019.rows.splice(TABLE_3_2019.rows.findIndex((r) => r.path === 'applications.table.results_total'), 0,
  t3('other_handling_2019', '（六）其他处理'));

// Table 2 in the 2019 trial format (services/format/disclosure_layout.cc's kBlocks2019): one table
// per 第二十条 item, each with its own columns.
const TRIAL = 'active_disclosure.table.trial_2019';
const TRIAL_DOCUMENT: Column[] = [
  { key: 'made', label: '本年新制作数量' }, { key: 'disclosed', label: '本年新公开数量' },
  { key: 'total_disclosed', label: '对外公开总数量' },
];
const TRIAL_ITEM: Column[] = [
  { key: 'previous_items', label: '上一年项目数量' }, { key: 'change', label: '本年增/减' },
  { key: 'decisions', label: '处理决定数量' },
];
const TRIAL_PROCUREMENT: Column[] = [
  { key: 'projects', label: '采购项目数量' }, { key: 'total_amount', label: '采购总金额' },
];
const trialBlock = (n: number, item: string, columns: Column[], rows: [string, string][]): TableLayout => ({
  id: `table-2-2019-${n}`,
  caption: `主动公开政府信息情况（2019 年试行格式）${item}`,
  head: ['信息内容', ...columns.map((c) => c.label)],
  rows: rows.map(([field, label]) => ({ path: `${TRIAL}.${field}`, label, columns })),
});
export const TABLE_2_2019: TableLayout[] = [
  trialBlock(1, '第二十条第（一）项', TRIAL_DOCUMENT, [['rules', '规章'], ['normative_documents', '规范性文件']]),
  trialBlock(5, '第二十条第（五）项', TRIAL_ITEM, [['licensing', '行政许可'], ['other_external_services', '其他对外管理服务事项']]),
  trialBlock(6, '第二十条第（六）项', TRIAL_ITEM, [['punishment', '行政处罚'], ['coercion', '行政强制']]),
  trialBlock(8, '第二十条第（八）项', TRIAL_ITEM.slice(0, 2), [['fees', '行政事业性收费']]),
  trialBlock(9, '第二十条第（九）项', TRIAL_PROCUREMENT, [['centralized_procurement', '政府集中采购']]),
];

export const TABLES: Record<number, TableLayout> = { 2: TABLE_2, 3: TABLE_3, 4: TABLE_4 };
// Every layout, for placing findings on any cell a report may show.
export const ALL_TABLES: TableLayout[] = [TABLE_2, ...TABLE_2_2019, TABLE_3, TABLE_3_2019, TABLE_4];

// The tables of section `n` as the renderer shows them (table_cell_values.cc): table 2's 2021 form
// unless the table is in the 2019 format and holds the trial table, the trial table when it is
// there; table 3 in the 2019 form when it has （六） as one row and not the 2021 rows.
export function tablesFor(n: number, report: AnnualReport): TableLayout[] {
  if (n === 2) {
    const table = report.activeDisclosure?.table;
    const show2021 = table?.formatVersion !== FormatVersion.FORMAT_VERSION_2019 || !table?.trial2019;
    return [...(show2021 ? [TABLE_2] : []), ...(table?.trial2019 ? TABLE_2_2019 : [])];
  }
  if (n === 3) {
    const table = report.applications?.table;
    const is2019 = table?.formatVersion === FormatVersion.FORMAT_VERSION_2019
      ? !table.otherHandling : !!table?.otherHandling2019 && !table.otherHandling;
    return [is2019 ? TABLE_3_2019 : TABLE_3];
  }
  return TABLES[n] ? [TABLES[n]] : [];
}

export const cellPath = (row: Row, column: Column): string =>
  column.key ? `${row.path}.${column.key}` : row.path;
