#include "tests/unit/validation/report_builder.h"

#include <string>

namespace nianbao::testing {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::ApplicantCounts;

void SetRow(ApplicantCounts* row, int natural, int commercial) {
  SetCount(row->mutable_natural_person(), natural);
  SetCount(row->mutable_commercial_enterprise(), commercial);
  SetCount(row->mutable_research_institution(), 0);
  SetCount(row->mutable_public_interest_organization(), 0);
  SetCount(row->mutable_legal_service_institution(), 0);
  SetCount(row->mutable_other_organization(), 0);
  SetCount(row->mutable_total(), natural + commercial);
}

void SetOutcomes(nianbao::v1::CaseOutcomes* group, int upheld, int pending) {
  SetCount(group->mutable_upheld(), upheld);
  SetCount(group->mutable_corrected(), 0);
  SetCount(group->mutable_other(), 0);
  SetCount(group->mutable_pending(), pending);
  SetCount(group->mutable_total(), upheld + pending);
}

void SetHeading(nianbao::v1::SectionHeading* heading, const std::string& text, int number) {
  heading->set_text(text);
  heading->set_written_number(number);
  heading->set_position(number);
}

void AddParagraph(nianbao::v1::TextSection* section, const std::string& text) {
  auto* paragraph = section->add_paragraphs();
  paragraph->set_kind(nianbao::v1::PARAGRAPH_KIND_BODY);
  paragraph->set_text(text);
}

AnnualReport BaseReport(int year) {
  AnnualReport report;
  auto* metadata = report.mutable_metadata();
  metadata->set_agency_name("测试区教育局");
  metadata->set_agency_kind(nianbao::v1::AGENCY_KIND_DEPARTMENT);
  metadata->set_report_year(year);
  metadata->set_title("测试区教育局" + std::to_string(year) + "年政府信息公开工作年度报告");
  metadata->set_format_version(nianbao::v1::FORMAT_VERSION_2021);
  auto* opening = report.mutable_opening();
  opening->add_paragraphs(
      "本年度报告根据《中华人民共和国政府信息公开条例》编制，所列数据统计期限自" +
      std::to_string(year) + "年1月1日起至" + std::to_string(year) + "年12月31日止。");
  opening->set_legal_basis("《中华人民共和国政府信息公开条例》");
  auto* period = opening->mutable_statistics_period();
  period->mutable_start()->set_year(year);
  period->mutable_start()->set_month(1);
  period->mutable_start()->set_day(1);
  period->mutable_end()->set_year(year);
  period->mutable_end()->set_month(12);
  period->mutable_end()->set_day(31);

  SetHeading(report.mutable_overview()->mutable_heading(), "一、总体情况", 1);
  SetHeading(report.mutable_active_disclosure()->mutable_heading(), "二、主动公开政府信息情况", 2);
  SetHeading(report.mutable_applications()->mutable_heading(), "三、收到和处理政府信息公开申请情况",
             3);
  SetHeading(report.mutable_review_litigation()->mutable_heading(),
             "四、政府信息公开行政复议、行政诉讼情况", 4);
  SetHeading(report.mutable_problems_and_improvements()->mutable_heading(),
             "五、存在的主要问题及改进情况", 5);
  SetHeading(report.mutable_other_matters()->mutable_heading(), "六、其他需要报告的事项", 6);

  auto* t2 = report.mutable_active_disclosure()->mutable_table();
  t2->set_format_version(nianbao::v1::FORMAT_VERSION_2021);
  for (auto* row : {t2->mutable_rules(), t2->mutable_normative_documents()}) {
    SetCount(row->mutable_issued(), 0);
    SetCount(row->mutable_repealed(), 0);
    SetCount(row->mutable_in_force(), 0);
  }
  SetCount(t2->mutable_licensing_decisions(), 0);
  SetCount(t2->mutable_punishment_decisions(), 0);
  SetCount(t2->mutable_coercion_decisions(), 0);
  t2->mutable_fee_amount()->mutable_amount();

  auto* t3 = report.mutable_applications()->mutable_table();
  t3->set_format_version(nianbao::v1::FORMAT_VERSION_2021);
  for (ApplicantCounts* row : {t3->mutable_new_applications(),
                               t3->mutable_carried_over(),
                               t3->mutable_disclosed(),
                               t3->mutable_partially_disclosed(),
                               t3->mutable_withheld()->mutable_state_secret(),
                               t3->mutable_withheld()->mutable_prohibited_by_law(),
                               t3->mutable_withheld()->mutable_endangers_security_stability(),
                               t3->mutable_withheld()->mutable_third_party_rights(),
                               t3->mutable_withheld()->mutable_internal_affairs(),
                               t3->mutable_withheld()->mutable_process_information(),
                               t3->mutable_withheld()->mutable_law_enforcement_files(),
                               t3->mutable_withheld()->mutable_administrative_query(),
                               t3->mutable_unavailable()->mutable_not_held(),
                               t3->mutable_unavailable()->mutable_needs_creation(),
                               t3->mutable_unavailable()->mutable_unclear_after_correction(),
                               t3->mutable_not_processed()->mutable_petition_complaint(),
                               t3->mutable_not_processed()->mutable_repeated(),
                               t3->mutable_not_processed()->mutable_publication_requested(),
                               t3->mutable_not_processed()->mutable_mass_repeated(),
                               t3->mutable_not_processed()->mutable_confirmation_requested(),
                               t3->mutable_other_handling()->mutable_correction_overdue(),
                               t3->mutable_other_handling()->mutable_fee_unpaid(),
                               t3->mutable_other_handling()->mutable_other(),
                               t3->mutable_results_total(),
                               t3->mutable_carried_forward()}) {
    SetRow(row, 0, 0);
  }
  auto* t4 = report.mutable_review_litigation()->mutable_table();
  SetOutcomes(t4->mutable_administrative_review(), 0, 0);
  SetOutcomes(t4->mutable_litigation_direct(), 0, 0);
  SetOutcomes(t4->mutable_litigation_after_review(), 0, 0);
  return report;
}

}  // namespace

