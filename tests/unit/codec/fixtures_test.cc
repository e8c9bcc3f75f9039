// The real reports of ../shared/fixtures/reports, imported field by field.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"
#include "services/codec/codec.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::ApplicantCounts;
using nianbao::v1::CountCell;

AnnualReport ImportFixture(const std::string& name) {
  const std::string path = testing::FixturesDir() + "/reports/" + name;
  absl::StatusOr<AnnualReport> report = ImportReportFile(path);
  EXPECT_THAT(report, testing::IsOk()) << path;
  return report.ok() ? *report : AnnualReport();
}

bool IsNumber(const CountCell& cell, int value) {
  return cell.content_case() == CountCell::kNumber && cell.number() == value;
}

// Every cell of a table 3 row holds `value`.
void ExpectRowOf(const ApplicantCounts& row, int value, const std::string& name) {
  for (const CountCell* cell :
       {&row.natural_person(), &row.commercial_enterprise(), &row.research_institution(),
        &row.public_interest_organization(), &row.legal_service_institution(),
        &row.other_organization(), &row.total()}) {
    EXPECT_TRUE(IsNumber(*cell, value)) << name << ": " << cell->DebugString();
  }
}

TEST(CodecFixtures, EveryFixtureImports) {
  const std::vector<std::string> paths = testing::FixtureReportPaths();
  ASSERT_GE(paths.size(), 3u);
  for (const std::string& path : paths) {
    absl::StatusOr<AnnualReport> report = ImportReportFile(path);
    ASSERT_THAT(report, testing::IsOk()) << path;
    EXPECT_FALSE(report->metadata().agency_name().empty()) << path;
    EXPECT_TRUE(report->has_active_disclosure()) << path;
    EXPECT_TRUE(report->applications().table().has_new_applications()) << path;
    EXPECT_TRUE(report->review_litigation().table().has_administrative_review()) << path;
  }
}

TEST(CodecFixtures, CrLfAndByteOrderMarkReadTheSame) {
  for (const std::string& path : testing::FixtureReportPaths()) {
    const std::string text = testing::ReadFileOrDie(path);
    std::string windows = "\xEF\xBB\xBF";
    for (char c : text) {
      if (c == '\n') windows += '\r';
      windows += c;
    }
    absl::StatusOr<AnnualReport> unix_report = ImportReport(text);
    absl::StatusOr<AnnualReport> windows_report = ImportReport(windows);
    ASSERT_THAT(unix_report, testing::IsOk()) << path;
    ASSERT_THAT(windows_report, testing::IsOk()) << path;
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*unix_report, *windows_report))
        << path;
  }
}

TEST(CodecFixtures, JianshanMetadataAndOpening) {
  const AnnualReport report = ImportFixture("2024_jianshan-jiaotiju.txt");
  const v1::ReportMetadata& metadata = report.metadata();
  EXPECT_EQ(metadata.agency_name(), "尖山区教体局");
  EXPECT_EQ(metadata.report_year(), 2024);
  EXPECT_EQ(metadata.title(), "尖山区教体局2024年政府信息公开工作年度报告");
  EXPECT_EQ(metadata.agency_kind(), v1::AGENCY_KIND_DEPARTMENT);
  EXPECT_EQ(metadata.format_version(), v1::FORMAT_VERSION_2021);
  const v1::OpeningBlock& opening = report.opening();
  ASSERT_EQ(opening.paragraphs_size(), 1);
  EXPECT_TRUE(absl::StartsWith(opening.paragraphs(0), "本年度报告根据")) << opening.paragraphs(0);
  EXPECT_EQ(opening.legal_basis(), "《中华人民共和国政府信息公开条例》");
  EXPECT_EQ(opening.contact_address(), "八马路上段");
  EXPECT_EQ(opening.postcode(), "155100");
  EXPECT_EQ(opening.telephone(), "0469-4237036");
  EXPECT_EQ(opening.email(), "sysjsqjyj@163.com");
  EXPECT_EQ(opening.portal_url(), "http://www.sysjs.gov.cn/");
  const v1::Period& period = opening.statistics_period();
  EXPECT_EQ(period.start().year(), 2024);
  EXPECT_EQ(period.start().month(), 1);
  EXPECT_EQ(period.start().day(), 1);
  EXPECT_EQ(period.end().year(), 2024);
  EXPECT_EQ(period.end().month(), 12);
  EXPECT_EQ(period.end().day(), 31);
}

TEST(CodecFixtures, JianshanSections) {
  const AnnualReport report = ImportFixture("2024_jianshan-jiaotiju.txt");
  const std::vector<const v1::SectionHeading*> headings = {
      &report.overview().heading(),
      &report.active_disclosure().heading(),
      &report.applications().heading(),
      &report.review_litigation().heading(),
      &report.problems_and_improvements().heading(),
      &report.other_matters().heading()};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(headings[i]->written_number(), i + 1) << headings[i]->text();
    EXPECT_EQ(headings[i]->position(), i + 1) << headings[i]->text();
  }
  EXPECT_EQ(report.overview().heading().text(), "一、总体情况");
  ASSERT_EQ(report.overview().paragraphs_size(), 7);
  EXPECT_EQ(report.overview().paragraphs(1).kind(), v1::PARAGRAPH_KIND_SUBHEADING);
  EXPECT_EQ(report.overview().paragraphs(1).text(), "（一）加强领导，完善机制");
  EXPECT_EQ(report.overview().paragraphs(2).kind(), v1::PARAGRAPH_KIND_BODY);
  ASSERT_EQ(report.other_matters().paragraphs_size(), 1);
  EXPECT_EQ(report.other_matters().paragraphs(0).text(), "无");
  EXPECT_EQ(report.problems_and_improvements().paragraphs_size(), 12);
  EXPECT_FALSE(report.has_signature());
}

