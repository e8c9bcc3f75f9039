// nianbao.v1.OfficeService against the real nianbao-workflowd: the roll-up of a three-level
// hierarchy checked against sums the test computes itself, a correction moving it by exactly the
// difference, the filing status (states, deadlines, days overdue and left, totals, pages), what a
// supervisor may and may not read (and that refusals are audited), and bad inputs with their codes
// and fields.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"
#include "services/common/grpc_status.h"
#include "tests/integration/office/office_test_fixture.h"
#include "tests/support/status_matchers.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::service::FindDetail;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

std::string A(const std::string& id) { return absl::StrCat("agencies/", id); }

// Every number cell of tables 2, 3 and 4 by its path; amounts in billionths. Written apart from
// the server's arithmetic (which sums by its own walk) so that the two check each other.
void CollectCells(const google::protobuf::Message& message, const std::string& path,
                  std::map<std::string, int64_t>* cells) {
  if (message.GetDescriptor() == v1::CountCell::descriptor()) {
    const auto& cell = static_cast<const v1::CountCell&>(message);
    if (cell.has_number()) (*cells)[path] += cell.number();
    return;
  }
  if (message.GetDescriptor() == v1::AmountCell::descriptor()) {
    const auto& cell = static_cast<const v1::AmountCell&>(message);
    if (cell.has_amount()) {
      (*cells)[path] += cell.amount().units() * 1000000000 + cell.amount().nanos();
    }
    return;
  }
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE || field->is_repeated()) {
      continue;
    }
    CollectCells(message.GetReflection()->GetMessage(message, field),
                 absl::StrCat(path, ".", field->name()), cells);
  }
}

std::map<std::string, int64_t> TableCells(const v1::AnnualReport& report) {
  std::map<std::string, int64_t> cells;
  CollectCells(report.active_disclosure().table(), "t2", &cells);
  CollectCells(report.applications().table(), "t3", &cells);
  CollectCells(report.review_litigation().table(), "t4", &cells);
  return cells;
}

// Days from `deadline` to today in China (the server judges in UTC+8).
int DaysSince(absl::CivilDay deadline) {
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 60 * 60));
  return static_cast<int>(today - deadline);
}

class OfficeServiceTest : public OfficeTest {
 protected:
  // 2024: the city, 沭阳县 and its 发改局 published; 沭阳县教育局 in review; 泗阳县 approved;
  // 泗阳县教育局 a draft; the township nothing. 2023 (filed after 2024, so that 2024's carry-over
  // check finds no 2023 report): the city and 沭阳县发改局 published.
  void FileAll() {
    ASSERT_NO_FATAL_FAILURE(FileReport(kCity, 2024, Stage::kPublished));
    ASSERT_NO_FATAL_FAILURE(FileReport(kShuyang, 2024, Stage::kPublished));
    ASSERT_NO_FATAL_FAILURE(FileReport(kShuyangDept, 2024, Stage::kPublished));
    ASSERT_NO_FATAL_FAILURE(FileReport(kShuyangEdu, 2024, Stage::kInReview));
    ASSERT_NO_FATAL_FAILURE(FileReport(kSiyang, 2024, Stage::kApproved));
    ASSERT_NO_FATAL_FAILURE(FileReport(kSiyangEdu, 2024, Stage::kDraft));
    ASSERT_NO_FATAL_FAILURE(FileReport(kCity, 2023, Stage::kPublished));
    ASSERT_NO_FATAL_FAILURE(FileReport(kShuyangDept, 2023, Stage::kPublished));
  }

