// The lifecycle's effects and the rules beyond the role table: separation of duties, findings at
// submission, reasons, ETags, the deadline warning, corrections and refused-attempt events.
#include "workflow/lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/civil_time.h"
#include "tests/support/status_matchers.h"
#include "workflow/deadline.h"
#include "workflow/digest.h"
#include "workflow/report_years.h"
#include "workflow/resource_names.h"
#include "workflow/status_details.h"

namespace nianbao::workflow {
namespace {

namespace v1 = nianbao::v1;
using ::nianbao::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kAgency[] = "shuyang-fagaiju";

absl::Time Cst(int year, int month, int day, int hour = 12) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, 0, 0), ChinaStandardTime());
}

Principal Person(const std::string& name, std::set<v1::Role> roles) {
  return Principal{name, name, {{kAgency, std::move(roles)}}};
}

class LifecycleTest : public ::testing::Test {
 protected:
  TransitionOutcome Do(const v1::Report& current, TransitionRequest request, const Principal& who,
                       absl::Time when) {
    absl::StatusOr<TransitionOutcome> outcome = ApplyTransition(current, request, who, when);
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? *std::move(outcome) : TransitionOutcome{};
  }
  TransitionRequest Request(WorkflowAction action, std::string reason = "") {
    TransitionRequest request;
    request.action = action;
    request.agency_id = kAgency;
    request.report_year = 2023;
    request.content.mutable_metadata()->set_report_year(2023);
    request.content.mutable_metadata()->set_agency_kind(v1::AGENCY_KIND_DEPARTMENT);
    request.reason = std::move(reason);
    return request;
  }
  v1::Report Created() {
    return Do(v1::Report(), Request(WorkflowAction::kCreate), drafter_, t0_).report;
  }
  v1::Report Submitted() {
    return Do(Created(), Request(WorkflowAction::kSubmit), drafter_, t0_ + absl::Hours(1)).report;
  }
  v1::Report Approved() {
    return Do(Submitted(), Request(WorkflowAction::kApprove), approver_, t0_ + absl::Hours(2))
        .report;
  }
  v1::Report Published() {
    return Do(Approved(), Request(WorkflowAction::kPublish), publisher_, t0_ + absl::Hours(3))
        .report;
  }

  const absl::Time t0_ = Cst(2024, 1, 10);
  const Principal drafter_ = Person("li.qicao", {v1::ROLE_DRAFTER});
  const Principal drafter2_ = Person("ma.qicao", {v1::ROLE_DRAFTER});
  const Principal approver_ = Person("zhao.qianfa", {v1::ROLE_APPROVER});
  const Principal publisher_ = Person("chen.fabu", {v1::ROLE_PUBLISHER});
  const Principal both_ = Person("wu.jianren", {v1::ROLE_DRAFTER, v1::ROLE_APPROVER});
};

TEST_F(LifecycleTest, CreateStartsRevisionOneAsDraft) {
  TransitionOutcome created = Do(v1::Report(), Request(WorkflowAction::kCreate), drafter_, t0_);
  EXPECT_EQ(created.report.name(), "agencies/shuyang-fagaiju/reports/2023");
  EXPECT_EQ(created.report.state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(created.report.revision(), 1);
  EXPECT_EQ(created.report.creator(), "li.qicao");
  EXPECT_EQ(created.report.last_editor(), "li.qicao");
  EXPECT_EQ(created.report.create_time().seconds(), absl::ToUnixSeconds(t0_));
  EXPECT_EQ(created.report.etag().size(), 32u);
  EXPECT_TRUE(created.event.content_sha256_before().empty());
  EXPECT_EQ(created.event.content_sha256_after(), ContentSha256(created.report.content()));
  EXPECT_EQ(created.event.state_before(), v1::REPORT_STATE_UNSPECIFIED);
}

TEST_F(LifecycleTest, SecondCreateNamesTheExistingReport) {
  absl::StatusOr<TransitionOutcome> again =
      ApplyTransition(Created(), Request(WorkflowAction::kCreate), drafter_, t0_);
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists,
                              HasSubstr("agencies/shuyang-fagaiju/reports/2023")));
}