TEST(CodecFixtures, JianshanTables) {
  const AnnualReport report = ImportFixture("2024_jianshan-jiaotiju.txt");
  const v1::ActiveDisclosureTable& t2 = report.active_disclosure().table();
  EXPECT_EQ(t2.format_version(), v1::FORMAT_VERSION_2021);
  EXPECT_TRUE(IsNumber(t2.licensing_decisions(), 1));
  EXPECT_TRUE(IsNumber(t2.punishment_decisions(), 0));
  EXPECT_TRUE(IsNumber(t2.coercion_decisions(), 0));
  EXPECT_TRUE(IsNumber(t2.rules().issued(), 0));
  EXPECT_TRUE(IsNumber(t2.normative_documents().in_force(), 0));
  EXPECT_EQ(t2.fee_amount().amount().units(), 0);
  EXPECT_TRUE(t2.fee_amount().has_amount());
  EXPECT_FALSE(t2.has_trial_2019());

  const v1::ApplicationTable& t3 = report.applications().table();
  EXPECT_EQ(t3.format_version(), v1::FORMAT_VERSION_2021);
  const std::vector<const ApplicantCounts*> rows = {&t3.new_applications(),
                                                    &t3.carried_over(),
                                                    &t3.disclosed(),
                                                    &t3.partially_disclosed(),
                                                    &t3.withheld().state_secret(),
                                                    &t3.withheld().prohibited_by_law(),
                                                    &t3.withheld().endangers_security_stability(),
                                                    &t3.withheld().third_party_rights(),
                                                    &t3.withheld().internal_affairs(),
                                                    &t3.withheld().process_information(),
                                                    &t3.withheld().law_enforcement_files(),
                                                    &t3.withheld().administrative_query(),
                                                    &t3.unavailable().not_held(),
                                                    &t3.unavailable().needs_creation(),
                                                    &t3.unavailable().unclear_after_correction(),
                                                    &t3.not_processed().petition_complaint(),
                                                    &t3.not_processed().repeated(),
                                                    &t3.not_processed().publication_requested(),
                                                    &t3.not_processed().mass_repeated(),
                                                    &t3.not_processed().confirmation_requested(),
                                                    &t3.other_handling().correction_overdue(),
                                                    &t3.other_handling().fee_unpaid(),
                                                    &t3.other_handling().other(),
                                                    &t3.results_total(),
                                                    &t3.carried_forward()};
  for (std::size_t i = 0; i < rows.size(); ++i)
    ExpectRowOf(*rows[i], 0, "row " + std::to_string(i));
  EXPECT_FALSE(t3.has_other_handling_2019());

  const v1::ReviewLitigationTable& t4 = report.review_litigation().table();
  for (const v1::CaseOutcomes* group :
       {&t4.administrative_review(), &t4.litigation_direct(), &t4.litigation_after_review()}) {
    for (const CountCell* cell : {&group->upheld(), &group->corrected(), &group->other(),
                                  &group->pending(), &group->total()}) {
      EXPECT_TRUE(IsNumber(*cell, 0)) << cell->DebugString();
    }
  }
}

