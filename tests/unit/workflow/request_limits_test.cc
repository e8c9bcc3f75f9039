// The request limits (workflow/request_limits.h) and the canonical report name: each refusal is
// INVALID_ARGUMENT naming the field, quotes at most a short prefix of what was sent, and the
// limits together keep every page a client reads under gRPC's 4 MiB default.
#include "workflow/request_limits.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/status_matchers.h"
#include "workflow/resource_names.h"
#include "workflow/status_details.h"

namespace nianbao::workflow {
namespace {

namespace v1 = nianbao::v1;
using ::nianbao::testing::StatusIs;
using ::testing::HasSubstr;

// gRPC's default largest message a client receives.
constexpr size_t kClientReceiveLimit = 4 * 1024 * 1024;

// The field the BadRequest of `status` names ("" when it has none).
std::string ViolatedField(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  if (!GetDetail(status, kBadRequestTypeUrl, bad_request) ||
      bad_request.field_violations_size() != 1) {
    return "";
  }
  return bad_request.field_violations(0).field();
}

struct NameCase {
  std::string label;
  std::string name;
};

void PrintTo(const NameCase& name_case, std::ostream* os) { *os << name_case.label; }

class NonCanonicalNameTest : public ::testing::TestWithParam<NameCase> {};

TEST_P(NonCanonicalNameTest, IsInvalidArgumentNamingTheField) {
  const absl::StatusOr<ParsedReportName> parsed = ParseReportName(GetParam().name, "name");
  EXPECT_THAT(parsed.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ViolatedField(parsed.status()), "name");
  // The message quotes a short prefix at most, whatever was sent.
  EXPECT_LT(parsed.status().message().size(), 400u);
}

INSTANTIATE_TEST_SUITE_P(
    Names, NonCanonicalNameTest,
    ::testing::Values(NameCase{"LeadingZero", "agencies/shuyang-fagaiju/reports/02024"},
                      NameCase{"Plus", "agencies/shuyang-fagaiju/reports/+2024"},
                      NameCase{"LeadingSpace", "agencies/shuyang-fagaiju/reports/ 2024"},
                      NameCase{"TrailingNewline", "agencies/shuyang-fagaiju/reports/2024\n"},
                      NameCase{"TrailingSpace", "agencies/shuyang-fagaiju/reports/2024 "},
                      NameCase{"FullWidthDigits", "agencies/shuyang-fagaiju/reports/２０２４"},
                      NameCase{"Zero", "agencies/shuyang-fagaiju/reports/0"},
                      NameCase{"Negative", "agencies/shuyang-fagaiju/reports/-2024"},
                      NameCase{"TrailingSlash", "agencies/shuyang-fagaiju/reports/2024/"},
                      NameCase{"UpperCaseAgency", "agencies/Shuyang/reports/2024"},
                      NameCase{"SixtyKilobytes",
                               "agencies/shuyang-fagaiju/reports/" + std::string(60 * 1024, '9')},
                      NameCase{"SixtyKilobyteAgency",
                               "agencies/" + std::string(60 * 1024, 'a') + "/reports/2024"}),
    [](const ::testing::TestParamInfo<NameCase>& info) { return info.param.label; });

TEST(ReportNameTest, CanonicalNameParses) {
  absl::StatusOr<ParsedReportName> parsed =
      ParseReportName("agencies/shuyang-fagaiju/reports/2024", "name");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->agency_id, "shuyang-fagaiju");
  EXPECT_EQ(parsed->report_year, 2024);
  EXPECT_EQ(ReportName(parsed->agency_id, parsed->report_year),
            "agencies/shuyang-fagaiju/reports/2024");
}

TEST(QuoteForErrorTest, ShortValuesWholeLongOnesCutAtACharacter) {
  EXPECT_EQ(QuoteForError("2024"), "\"2024\"");
  const std::string long_value(60 * 1024, 'x');
  const std::string quoted = QuoteForError(long_value);
  EXPECT_LT(quoted.size(), kMaxQuotedBytes + 32);
  EXPECT_THAT(quoted, HasSubstr("(61440 bytes)"));
  // 年 is three bytes: 22 of them cross the cut, which must not split one.
  std::string chinese;
  for (int i = 0; i < 30; ++i) chinese += "年";
  std::string kept;
  for (int i = 0; i < 21; ++i) kept += "年";  // 63 bytes: the 22nd would end past the cut
  EXPECT_EQ(QuoteForError(chinese), "\"" + kept + "\"…(90 bytes)");
}

TEST(RequestLimitsTest, SixtyKilobyteNameIsRefusedNamingTheField) {
  v1::GetReportRequest request;
  request.set_name("agencies/shuyang-fagaiju/reports/" + std::string(60 * 1024, '1'));
  const absl::Status status = CheckRequestLimits(request);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ViolatedField(status), "name");
  EXPECT_LT(status.message().size(), 400u);
}

