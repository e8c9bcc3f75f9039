#include "services/codec/html_table_rows.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/codec/report_cells.h"

namespace nianbao::codec::table_rows {
namespace {

using nianbao::v1::ActiveDisclosureTable;
using nianbao::v1::ActiveDisclosureTable2019;
using nianbao::v1::AmountCell;
using nianbao::v1::ApplicantCounts;
using nianbao::v1::ApplicationTable;
using nianbao::v1::CaseOutcomes;
using nianbao::v1::CountCell;
using nianbao::v1::FormatVersion;

constexpr char kTable2[] = "active_disclosure.table.";
constexpr char kTable2Trial[] = "active_disclosure.table.trial_2019.";
constexpr char kTable3[] = "applications.table.";
constexpr char kTable4[] = "review_litigation.table.";

DisclosureRow DocumentRow(std::string label, const nianbao::v1::DocumentCounts& counts,
                          const std::string& field) {
  return {std::move(label),
          {CountValue(counts.issued(), field + ".issued"),
           CountValue(counts.repealed(), field + ".repealed"),
           CountValue(counts.in_force(), field + ".in_force")}};
}

DisclosureRow TrialDocumentRow(std::string label, const nianbao::v1::TrialDocumentCounts& counts,
                               const std::string& field) {
  return {std::move(label),
          {CountValue(counts.made(), field + ".made"),
           CountValue(counts.disclosed(), field + ".disclosed"),
           CountValue(counts.total_disclosed(), field + ".total_disclosed")}};
}

DisclosureRow TrialItemRow(std::string label, const nianbao::v1::TrialItemCounts& counts,
                           const std::string& field, bool with_decisions) {
  DisclosureRow row{std::move(label),
                    {CountValue(counts.previous_items(), field + ".previous_items"),
                     CountValue(counts.change(), field + ".change")}};
  if (with_decisions) row.values.push_back(CountValue(counts.decisions(), field + ".decisions"));
  return row;
}

std::vector<Value> ApplicantValues(const ApplicantCounts& counts, const std::string& field) {
  const std::array<const CountCell*, kApplicantColumns> cells = {
      &counts.natural_person(),
      &counts.commercial_enterprise(),
      &counts.research_institution(),
      &counts.public_interest_organization(),
      &counts.legal_service_institution(),
      &counts.other_organization(),
      &counts.total()};
  std::vector<Value> values;
  for (int i = 0; i < kApplicantColumns; ++i) {
    values.push_back(CountValue(*cells[i], absl::StrCat(field, ".", ApplicantColumns()[i].field)));
  }
  return values;
}

std::vector<Value> OutcomeValues(const CaseOutcomes& outcomes, const std::string& field) {
  return {CountValue(outcomes.upheld(), field + ".upheld"),
          CountValue(outcomes.corrected(), field + ".corrected"),
          CountValue(outcomes.other(), field + ".other"),
          CountValue(outcomes.pending(), field + ".pending"),
          CountValue(outcomes.total(), field + ".total")};
}

}  // namespace

Value CountValue(const CountCell& cell, std::string field) {
  Value value;
  value.field = std::move(field);
  value.text = FormatCountCell(cell);
  value.kind = cell.content_case() == CountCell::kNumber ? Value::Kind::kNumber
               : cell.content_case() == CountCell::kText ? Value::Kind::kText
                                                         : Value::Kind::kBlank;
  return value;
}

Value AmountValue(const AmountCell& cell, std::string field) {
  Value value;
  value.field = std::move(field);
  value.text = FormatAmountCell(cell);
  value.kind = cell.content_case() == AmountCell::kAmount ? Value::Kind::kNumber
               : cell.content_case() == AmountCell::kText ? Value::Kind::kText
                                                          : Value::Kind::kBlank;
  return value;
}

std::vector<DisclosureBlock> DisclosureBlocks2021(const ActiveDisclosureTable& table) {
  const std::string p = kTable2;
  return {
      {"第二十条第（一）项",
       {"本年制发件数", "本年废止件数", "现行有效件数"},
       {DocumentRow("规章", table.rules(), p + "rules"),
        DocumentRow("行政规范性文件", table.normative_documents(), p + "normative_documents")}},
      {"第二十条第（五）项",
       {"本年处理决定数量"},
       {{"行政许可", {CountValue(table.licensing_decisions(), p + "licensing_decisions")}}}},
      {"第二十条第（六）项",
       {"本年处理决定数量"},
       {{"行政处罚", {CountValue(table.punishment_decisions(), p + "punishment_decisions")}},
        {"行政强制", {CountValue(table.coercion_decisions(), p + "coercion_decisions")}}}},
      {"第二十条第（八）项",
       {"本年收费金额（单位：万元）"},
       {{"行政事业性收费", {AmountValue(table.fee_amount(), p + "fee_amount")}}}},
  };
}

std::vector<DisclosureBlock> DisclosureBlocks2019(const ActiveDisclosureTable& table) {
  const ActiveDisclosureTable2019& t = table.trial_2019();
  const std::string p = kTable2Trial;
  const std::vector<std::string> item_columns = {"上一年项目数量", "本年增/减", "处理决定数量"};
  return {
      {"第二十条第（一）项",
       {"本年新制作数量", "本年新公开数量", "对外公开总数量"},
       {TrialDocumentRow("规章", t.rules(), p + "rules"),
        TrialDocumentRow("规范性文件", t.normative_documents(), p + "normative_documents")}},
      {"第二十条第（五）项",
       item_columns,
       {TrialItemRow("行政许可", t.licensing(), p + "licensing", true),
        TrialItemRow("其他对外管理服务事项", t.other_external_services(),
                     p + "other_external_services", true)}},
      {"第二十条第（六）项",
       item_columns,
       {TrialItemRow("行政处罚", t.punishment(), p + "punishment", true),
        TrialItemRow("行政强制", t.coercion(), p + "coercion", true)}},
      {"第二十条第（八）项",
       {"上一年项目数量", "本年增/减"},
       {TrialItemRow("行政事业性收费", t.fees(), p + "fees", false)}},
      {"第二十条第（九）项",
       {"采购项目数量", "采购总金额"},
       {{"政府集中采购",
         {CountValue(t.centralized_procurement().projects(),
                     p + "centralized_procurement.projects"),
          AmountValue(t.centralized_procurement().total_amount(),
                      p + "centralized_procurement.total_amount")}}}},
  };
}

bool ShowsDisclosure2021(const ActiveDisclosureTable& table) {
  if (table.format_version() != FormatVersion::FORMAT_VERSION_2019) return true;
  return !table.has_trial_2019();
}

bool ShowsDisclosure2019(const ActiveDisclosureTable& table) { return table.has_trial_2019(); }

const std::array<ApplicantColumn, kApplicantColumns>& ApplicantColumns() {
  static const std::array<ApplicantColumn, kApplicantColumns> kColumns = {{
      {"自然人", "natural_person"},
      {"商业企业", "commercial_enterprise"},
      {"科研机构", "research_institution"},
      {"社会公益组织", "public_interest_organization"},
      {"法律服务机构", "legal_service_institution"},
      {"其他", "other_organization"},
      {"总计", "total"},
  }};
  return kColumns;
}

bool ApplicationIs2019(const ApplicationTable& table) {
  if (table.format_version() == FormatVersion::FORMAT_VERSION_2019)
    return !table.has_other_handling();
  return table.has_other_handling_2019() && !table.has_other_handling();
}

std::vector<ApplicationRow> ApplicationRows(const ApplicationTable& table) {
  const std::string p = kTable3;
  const std::string results = "三、本年度办理结果";
  std::vector<ApplicationRow> rows;
  auto add = [&](std::string part, std::string group, std::string item,
                 const ApplicantCounts& counts, const std::string& field) {
    rows.push_back(
        {std::move(part), std::move(group), std::move(item), ApplicantValues(counts, p + field)});
  };
  add("一、本年新收政府信息公开申请数量", "", "", table.new_applications(), "new_applications");
  add("二、上年结转政府信息公开申请数量", "", "", table.carried_over(), "carried_over");
  add(results, "（一）予以公开", "", table.disclosed(), "disclosed");
  add(results, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "",
      table.partially_disclosed(), "partially_disclosed");
  const auto& w = table.withheld();
  const std::string withheld = "（三）不予公开";
  add(results, withheld, "1.属于国家秘密", w.state_secret(), "withheld.state_secret");
  add(results, withheld, "2.其他法律行政法规禁止公开", w.prohibited_by_law(),
      "withheld.prohibited_by_law");
  add(results, withheld, "3.危及“三安全一稳定”", w.endangers_security_stability(),
      "withheld.endangers_security_stability");
  add(results, withheld, "4.保护第三方合法权益", w.third_party_rights(),
      "withheld.third_party_rights");
  add(results, withheld, "5.属于三类内部事务信息", w.internal_affairs(),
      "withheld.internal_affairs");
  add(results, withheld, "6.属于四类过程性信息", w.process_information(),
      "withheld.process_information");
  add(results, withheld, "7.属于行政执法案卷", w.law_enforcement_files(),
      "withheld.law_enforcement_files");
  add(results, withheld, "8.属于行政查询事项", w.administrative_query(),
      "withheld.administrative_query");
  const auto& u = table.unavailable();
  const std::string unavailable = "（四）无法提供";
  add(results, unavailable, "1.本机关不掌握相关政府信息", u.not_held(), "unavailable.not_held");
  add(results, unavailable, "2.没有现成信息需要另行制作", u.needs_creation(),
      "unavailable.needs_creation");
  add(results, unavailable, "3.补正后申请内容仍不明确", u.unclear_after_correction(),
      "unavailable.unclear_after_correction");
  const auto& n = table.not_processed();
  const std::string not_processed = "（五）不予处理";
  add(results, not_processed, "1.信访举报投诉类申请", n.petition_complaint(),
      "not_processed.petition_complaint");
  add(results, not_processed, "2.重复申请", n.repeated(), "not_processed.repeated");
  add(results, not_processed, "3.要求提供公开出版物", n.publication_requested(),
      "not_processed.publication_requested");
  add(results, not_processed, "4.无正当理由大量反复申请", n.mass_repeated(),
      "not_processed.mass_repeated");
  add(results, not_processed, "5.要求行政机关确认或重新出具已获取信息", n.confirmation_requested(),
      "not_processed.confirmation_requested");
  const std::string other = "（六）其他处理";
  if (ApplicationIs2019(table)) {
    add(results, other, "", table.other_handling_2019(), "other_handling_2019");
  } else {
    const auto& o = table.other_handling();
    add(results, other, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        o.correction_overdue(), "other_handling.correction_overdue");
    add(results, other, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        o.fee_unpaid(), "other_handling.fee_unpaid");
    add(results, other, "3.其他", o.other(), "other_handling.other");
  }
  add(results, "（七）总计", "", table.results_total(), "results_total");
  add("四、结转下年度继续办理", "", "", table.carried_forward(), "carried_forward");
  return rows;
}

std::array<CaseGroup, 3> CaseGroups(const nianbao::v1::ReviewLitigationTable& table) {
  const std::string p = kTable4;
  return {{
      {"行政复议", OutcomeValues(table.administrative_review(), p + "administrative_review")},
      {"未经复议直接起诉", OutcomeValues(table.litigation_direct(), p + "litigation_direct")},
      {"复议后起诉", OutcomeValues(table.litigation_after_review(), p + "litigation_after_review")},
  }};
}

}  // namespace nianbao::codec::table_rows
