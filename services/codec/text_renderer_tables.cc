// Tables 2, 3 and 4 in the plain-text layout: one tab-prefixed line per cell, an empty line after
// each row, column headers in the format of the table (table 2: of each 第二十条 item).
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/codec/report_cells.h"
#include "services/codec/text_renderer.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::ApplicantCounts;
using nianbao::v1::CountCell;

void Row(std::initializer_list<std::string> cells, std::string& out) {
  for (const std::string& cell : cells) absl::StrAppend(&out, "\t", cell, "\n");
  out += "\n";
}

void Row(const std::vector<std::string>& cells, std::string& out) {
  for (const std::string& cell : cells) absl::StrAppend(&out, "\t", cell, "\n");
  out += "\n";
}

std::string C(const CountCell& cell) { return FormatCountCell(cell); }

void Item(absl::string_view item, std::initializer_list<std::string> columns, std::string& out) {
  Row({absl::StrCat("第二十条第（", item, "）项")}, out);
  std::vector<std::string> header = {"信息内容"};
  header.insert(header.end(), columns.begin(), columns.end());
  Row(header, out);
}

void Table2New(const v1::ActiveDisclosureTable& t, std::string& out) {
  if (t.has_rules() || t.has_normative_documents()) {
    Item("一", {"本年制发件数", "本年废止件数", "现行有效件数"}, out);
    if (t.has_rules()) {
      Row({"规章", C(t.rules().issued()), C(t.rules().repealed()), C(t.rules().in_force())}, out);
    }
    if (t.has_normative_documents()) {
      const v1::DocumentCounts& d = t.normative_documents();
      Row({"行政规范性文件", C(d.issued()), C(d.repealed()), C(d.in_force())}, out);
    }
  }
  if (t.has_licensing_decisions()) {
    Item("五", {"本年处理决定数量"}, out);
    Row({"行政许可", C(t.licensing_decisions())}, out);
  }
  if (t.has_punishment_decisions() || t.has_coercion_decisions()) {
    Item("六", {"本年处理决定数量"}, out);
    if (t.has_punishment_decisions()) Row({"行政处罚", C(t.punishment_decisions())}, out);
    if (t.has_coercion_decisions()) Row({"行政强制", C(t.coercion_decisions())}, out);
  }
  if (t.has_fee_amount()) {
    Item("八", {"本年收费金额（单位：万元）"}, out);
    Row({"行政事业性收费", FormatAmountCell(t.fee_amount())}, out);
  }
}

void TrialItemRow(absl::string_view label, const v1::TrialItemCounts& c, std::string& out) {
  Row({std::string(label), C(c.previous_items()), C(c.change()), C(c.decisions())}, out);
}

void Table2Trial(const v1::ActiveDisclosureTable2019& t, std::string& out) {
  if (t.has_rules() || t.has_normative_documents()) {
    Item("一", {"本年新制作数量", "本年新公开数量", "对外公开总数量"}, out);
    if (t.has_rules()) {
      Row({"规章", C(t.rules().made()), C(t.rules().disclosed()), C(t.rules().total_disclosed())},
          out);
    }
    if (t.has_normative_documents()) {
      const v1::TrialDocumentCounts& d = t.normative_documents();
      Row({"规范性文件", C(d.made()), C(d.disclosed()), C(d.total_disclosed())}, out);
    }
  }
  if (t.has_licensing() || t.has_other_external_services()) {
    Item("五", {"上一年项目数量", "本年增/减", "处理决定数量"}, out);
    if (t.has_licensing()) TrialItemRow("行政许可", t.licensing(), out);
    if (t.has_other_external_services()) {
      TrialItemRow("其他对外管理服务事项", t.other_external_services(), out);
    }
  }
  if (t.has_punishment() || t.has_coercion()) {
    Item("六", {"上一年项目数量", "本年增/减", "处理决定数量"}, out);
    if (t.has_punishment()) TrialItemRow("行政处罚", t.punishment(), out);
    if (t.has_coercion()) TrialItemRow("行政强制", t.coercion(), out);
  }
  if (t.has_fees()) {
    Item("八", {"上一年项目数量", "本年增/减"}, out);
    Row({"行政事业性收费", C(t.fees().previous_items()), C(t.fees().change())}, out);
  }
  if (t.has_centralized_procurement()) {
    Item("九", {"采购项目数量", "采购总金额"}, out);
    const v1::TrialProcurement& p = t.centralized_procurement();
    Row({"政府集中采购", C(p.projects()), FormatAmountCell(p.total_amount())}, out);
  }
}