TEST(RequestLimitsTest, ReasonsAndCommentsAreBounded) {
  v1::WithdrawReportRequest withdraw;
  withdraw.set_name("agencies/shuyang-fagaiju/reports/2024");
  withdraw.set_reason(std::string(kMaxReasonBytes, 'r'));
  EXPECT_TRUE(CheckRequestLimits(withdraw).ok());
  withdraw.set_reason(std::string(5 * 1024 * 1024, 'r'));
  EXPECT_EQ(ViolatedField(CheckRequestLimits(withdraw)), "reason");

  v1::ApproveReportRequest approve;
  approve.set_name("agencies/shuyang-fagaiju/reports/2024");
  approve.set_comment(std::string(kMaxReasonBytes + 1, 'c'));
  EXPECT_EQ(ViolatedField(CheckRequestLimits(approve)), "comment");

  v1::RejectReportRequest reject;
  reject.set_name("agencies/shuyang-fagaiju/reports/2024");
  reject.set_request_id(std::string(kMaxRequestIdBytes + 1, 'i'));
  EXPECT_EQ(ViolatedField(CheckRequestLimits(reject)), "request_id");

  v1::PublishReportRequest publish;
  publish.set_name("agencies/shuyang-fagaiju/reports/2024");
  publish.set_etag(std::string(kMaxEtagBytes + 1, 'e'));
  EXPECT_EQ(ViolatedField(CheckRequestLimits(publish)), "etag");
}

TEST(RequestLimitsTest, RepeatedFieldsAreBounded) {
  v1::SubmitReportRequest submit;
  submit.set_name("agencies/shuyang-fagaiju/reports/2024");
  for (int i = 0; i < kMaxAcknowledgedWarnings; ++i) submit.add_acknowledged_warnings("T3_X");
  EXPECT_TRUE(CheckRequestLimits(submit).ok());
  submit.add_acknowledged_warnings("T3_X");
  EXPECT_EQ(ViolatedField(CheckRequestLimits(submit)), "acknowledged_warnings");
  submit.clear_acknowledged_warnings();
  submit.add_acknowledged_warnings(std::string(kMaxWarningCodeBytes + 1, 'W'));
  EXPECT_EQ(ViolatedField(CheckRequestLimits(submit)), "acknowledged_warnings");

  v1::UpdateReportRequest update;
  update.mutable_report()->set_name("agencies/shuyang-fagaiju/reports/2024");
  for (int i = 0; i <= kMaxUpdateMaskPaths; ++i) update.mutable_update_mask()->add_paths("content");
  EXPECT_EQ(ViolatedField(CheckRequestLimits(update)), "update_mask.paths");
}

TEST(RequestLimitsTest, ContentOverTheLimitIsRefused) {
  v1::CreateReportRequest create;
  create.set_parent("agencies/shuyang-fagaiju");
  create.mutable_content()->mutable_opening()->add_paragraphs(std::string(4 * 1024 * 1024, 'p'));
  EXPECT_EQ(ViolatedField(CheckRequestLimits(create)), "content");

  v1::UpdateReportRequest update;
  update.mutable_report()->set_name("agencies/shuyang-fagaiju/reports/2024");
  update.mutable_report()->mutable_content()->mutable_opening()->add_paragraphs(
      std::string(kMaxContentBytes, 'p'));
  EXPECT_EQ(ViolatedField(CheckRequestLimits(update)), "report.content");
}

TEST(RequestLimitsTest, DecimalsOutOfRangeAreRefusedNamingTheNanos) {
  const std::string fee_nanos = "content.active_disclosure.table.fee_amount.amount.nanos";
  struct Case {
    int64_t units;
    int32_t nanos;
    bool ok;
  };
  for (const Case& c : {Case{1, 2'000'000'000, false}, Case{0, 1'000'000'000, false},
                        Case{0, -1'000'000'000, false}, Case{1, -500'000'000, false},
                        Case{-1, 500'000'000, false}, Case{43, 788'000'000, true},
                        Case{1, 999'999'999, true}, Case{0, -5, true}, Case{-2, -5, true}}) {
    v1::CreateReportRequest create;
    create.set_parent("agencies/shuyang-fagaiju");
    auto* amount = create.mutable_content()
                       ->mutable_active_disclosure()
                       ->mutable_table()
                       ->mutable_fee_amount();
    amount->mutable_amount()->set_units(c.units);
    amount->mutable_amount()->set_nanos(c.nanos);
    const absl::Status status = CheckRequestLimits(create);
    if (c.ok) {
      EXPECT_TRUE(status.ok()) << c.units << " " << c.nanos << ": " << status;
    } else {
      EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument))
          << c.units << " " << c.nanos;
      EXPECT_EQ(ViolatedField(status), fee_nanos) << c.units << " " << c.nanos;
    }
  }
}