TEST(CodecFixtures, ShuyangBlankCellsAttributesAndSignature) {
  const AnnualReport report = ImportFixture("2023_shuyang-fagaiju.txt");
  const v1::ReportMetadata& metadata = report.metadata();
  EXPECT_EQ(metadata.agency_name(), "沭阳县发展和改革局");
  EXPECT_EQ(metadata.report_year(), 2023);
  EXPECT_EQ(metadata.format_version(), v1::FORMAT_VERSION_2021);
  ASSERT_EQ(metadata.attributes_size(), 5);
  EXPECT_EQ(metadata.attributes(0).label(), "名称");
  EXPECT_EQ(metadata.attributes(1).label(), "索引号");
  EXPECT_EQ(metadata.attributes(1).value(), "014314799/2024-00002");
  EXPECT_EQ(metadata.attributes(2).label(), "分类");
  EXPECT_EQ(metadata.attributes(2).value(), "信息公开年报　其他　报告");
  EXPECT_EQ(metadata.attributes(4).label(), "公开日期");
  EXPECT_EQ(metadata.publication_date().year(), 2024);
  EXPECT_EQ(metadata.publication_date().month(), 1);
  EXPECT_EQ(metadata.publication_date().day(), 17);
  EXPECT_EQ(report.opening().telephone(), "0527—83593059");
  EXPECT_EQ(report.opening().postcode(), "223600");
  EXPECT_EQ(report.opening().contact_address(), "沭阳县沭城街道苏州东路42号");
  EXPECT_EQ(report.opening().portal_url(), "http://www.shuyang.gov.cn/");
  EXPECT_EQ(report.opening().statistics_period().end().day(), 31);

  const v1::ApplicationTable& t3 = report.applications().table();
  EXPECT_TRUE(IsNumber(t3.new_applications().natural_person(), 26));
  EXPECT_TRUE(IsNumber(t3.new_applications().total(), 26));
  // Blank is not 0: the organisation columns were left blank.
  EXPECT_EQ(t3.new_applications().commercial_enterprise().content_case(),
            CountCell::CONTENT_NOT_SET);
  EXPECT_TRUE(t3.new_applications().has_commercial_enterprise());
  EXPECT_TRUE(IsNumber(t3.disclosed().total(), 26));
  EXPECT_TRUE(IsNumber(t3.results_total().total(), 26));
  EXPECT_TRUE(IsNumber(report.active_disclosure().table().normative_documents().issued(), 8));
  EXPECT_TRUE(IsNumber(report.active_disclosure().table().normative_documents().in_force(), 18));

  // The fixture's first group reads 0, 0, 0, 1, 1: one review not yet concluded (尚未审结).
  const v1::CaseOutcomes& review = report.review_litigation().table().administrative_review();
  EXPECT_TRUE(IsNumber(review.upheld(), 0));
  EXPECT_TRUE(IsNumber(review.other(), 0));
  EXPECT_TRUE(IsNumber(review.pending(), 1));
  EXPECT_TRUE(IsNumber(review.total(), 1));

  EXPECT_EQ(report.problems_and_improvements().heading().text(), "五、存在的主要问题及整改措施");
  EXPECT_EQ(report.problems_and_improvements().paragraphs(0).kind(), v1::PARAGRAPH_KIND_BODY);
  EXPECT_EQ(report.overview().paragraphs(1).kind(), v1::PARAGRAPH_KIND_SUBHEADING);
  ASSERT_EQ(report.other_matters().paragraphs_size(), 1);
  EXPECT_EQ(report.signature().agency(), "沭阳县发展和改革局");
  EXPECT_EQ(report.signature().date_text(), "2024年1月17日");
  EXPECT_EQ(report.signature().date().day(), 17);
}

TEST(CodecFixtures, Shanghai2019FormatRecognised) {
  const AnnualReport report = ImportFixture("2019_shanghai-gov-office_old-format.txt");
  const v1::ReportMetadata& metadata = report.metadata();
  EXPECT_EQ(metadata.report_year(), 2019);
  EXPECT_EQ(metadata.agency_name(), "上海市人民政府办公厅");
  EXPECT_EQ(metadata.format_version(), v1::FORMAT_VERSION_2019);
  EXPECT_EQ(metadata.publication_date().year(), 2020);
  const v1::ActiveDisclosureTable& t2 = report.active_disclosure().table();
  EXPECT_EQ(t2.format_version(), v1::FORMAT_VERSION_2019);
  EXPECT_TRUE(IsNumber(t2.trial_2019().rules().total_disclosed(), 524));
  EXPECT_TRUE(IsNumber(t2.trial_2019().normative_documents().made(), 60));
  EXPECT_TRUE(t2.trial_2019().has_other_external_services());
  const v1::AmountCell& procurement = t2.trial_2019().centralized_procurement().total_amount();
  EXPECT_EQ(procurement.amount().units(), 251000);
  EXPECT_EQ(procurement.amount().nanos(), 0);
  EXPECT_EQ(procurement.written(), "251000元");
  EXPECT_TRUE(IsNumber(t2.trial_2019().centralized_procurement().projects(), 6));
  EXPECT_FALSE(t2.has_licensing_decisions());

  const v1::ApplicationTable& t3 = report.applications().table();
  EXPECT_EQ(t3.format_version(), v1::FORMAT_VERSION_2019);
  EXPECT_TRUE(t3.has_other_handling_2019());
  EXPECT_FALSE(t3.has_other_handling());
  EXPECT_TRUE(IsNumber(t3.new_applications().total(), 859));
  EXPECT_EQ(t3.disclosed().total().content_case(), CountCell::CONTENT_NOT_SET);
  EXPECT_TRUE(IsNumber(t3.carried_forward().natural_person(), 72));
  const v1::CaseOutcomes& review = report.review_litigation().table().administrative_review();
  EXPECT_TRUE(IsNumber(review.upheld(), 5));
  EXPECT_TRUE(IsNumber(review.total(), 7));
  EXPECT_TRUE(IsNumber(report.review_litigation().table().litigation_direct().upheld(), 8));
  EXPECT_EQ(report.opening().statistics_period().end().year(), 2019);
  EXPECT_EQ(report.opening().statistics_period().end().month(), 12);
  EXPECT_EQ(report.opening().portal_url(), "www.shanghai.gov.cn");
  EXPECT_EQ(report.other_matters().paragraphs(0).text(), "无。");
}

}  // namespace
}  // namespace nianbao::codec
