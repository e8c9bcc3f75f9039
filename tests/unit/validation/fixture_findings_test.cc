// Every shared fixture report, imported and validated (drafting stage, no previous report, no
// publication date beyond the one the page states), gives exactly the findings checked in under
// tests/data/validation/<fixture>.findings.json. Set NIANBAO_UPDATE_GOLDEN=1 to rewrite them after
// a deliberate change, then review the diff.
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <tuple>
#include <vector>

#include "nianbao/v1/validation.pb.h"
#include "services/codec/codec.h"
#include "services/validation/validation_core.h"
#include "services/validation/validator.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::validation {
namespace {

std::string GoldenPath(const std::string& fixture) {
  std::string name = fixture.substr(fixture.rfind('/') + 1);
  name = name.substr(0, name.rfind('.'));
  return nianbao::testing::SourceDir() + "/tests/data/validation/" + name + ".findings.json";
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json, options).ok());
  return json;
}

TEST(FixtureFindingsTest, EveryFixtureMatchesItsCheckedInFindings) {
  const auto fixtures = nianbao::testing::FixtureReportPaths();
  ASSERT_FALSE(fixtures.empty());
  const bool update = std::getenv("NIANBAO_UPDATE_GOLDEN") != nullptr;
  for (const std::string& fixture : fixtures) {
    SCOPED_TRACE(fixture);
    auto report = nianbao::codec::ImportReportFile(fixture);
    NIANBAO_ASSERT_OK(report);
    nianbao::v1::ValidateRequest request;
    *request.mutable_report() = *report;
    nianbao::v1::ValidateResponse actual;
    NIANBAO_ASSERT_OK(ValidateReportRequest(request, {}, &actual));
    const std::string golden = GoldenPath(fixture);
    if (update) {
      nianbao::testing::WriteFileOrDie(golden, ToJson(actual));
      continue;
    }
    nianbao::v1::ValidateResponse expected;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(nianbao::testing::ReadFileOrDie(golden),
                                                            &expected)
                    .ok())
        << golden;
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(expected, actual))
        << "expected (" << golden << "):\n"
        << ToJson(expected) << "\nactual:\n"
        << ToJson(actual);
  }
}

auto Fields(const Finding& f) {
  return std::tie(f.code, f.severity, f.field_path, f.column, f.message_zh, f.message_en,
                  f.expected, f.actual);
}

// ValidateReport overwrites the findings of an earlier call in place: one vector taken through the
// fixtures (many findings, then few, then many again, both ways round) must hold exactly each
// report's own findings every time, nothing left over from the one before.
TEST(FixtureFindingsTest, OneVectorReusedForManyReportsHoldsEachReportsOwnFindings) {
  std::vector<nianbao::v1::AnnualReport> reports;
  for (const std::string& fixture : nianbao::testing::FixtureReportPaths()) {
    auto report = nianbao::codec::ImportReportFile(fixture);
    NIANBAO_ASSERT_OK(report);
    reports.push_back(*std::move(report));
  }
  ASSERT_GE(reports.size(), 2u);
  std::vector<size_t> order;
  for (size_t i = 0; i < reports.size(); ++i) order.push_back(i);
  for (size_t i = reports.size(); i-- > 0;) order.push_back(i);
  order.push_back(0);
  std::vector<Finding> reused;
  for (size_t i : order) {
    SCOPED_TRACE(i);
    const std::vector<Finding> fresh = ValidateReport(reports[i], {});
    ValidateReport(reports[i], {}, &reused);
    ASSERT_EQ(reused.size(), fresh.size());
    for (size_t j = 0; j < fresh.size(); ++j) {
      EXPECT_TRUE(Fields(reused[j]) == Fields(fresh[j])) << j << ": " << reused[j].message_en;
    }
  }
}

}  // namespace
}  // namespace nianbao::validation