TEST_F(LifecycleTest, CreateRejectsBadFieldsByName) {
  TransitionRequest bad_agency = Request(WorkflowAction::kCreate);
  bad_agency.agency_id = "Shuyang Fagaiju";
  Principal anywhere{"x", "x", {{"*", {v1::ROLE_DRAFTER}}}};
  absl::StatusOr<TransitionOutcome> outcome =
      ApplyTransition(v1::Report(), bad_agency, anywhere, t0_);
  EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kInvalidArgument));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(GetDetail(outcome.status(), kBadRequestTypeUrl, bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "agency_id");

  TransitionRequest bad_year = Request(WorkflowAction::kCreate);
  bad_year.report_year = 0;
  outcome = ApplyTransition(v1::Report(), bad_year, drafter_, t0_);
  ASSERT_TRUE(GetDetail(outcome.status(), kBadRequestTypeUrl, bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "report_year");

  // 2007 was once created although validation refuses it: one range (report_years.h) for both.
  bad_year.report_year = 2007;
  outcome = ApplyTransition(v1::Report(), bad_year, drafter_, t0_);
  ASSERT_TRUE(GetDetail(outcome.status(), kBadRequestTypeUrl, bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "report_year");
  bad_year.report_year = kFirstReportYear;
  bad_year.content.mutable_metadata()->clear_report_year();
  outcome = ApplyTransition(v1::Report(), bad_year, drafter_, t0_);
  EXPECT_TRUE(outcome.ok()) << outcome.status();

  TransitionRequest wrong_content_year = Request(WorkflowAction::kCreate);
  wrong_content_year.content.mutable_metadata()->set_report_year(2022);
  outcome = ApplyTransition(v1::Report(), wrong_content_year, drafter_, t0_);
  ASSERT_TRUE(GetDetail(outcome.status(), kBadRequestTypeUrl, bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "content.metadata.report_year");
}

TEST_F(LifecycleTest, NoRoleForTheAgencyIsDenied) {
  Principal elsewhere{"he.jianshan", "", {{"jianshan-jiaotiju", {v1::ROLE_DRAFTER}}}};
  absl::StatusOr<TransitionOutcome> outcome =
      ApplyTransition(Created(), Request(WorkflowAction::kUpdate), elsewhere, t0_);
  EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("shuyang-fagaiju")));
}

TEST_F(LifecycleTest, UpdateRecordsTheEditorAndChangesTheEtag) {
  const v1::Report created = Created();
  TransitionRequest update = Request(WorkflowAction::kUpdate);
  update.content.mutable_metadata()->set_title("新标题");
  update.expected_etag = created.etag();
  TransitionOutcome updated = Do(created, update, drafter2_, t0_ + absl::Minutes(5));
  EXPECT_EQ(updated.report.last_editor(), "ma.qicao");
  EXPECT_EQ(updated.report.creator(), "li.qicao");
  EXPECT_EQ(updated.report.content().metadata().title(), "新标题");
  EXPECT_NE(updated.report.etag(), created.etag());
  EXPECT_NE(updated.event.content_sha256_before(), updated.event.content_sha256_after());
}

// A create or an update hands back the content's bytes it hashed, so that the report need not be
// serialized again; any other transition keeps the content and hands back none.
TEST_F(LifecycleTest, ChangedContentComesWithTheBytesItsDigestIsOf) {
  const v1::Report created = Created();
  TransitionRequest update = Request(WorkflowAction::kUpdate);
  update.content.mutable_metadata()->set_title("新标题");
  update.expected_etag = created.etag();
  for (const TransitionOutcome& outcome :
       {Do(v1::Report(), Request(WorkflowAction::kCreate), drafter_, t0_),
        Do(created, update, drafter_, t0_ + absl::Minutes(5))}) {
    ASSERT_FALSE(outcome.content_bytes.empty());
    EXPECT_EQ(outcome.content_bytes, DeterministicSerialize(outcome.report.content()));
    EXPECT_EQ(Sha256(outcome.content_bytes), outcome.event.content_sha256_after());
  }
  const TransitionOutcome submitted =
      Do(created, Request(WorkflowAction::kSubmit), drafter_, t0_ + absl::Hours(1));
  EXPECT_TRUE(submitted.content_bytes.empty());
  EXPECT_EQ(submitted.event.content_sha256_after(), submitted.event.content_sha256_before());
}

// Given a request it may take from, an update moves the content into the outcome (the same objects,
// not a copy) with the outcome a request it only reads gives; a refusal leaves the request as is.
TEST_F(LifecycleTest, AnUpdateGivenItsRequestMovesTheContentIn) {
  const v1::Report created = Created();
  TransitionRequest update = Request(WorkflowAction::kUpdate);
  update.content.mutable_metadata()->set_title("新标题");
  update.expected_etag = created.etag();
  const absl::Time when = t0_ + absl::Minutes(5);
  const TransitionOutcome copied = Do(created, update, drafter_, when);
  TransitionRequest given = update;
  const auto* const given_metadata = &given.content.metadata();
  absl::StatusOr<TransitionOutcome> moved =
      ApplyTransition(created, std::move(given), drafter_, when);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(&moved->report.content().metadata(), given_metadata);
  EXPECT_EQ(DeterministicSerialize(moved->report), DeterministicSerialize(copied.report));
  EXPECT_EQ(DeterministicSerialize(moved->event), DeterministicSerialize(copied.event));
  EXPECT_EQ(moved->content_bytes, copied.content_bytes);

  TransitionRequest stale = update;
  stale.expected_etag = "stale";
  EXPECT_THAT(ApplyTransition(created, std::move(stale), drafter_, when).status(),
              StatusIs(absl::StatusCode::kAborted));
  // NOLINTNEXTLINE(bugprone-use-after-move): a refusal leaves the request untouched.
  EXPECT_EQ(stale.content.metadata().title(), "新标题");
}

// Every transition leaves the report with its content's digest, the one its event records after
// it; the next transition takes the digest before from the report instead of hashing again, and a
// report stored without one (written before the digest was kept) has it computed.
TEST_F(LifecycleTest, TheReportKeepsItsContentDigestForTheNextTransition) {
  v1::Report report = Created();
  for (WorkflowAction action :
       {WorkflowAction::kSubmit, WorkflowAction::kApprove, WorkflowAction::kPublish}) {
    const Principal& who = action == WorkflowAction::kSubmit    ? drafter_
                           : action == WorkflowAction::kApprove ? approver_
                                                                : publisher_;
    ASSERT_EQ(report.content_sha256(), ContentSha256(report.content()));
    const TransitionOutcome outcome = Do(report, Request(action), who, t0_ + absl::Hours(1));
    EXPECT_EQ(outcome.event.content_sha256_before(), report.content_sha256());
    EXPECT_EQ(outcome.event.content_sha256_after(), outcome.report.content_sha256());
    report = outcome.report;
  }
  EXPECT_EQ(report.content_sha256(), ContentSha256(report.content()));
  v1::Report older = Created();
  older.clear_content_sha256();
  const TransitionOutcome submitted =
      Do(older, Request(WorkflowAction::kSubmit), drafter_, t0_ + absl::Hours(1));
  EXPECT_EQ(submitted.event.content_sha256_before(), ContentSha256(older.content()));
  EXPECT_EQ(submitted.report.content_sha256(), ContentSha256(older.content()));
}

TEST_F(LifecycleTest, StaleEtagIsAborted) {
  TransitionRequest update = Request(WorkflowAction::kUpdate);
  update.expected_etag = "0123456789abcdef0123456789abcdef";
  EXPECT_THAT(ApplyTransition(Created(), update, drafter_, t0_),
              StatusIs(absl::StatusCode::kAborted));
}

TEST_F(LifecycleTest, SubmitRefusesErrorsAndNamesThem) {
  TransitionRequest submit = Request(WorkflowAction::kSubmit);
  submit.findings = {{"T3_BALANCE", FindingSeverity::kError, "三表不平衡"},
                     {"S5_CONTENT", FindingSeverity::kWarning, "五部分过简"}};
  submit.acknowledged_warnings = {"S5_CONTENT"};
  absl::StatusOr<TransitionOutcome> outcome = ApplyTransition(Created(), submit, drafter_, t0_);
  EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kFailedPrecondition));
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(GetDetail(outcome.status(), kPreconditionFailureTypeUrl, failure));
  ASSERT_EQ(failure.violations_size(), 1);
  EXPECT_EQ(failure.violations(0).type(), "VALIDATION_ERROR");
  EXPECT_EQ(failure.violations(0).subject(), "T3_BALANCE");
}