  v1::GetRollupResponse Rollup(const std::string& user, const std::string& parent, int year,
                               v1::AgencyKind kind = v1::AGENCY_KIND_UNSPECIFIED) {
    v1::GetRollupRequest request;
    request.set_parent(A(parent));
    request.set_report_year(year);
    request.set_kind(kind);
    v1::GetRollupResponse response;
    grpc::Status status = office_->GetRollup(ContextFor(user).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::map<std::string, int64_t> ExpectedSum(const std::vector<std::string>& agencies, int year) {
    std::map<std::string, int64_t> sum;
    for (const std::string& agency : agencies) {
      for (const auto& [path, value] : TableCells(contents_[ReportNameOf(agency, year)])) {
        sum[path] += value;
      }
    }
    return sum;
  }
};

TEST_F(OfficeServiceTest, RollupSumsThePublishedTablesAndACorrectionMovesItByTheDifference) {
  ASSERT_NO_FATAL_FAILURE(FileAll());
  v1::GetRollupResponse city = Rollup("city-office", kCity, 2024);
  EXPECT_THAT(city.included_agencies(), ElementsAre(A(kShuyangDept), A(kShuyang), A(kCity)));
  EXPECT_THAT(city.missing_agencies(),
              ElementsAre(A(kShuyangEdu), A(kSiyangEdu), A(kSiyang), A(kSiyangTown)));
  const std::map<std::string, int64_t> expected =
      ExpectedSum({kCity, kShuyang, kShuyangDept}, 2024);
  ASSERT_GT(expected.size(), 100u);  // every row and column of the three tables
  EXPECT_EQ(TableCells(city.tables()), expected);
  // Nothing but the three tables.
  EXPECT_FALSE(city.tables().has_metadata());
  EXPECT_FALSE(city.tables().has_overview());

  // By kind: the governments only; and a county's own subtree.
  EXPECT_EQ(TableCells(Rollup("city-office", kCity, 2024, v1::AGENCY_KIND_GOVERNMENT).tables()),
            ExpectedSum({kCity, kShuyang}, 2024));
  v1::GetRollupResponse shuyang = Rollup("shuyang-office", kShuyang, 2024);
  EXPECT_THAT(shuyang.included_agencies(), ElementsAre(A(kShuyangDept), A(kShuyang)));
  EXPECT_THAT(shuyang.missing_agencies(), ElementsAre(A(kShuyangEdu)));
  EXPECT_EQ(TableCells(shuyang.tables()), ExpectedSum({kShuyang, kShuyangDept}, 2024));
  // The other year is kept apart.
  EXPECT_EQ(TableCells(Rollup("city-office", kCity, 2023).tables()),
            ExpectedSum({kCity, kShuyangDept}, 2023));

  // A correction of 沭阳县's report: 行政许可 +7 and one more 复议 case upheld (its total too).
  ASSERT_NO_FATAL_FAILURE(CorrectAndPublish(kShuyang, 2024, [](v1::AnnualReport* content) {
    v1::ActiveDisclosureTable* t2 = content->mutable_active_disclosure()->mutable_table();
    t2->mutable_licensing_decisions()->set_number(t2->licensing_decisions().number() + 7);
    v1::CaseOutcomes* review =
        content->mutable_review_litigation()->mutable_table()->mutable_administrative_review();
    review->mutable_upheld()->set_number(review->upheld().number() + 1);
    review->mutable_total()->set_number(review->total().number() + 1);
  }));
  std::map<std::string, int64_t> moved = expected;
  moved["t2.licensing_decisions"] += 7;
  moved["t4.administrative_review.upheld"] += 1;
  moved["t4.administrative_review.total"] += 1;
  v1::GetRollupResponse after = Rollup("city-office", kCity, 2024);
  EXPECT_EQ(TableCells(after.tables()), moved);
  EXPECT_EQ(TableCells(after.tables()), ExpectedSum({kCity, kShuyang, kShuyangDept}, 2024));
  EXPECT_EQ(after.included_agencies_size(), 3);
}

TEST_F(OfficeServiceTest, FilingStatusGivesStatesDeadlinesDaysAndTotalsInPages) {
  ASSERT_NO_FATAL_FAILURE(FileAll());
  // (沭阳县: it has no 2023 report, whose carry-over would refuse a random 2024 table 3.)
  ASSERT_NO_FATAL_FAILURE(CorrectAndPublish(kShuyang, 2024, [](v1::AnnualReport* content) {
    v1::ActiveDisclosureTable* t2 = content->mutable_active_disclosure()->mutable_table();
    t2->mutable_punishment_decisions()->set_number(t2->punishment_decisions().number() + 1);
  }));
  // A 2026 draft: its deadline is still ahead.
  ASSERT_NO_FATAL_FAILURE(FileReport(kShuyangEdu, 2026, Stage::kDraft));

  v1::GetFilingStatusRequest request;
  request.set_parent(A(kCity));
  request.set_report_year(2024);
  v1::GetFilingStatusResponse response;
  grpc::Status status =
      office_->GetFilingStatus(ContextFor("city-office").get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::map<std::string, v1::AgencyFilingStatus> rows;
  for (const auto& row : response.agencies()) rows[row.agency()] = row;
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[A(kCity)].state(), v1::FILING_STATE_PUBLISHED);
  EXPECT_EQ(rows[A(kShuyangDept)].state(), v1::FILING_STATE_PUBLISHED);
  EXPECT_TRUE(rows[A(kShuyang)].corrected());
  EXPECT_FALSE(rows[A(kShuyangDept)].corrected());
  EXPECT_FALSE(rows[A(kCity)].corrected());
  EXPECT_EQ(rows[A(kShuyangEdu)].state(), v1::FILING_STATE_IN_REVIEW);
  EXPECT_EQ(rows[A(kSiyang)].state(), v1::FILING_STATE_APPROVED);
  EXPECT_EQ(rows[A(kSiyangEdu)].state(), v1::FILING_STATE_DRAFT);
  EXPECT_EQ(rows[A(kSiyangTown)].state(), v1::FILING_STATE_NO_REPORT);
  EXPECT_EQ(rows[A(kSiyangTown)].report(), "");
  EXPECT_EQ(rows[A(kSiyang)].parent_agency(), A(kCity));
  EXPECT_EQ(rows[A(kSiyang)].display_name(), "泗阳县人民政府");
  EXPECT_EQ(rows[A(kSiyangTown)].kind(), v1::AGENCY_KIND_TOWNSHIP);
  // Dates: submission in review, approval when approved, first and last publication.
  EXPECT_TRUE(rows[A(kShuyangEdu)].has_submit_time());
  EXPECT_FALSE(rows[A(kShuyangEdu)].has_approve_time());
  EXPECT_TRUE(rows[A(kSiyang)].has_approve_time());
  EXPECT_TRUE(rows[A(kSiyang)].has_submit_time());
  EXPECT_FALSE(rows[A(kSiyangEdu)].has_submit_time());
  EXPECT_TRUE(rows[A(kSiyangEdu)].has_create_time());
  // A published report's creation comes from its roll-up record (the report is not read): the
  // report's own, also after a correction.
  for (const char* published : {kCity, kShuyang, kShuyangDept}) {
    v1::GetReportRequest get;
    get.set_name(ReportNameOf(published, 2024));
    get.set_view(v1::REPORT_VIEW_BASIC);
    v1::Report report;
    ASSERT_TRUE(workflow_->GetReport(ContextFor("clerk").get(), get, &report).ok()) << published;
    EXPECT_TRUE(rows[A(published)].has_create_time()) << published;
    EXPECT_EQ(rows[A(published)].create_time().SerializeAsString(),
              report.create_time().SerializeAsString())
        << published;
  }
  const v1::AgencyFilingStatus& corrected = rows[A(kShuyang)];
  EXPECT_TRUE(corrected.has_approve_time());
  EXPECT_LT(corrected.publish_time().seconds() * 1000000000LL + corrected.publish_time().nanos(),
            corrected.last_publish_time().seconds() * 1000000000LL +
                corrected.last_publish_time().nanos());
  // Deadlines: 31 January 2025 for departments, 31 March 2025 for governments, none for the
  // township. Everything was published (or still is not) after them.
  EXPECT_EQ(rows[A(kShuyangEdu)].deadline().month(), 1);
  EXPECT_EQ(rows[A(kSiyang)].deadline().month(), 3);
  EXPECT_EQ(rows[A(kSiyang)].deadline().day(), 31);
  EXPECT_FALSE(rows[A(kSiyangTown)].has_deadline());
  EXPECT_FALSE(rows[A(kSiyangTown)].overdue());
  const int dept_days = DaysSince(absl::CivilDay(2025, 1, 31));
  const int gov_days = DaysSince(absl::CivilDay(2025, 3, 31));
  EXPECT_TRUE(rows[A(kShuyangEdu)].overdue());
  EXPECT_EQ(rows[A(kShuyangEdu)].days_overdue(), dept_days);
  EXPECT_EQ(rows[A(kSiyangEdu)].days_overdue(), dept_days);
  EXPECT_EQ(rows[A(kSiyang)].days_overdue(), gov_days);
  EXPECT_EQ(rows[A(kCity)].days_overdue(), gov_days);  // published today: late by as much
  EXPECT_EQ(corrected.days_overdue(), gov_days);       // judged on the first publication
  EXPECT_EQ(rows[A(kShuyangDept)].days_overdue(), dept_days);
  const v1::FilingTotals& totals = response.totals();
  EXPECT_EQ(totals.agencies(), 7);
  EXPECT_EQ(totals.published(), 3);
  EXPECT_EQ(totals.in_review(), 1);
  EXPECT_EQ(totals.approved(), 1);
  EXPECT_EQ(totals.draft(), 1);
  EXPECT_EQ(totals.no_report(), 1);
  EXPECT_EQ(totals.corrected(), 1);
  EXPECT_EQ(totals.overdue(), 6);  // all but the township

  // Days left before a deadline still ahead (31 January 2027 for the 2026 department draft).
  request.set_report_year(2026);
  request.set_parent(A(kShuyang));
  v1::GetFilingStatusResponse ahead;
  status = office_->GetFilingStatus(ContextFor("city-office").get(), request, &ahead);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(ahead.agencies_size(), 3);
  EXPECT_EQ(ahead.agencies(1).agency(), A(kShuyangEdu));
  EXPECT_FALSE(ahead.agencies(1).overdue());
  EXPECT_EQ(ahead.agencies(1).days_left(), -DaysSince(absl::CivilDay(2027, 1, 31)));

  // Pages of 3: the same rows in the same order, totals on every page.
  request.set_parent(A(kCity));
  request.set_report_year(2024);
  request.set_page_size(3);
  std::vector<std::string> paged;
  for (int page = 0; page < 5; ++page) {
    v1::GetFilingStatusResponse one;
    status = office_->GetFilingStatus(ContextFor("city-office").get(), request, &one);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(one.totals().agencies(), 7);
    for (const auto& row : one.agencies()) paged.push_back(row.agency());
    if (one.next_page_token().empty()) break;
    request.set_page_token(one.next_page_token());
  }
  std::vector<std::string> whole;
  for (const auto& row : response.agencies()) whole.push_back(row.agency());
  EXPECT_EQ(paged, whole);
}

TEST_F(OfficeServiceTest, ASupervisorReadsItsSubtreeAndOfDraftsOnlyStateAndDates) {
  ASSERT_NO_FATAL_FAILURE(FileAll());
  // Another county's views: refused, and the refusal is in the audit trail.
  for (const std::string& parent : {std::string(kSiyang), std::string(kCity)}) {
    v1::GetRollupRequest rollup;
    rollup.set_parent(A(parent));
    rollup.set_report_year(2024);
    v1::GetRollupResponse rolled;
    grpc::Status status = office_->GetRollup(ContextFor("shuyang-office").get(), rollup, &rolled);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << parent;
    v1::GetFilingStatusRequest filing;
    filing.set_parent(A(parent));
    filing.set_report_year(2024);
    v1::GetFilingStatusResponse filed;
    status = office_->GetFilingStatus(ContextFor("shuyang-office").get(), filing, &filed);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << parent;
  }
  v1::GetReportRequest get;
  get.set_name(ReportNameOf(kSiyangEdu, 2024));
  get.set_view(v1::REPORT_VIEW_BASIC);
  v1::Report report;
  EXPECT_EQ(workflow_->GetReport(ContextFor("shuyang-office").get(), get, &report).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Published content of its subtree: yes.
  get.set_name(ReportNameOf(kShuyangDept, 2024));
  get.set_view(v1::REPORT_VIEW_FULL);
  grpc::Status status = workflow_->GetReport(ContextFor("shuyang-office").get(), get, &report);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(report.has_content());
  v1::GetRevisionRequest revision;
  revision.set_name(
      absl::StrCat(ReportNameOf(kShuyangDept, 2024), "/revisions/", report.published_revision()));
  v1::ReportRevision published;
  status = workflow_->GetRevision(ContextFor("shuyang-office").get(), revision, &published);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(published.kind(), v1::REVISION_KIND_PUBLISHED);
  // A report in review: state and dates only, its content refused.
  get.set_name(ReportNameOf(kShuyangEdu, 2024));
  status = workflow_->GetReport(ContextFor("shuyang-office").get(), get, &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("BASIC"));
  get.set_view(v1::REPORT_VIEW_BASIC);
  status = workflow_->GetReport(ContextFor("shuyang-office").get(), get, &report);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(report.state(), v1::REPORT_STATE_IN_REVIEW);
  EXPECT_TRUE(report.has_update_time());
  EXPECT_FALSE(report.has_content());
  EXPECT_EQ(report.submitter(), "");
  revision.set_name(absl::StrCat(ReportNameOf(kShuyangEdu, 2024), "/revisions/1"));
  status = workflow_->GetRevision(ContextFor("shuyang-office").get(), revision, &published);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Listing every agency it may read: its subtree only, unpublished reports reduced.
  v1::ListReportsRequest list;
  list.set_parent("agencies/-");
  list.set_view(v1::REPORT_VIEW_FULL);
  v1::ListReportsResponse listed;
  status = workflow_->ListReports(ContextFor("shuyang-office").get(), list, &listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::set<std::string> names;
  for (const v1::Report& one : listed.reports()) {
    names.insert(one.name());
    EXPECT_EQ(one.has_content(), one.state() == v1::REPORT_STATE_PUBLISHED) << one.name();
  }
  EXPECT_THAT(names, UnorderedElementsAre(
                         ReportNameOf(kShuyang, 2024), ReportNameOf(kShuyangDept, 2024),
                         ReportNameOf(kShuyangEdu, 2024), ReportNameOf(kShuyangDept, 2023)));
  // The refusals were recorded as denied reads by the supervisor.
  v1::ListAuditEventsRequest events;
  events.set_actor("shuyang-office");
  events.set_page_size(100);
  v1::ListAuditEventsResponse trail;
  status = audit_->ListAuditEvents(ContextFor("central").get(), events, &trail);
  ASSERT_TRUE(status.ok()) << status.error_message();
  int denied = 0;
  for (const v1::AuditEvent& event : trail.events()) {
    if (event.outcome() == v1::AUDIT_OUTCOME_DENIED) ++denied;
  }
  EXPECT_EQ(denied, 7);
}

TEST_F(OfficeServiceTest, CompareYearsAndRepetitionOverTheSubtree) {
  ASSERT_NO_FATAL_FAILURE(FileAll());
  v1::CompareYearsRequest compare;
  compare.set_parent(A(kCity));
  compare.set_report_year(2024);
  v1::CompareYearsResponse compared;
  grpc::Status status = office_->CompareYears(ContextFor("city-office").get(), compare, &compared);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const int64_t now =
      ExpectedSum({kCity, kShuyang, kShuyangDept}, 2024)["t3.new_applications.total"];
  const int64_t before = ExpectedSum({kCity, kShuyangDept}, 2023)["t3.new_applications.total"];
  EXPECT_EQ(compared.rollup().current().new_applications(), now);
  EXPECT_EQ(compared.rollup().previous().new_applications(), before);
  EXPECT_EQ(compared.rollup().change().new_applications(), now - before);
  ASSERT_EQ(compared.agencies_size(), 3);  // published in either year
  EXPECT_EQ(compared.agencies(1).agency(), A(kShuyang));
  EXPECT_EQ(compared.agencies(1).display_name(), "沭阳县人民政府");
  EXPECT_TRUE(compared.agencies(1).has_current());
  EXPECT_FALSE(compared.agencies(1).has_previous());
  EXPECT_EQ(compared.agencies(0).current().new_applications(),
            ExpectedSum({kShuyangDept}, 2024)["t3.new_applications.total"]);
  compare.set_page_size(2);
  status = office_->CompareYears(ContextFor("city-office").get(), compare, &compared);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(compared.agencies_size(), 2);
  compare.set_page_token(compared.next_page_token());
  status = office_->CompareYears(ContextFor("city-office").get(), compare, &compared);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(compared.agencies_size(), 1);
  EXPECT_EQ(compared.agencies(0).agency(), A(kCity));
  EXPECT_EQ(compared.next_page_token(), "");

  // Both years' texts are the seed's: repeated almost whole, for the two that published both.
  v1::ListRepetitionRequest repetition;
  repetition.set_parent(A(kCity));
  repetition.set_report_year(2024);
  v1::ListRepetitionResponse repeated;
  status = office_->ListRepetition(ContextFor("city-office").get(), repetition, &repeated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(repeated.agencies_size(), 2);
  for (const v1::AgencyRepetition& row : repeated.agencies()) {
    EXPECT_GT(row.repeated_share(), 0.9) << row.agency();
    EXPECT_THAT(row.previous_revision(), HasSubstr("/reports/2023/revisions/"));
  }
  EXPECT_GE(repeated.agencies(0).repeated_share(), repeated.agencies(1).repeated_share());
  // A county's supervisor sees its own county's only.
  repetition.set_parent(A(kShuyang));
  status = office_->ListRepetition(ContextFor("shuyang-office").get(), repetition, &repeated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(repeated.agencies_size(), 1);
  EXPECT_EQ(repeated.agencies(0).agency(), A(kShuyangDept));
  repetition.set_report_year(2008);  // there is no 2007 to compare with
  status = office_->ListRepetition(ContextFor("shuyang-office").get(), repetition, &repeated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(OfficeServiceTest, BadInputsNameTheirField) {
  v1::GetRollupRequest rollup;
  rollup.set_parent("agencies/no-such-agency");
  rollup.set_report_year(2024);
  v1::GetRollupResponse rolled;
  grpc::Status status = office_->GetRollup(ContextFor("city-office").get(), rollup, &rolled);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  auto field_of = [](const grpc::Status& failed) {
    auto bad = FindDetail<google::rpc::BadRequest>(RpcStatus(failed));
    return bad && bad->field_violations_size() > 0 ? bad->field_violations(0).field()
                                                   : std::string();
  };
  rollup.set_parent("shuyang-xian");
  status = office_->GetRollup(ContextFor("city-office").get(), rollup, &rolled);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "parent");
  rollup.set_parent(A(kCity));
  rollup.set_report_year(2007);
  status = office_->GetRollup(ContextFor("city-office").get(), rollup, &rolled);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "report_year");

  v1::GetFilingStatusRequest filing;
  filing.set_parent(A(kCity));
  filing.set_report_year(2024);
  filing.set_page_size(2);
  v1::GetFilingStatusResponse filed;
  status = office_->GetFilingStatus(ContextFor("city-office").get(), filing, &filed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_FALSE(filed.next_page_token().empty());
  // The token of the 2024 query does not page the 2023 one.
  filing.set_report_year(2023);
  filing.set_page_token(filed.next_page_token());
  status = office_->GetFilingStatus(ContextFor("city-office").get(), filing, &filed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "page_token");
  filing.set_page_token("not-a-token");
  status = office_->GetFilingStatus(ContextFor("city-office").get(), filing, &filed);
  EXPECT_EQ(field_of(status), "page_token");
  filing.clear_page_token();
  filing.set_page_size(-1);
  status = office_->GetFilingStatus(ContextFor("city-office").get(), filing, &filed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field_of(status), "page_size");
  // No token at all.
  filing.set_page_size(0);
  EXPECT_EQ(office_->GetFilingStatus(ContextFor("").get(), filing, &filed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // An agency's own role (not a supervisor) reads that agency alone.
  filing.set_parent(A(kAgency));
  status = office_->GetFilingStatus(ContextFor("stranger").get(), filing, &filed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(filed.agencies_size(), 1);
  EXPECT_EQ(filed.agencies(0).agency(), A(kAgency));
}

}  // namespace
}  // namespace nianbao::testing
