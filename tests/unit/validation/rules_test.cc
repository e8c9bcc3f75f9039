// Each rule: the clean report passes; a report that breaks only that rule gives exactly the
// expected findings (code, field path, severity). Table-driven.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "services/validation/rule_catalog.h"
#include "services/validation/validator.h"
#include "tests/unit/validation/report_builder.h"

namespace nianbao::validation {
namespace {

using nianbao::testing::CleanReport2023;
using nianbao::testing::CleanReport2024;
using nianbao::testing::SetCount;
using nianbao::v1::AnnualReport;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

using Expected = std::tuple<std::string, std::string, Severity>;

std::vector<Expected> Summarise(const std::vector<Finding>& findings) {
  std::vector<Expected> out;
  for (const Finding& f : findings) out.emplace_back(f.code, f.field_path, f.severity);
  return out;
}

struct RuleCase {
  std::string name;
  std::function<void(AnnualReport&)> break_report;
  std::vector<Expected> expected;
  Stage stage = Stage::kDraft;
  // Last year's report, changed by this function; none when empty.
  std::function<void(AnnualReport&)> previous;
  std::optional<nianbao::v1::Date> published;
};

// Test names, not bytes, in ctest's listing.
void PrintTo(const RuleCase& rule_case, std::ostream* os) { *os << rule_case.name; }

nianbao::v1::Date MakeDate(int y, int m, int d) {
  nianbao::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

constexpr Severity kE = Severity::kError;
constexpr Severity kW = Severity::kWarning;
const auto kSamePrevious = [](AnnualReport&) {};

std::vector<RuleCase> Cases() {
  return {
      {"T3ColumnBalance",
       [](AnnualReport& r) {
         auto* row = r.mutable_applications()->mutable_table()->mutable_carried_forward();
         SetCount(row->mutable_natural_person(), 2);
         SetCount(row->mutable_total(), 2);
       },
       {{"T3_COLUMN_BALANCE", "applications.table.carried_forward.natural_person", kE},
        {"T3_COLUMN_BALANCE", "applications.table.carried_forward.total", kE}}},
      {"T3ResultsSum",
       [](AnnualReport& r) {
         auto* row = r.mutable_applications()->mutable_table()->mutable_partially_disclosed();
         SetCount(row->mutable_natural_person(), 2);
         SetCount(row->mutable_total(), 2);
       },
       {{"T3_RESULTS_SUM", "applications.table.results_total.natural_person", kE},
        {"T3_RESULTS_SUM", "applications.table.results_total.total", kE}}},
      {"T3RowTotal",
       [](AnnualReport& r) {
         auto* t3 = r.mutable_applications()->mutable_table();
         SetCount(t3->mutable_withheld()->mutable_state_secret()->mutable_natural_person(), 2);
         SetCount(t3->mutable_other_handling()->mutable_other()->mutable_natural_person(), 0);
       },
       {{"T3_ROW_TOTAL", "applications.table.withheld.state_secret.total", kE},
        {"T3_ROW_TOTAL", "applications.table.other_handling.other.total", kE}}},
      {"T4GroupTotal",
       [](AnnualReport& r) {
         SetCount(r.mutable_review_litigation()
                      ->mutable_table()
                      ->mutable_litigation_after_review()
                      ->mutable_upheld(),
                  1);
       },
       {{"T4_GROUP_TOTAL", "review_litigation.table.litigation_after_review.total", kE}}},
      {"CellNotNumberBlankIsWarningWhileDrafting",
       [](AnnualReport& r) {
         r.mutable_applications()
             ->mutable_table()
             ->mutable_new_applications()
             ->clear_research_institution();
       },
       {{"CELL_NOT_NUMBER", "applications.table.new_applications", kW}}},
      {"CellNotNumberIsErrorAtSubmission",
       [](AnnualReport& r) {
         r.mutable_active_disclosure()->mutable_table()->mutable_coercion_decisions()->set_text(
             "/");
         r.mutable_review_litigation()
             ->mutable_table()
             ->mutable_administrative_review()
             ->mutable_corrected()
             ->set_number(-1);
         SetCount(r.mutable_review_litigation()
                      ->mutable_table()
                      ->mutable_administrative_review()
                      ->mutable_other(),
                  1);
       },
       {{"CELL_NOT_NUMBER", "active_disclosure.table.coercion_decisions", kE},
        {"CELL_NOT_NUMBER", "review_litigation.table.administrative_review", kE}},
       Stage::kSubmission},
      {"CellNotNumberFee",
       [](AnnualReport& r) {
         r.mutable_active_disclosure()->mutable_table()->mutable_fee_amount()->set_text("—");
       },
       {{"CELL_NOT_NUMBER", "active_disclosure.table.fee_amount", kW}}},
      // A fee's billionths must be a fraction of the same sign: units 1 with nanos 2,000,000,000
      // once passed and rendered as "1.2".
      {"CellNotNumberFeeNanosOverOne",
       [](AnnualReport& r) {
         auto* amount =
             r.mutable_active_disclosure()->mutable_table()->mutable_fee_amount()->mutable_amount();
         amount->set_units(1);
         amount->set_nanos(2'000'000'000);
       },
       {{"CELL_NOT_NUMBER", "active_disclosure.table.fee_amount", kE}},
       Stage::kSubmission},
      {"CellNotNumberFeeNanosJustOverOne",
       [](AnnualReport& r) {
         auto* amount =
             r.mutable_active_disclosure()->mutable_table()->mutable_fee_amount()->mutable_amount();
         amount->set_units(0);
         amount->set_nanos(1'000'000'000);
       },
       {{"CELL_NOT_NUMBER", "active_disclosure.table.fee_amount", kW}}},
      {"CellNotNumberFeeNegativeNanosPositiveUnits",
       [](AnnualReport& r) {
         auto* amount =
             r.mutable_active_disclosure()->mutable_table()->mutable_fee_amount()->mutable_amount();
         amount->set_units(1);
         amount->set_nanos(-500'000'000);
       },
       {{"CELL_NOT_NUMBER", "active_disclosure.table.fee_amount", kE}},
       Stage::kSubmission},
      {"CellNotNumberFeeNegativeFraction",
       [](AnnualReport& r) {
         auto* amount =
             r.mutable_active_disclosure()->mutable_table()->mutable_fee_amount()->mutable_amount();
         amount->set_units(0);
         amount->set_nanos(-1);
       },
       {{"CELL_NOT_NUMBER", "active_disclosure.table.fee_amount", kE}},
       Stage::kSubmission},
      {"FeeWithLargestFractionIsANumber",
       [](AnnualReport& r) {
         auto* amount =
             r.mutable_active_disclosure()->mutable_table()->mutable_fee_amount()->mutable_amount();
         amount->set_units(1);
         amount->set_nanos(999'999'999);
       },
       {},
       Stage::kSubmission},
      {"T2FeeUnitWritten",
       [](AnnualReport& r) {
         auto* fee = r.mutable_active_disclosure()->mutable_table()->mutable_fee_amount();
         fee->mutable_amount()->set_units(3);
         fee->set_written("3万元");
       },
       {{"T2_FEE_UNIT", "active_disclosure.table.fee_amount", kW}}},
      {"T2FeeUnitMagnitude",
       [](AnnualReport& r) {
         r.mutable_active_disclosure()
             ->mutable_table()
             ->mutable_fee_amount()
             ->mutable_amount()
             ->set_units(251000);
       },
       {{"T2_FEE_UNIT", "active_disclosure.table.fee_amount", kW}}},
      {"FormatVersionTable3In2019FormatNoBalanceFlood",
       [](AnnualReport& r) {
         auto* t3 = r.mutable_applications()->mutable_table();
         t3->set_format_version(nianbao::v1::FORMAT_VERSION_2019);
         *t3->mutable_other_handling_2019() = t3->other_handling().other();
         t3->clear_other_handling();
       },
       {{"FORMAT_VERSION", "applications.table.format_version", kE}}},
      {"FormatVersionCitesTrialFormat",
       [](AnnualReport& r) {
         r.mutable_opening()->add_paragraphs(
             "本报告按照《政府信息公开工作年度报告格式（试行）》编制。");
       },
       {{"FORMAT_VERSION", "metadata.format_version", kE}}},
      {"SectionsMissing",
       [](AnnualReport& r) { r.clear_other_matters(); },
       {{"SECTIONS", "other_matters", kE}}},
      {"SectionsMisnumbered",
       [](AnnualReport& r) {
         r.mutable_review_litigation()->mutable_heading()->set_written_number(3);
       },
       {{"SECTIONS", "review_litigation.heading.written_number", kE}}},
      {"SectionsStatedPartCount",
       [](AnnualReport& r) { r.mutable_opening()->add_paragraphs("全文共五部分，具体如下。"); },
       {{"SECTIONS", "opening.paragraphs[1]", kE}}},
      {"PeriodMissing",
       [](AnnualReport& r) { r.mutable_opening()->clear_statistics_period(); },
       {{"PERIOD", "opening.statistics_period", kE}}},
      {"PeriodWrongYear",
       [](AnnualReport& r) {
         r.mutable_opening()->mutable_statistics_period()->mutable_end()->set_month(11);
       },
       {{"PERIOD", "opening.statistics_period", kE}}},
      {"S5SaysNothing",
       [](AnnualReport& r) {
         r.mutable_problems_and_improvements()->clear_paragraphs();
         r.mutable_problems_and_improvements()->add_paragraphs()->set_text("无。");
       },
       {{"S5_CONTENT", "problems_and_improvements", kW}}},
      {"S5NoLastYear",
       [](AnnualReport& r) {
         r.mutable_problems_and_improvements()->mutable_paragraphs()->RemoveLast();
       },
       {{"S5_CONTENT", "problems_and_improvements", kW}}},
      {"S6NoFeeStatement",
       [](AnnualReport& r) {
         r.mutable_other_matters()->clear_paragraphs();
         r.mutable_other_matters()->add_paragraphs()->set_text("无。");
       },
       {{"S6_FEE", "other_matters", kW}}},
      {"XCarryOver",
       [](AnnualReport&) {},
       {{"X_CARRY_OVER", "applications.table.carried_over.natural_person", kE},
        {"X_CARRY_OVER", "applications.table.carried_over.total", kE}},
       Stage::kDraft,
       [](AnnualReport& previous) {
         auto* t3 = previous.mutable_applications()->mutable_table();
         SetCount(t3->mutable_new_applications()->mutable_natural_person(), 3);
         SetCount(t3->mutable_new_applications()->mutable_total(), 3);
         SetCount(t3->mutable_carried_forward()->mutable_natural_person(), 3);
         SetCount(t3->mutable_carried_forward()->mutable_total(), 3);
       }},
      {"XValidDocs",
       [](AnnualReport&) {},
       {{"X_VALID_DOCS", "active_disclosure.table.normative_documents.in_force", kW}},
       Stage::kDraft,
       [](AnnualReport& previous) {
         SetCount(previous.mutable_active_disclosure()
                      ->mutable_table()
                      ->mutable_normative_documents()
                      ->mutable_in_force(),
                  8);
       }},
      {"TextTableChineseNumeral",
       [](AnnualReport& r) {
         r.mutable_overview()->mutable_paragraphs(1)->set_text(
             "全年共受理政府信息公开申请十六件，予以公开８件。");
       },
       {{"TEXT_TABLE", "overview.paragraphs[1].text", kW}}},
      {"TextTableReviewDenied",
       [](AnnualReport& r) {
         r.mutable_overview()->mutable_paragraphs(1)->set_text(
             "全年共收到政府信息公开申请13件。全年未发生政府信息公开行政复议案件，行政诉讼1件。");
       },
       {{"TEXT_TABLE", "overview.paragraphs[1].text", kW}}},
      {"RepeatLastYear",
       [](AnnualReport&) {},
       {{"REPEAT_LAST_YEAR", "overview", kW}},
       Stage::kDraft,
       [](AnnualReport& previous) {
         // Last year's text, word for word but for the year.
         const AnnualReport now = CleanReport2024();
         *previous.mutable_overview()->mutable_paragraphs() = now.overview().paragraphs();
         *previous.mutable_problems_and_improvements()->mutable_paragraphs() =
             now.problems_and_improvements().paragraphs();
         *previous.mutable_other_matters()->mutable_paragraphs() = now.other_matters().paragraphs();
         previous.mutable_overview()->mutable_paragraphs(0)->set_text(
             "2023年，我局深入贯彻落实《条例》，围绕教育重点工作，持续加大主动公开力度，及时发布"
             "招生入学、教育收费、学生资助等群众关注的信息，不断提升政务公开质量。");
       }},
      {"DeadlineDepartmentLateWhileDrafting",
       [](AnnualReport&) {},
       {{"DEADLINE", "metadata.publication_date", kW}},
       Stage::kDraft,
       nullptr,
       MakeDate(2025, 2, 3)},
      {"DeadlineIsErrorAtPublication",
       [](AnnualReport&) {},
       {{"DEADLINE", "metadata.publication_date", kE}},
       Stage::kPublication,
       nullptr,
       MakeDate(2025, 2, 3)},
      {"DeadlineFromStatedDate",
       [](AnnualReport& r) {
         *r.mutable_metadata()->mutable_publication_date() = MakeDate(2025, 4, 1);
         r.mutable_metadata()->set_agency_kind(nianbao::v1::AGENCY_KIND_GOVERNMENT);
       },
       {{"DEADLINE", "metadata.publication_date", kW}}},
      // Passing variants: the rule must stay silent.
      {"DeadlineGovernmentOnTime",
       [](AnnualReport& r) {
         r.mutable_metadata()->set_agency_kind(nianbao::v1::AGENCY_KIND_GOVERNMENT);
       },
       {},
       Stage::kPublication,
       nullptr,
       MakeDate(2025, 3, 31)},
      {"DeadlineTownshipHasNone",
       [](AnnualReport& r) {
         r.mutable_metadata()->set_agency_kind(nianbao::v1::AGENCY_KIND_TOWNSHIP);
       },
       {},
       Stage::kPublication,
       nullptr,
       MakeDate(2025, 9, 1)},
      {"FormatVersion2019ReportIn2019Format",
       [](AnnualReport& r) {
         r.mutable_metadata()->set_report_year(2019);
         auto* period = r.mutable_opening()->mutable_statistics_period();
         period->mutable_start()->set_year(2019);
         period->mutable_end()->set_year(2019);
         auto* t3 = r.mutable_applications()->mutable_table();
         t3->set_format_version(nianbao::v1::FORMAT_VERSION_2019);
         *t3->mutable_other_handling_2019() = t3->other_handling().other();
         t3->clear_other_handling();
         // No 信息处理费 statement is required before 2021 either.
         r.mutable_other_matters()->clear_paragraphs();
         r.mutable_other_matters()->add_paragraphs()->set_text("无。");
         r.mutable_problems_and_improvements()->mutable_paragraphs(2)->set_text(
             "（三）2018年问题整改情况：已全部整改。");
       },
       {}},
      {"TextTableFullWidthAndChineseAgree",
       [](AnnualReport& r) {
         r.mutable_overview()->mutable_paragraphs(1)->set_text(
             "全年共收到政府信息公开申请十三件，予以公开８件；行政复议两件，诉讼一件。");
       },
       {}},
      {"TextTableIncludingCarriedOver",
       [](AnnualReport& r) {
         r.mutable_overview()->mutable_paragraphs(1)->set_text(
             "全年共受理政府信息公开申请15件（含上年结转2件）。");
       },
       {}},
      {"CarryOverAndValidDocsConsistent", [](AnnualReport&) {}, {}, Stage::kDraft, kSamePrevious},
  };
}

class RuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(RuleTest, BreaksOnlyItsRule) {
  const RuleCase& rule_case = GetParam();
  AnnualReport report = CleanReport2024();
  rule_case.break_report(report);
  AnnualReport previous = CleanReport2023();
  ValidationContext context;
  context.stage = rule_case.stage;
  if (rule_case.previous) {
    rule_case.previous(previous);
    context.previous_report = &previous;
  }
  if (rule_case.published) context.publication_date = &*rule_case.published;
  const std::vector<Finding> findings = ValidateReport(report, context);
  EXPECT_THAT(Summarise(findings), UnorderedElementsAreArray(rule_case.expected));
  for (const Finding& finding : findings) {
    EXPECT_FALSE(finding.message_zh.empty()) << finding.code;
    EXPECT_FALSE(finding.message_en.empty()) << finding.code;
  }
}

INSTANTIATE_TEST_SUITE_P(AllRules, RuleTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<RuleCase>& info) {
                           return info.param.name;
                         });

TEST(ValidatorTest, CleanReportHasNoFindingsAtAnyStage) {
  const AnnualReport report = CleanReport2024();
  const AnnualReport previous = CleanReport2023();
  const nianbao::v1::Date published = MakeDate(2025, 1, 20);
  for (Stage stage : {Stage::kDraft, Stage::kSubmission, Stage::kPublication}) {
    ValidationContext context;
    context.stage = stage;
    context.previous_report = &previous;
    context.publication_date = &published;
    EXPECT_THAT(ValidateReport(report, context), IsEmpty());
  }
}

TEST(ValidatorTest, MessagesGiveExpectedAndActualNumbers) {
  AnnualReport report = CleanReport2024();
  auto* row = report.mutable_applications()->mutable_table()->mutable_carried_forward();
  SetCount(row->mutable_natural_person(), 0);
  SetCount(row->mutable_total(), 0);
  const std::vector<Finding> findings = ValidateReport(report, {});
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].message_zh, "表三“自然人”列：一+二=12，三（七）+四=11");
  EXPECT_EQ(findings[0].column, "natural_person");
  EXPECT_EQ(findings[0].expected, "12");
  EXPECT_EQ(findings[0].actual, "11");
}

TEST(ValidatorTest, ErrorsComeFirst) {
  AnnualReport report = CleanReport2024();
  report.mutable_other_matters()->clear_paragraphs();   // S6_FEE warning (catalog order: late).
  report.mutable_opening()->clear_statistics_period();  // PERIOD error.
  const std::vector<Finding> findings = ValidateReport(report, {});
  EXPECT_THAT(Summarise(findings), ElementsAre(Expected{"PERIOD", "opening.statistics_period", kE},
                                               Expected{"S6_FEE", "other_matters", kW}));
}

TEST(RuleCatalogTest, EveryRuleHasCodeAndDescriptions) {
  std::set<std::string> codes;
  for (const RuleInfo& info : RuleCatalog()) {
    EXPECT_EQ(&RuleInfoFor(info.id), &info);
    EXPECT_TRUE(codes.insert(info.code).second) << info.code;
    EXPECT_NE(std::string(info.description_zh), "");
    EXPECT_NE(std::string(info.checks_en), "");
  }
  EXPECT_EQ(codes.size(), kRuleCount);
  EXPECT_EQ(SeverityAt(RuleId::kCellNotNumber, Stage::kDraft), Severity::kWarning);
  EXPECT_EQ(SeverityAt(RuleId::kCellNotNumber, Stage::kSubmission), Severity::kError);
  EXPECT_EQ(SeverityAt(RuleId::kDeadline, Stage::kSubmission), Severity::kWarning);
  EXPECT_EQ(SeverityAt(RuleId::kDeadline, Stage::kPublication), Severity::kError);
}

}  // namespace
}  // namespace nianbao::validation
