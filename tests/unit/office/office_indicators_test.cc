// services/office/office_indicators: indicators from tables of both formats, rates left unset on a
// zero denominator, changes and relative changes year over year, indicators of a roll-up equal to
// the sum of its reports', and the repetition measure agreeing with REPEAT_LAST_YEAR's.
#include "services/office/office_indicators.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/office/rollup_math.h"
#include "services/validation/validator.h"
#include "tests/support/balanced_reports.h"
#include "tests/support/status_matchers.h"

namespace nianbao::office {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::OfficeIndicators;

// 一 20 (总计), （一） 8, （二） 4, （七） 16; 行政复议 1 upheld + 2 corrected + 1 pending = 4;
// 直接起诉 1 corrected of 1, 复议后起诉 2 pending of 2; 规章 1, 行政规范性文件 3, 许可 40, 处罚 7,
// 强制 0.
AnnualReport SmallReport() {
  AnnualReport report;
  auto* t3 = report.mutable_applications()->mutable_table();
  t3->mutable_new_applications()->mutable_total()->set_number(20);
  t3->mutable_disclosed()->mutable_total()->set_number(8);
  t3->mutable_partially_disclosed()->mutable_natural_person()->set_number(3);
  t3->mutable_partially_disclosed()->mutable_other_organization()->set_number(1);
  t3->mutable_partially_disclosed()->mutable_total();  // Blank 总计: the row's sum counts.
  t3->mutable_results_total()->mutable_total()->set_number(16);
  auto* t4 = report.mutable_review_litigation()->mutable_table();
  t4->mutable_administrative_review()->mutable_upheld()->set_number(1);
  t4->mutable_administrative_review()->mutable_corrected()->set_number(2);
  t4->mutable_administrative_review()->mutable_pending()->set_number(1);
  t4->mutable_administrative_review()->mutable_total()->set_number(4);
  t4->mutable_litigation_direct()->mutable_corrected()->set_number(1);
  t4->mutable_litigation_direct()->mutable_total()->set_number(1);
  t4->mutable_litigation_after_review()->mutable_pending()->set_number(2);
  t4->mutable_litigation_after_review()->mutable_total()->set_number(2);
  auto* t2 = report.mutable_active_disclosure()->mutable_table();
  t2->mutable_rules()->mutable_issued()->set_number(1);
  t2->mutable_normative_documents()->mutable_issued()->set_number(3);
  t2->mutable_licensing_decisions()->set_number(40);
  t2->mutable_punishment_decisions()->set_number(7);
  t2->mutable_coercion_decisions()->set_text("/");
  return report;
}

TEST(OfficeIndicatorsTest, CountsAndRatesOfOneReport) {
  const OfficeIndicators indicators = IndicatorsOf(SmallReport());
  EXPECT_EQ(indicators.new_applications(), 20);
  EXPECT_EQ(indicators.results_total(), 16);
  EXPECT_EQ(indicators.disclosed(), 8);
  EXPECT_EQ(indicators.partially_disclosed(), 4);
  ASSERT_TRUE(indicators.has_granted_share());
  EXPECT_DOUBLE_EQ(indicators.granted_share(), 12.0 / 16.0);
  EXPECT_EQ(indicators.reconsiderations(), 4);
  EXPECT_EQ(indicators.reconsiderations_corrected(), 2);
  ASSERT_TRUE(indicators.has_reconsideration_correction_rate());
  EXPECT_DOUBLE_EQ(indicators.reconsideration_correction_rate(), 2.0 / 3.0);  // Of 3 concluded.
  EXPECT_EQ(indicators.lawsuits(), 3);
  EXPECT_EQ(indicators.lawsuits_corrected(), 1);
  EXPECT_DOUBLE_EQ(indicators.lawsuit_correction_rate(), 1.0);  // 1 of 1 concluded.
  EXPECT_EQ(indicators.rules_issued(), 1);
  EXPECT_EQ(indicators.normative_documents_issued(), 3);
  EXPECT_EQ(indicators.licensing_decisions(), 40);
  EXPECT_EQ(indicators.punishment_decisions(), 7);
  EXPECT_EQ(indicators.coercion_decisions(), 0);
}

TEST(OfficeIndicatorsTest, NoDenominatorIsNoRate) {
  AnnualReport report;
  report.mutable_review_litigation()
      ->mutable_table()
      ->mutable_administrative_review()
      ->mutable_pending()
      ->set_number(2);
  const OfficeIndicators indicators = IndicatorsOf(report);
  EXPECT_FALSE(indicators.has_granted_share());
  EXPECT_EQ(indicators.reconsiderations(), 2);
  EXPECT_FALSE(indicators.has_reconsideration_correction_rate()) << "all cases pending";
  EXPECT_FALSE(indicators.has_lawsuit_correction_rate());
}

TEST(OfficeIndicatorsTest, Table2In2019FormatCounts) {
  AnnualReport report;
  auto* trial = report.mutable_active_disclosure()->mutable_table()->mutable_trial_2019();
  trial->mutable_rules()->mutable_made()->set_number(2);
  trial->mutable_normative_documents()->mutable_made()->set_number(5);
  trial->mutable_licensing()->mutable_decisions()->set_number(11);
  trial->mutable_punishment()->mutable_decisions()->set_number(12);
  trial->mutable_coercion()->mutable_decisions()->set_number(13);
  const OfficeIndicators indicators = IndicatorsOf(report);
  EXPECT_EQ(indicators.rules_issued(), 2);
  EXPECT_EQ(indicators.normative_documents_issued(), 5);
  EXPECT_EQ(indicators.licensing_decisions(), 11);
  EXPECT_EQ(indicators.punishment_decisions(), 12);
  EXPECT_EQ(indicators.coercion_decisions(), 13);
}

TEST(OfficeIndicatorsTest, ChangeAndRelativeChange) {
  const OfficeIndicators current = IndicatorsOf(SmallReport());
  AnnualReport last = SmallReport();
  last.mutable_applications()
      ->mutable_table()
      ->mutable_new_applications()
      ->mutable_total()
      ->set_number(16);
  last.mutable_active_disclosure()->mutable_table()->mutable_rules()->mutable_issued()->set_number(
      0);
  last.mutable_review_litigation()->mutable_table()->mutable_litigation_direct()->Clear();
  const OfficeIndicators previous = IndicatorsOf(last);
  const auto comparison = CompareIndicators(&current, &previous);
  EXPECT_EQ(comparison.current().new_applications(), 20);
  EXPECT_EQ(comparison.previous().new_applications(), 16);
  EXPECT_EQ(comparison.change().new_applications(), 4);
  ASSERT_TRUE(comparison.relative_change().has_new_applications());
  EXPECT_DOUBLE_EQ(comparison.relative_change().new_applications(), 0.25);
  EXPECT_EQ(comparison.change().rules_issued(), 1);
  EXPECT_FALSE(comparison.relative_change().has_rules_issued()) << "last year's 0 is no base";
  EXPECT_TRUE(comparison.relative_change().has_punishment_decisions());
  EXPECT_DOUBLE_EQ(comparison.relative_change().punishment_decisions(), 0.0);
  // Last year had no concluded lawsuit: no rate, so no change of rate.
  EXPECT_FALSE(previous.has_lawsuit_correction_rate());
  EXPECT_FALSE(comparison.change().has_lawsuit_correction_rate());
  ASSERT_TRUE(comparison.change().has_granted_share());
  EXPECT_DOUBLE_EQ(comparison.change().granted_share(), 0.0);
}

TEST(OfficeIndicatorsTest, AYearWithNothingPublishedHasNoChange) {
  const OfficeIndicators current = IndicatorsOf(SmallReport());
  const auto only_current = CompareIndicators(&current, nullptr);
  EXPECT_TRUE(only_current.has_current());
  EXPECT_FALSE(only_current.has_previous());
  EXPECT_FALSE(only_current.has_change());
  EXPECT_FALSE(only_current.has_relative_change());
  const auto only_previous = CompareIndicators(nullptr, &current);
  EXPECT_FALSE(only_previous.has_current());
  EXPECT_TRUE(only_previous.has_previous());
}

// The counts of a roll-up are the sums of its reports' counts.
TEST(OfficeIndicatorsTest, RollupCountsAreTheSumsOfTheReports) {
  std::mt19937 rng(42);
  AnnualReport rollup;
  OfficeIndicators sums;
  for (int i = 0; i < 30; ++i) {
    const AnnualReport report = nianbao::testing::RandomBalancedReport(
        rng, i % 3 == 0 ? nianbao::v1::FORMAT_VERSION_2019 : nianbao::v1::FORMAT_VERSION_2021);
    NIANBAO_ASSERT_OK(AddContribution(RollupContribution(report), 1, &rollup));
    const OfficeIndicators one = IndicatorsOf(report);
    const auto* descriptor = OfficeIndicators::descriptor();
    const auto* reflection = OfficeIndicators::GetReflection();
    for (int f = 0; f < descriptor->field_count(); ++f) {
      const auto* field = descriptor->field(f);
      if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_INT64) continue;
      reflection->SetInt64(&sums, field,
                           reflection->GetInt64(sums, field) + reflection->GetInt64(one, field));
    }
  }
  const OfficeIndicators of_rollup = IndicatorsOf(rollup);
  const auto* descriptor = OfficeIndicators::descriptor();
  for (int f = 0; f < descriptor->field_count(); ++f) {
    const auto* field = descriptor->field(f);
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_INT64) continue;
    EXPECT_EQ(OfficeIndicators::GetReflection()->GetInt64(of_rollup, field),
              OfficeIndicators::GetReflection()->GetInt64(sums, field))
        << field->name();
  }
  EXPECT_GT(of_rollup.new_applications(), 0);
  EXPECT_TRUE(of_rollup.has_granted_share());
}