TEST_F(LifecycleTest, SubmitRequiresEveryWarningAcknowledgedByCode) {
  TransitionRequest submit = Request(WorkflowAction::kSubmit);
  submit.findings = {{"S5_CONTENT", FindingSeverity::kWarning, "五部分过简"},
                     {"S6_FEE", FindingSeverity::kWarning, "未说明信息处理费"},
                     {"INFO_ONLY", FindingSeverity::kInfo, "提示"}};
  submit.acknowledged_warnings = {"S5_CONTENT"};
  absl::StatusOr<TransitionOutcome> outcome = ApplyTransition(Created(), submit, drafter_, t0_);
  EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("S6_FEE")));
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(GetDetail(outcome.status(), kPreconditionFailureTypeUrl, failure));
  ASSERT_EQ(failure.violations_size(), 1);
  EXPECT_EQ(failure.violations(0).type(), "WARNING_NOT_ACKNOWLEDGED");

  submit.acknowledged_warnings = {"S6_FEE", "S5_CONTENT", "NOT_A_FINDING"};
  TransitionOutcome submitted = Do(Created(), submit, drafter_, t0_);
  EXPECT_THAT(submitted.report.acknowledged_warnings(), ElementsAre("S5_CONTENT", "S6_FEE"));
  EXPECT_EQ(submitted.report.submitter(), "li.qicao");
  ASSERT_TRUE(submitted.frozen_revision.has_value());
  EXPECT_EQ(submitted.frozen_revision->name(), "agencies/shuyang-fagaiju/reports/2023/revisions/1");
  EXPECT_EQ(submitted.frozen_revision->content_sha256(), ContentSha256(submitted.report.content()));
}