void CountsRow(std::vector<std::string> labels, const ApplicantCounts& c, std::string& out) {
  for (const CountCell* cell :
       {&c.natural_person(), &c.commercial_enterprise(), &c.research_institution(),
        &c.public_interest_organization(), &c.legal_service_institution(), &c.other_organization(),
        &c.total()}) {
    labels.push_back(C(*cell));
  }
  Row(labels, out);
}

void Table3Header(std::string& out) {
  Row({"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"}, out);
  Row({"", "自然人", "法人或其他组织", "总计"}, out);
  Row({"商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"}, out);
}

void Table3Results(const v1::ApplicationTable& t, std::string& out) {
  if (t.has_disclosed()) CountsRow({"三、本年度办理结果", "（一）予以公开"}, t.disclosed(), out);
  if (t.has_partially_disclosed()) {
    CountsRow({"（二）部分公开（区分处理的，只计这一情形，不计其他情形）"}, t.partially_disclosed(),
              out);
  }
  const std::string withheld = "（三）不予公开";
  const v1::WithheldCounts& w = t.withheld();
  if (w.has_state_secret()) CountsRow({withheld, "1.属于国家秘密"}, w.state_secret(), out);
  if (w.has_prohibited_by_law())
    CountsRow({withheld, "2.其他法律行政法规禁止公开"}, w.prohibited_by_law(), out);
  if (w.has_endangers_security_stability())
    CountsRow({withheld, "3.危及“三安全一稳定”"}, w.endangers_security_stability(), out);
  if (w.has_third_party_rights())
    CountsRow({withheld, "4.保护第三方合法权益"}, w.third_party_rights(), out);
  if (w.has_internal_affairs())
    CountsRow({withheld, "5.属于三类内部事务信息"}, w.internal_affairs(), out);
  if (w.has_process_information())
    CountsRow({withheld, "6.属于四类过程性信息"}, w.process_information(), out);
  if (w.has_law_enforcement_files())
    CountsRow({withheld, "7.属于行政执法案卷"}, w.law_enforcement_files(), out);
  if (w.has_administrative_query())
    CountsRow({withheld, "8.属于行政查询事项"}, w.administrative_query(), out);
  const std::string unavailable = "（四）无法提供";
  const v1::UnavailableCounts& u = t.unavailable();
  if (u.has_not_held()) CountsRow({unavailable, "1.本机关不掌握相关政府信息"}, u.not_held(), out);
  if (u.has_needs_creation())
    CountsRow({unavailable, "2.没有现成信息需要另行制作"}, u.needs_creation(), out);
  if (u.has_unclear_after_correction())
    CountsRow({unavailable, "3.补正后申请内容仍不明确"}, u.unclear_after_correction(), out);
}