void AddParagraph(nianbao::v1::TextSection* section, const std::string& text) {
  section->add_paragraphs()->set_text(text);
}

// Text long enough to judge, different for each seed (digits are read as 0 by the measure, so
// the seeds differ in their characters).
std::string Prose(const std::string& seed) {
  std::string text;
  for (int i = 0; i < 12; ++i) {
    text += absl::StrCat(seed, "推进政务公开标准化规范化建设第", std::string(1, 'a' + i),
                         "项工作要求落实到位");
  }
  return text;
}

TEST(OfficeRepetitionTest, SharesBySectionAndTogether) {
  AnnualReport last;
  AddParagraph(last.mutable_overview(), Prose("本机关"));
  AddParagraph(last.mutable_problems_and_improvements(), Prose("存在问题"));
  AnnualReport copied = last;  // Both sections copied.
  const auto all = RepetitionOf(copied, last);
  EXPECT_DOUBLE_EQ(all.repeated_share(), 1.0);
  EXPECT_DOUBLE_EQ(all.overview_repeated_share(), 1.0);
  EXPECT_DOUBLE_EQ(all.problems_repeated_share(), 1.0);

  AnnualReport half;  // 一 copied, 五 rewritten.
  AddParagraph(half.mutable_overview(), Prose("本机关"));
  AddParagraph(half.mutable_problems_and_improvements(),
               "今年针对群众反映的办事指南更新不及时问题，逐项核对并建立月度巡检制度，另外对依申请"
               "公开答复文书进行统一格式审查，组织业务骨干参加省里举办的专题培训班三期");
  const auto partial = RepetitionOf(half, last);
  EXPECT_DOUBLE_EQ(partial.overview_repeated_share(), 1.0);
  EXPECT_LT(partial.problems_repeated_share(), 0.1);
  EXPECT_GT(partial.repeated_share(), partial.problems_repeated_share());
  EXPECT_LT(partial.repeated_share(), 1.0);

  const auto empty = RepetitionOf(AnnualReport(), last);
  EXPECT_EQ(empty.repeated_share(), 0.0);
}

