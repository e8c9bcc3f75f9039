// Every shared fixture report, imported and validated (drafting stage, no previous report, no
// publication date beyond the one the page states), gives exactly the findings checked in under
// tests/data/validation/<fixture>.findings.json. Set NIANBAO_UPDATE_GOLDEN=1 to rewrite them after
// a deliberate change, then review the diff.
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "nianbao/v1/validation.pb.h"
#include "services/codec/codec.h"
#include "services/validation/validation_core.h"
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

}  // namespace
}  // namespace nianbao::validation