void Table3Handling(const v1::ApplicationTable& t, std::string& out) {
  const std::string not_processed = "（五）不予处理";
  const v1::NotProcessedCounts& n = t.not_processed();
  if (n.has_petition_complaint())
    CountsRow({not_processed, "1.信访举报投诉类申请"}, n.petition_complaint(), out);
  if (n.has_repeated()) CountsRow({not_processed, "2.重复申请"}, n.repeated(), out);
  if (n.has_publication_requested())
    CountsRow({not_processed, "3.要求提供公开出版物"}, n.publication_requested(), out);
  if (n.has_mass_repeated())
    CountsRow({not_processed, "4.无正当理由大量反复申请"}, n.mass_repeated(), out);
  if (n.has_confirmation_requested())
    CountsRow({not_processed, "5.要求行政机关确认或重新出具已获取信息"}, n.confirmation_requested(),
              out);
  const std::string other = "（六）其他处理";
  const v1::OtherHandlingCounts& o = t.other_handling();
  if (o.has_correction_overdue())
    CountsRow({other, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
              o.correction_overdue(), out);
  if (o.has_fee_unpaid())
    CountsRow({other, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
              o.fee_unpaid(), out);
  if (o.has_other()) CountsRow({other, "3.其他"}, o.other(), out);
  if (t.has_other_handling_2019()) CountsRow({other}, t.other_handling_2019(), out);
  if (t.has_results_total()) CountsRow({"（七）总计"}, t.results_total(), out);
}

void OutcomeCells(const v1::CaseOutcomes& g, std::vector<std::string>& cells) {
  for (const CountCell* cell :
       {&g.upheld(), &g.corrected(), &g.other(), &g.pending(), &g.total()}) {
    cells.push_back(C(*cell));
  }
}

}  // namespace

std::string RenderActiveDisclosureTableText(const v1::ActiveDisclosureTable& table) {
  std::string out;
  Table2New(table, out);
  if (table.has_trial_2019()) Table2Trial(table.trial_2019(), out);
  return out;
}

std::string RenderApplicationTableText(const v1::ApplicationTable& t) {
  std::string rows;
  if (t.has_new_applications())
    CountsRow({"一、本年新收政府信息公开申请数量"}, t.new_applications(), rows);
  if (t.has_carried_over()) CountsRow({"二、上年结转政府信息公开申请数量"}, t.carried_over(), rows);
  Table3Results(t, rows);
  Table3Handling(t, rows);
  if (t.has_carried_forward()) CountsRow({"四、结转下年度继续办理"}, t.carried_forward(), rows);
  if (rows.empty()) return "";
  std::string out;
  Table3Header(out);
  return out + rows;
}

std::string RenderReviewLitigationTableText(const v1::ReviewLitigationTable& t) {
  const bool all_groups =
      t.has_administrative_review() && t.has_litigation_direct() && t.has_litigation_after_review();
  if (!t.has_administrative_review() && !t.has_litigation_direct() &&
      !t.has_litigation_after_review()) {
    return "";
  }
  std::string out;
  const std::vector<std::string> outcomes = {"结果维持", "结果纠正", "其他结果", "尚未审结",
                                             "总计"};
  Row({"行政复议", "行政诉讼"}, out);
  std::vector<std::string> second = outcomes;
  second.insert(second.end(), {"未经复议直接起诉", "复议后起诉"});
  Row(second, out);
  if (all_groups) {
    std::vector<std::string> third;
    for (int i = 0; i < 2; ++i) third.insert(third.end(), outcomes.begin(), outcomes.end());
    Row(third, out);
    std::vector<std::string> values;
    OutcomeCells(t.administrative_review(), values);
    OutcomeCells(t.litigation_direct(), values);
    OutcomeCells(t.litigation_after_review(), values);
    Row(values, out);
    return out;
  }
  const std::vector<std::pair<std::string, const v1::CaseOutcomes*>> groups = {
      {"行政复议", t.has_administrative_review() ? &t.administrative_review() : nullptr},
      {"未经复议直接起诉", t.has_litigation_direct() ? &t.litigation_direct() : nullptr},
      {"复议后起诉", t.has_litigation_after_review() ? &t.litigation_after_review() : nullptr}};
  for (const auto& [label, group] : groups) {
    if (group == nullptr) continue;
    std::vector<std::string> cells = {label};
    OutcomeCells(*group, cells);
    Row(cells, out);
  }
  return out;
}

}  // namespace nianbao::codec