TEST(RequestLimitsTest, ReportYearsAreOneRange) {
  EXPECT_THAT(CheckReportYear("report_year", 2007), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_TRUE(CheckReportYear("report_year", 2008).ok());
  EXPECT_TRUE(CheckReportYear("report_year", kLastReportYear).ok());
  EXPECT_THAT(CheckReportYear("report_year", kLastReportYear + 1),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(RequestLimitsTest, AuditFiltersAreBoundedAndAgencyIdsValid) {
  v1::ListAuditEventsRequest list;
  list.set_agency_id(std::string(30 * 1024 * 1024, 'a'));
  absl::Status status = CheckRequestLimits(list);
  EXPECT_EQ(ViolatedField(status), "agency_id");
  EXPECT_LT(status.message().size(), 400u);
  list.set_agency_id("Not An Agency");
  EXPECT_EQ(ViolatedField(CheckRequestLimits(list)), "agency_id");
  list.set_agency_id("shuyang-fagaiju");
  EXPECT_TRUE(CheckRequestLimits(list).ok());
  list.set_actor(std::string(kMaxPrincipalNameBytes + 1, 'u'));
  EXPECT_EQ(ViolatedField(CheckRequestLimits(list)), "actor");

  v1::VerifyChainRequest verify;
  verify.set_agency_id(std::string(30 * 1024 * 1024, 'a'));
  EXPECT_EQ(ViolatedField(CheckRequestLimits(verify)), "agency_id");
  verify.set_agency_id("");
  verify.set_report(std::string(60 * 1024, 'r'));
  EXPECT_EQ(ViolatedField(CheckRequestLimits(verify)), "report");
  v1::GetCheckpointRequest checkpoint;
  checkpoint.set_agency_id("agencies/x");
  EXPECT_EQ(ViolatedField(CheckRequestLimits(checkpoint)), "agency_id");
  checkpoint.set_agency_id("shuyang-fagaiju");
  EXPECT_TRUE(CheckRequestLimits(checkpoint).ok());

  v1::StreamAuditEventsRequest stream;
  stream.set_agency_id(std::string(1024, 'a'));
  EXPECT_EQ(ViolatedField(CheckRequestLimits(stream)), "agency_id");
  stream.set_agency_id("");
  EXPECT_TRUE(CheckRequestLimits(stream).ok());
}

// The limits' purpose: what one caller may write never makes a page unreadable. The largest
// event a request can produce (a denied attempt records the refusal and the reason) times the
// largest audit page, and the largest GetReport answer (a report and a revision), stay under what a
// client receives by default.
TEST(RequestLimitsTest, LargestPagesFitTheClientsReceiveLimit) {
  v1::AuditEvent event;
  event.set_sequence(1LL << 40);
  event.set_report_sequence(1LL << 40);
  event.mutable_time()->set_seconds(1LL << 34);
  event.mutable_time()->set_nanos(999'999'999);
  event.set_actor(std::string(kMaxPrincipalNameBytes, 'u'));
  event.set_agency_id(std::string(63, 'a'));
  event.set_report(std::string(kMaxResourceNameBytes, 'r'));
  event.set_action(v1::AUDIT_ACTION_WITHDRAW);
  event.set_state_before(v1::REPORT_STATE_IN_REVIEW);
  event.set_state_after(v1::REPORT_STATE_IN_REVIEW);
  event.set_revision(1LL << 40);
  // A refusal's message (error_compaction keeps messages to 600 bytes; the lifecycle's are
  // shorter), then " | " and the reason.
  event.set_reason(std::string(600 + 3 + kMaxReasonBytes, 'x'));
  event.set_request_id(std::string(kMaxRequestIdBytes, 'i'));
  event.set_client_address("ipv6:[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535");
  event.set_client_certificate(std::string(512, 'c'));
  for (auto* hash : {event.mutable_content_sha256_before(), event.mutable_content_sha256_after(),
                     event.mutable_previous_hash(), event.mutable_report_previous_hash(),
                     event.mutable_hash(), event.mutable_report_hash()}) {
    *hash = std::string(32, 'h');
  }
  event.set_outcome(v1::AUDIT_OUTCOME_DENIED);
  v1::ListAuditEventsResponse page;
  for (int i = 0; i < 1000; ++i) *page.add_events() = event;  // the largest page size
  page.set_next_page_token(std::string(kMaxPageTokenBytes, 't'));
  EXPECT_LT(page.ByteSizeLong(), kClientReceiveLimit);

  // A report answer carries at most two contents besides bounded fields; a list page stops before
  // kMaxPageBytes unless one report alone is larger.
  EXPECT_LT(2 * kMaxContentBytes + 64 * 1024, kClientReceiveLimit);
  EXPECT_LE(kMaxPageBytes + 64 * 1024, kClientReceiveLimit);
}

}  // namespace
}  // namespace nianbao::workflow
