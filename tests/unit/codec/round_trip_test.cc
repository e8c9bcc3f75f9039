// Render then import gives back an equal report: for every fixture in text and JSON, and for a
// few hundred generated reports with a fixed seed.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "services/codec/codec.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/codec/codec_test_paths.h"
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
  for (const std::string& path : codec_testing::ReportFixturePaths()) {
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
  EXPECT_THAT(*text, ::testing::HasSubstr("\t信息内容\n\t本年制发件数\n\t本年废止件数\n\t现行有效件数\n\n"));
  EXPECT_THAT(*text, ::testing::HasSubstr("六、其他需要报告的事项\n无\n"));
}

TEST(CodecRoundTrip, GeneratedReportsInTextAndJson) {
  std::mt19937 rng(20240117);
  for (int i = 0; i < 300; ++i) {
    const AnnualReport report = codec_testing::GenerateReport(rng);
    const std::string text_difference = RoundTripDifference(report, OutputFormat::kText);
    ASSERT_EQ(text_difference, "") << "report " << i << ":\n" << report.DebugString();
    ASSERT_EQ(RoundTripDifference(report, OutputFormat::kJson), "") << "report " << i;
  }
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
