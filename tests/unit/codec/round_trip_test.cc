// Render then import gives back an equal report: for every fixture in text and JSON, and for a
// few hundred generated reports with a fixed seed.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "services/codec/codec.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/codec/report_generator.h"

namespace nianbao::codec {
namespace {

using google::protobuf::util::MessageDifferencer;
using nianbao::v1::AnnualReport;

// Renders `report` in `format`, imports the result and compares; returns the difference.
std::string RoundTripDifference(const AnnualReport& report, OutputFormat format) {
  absl::StatusOr<std::string> rendered = RenderReport(report, format);
  if (!rendered.ok()) return "render failed: " + rendered.status().ToString();
  absl::StatusOr<AnnualReport> imported = ImportReport(*rendered);
  if (!imported.ok()) {
    return "import failed: " + imported.status().ToString() + "\n--- rendered:\n" + *rendered;
  }
  MessageDifferencer differencer;
  std::string difference;
  differencer.ReportDifferencesToString(&difference);
  if (differencer.Compare(report, *imported)) return "";
  return difference + "\n--- rendered:\n" + *rendered;
}

TEST(CodecRoundTrip, EveryFixtureInTextAndJson) {
  for (const std::string& path : testing::FixtureReportPaths()) {
    absl::StatusOr<AnnualReport> report = ImportReportFile(path);
    ASSERT_THAT(report, testing::IsOk()) << path;
    EXPECT_EQ(RoundTripDifference(*report, OutputFormat::kText), "") << path;
    EXPECT_EQ(RoundTripDifference(*report, OutputFormat::kJson), "") << path;
  }
}

TEST(CodecRoundTrip, RenderedTextKeepsTheFixtureShape) {
  const std::string path = testing::FixturesDir() + "/reports/2024_jianshan-jiaotiju.txt";
  absl::StatusOr<AnnualReport> report = ImportReportFile(path);
  ASSERT_THAT(report, testing::IsOk());
  absl::StatusOr<std::string> text = RenderReport(*report, OutputFormat::kText);
  ASSERT_THAT(text, testing::IsOk());
  EXPECT_THAT(*text, ::testing::HasSubstr("\t行政许可\n\t1\n\n"));
  EXPECT_THAT(*text, ::testing::HasSubstr(
                         "\t信息内容\n\t本年制发件数\n\t本年废止件数\n\t现行有效件数\n\n"));
  EXPECT_THAT(*text, ::testing::HasSubstr("六、其他需要报告的事项\n无\n"));
}

// What the generated reports exercised, so that the property test cannot pass vacuously.
struct Coverage {
  std::map<std::string, int> seen;
  void Note(const AnnualReport& report) {
    const auto& t2 = report.active_disclosure().table();
    const auto& t3 = report.applications().table();
    seen["table 2 mixed"] += t2.format_version() == v1::FORMAT_VERSION_MIXED;
    seen["table 2 of 2019"] += t2.format_version() == v1::FORMAT_VERSION_2019;
    seen["table 3 of 2019"] += t3.format_version() == v1::FORMAT_VERSION_2019;
    seen["table 3 mixed"] += t3.format_version() == v1::FORMAT_VERSION_MIXED;
    seen["document mixed"] += report.metadata().format_version() == v1::FORMAT_VERSION_MIXED;
    seen["table without heading"] +=
        report.has_applications() && !report.applications().has_heading();
    seen["sections out of order"] += report.other_matters().heading().position() == 1 ||
                                     report.overview().heading().position() > 1;
    seen["signature"] += report.has_signature();
    seen["notes"] += report.review_litigation().notes_size() > 0;
    seen["blank count"] += !t3.new_applications().natural_person().has_number() &&
                           !t3.new_applications().natural_person().has_text();
    seen["text count"] += t3.new_applications().total().has_text();
    seen["amount with unit"] += !t2.fee_amount().written().empty();
    seen["amount with nanos"] += t2.fee_amount().amount().nanos() != 0;
    seen["unnumbered heading"] +=
        report.overview().has_heading() && report.overview().heading().written_number() == 0;
    seen["subheading"] += report.overview().paragraphs_size() > 0 &&
                          report.overview().paragraphs(0).kind() == v1::PARAGRAPH_KIND_SUBHEADING;
  }
};

TEST(CodecRoundTrip, GeneratedReportsInTextAndJson) {
  std::mt19937 rng(20240117);
  Coverage coverage;
  for (int i = 0; i < 300; ++i) {
    const AnnualReport report = codec_testing::GenerateReport(rng);
    coverage.Note(report);
    const std::string text_difference = RoundTripDifference(report, OutputFormat::kText);
    ASSERT_EQ(text_difference, "") << "report " << i << ":\n" << report.DebugString();
    ASSERT_EQ(RoundTripDifference(report, OutputFormat::kJson), "") << "report " << i;
  }
  for (const auto& [feature, count] : coverage.seen) EXPECT_GT(count, 0) << feature;
  EXPECT_EQ(coverage.seen.size(), 15u);
}

TEST(CodecRoundTrip, MarkdownAndHtmlAreRenderedToo) {
  absl::StatusOr<AnnualReport> report =
      ImportReportFile(testing::FixturesDir() + "/reports/2023_shuyang-fagaiju.txt");
  ASSERT_THAT(report, testing::IsOk());
  absl::StatusOr<std::string> markdown = RenderReport(*report, OutputFormat::kMarkdown);
  ASSERT_THAT(markdown, testing::IsOk());
  EXPECT_THAT(*markdown, ::testing::HasSubstr("沭阳县发展和改革局"));
  EXPECT_THAT(*markdown, ::testing::HasSubstr("|"));
  absl::StatusOr<std::string> html = RenderReport(*report, OutputFormat::kHtml);
  ASSERT_THAT(html, testing::IsOk());
  EXPECT_THAT(*html, ::testing::HasSubstr("id=\"table-3\""));
}

TEST(CodecRoundTrip, JsonErrorsAreClear) {
  EXPECT_THAT(ImportReport("{\"metadata\": {\"agencyName\": 5"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("JSON")));
  EXPECT_THAT(ImportReport("{\"noSuchField\": 1}"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("JSON")));
  EXPECT_THAT(ImportReport("{\"metadata\": \"\xFF\"}"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("UTF-8")));
}

}  // namespace
}  // namespace nianbao::codec
