// The service core without a network: request checks with field-naming errors, the response's
// counts and catalog version, the catalog listing, and the raw request parser.
#include "services/validation/validation_core.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "absl/strings/cord.h"
#include "google/rpc/error_details.pb.h"
#include "services/common/error_details.h"
#include "services/validation/rule_catalog.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/validation/report_builder.h"

namespace nianbao::validation {
namespace {

using nianbao::testing::CleanReport2023;
using nianbao::testing::CleanReport2024;
using nianbao::testing::StatusIs;

// The single field a BadRequest detail names.
std::string ViolatedField(const absl::Status& status) {
  auto payload = status.GetPayload(nianbao::service::kBadRequestTypeUrl);
  if (!payload) return "<no BadRequest>";
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(*payload)) ||
      bad_request.field_violations_size() != 1) {
    return "<malformed BadRequest>";
  }
  return bad_request.field_violations(0).field();
}

TEST(ValidationCoreTest, CleanReportGivesNoFindingsAndTheCatalogVersion) {
  nianbao::v1::ValidateRequest request;
  *request.mutable_report() = CleanReport2024();
  *request.mutable_previous_report() = CleanReport2023();
  nianbao::v1::ValidateResponse response;
  NIANBAO_ASSERT_OK(ValidateReportRequest(request, {}, &response));
  EXPECT_EQ(response.findings_size(), 0);
  EXPECT_EQ(response.catalog_version(), kRuleCatalogVersion);
}

TEST(ValidationCoreTest, CountsFindingsBySeverityAtTheRequestedStage) {
  nianbao::v1::ValidateRequest request;
  *request.mutable_report() = CleanReport2024();
  request.mutable_report()
      ->mutable_applications()
      ->mutable_table()
      ->mutable_disclosed()
      ->clear_commercial_enterprise();
  request.mutable_report()->mutable_opening()->clear_statistics_period();
  request.set_stage(nianbao::v1::VALIDATION_STAGE_SUBMISSION);
  nianbao::v1::ValidateResponse response;
  NIANBAO_ASSERT_OK(ValidateReportRequest(request, {}, &response));
  // Blank 商业企业 in （一） also unbalances its column and the row: that is what a blank read as 0
  // means, and each is reported.
  EXPECT_EQ(response.error_count(), response.findings_size());
  ASSERT_GT(response.findings_size(), 0);
  EXPECT_EQ(response.findings(0).severity(), nianbao::v1::SEVERITY_ERROR);
}

TEST(ValidationCoreTest, MissingReportNamesTheField) {
  nianbao::v1::ValidateResponse response;
  const absl::Status status = ValidateReportRequest({}, {}, &response);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ViolatedField(status), "report");
}

TEST(ValidationCoreTest, BadRequestsNameTheField) {
  struct Case {
    std::function<void(nianbao::v1::ValidateRequest&)> mutate;
    std::string field;
  };
  const Case cases[] = {
      {[](auto& r) { r.mutable_report()->mutable_metadata()->set_report_year(0); },
       "report.metadata.report_year"},
      {[](auto& r) {
         *r.mutable_previous_report() = CleanReport2023();
         r.mutable_previous_report()->mutable_metadata()->set_report_year(2022);
       },
       "previous_report.metadata.report_year"},
      {[](auto& r) {
         r.mutable_publication_date()->set_year(2025);
         r.mutable_publication_date()->set_month(2);
         r.mutable_publication_date()->set_day(30);
       },
       "publication_date"},
      {[](auto& r) { r.set_stage(static_cast<nianbao::v1::ValidationStage>(9)); }, "stage"},
  };
  for (const Case& c : cases) {
    nianbao::v1::ValidateRequest request;
    *request.mutable_report() = CleanReport2024();
    c.mutate(request);
    nianbao::v1::ValidateResponse response;
    const absl::Status status = ValidateReportRequest(request, {}, &response);
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument)) << c.field;
    EXPECT_EQ(ViolatedField(status), c.field);
    EXPECT_TRUE(status.GetPayload(nianbao::service::kLocalizedMessageTypeUrl).has_value());
  }
}

TEST(ValidationCoreTest, OversizedReportIsRefusedNamingTheField) {
  nianbao::v1::ValidateRequest request;
  *request.mutable_report() = CleanReport2024();
  ValidationLimits limits;
  limits.max_report_bytes = 100;
  nianbao::v1::ValidateResponse response;
  absl::Status status = ValidateReportRequest(request, limits, &response);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ViolatedField(status), "report");
  // The raw parser refuses it before parsing.
  status = ParseValidateRequest(request.SerializeAsString(), limits, &request);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ViolatedField(status), "report");
}

TEST(ValidationCoreTest, ParserReadsAValidRequestExactly) {
  nianbao::v1::ValidateRequest request;
  *request.mutable_report() = CleanReport2024();
  *request.mutable_previous_report() = CleanReport2023();
  request.mutable_publication_date()->set_year(2025);
  request.set_stage(nianbao::v1::VALIDATION_STAGE_PUBLICATION);
  nianbao::v1::ValidateRequest parsed;
  NIANBAO_ASSERT_OK(ParseValidateRequest(request.SerializeAsString(), {}, &parsed));
  EXPECT_EQ(parsed.SerializeAsString(), request.SerializeAsString());
}

TEST(ValidationCoreTest, ParserNamesTheMalformedField) {
  // Field 1 (report), length 3, bytes that are not an AnnualReport (a truncated varint).
  const std::string bad_report("\x0a\x03\x20\xff\xff", 5);
  nianbao::v1::ValidateRequest parsed;
  absl::Status status = ParseValidateRequest(bad_report, {}, &parsed);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ViolatedField(status), "report");
  // Invalid UTF-8 in the previous report's agency name.
  nianbao::v1::AnnualReport previous;
  previous.mutable_metadata()->set_agency_name("x");
  std::string bytes = previous.SerializeAsString();
  bytes.back() = '\xff';
  const std::string bad_utf8 = std::string("\x12", 1) + static_cast<char>(bytes.size()) + bytes;
  status = ParseValidateRequest(bad_utf8, {}, &parsed);
  EXPECT_EQ(ViolatedField(status), "previous_report");
  // Garbage framing: a length running past the end.
  status = ParseValidateRequest(std::string("\x0a\x7f\x01", 3), {}, &parsed);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ViolatedField(status), "(request)");
}

TEST(ValidationCoreTest, ListsEveryRule) {
  nianbao::v1::ListRulesResponse response;
  NIANBAO_ASSERT_OK(ListValidationRules({}, &response));
  EXPECT_EQ(response.rules_size(), static_cast<int>(kRuleCount));
  EXPECT_EQ(response.catalog_version(), kRuleCatalogVersion);
  EXPECT_EQ(response.rules(0).code(), "T3_COLUMN_BALANCE");
  for (const auto& rule : response.rules()) {
    EXPECT_NE(rule.severity(), nianbao::v1::SEVERITY_UNSPECIFIED) << rule.code();
    EXPECT_FALSE(rule.description_zh().empty()) << rule.code();
  }
}

}  // namespace
}  // namespace nianbao::validation