void SetCount(nianbao::v1::CountCell* cell, int value) { cell->set_number(value); }

AnnualReport CleanReport2024() {
  AnnualReport report = BaseReport(2024);
  auto* t2 = report.mutable_active_disclosure()->mutable_table();
  SetCount(t2->mutable_normative_documents()->mutable_issued(), 2);
  SetCount(t2->mutable_normative_documents()->mutable_repealed(), 1);
  SetCount(t2->mutable_normative_documents()->mutable_in_force(), 10);
  SetCount(t2->mutable_licensing_decisions(), 5);
  SetCount(t2->mutable_punishment_decisions(), 3);

  auto* t3 = report.mutable_applications()->mutable_table();
  SetRow(t3->mutable_new_applications(), 10, 3);
  SetRow(t3->mutable_carried_over(), 2, 0);
  SetRow(t3->mutable_disclosed(), 5, 3);
  SetRow(t3->mutable_partially_disclosed(), 1, 0);
  SetRow(t3->mutable_withheld()->mutable_state_secret(), 1, 0);
  SetRow(t3->mutable_unavailable()->mutable_not_held(), 2, 0);
  SetRow(t3->mutable_not_processed()->mutable_repeated(), 1, 0);
  SetRow(t3->mutable_other_handling()->mutable_other(), 1, 0);
  SetRow(t3->mutable_results_total(), 11, 3);
  SetRow(t3->mutable_carried_forward(), 1, 0);

  auto* t4 = report.mutable_review_litigation()->mutable_table();
  SetOutcomes(t4->mutable_administrative_review(), 1, 1);
  SetOutcomes(t4->mutable_litigation_direct(), 1, 0);

  auto* overview = report.mutable_overview();
  AddParagraph(overview,
               "2024年，我局深入贯彻落实《条例》，围绕教育重点工作，持续加大主动公开力度，及时发布"
               "招生入学、教育收费、学生资助等群众关注的信息，不断提升政务公开质量。");
  AddParagraph(overview,
               "全年共收到政府信息公开申请13件，予以公开8件，均在法定期限内答复。"
               "全年发生政府信息公开行政复议2件，行政诉讼1件。");
  AddParagraph(report.mutable_problems_and_improvements(),
               "（一）存在的主要问题：部分信息公开的及时性有待提高，政策解读形式较为单一。");
  AddParagraph(report.mutable_problems_and_improvements(),
               "（二）改进措施：下一步将加强业务培训，完善信息发布审核制度，丰富解读形式。");
  AddParagraph(report.mutable_problems_and_improvements(),
               "（三）上年度问题整改情况：针对上年度指出的栏目更新不及时问题，已逐项整改落实。");
  AddParagraph(report.mutable_other_matters(),
               "本年度未收取信息处理费。我局认真落实年度政务公开工作要点，人大代表建议和政协提案"
               "办理结果均已按时公开。");
  return report;
}

AnnualReport CleanReport2023() {
  AnnualReport report = BaseReport(2023);
  auto* t2 = report.mutable_active_disclosure()->mutable_table();
  SetCount(t2->mutable_normative_documents()->mutable_in_force(), 9);
  auto* t3 = report.mutable_applications()->mutable_table();
  SetRow(t3->mutable_new_applications(), 2, 0);
  SetRow(t3->mutable_disclosed(), 0, 0);
  SetRow(t3->mutable_carried_forward(), 2, 0);
  AddParagraph(
      report.mutable_overview(),
      "2023年，本局以标准化规范化建设为抓手，优化门户网站栏目设置，完善依申请公开办理流程，"
      "推动基层政务公开向学校延伸，家长和学生获取信息更加便捷。");
  AddParagraph(
      report.mutable_problems_and_improvements(),
      "存在的问题是栏目更新不够及时。今后将强化考核，确保整改到位；上年度问题已全部整改。");
  AddParagraph(report.mutable_other_matters(), "本年度没有收取信息处理费。");
  return report;
}

}  // namespace nianbao::testing