TEST_F(LifecycleTest, ApproverMayNotBeTheSubmitter) {
  const v1::Report created = Do(v1::Report(), Request(WorkflowAction::kCreate), both_, t0_).report;
  TransitionRequest update = Request(WorkflowAction::kUpdate);
  const v1::Report edited_by_other = Do(created, update, drafter_, t0_).report;
  const v1::Report submitted =
      Do(edited_by_other, Request(WorkflowAction::kSubmit), both_, t0_).report;
  absl::StatusOr<TransitionOutcome> outcome =
      ApplyTransition(submitted, Request(WorkflowAction::kApprove), both_, t0_);
  EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("提交")));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetDetail(outcome.status(), kErrorInfoTypeUrl, info));
  EXPECT_EQ(info.reason(), "SEPARATION_OF_DUTIES");
  EXPECT_EQ(info.metadata().at("conflict"), "submitter");
}

TEST_F(LifecycleTest, ApproverMayNotBeTheLastEditor) {
  const v1::Report edited = Do(Created(), Request(WorkflowAction::kUpdate), both_, t0_).report;
  const v1::Report submitted = Do(edited, Request(WorkflowAction::kSubmit), drafter_, t0_).report;
  absl::StatusOr<TransitionOutcome> outcome =
      ApplyTransition(submitted, Request(WorkflowAction::kApprove), both_, t0_);
  EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("last edited")));
  // Someone independent may.
  EXPECT_EQ(Do(submitted, Request(WorkflowAction::kApprove), approver_, t0_).report.approver(),
            "zhao.qianfa");
}

TEST_F(LifecycleTest, OnlyTheSubmitterWithdraws) {
  const v1::Report submitted = Submitted();
  EXPECT_THAT(ApplyTransition(submitted, Request(WorkflowAction::kWithdraw), drafter2_, t0_),
              StatusIs(absl::StatusCode::kPermissionDenied));
  TransitionOutcome withdrawn = Do(submitted, Request(WorkflowAction::kWithdraw), drafter_, t0_);
  EXPECT_EQ(withdrawn.report.state(), v1::REPORT_STATE_DRAFT);
  EXPECT_TRUE(withdrawn.report.submitter().empty());
  // The submitted revision 1 stays frozen; the draft is revision 2, and resubmitting freezes it.
  EXPECT_EQ(withdrawn.report.revision(), 2);
  EXPECT_EQ(withdrawn.event.revision(), 1);
  TransitionOutcome resubmitted =
      Do(withdrawn.report, Request(WorkflowAction::kSubmit), drafter_, t0_);
  EXPECT_EQ(resubmitted.frozen_revision->name(),
            "agencies/shuyang-fagaiju/reports/2023/revisions/2");
}

TEST_F(LifecycleTest, RejectAndCorrectRequireAReason) {
  for (auto [report, action, who] :
       {std::make_tuple(Submitted(), WorkflowAction::kReject, approver_),
        std::make_tuple(Published(), WorkflowAction::kCorrect, publisher_)}) {
    absl::StatusOr<TransitionOutcome> outcome =
        ApplyTransition(report, Request(action, "  "), who, t0_);
    EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kInvalidArgument));
    google::rpc::BadRequest bad_request;
    ASSERT_TRUE(GetDetail(outcome.status(), kBadRequestTypeUrl, bad_request));
    EXPECT_EQ(bad_request.field_violations(0).field(), "reason");
  }
  TransitionOutcome rejected =
      Do(Submitted(), Request(WorkflowAction::kReject, "表三不平衡"), approver_, t0_);
  EXPECT_EQ(rejected.report.rejection_reason(), "表三不平衡");
  EXPECT_EQ(rejected.report.revision(), 2);
  EXPECT_EQ(rejected.event.revision(), 1);
  EXPECT_EQ(rejected.event.reason(), "表三不平衡");
  EXPECT_TRUE(rejected.report.submitter().empty());
}

