// The rows and columns of tables 2, 3 and 4 as the HTML renderer (services/codec/html_tables.cc)
// lays them out for the 2021 format, each cell named by its path in AnnualReport (proto field
// names, as the validation service's field_path and column use them).
export interface Column { key: string; label: string }
export interface Row { path: string; label: string; columns: Column[] }
export interface TableLayout { id: string; caption: string; head: string[]; rows: Row[] }

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

export const TABLE_4: TableLayout = {
  id: 'table-4',
  caption: '政府信息公开行政复议、行政诉讼情况',
  head: ['', ...OUTCOME_COLUMNS.map((c) => c.label)],
  rows: [
    { path: 'review_litigation.table.administrative_review', label: '行政复议', columns: OUTCOME_COLUMNS },
    { path: 'review_litigation.table.litigation_direct', label: '行政诉讼 未经复议直接起诉', columns: OUTCOME_COLUMNS },
    { path: 'review_litigation.table.litigation_after_review', label: '行政诉讼 复议后起诉', columns: OUTCOME_COLUMNS },
  ],
};

export const TABLES: Record<number, TableLayout> = { 2: TABLE_2, 3: TABLE_3, 4: TABLE_4 };

export const cellPath = (row: Row, column: Column): string =>
  column.key ? `${row.path}.${column.key}` : row.path;
