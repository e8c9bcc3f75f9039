#include "services/validation/rule_catalog.h"

namespace nianbao::validation {
namespace {

constexpr Severity kE = Severity::kError;
constexpr Severity kW = Severity::kWarning;

// Severities follow what evaluations (第三方评估) treat the rule as (report-format.md).
constexpr RuleInfo kCatalog[kRuleCount] = {
    {RuleId::kT3ColumnBalance, "T3_COLUMN_BALANCE", kE, kE, kE, "表三各列勾稽关系",
     "Table 3 column balance", "表三每一列：第一项加第二项之和，等于第三项（七）总计加第四项之和",
     "Table 3, every column: row 一 + row 二 = row 三（七）总计 + row 四", false, false},
    {RuleId::kT3ResultsSum, "T3_RESULTS_SUM", kE, kE, kE, "表三办理结果合计", "Table 3 results sum",
     "表三每一列：三（七）总计等于（一）至（六）各项之和（2019年格式的（六）为一行）",
     "Table 3, every column: 三（七）总计 = the sum of the items under （一）…（六） (one row for "
     "（六） in the 2019 format)",
     false, false},
    {RuleId::kT3RowTotal, "T3_ROW_TOTAL", kE, kE, kE, "表三各行总计", "Table 3 row totals",
     "表三每一行：总计等于自然人与五类法人或其他组织之和",
     "Table 3, every row: 总计 = 自然人 + the five 法人或其他组织 columns", false, false},
    {RuleId::kT4GroupTotal, "T4_GROUP_TOTAL", kE, kE, kE, "表四各组总计", "Table 4 group totals",
     "表四行政复议、未经复议直接起诉、复议后起诉三组：总计等于结果维持、结果纠正、其他结果、尚未审"
     "结之和",
     "Table 4, each of the three groups: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", false,
     false},
    {RuleId::kCellNotNumber, "CELL_NOT_NUMBER", kW, kE, kE, "单元格应为数字",
     "Cell is not a number",
     "表格中应填数字的单元格为空白、“/"
     "”、“—”或文字；件数应为不小于0的整数，收费金额应为不小于0的万元数",
     "A blank, \"/\", \"—\" or text where a number belongs; counts are whole numbers ≥ 0, the fee "
     "a decimal ≥ 0 in 万元",
     false, false},
    {RuleId::kT2FeeUnit, "T2_FEE_UNIT", kW, kW, kW, "收费金额单位", "Fee amount unit",
     "表二行政事业性收费金额单元格写有单位，或数额看起来以元而非万元计",
     "Table 2's fee cell holds a unit, or a magnitude that looks like 元 rather than 万元", false,
     false},
    {RuleId::kFormatVersion, "FORMAT_VERSION", kE, kE, kE, "使用现行格式", "Current format used",
     "2021年及以后的报告使用了2019年（试行）格式的表格或栏目、新旧格式混用，或引用了（试行）格式",
     "A report for 2021 or later uses 2019 labels or tables, mixes the two formats, or cites the "
     "（试行） format",
     false, false},
    {RuleId::kSections, "SECTIONS", kE, kE, kE, "六个部分齐全", "Six sections present",
     "一至六六个部分齐全，按一…六顺序编号，无重复；导语所述“N部分”与实际相符",
     "The six sections are present, numbered 一…六 in order, none twice; a stated \"N部分\" "
     "matches",
     false, false},
    {RuleId::kPeriod, "PERIOD", kE, kE, kE, "统计期限", "Statistics period",
     "导语说明了统计期限，且为标题年度的1月1日至12月31日",
     "The statistics period is stated and is 1 January–31 December of the report year", false,
     false},
    {RuleId::kS5Content, "S5_CONTENT", kW, kW, kW, "第五部分内容", "Section 5 content",
     "第五部分写明存在的主要问题、改进措施，以及上年度问题的整改情况，不能只写“无”",
     "Section 五 names the problems and the improvements (not \"无\"), and how last year's "
     "problems "
     "were put right",
     false, false},
    {RuleId::kS6Fee, "S6_FEE", kW, kW, kW, "信息处理费", "Information processing fee",
     "2021年及以后的报告在第六部分说明收取信息处理费的情况（收取与否、金额）",
     "From 2021 reports on, section 六 states the 信息处理费 charged (or that none was), not "
     "table 2's 行政事业性收费",
     false, false},
    {RuleId::kXCarryOver, "X_CARRY_OVER", kE, kE, kE, "上年结转衔接",
     "Carry-over matches last year",
     "表三“二、上年结转”各列等于上年度报告“四、结转下年度继续办理”的对应列",
     "Table 3 row 二 (carried over) equals last year's row 四 (carried forward), column by column",
     true, false},
    {RuleId::kXValidDocs, "X_VALID_DOCS", kW, kW, kW, "现行有效件数衔接",
     "Documents in force match last year",
     "规章、行政规范性文件的现行有效件数等于上年度现行有效件数加本年制发件数减本年废止件数",
     "现行有效件数 = last year's + 本年制发件数 − 本年废止件数, for 规章 and 行政规范性文件", true,
     false},
    {RuleId::kTextTable, "TEXT_TABLE", kW, kW, kW, "文字与表格一致", "Text agrees with tables",
     "第一部分文字中的申请数量、予以公开数量、行政复议和行政诉讼案件数与表格一致",
     "Numbers quoted in section 一 (applications received, 予以公开, 行政复议, 行政诉讼) agree "
     "with "
     "the tables",
     false, false},
    {RuleId::kRepeatLastYear, "REPEAT_LAST_YEAR", kW, kW, kW, "与上年报告重复",
     "Repeats last year's report",
     "文字部分与上年度报告的重复率超过50%（按字符片段比对，年份数字不计）",
     "More than 50 % of the text repeats last year's report (character shingles, digits ignored)",
     true, false},
    {RuleId::kDeadline, "DEADLINE", kW, kW, kE, "按时发布", "Published on time",
     "部门于次年1月31日前、县级以上人民政府于次年3月31日前发布年度报告；乡镇街道不适用",
     "Published by 31 January (department) or 31 March (government) of the following year; "
     "townships have no statutory date",
     false, true},
};

}  // namespace

absl::Span<const RuleInfo> RuleCatalog() { return kCatalog; }

const RuleInfo& RuleInfoFor(RuleId id) { return kCatalog[static_cast<size_t>(id)]; }

Severity SeverityAt(RuleId id, Stage stage) {
  const RuleInfo& info = RuleInfoFor(id);
  switch (stage) {
    case Stage::kDraft:
      return info.draft_severity;
    case Stage::kSubmission:
      return info.submission_severity;
    case Stage::kPublication:
      return info.publication_severity;
  }
  return info.draft_severity;
}

}  // namespace nianbao::validation