TEST_F(LifecycleTest, PublishRecordsTimeAndFreezesThePublishedRevision) {
  const absl::Time when = t0_ + absl::Hours(3);
  TransitionOutcome published = Do(Approved(), Request(WorkflowAction::kPublish), publisher_, when);
  EXPECT_EQ(published.report.published_revision(), 1);
  EXPECT_EQ(published.report.publish_time().seconds(), absl::ToUnixSeconds(when));
  ASSERT_TRUE(published.frozen_revision.has_value());
  EXPECT_EQ(published.frozen_revision->kind(), v1::REVISION_KIND_PUBLISHED);
  EXPECT_EQ(published.frozen_revision->publisher(), "chen.fabu");
  EXPECT_EQ(published.frozen_revision->name(), "agencies/shuyang-fagaiju/reports/2023/revisions/1");
  EXPECT_EQ(published.frozen_revision->publish_time().seconds(), absl::ToUnixSeconds(when));
  EXPECT_TRUE(published.warnings.empty());
}

TEST_F(LifecycleTest, LatePublicationWarns) {
  TransitionOutcome late =
      Do(Approved(), Request(WorkflowAction::kPublish), publisher_, Cst(2024, 2, 1, 0));
  ASSERT_EQ(late.warnings.size(), 1u);
  EXPECT_THAT(late.warnings[0].zh, HasSubstr("2024年1月31日"));
  EXPECT_THAT(late.warnings[0].en, HasSubstr("2024-01-31"));
  EXPECT_EQ(late.report.state(), v1::REPORT_STATE_PUBLISHED);
}