// With no section 六, the office's share of 一 and 五 is the rule's figure.
TEST(OfficeRepetitionTest, SameMeasureAsTheValidationRule) {
  AnnualReport last;
  AddParagraph(last.mutable_overview(), Prose("本机关"));
  AnnualReport report;
  AddParagraph(report.mutable_overview(), Prose("本机关"));
  AddParagraph(report.mutable_problems_and_improvements(), Prose("新问题新措施"));
  const auto repetition = RepetitionOf(report, last);
  ASSERT_GT(repetition.repeated_share(), 0.5);
  validation::ValidationContext context;
  context.previous_report = &last;
  const auto findings = validation::ValidateReport(report, context);
  const auto it = std::find_if(findings.begin(), findings.end(), [](const auto& finding) {
    return std::string(finding.code) == "REPEAT_LAST_YEAR";
  });
  ASSERT_NE(it, findings.end());
  EXPECT_EQ(it->actual,
            absl::StrCat(static_cast<int>(repetition.repeated_share() * 100 + 0.5), "%"));
}

TEST(OfficeRepetitionTest, HighestFirstThenByAgency) {
  std::vector<nianbao::v1::AgencyRepetition> list(3);
  list[0].set_agency("agencies/b");
  list[0].set_repeated_share(0.4);
  list[1].set_agency("agencies/c");
  list[1].set_repeated_share(0.9);
  list[2].set_agency("agencies/a");
  list[2].set_repeated_share(0.4);
  std::sort(list.begin(), list.end(), RepeatsMore);
  EXPECT_EQ(list[0].agency(), "agencies/c");
  EXPECT_EQ(list[1].agency(), "agencies/a");
  EXPECT_EQ(list[2].agency(), "agencies/b");
}

}  // namespace
}  // namespace nianbao::office