TEST_F(LifecycleTest, CorrectionOpensTheNextRevisionAndKeepsThePublishedOne) {
  const v1::Report published = Published();
  TransitionOutcome corrected =
      Do(published, Request(WorkflowAction::kCorrect, "更正表二数据"), publisher_, t0_);
  EXPECT_EQ(corrected.report.state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(corrected.report.revision(), 2);
  EXPECT_EQ(corrected.report.published_revision(), 1);
  EXPECT_EQ(corrected.report.publish_time().seconds(), published.publish_time().seconds());
  EXPECT_FALSE(corrected.frozen_revision.has_value());
  EXPECT_EQ(corrected.event.revision(), 2);
  // Only publishing the correction supersedes revision 1.
  const v1::Report resubmitted =
      Do(corrected.report, Request(WorkflowAction::kSubmit), drafter_, t0_).report;
  const v1::Report reapproved =
      Do(resubmitted, Request(WorkflowAction::kApprove), approver_, t0_).report;
  EXPECT_EQ(reapproved.published_revision(), 1);
  TransitionOutcome republished =
      Do(reapproved, Request(WorkflowAction::kPublish), publisher_, t0_ + absl::Hours(9));
  EXPECT_EQ(republished.report.published_revision(), 2);
  EXPECT_EQ(republished.frozen_revision->name(),
            "agencies/shuyang-fagaiju/reports/2023/revisions/2");
}

TEST_F(LifecycleTest, RefusedAttemptBecomesADeniedEvent) {
  const v1::Report submitted = Submitted();
  TransitionRequest approve = Request(WorkflowAction::kApprove);
  approve.request_id = "req-9";
  absl::StatusOr<TransitionOutcome> refused = ApplyTransition(submitted, approve, drafter_, t0_);
  ASSERT_THAT(refused, StatusIs(absl::StatusCode::kPermissionDenied));
  v1::AuditEvent event = RefusedAuditEvent(submitted, approve, drafter_, t0_, refused.status());
  EXPECT_EQ(event.outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(event.action(), v1::AUDIT_ACTION_APPROVE);
  EXPECT_EQ(event.actor(), "li.qicao");
  EXPECT_EQ(event.state_before(), v1::REPORT_STATE_IN_REVIEW);
  EXPECT_EQ(event.state_after(), v1::REPORT_STATE_IN_REVIEW);
  EXPECT_EQ(event.request_id(), "req-9");
  EXPECT_EQ(event.content_sha256_before(), event.content_sha256_after());
  EXPECT_THAT(event.reason(), HasSubstr("签发人"));
}

// The change feed reports published_revision from the event alone (AuditEvent field 25).
TEST_F(LifecycleTest, EveryEventCarriesThePublishedRevisionAfterIt) {
  TransitionOutcome created = Do(v1::Report(), Request(WorkflowAction::kCreate), drafter_, t0_);
  EXPECT_EQ(created.event.published_revision(), 0);
  const v1::Report approved = Approved();
  TransitionOutcome published = Do(approved, Request(WorkflowAction::kPublish), publisher_, t0_);
  EXPECT_EQ(published.event.published_revision(), 1);
  TransitionOutcome corrected =
      Do(published.report, Request(WorkflowAction::kCorrect, "更正"), publisher_, t0_);
  EXPECT_EQ(corrected.event.revision(), 2);
  EXPECT_EQ(corrected.event.published_revision(), 1);
  TransitionOutcome resubmitted =
      Do(corrected.report, Request(WorkflowAction::kSubmit), drafter_, t0_);
  EXPECT_EQ(resubmitted.event.published_revision(), 1);
  TransitionOutcome reapproved =
      Do(resubmitted.report, Request(WorkflowAction::kApprove), approver_, t0_);
  TransitionOutcome republished =
      Do(reapproved.report, Request(WorkflowAction::kPublish), publisher_, t0_);
  EXPECT_EQ(republished.event.published_revision(), 2);
  // A refused attempt records the published revision as it stays.
  TransitionRequest correct = Request(WorkflowAction::kCorrect, "更正");
  absl::StatusOr<TransitionOutcome> refused =
      ApplyTransition(republished.report, correct, drafter_, t0_);
  ASSERT_THAT(refused, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(RefusedAuditEvent(republished.report, correct, drafter_, t0_, refused.status())
                .published_revision(),
            2);
}

TEST(DeadlineTest, DepartmentGovernmentTownship) {
  using v1::AGENCY_KIND_DEPARTMENT;
  using v1::AGENCY_KIND_GOVERNMENT;
  using v1::AGENCY_KIND_TOWNSHIP;
  EXPECT_EQ(PublicationDeadline(AGENCY_KIND_DEPARTMENT, 2023), absl::CivilDay(2024, 1, 31));
  EXPECT_EQ(PublicationDeadline(AGENCY_KIND_GOVERNMENT, 2023), absl::CivilDay(2024, 3, 31));
  EXPECT_EQ(PublicationDeadline(AGENCY_KIND_TOWNSHIP, 2023), std::nullopt);
  EXPECT_EQ(PublicationDeadline(v1::AGENCY_KIND_UNSPECIFIED, 2023), std::nullopt);
  // The last minute of the day in Beijing is on time; the first of the next is late.
  const absl::TimeZone cst = ChinaStandardTime();
  const absl::Time jan31_2359 = absl::FromCivil(absl::CivilSecond(2024, 1, 31, 23, 59, 59), cst);
  EXPECT_FALSE(IsPublicationLate(AGENCY_KIND_DEPARTMENT, 2023, jan31_2359));
  EXPECT_TRUE(IsPublicationLate(AGENCY_KIND_DEPARTMENT, 2023, jan31_2359 + absl::Seconds(1)));
  // 2024-01-31 17:00 UTC is already 1 February in Beijing.
  EXPECT_TRUE(IsPublicationLate(
      AGENCY_KIND_DEPARTMENT, 2023,
      absl::FromCivil(absl::CivilSecond(2024, 1, 31, 17, 0, 0), absl::UTCTimeZone())));
  const absl::Time mar31 = absl::FromCivil(absl::CivilSecond(2024, 3, 31, 18, 0, 0), cst);
  EXPECT_FALSE(IsPublicationLate(AGENCY_KIND_GOVERNMENT, 2023, mar31));
  EXPECT_TRUE(IsPublicationLate(AGENCY_KIND_GOVERNMENT, 2023, mar31 + absl::Hours(6)));
  EXPECT_FALSE(IsPublicationLate(AGENCY_KIND_TOWNSHIP, 2023, absl::FromUnixSeconds(2000000000)));
  // A 2024 report (leap year irrelevant) on 2025-02-01 by a department is late.
  EXPECT_TRUE(IsPublicationLate(AGENCY_KIND_DEPARTMENT, 2024,
                                absl::FromCivil(absl::CivilSecond(2025, 2, 1, 9, 0, 0), cst)));
}

}  // namespace
}  // namespace nianbao::workflow
