// WorkflowCore against hostile input (issue 17): requests past their limits and names in another
// spelling are refused before anything is written, and list pages of large reports stay under
// what a client receives, however many large reports there are.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "services/workflow/workflow_core.h"
#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "workflow/audit_chain.h"
#include "workflow/request_limits.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;

constexpr char kAgency[] = "test-agency";
constexpr size_t kClientReceiveLimit = 4 * 1024 * 1024;

class AcceptingValidator : public ReportValidator {
 public:
  absl::StatusOr<v1::ValidateResponse> Validate(const v1::ValidateRequest&) override {
    return v1::ValidateResponse();
  }
};

CallContext As(const std::string& name, std::set<v1::Role> roles) {
  CallContext call;
  call.principal.name = name;
  call.principal.roles_by_agency[kAgency] = std::move(roles);
  call.client_address = "ipv4:127.0.0.1:1";
  return call;
}

std::string ViolatedField(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  if (!workflow::GetDetail(status, workflow::kBadRequestTypeUrl, bad_request) ||
      bad_request.field_violations_size() == 0) {
    return "";
  }
  return bad_request.field_violations(0).field();
}

// Content of about `bytes` bytes, all in the opening section.
v1::AnnualReport LargeContent(size_t bytes, char fill = 'x') {
  v1::AnnualReport content;
  content.mutable_opening()->add_paragraphs(std::string(bytes, fill));
  return content;
}

class WorkflowCoreLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::RocksReportStoreOptions options;
    options.path = dir_.path();
    options.audit_sealer = [](v1::AuditEvent* event) {
      *event =
          workflow::SealAuditEvent(*event, event->previous_hash(), event->report_previous_hash());
    };
    auto store = storage::RocksReportStore::Open(options);
    ASSERT_THAT(store, IsOk());
    store_ = *std::move(store);
    core_ = std::make_unique<WorkflowCore>(store_.get(), &validator_);
  }

  v1::Report Create(int year, const v1::AnnualReport& content = {}) {
    v1::CreateReportRequest request;
    request.set_parent(std::string("agencies/") + kAgency);
    request.set_report_year(year);
    *request.mutable_content() = content;
    v1::Report response;
    EXPECT_THAT(core_->CreateReport(drafter_, request, &response), IsOk());
    return response;
  }

  int64_t AuditHead() { return store_->GetAuditHead()->sequence; }

  nianbao::testing::TempDir dir_;
  AcceptingValidator validator_;
  std::unique_ptr<storage::RocksReportStore> store_;
  std::unique_ptr<WorkflowCore> core_;
  CallContext drafter_ = As("drafter", {v1::ROLE_DRAFTER});
  CallContext outsider_ = As("outsider", {});
};

// Denied attempts are audited, but only under the canonical name: "02024" once started a chain of
// its own, missing from report 2024's trail.
TEST_F(WorkflowCoreLimitsTest, OtherSpellingsOfANameAreRefusedWithoutAnEvent) {
  Create(2024);
  const int64_t head = AuditHead();
  for (const std::string year : {"02024", "+2024", " 2024", "2024\n", "2024 ", "２０２４"}) {
    v1::GetReportRequest get;
    get.set_name(std::string("agencies/") + kAgency + "/reports/" + year);
    v1::Report response;
    const absl::Status status = core_->GetReport(outsider_, get, &response);
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument)) << year;
    EXPECT_EQ(ViolatedField(status), "name") << year;
    v1::WithdrawReportRequest withdraw;
    withdraw.set_name(get.name());
    v1::WithdrawReportResponse withdrawn;
    EXPECT_EQ(ViolatedField(core_->WithdrawReport(outsider_, withdraw, &withdrawn)), "name");
  }
  EXPECT_EQ(AuditHead(), head);
}

TEST_F(WorkflowCoreLimitsTest, OversizedFieldsAreRefusedBeforeAnythingIsWritten) {
  const v1::Report report = Create(2024);
  const int64_t head = AuditHead();
  v1::WithdrawReportRequest withdraw;
  withdraw.set_name(report.name());
  withdraw.set_reason(std::string(5 * 1024 * 1024, 'r'));
  v1::WithdrawReportResponse withdrawn;
  // An outsider's attempt is refused for its size before it could be recorded as denied.
  EXPECT_EQ(ViolatedField(core_->WithdrawReport(outsider_, withdraw, &withdrawn)), "reason");

  v1::UpdateReportRequest update;
  *update.mutable_report() = report;
  *update.mutable_report()->mutable_content() = LargeContent(4 * 1024 * 1024 + 512 * 1024);
  v1::Report updated;
  EXPECT_EQ(ViolatedField(core_->UpdateReport(drafter_, update, &updated)), "report.content");

  v1::CreateReportRequest create;
  create.set_parent(std::string("agencies/") + kAgency);
  create.set_report_year(2007);
  v1::Report created;
  EXPECT_EQ(ViolatedField(core_->CreateReport(drafter_, create, &created)), "report_year");
  create.set_report_year(2023);
  auto* fee = create.mutable_content()->mutable_active_disclosure()->mutable_table();
  fee->mutable_fee_amount()->mutable_amount()->set_units(1);
  fee->mutable_fee_amount()->mutable_amount()->set_nanos(2'000'000'000);
  EXPECT_EQ(ViolatedField(core_->CreateReport(drafter_, create, &created)),
            "content.active_disclosure.table.fee_amount.amount.nanos");

  EXPECT_EQ(AuditHead(), head);
  auto stored = store_->GetReport({kAgency, 2024});
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->etag(), report.etag());
  EXPECT_THAT(store_->GetReport({kAgency, 2023}), StatusIs(absl::StatusCode::kNotFound));
}

// Each part of a masked update is within the limit, but their merge with the draft is not.
TEST_F(WorkflowCoreLimitsTest, MergedContentOverTheLimitIsRefused) {
  const v1::Report report = Create(2024, LargeContent(workflow::kMaxContentBytes - 1024));
  v1::UpdateReportRequest update;
  *update.mutable_report() = report;
  update.mutable_report()->mutable_content()->mutable_other_matters()->add_paragraphs()->set_text(
      std::string(workflow::kMaxContentBytes / 2, 'o'));
  update.mutable_update_mask()->add_paths("content.other_matters");
  v1::Report updated;
  EXPECT_EQ(ViolatedField(core_->UpdateReport(drafter_, update, &updated)), "report.content");
  EXPECT_EQ(store_->GetReport({kAgency, 2024})->etag(), report.etag());
}

TEST_F(WorkflowCoreLimitsTest, ReportPagesStopBeforeTheClientsLimit) {
  constexpr int kReports = 6;
  for (int i = 0; i < kReports; ++i) {
    Create(2015 + i, LargeContent(workflow::kMaxContentBytes - 4096, static_cast<char>('a' + i)));
  }
  std::set<int> seen;
  std::string token;
  int pages = 0;
  do {
    v1::ListReportsRequest list;
    list.set_parent(std::string("agencies/") + kAgency);
    list.set_page_token(token);
    list.set_view(v1::REPORT_VIEW_FULL);  // BASIC pages are small whatever the content
    v1::ListReportsResponse page;
    ASSERT_THAT(core_->ListReports(drafter_, list, &page), IsOk());
    EXPECT_GE(page.reports_size(), 1);
    EXPECT_LT(page.ByteSizeLong(), kClientReceiveLimit);
    for (const v1::Report& report : page.reports()) {
      EXPECT_TRUE(seen.insert(report.report_year()).second) << "repeated " << report.name();
    }
    token = page.next_page_token();
    ASSERT_LT(++pages, 10);
  } while (!token.empty());
  EXPECT_EQ(seen.size(), static_cast<size_t>(kReports));
  EXPECT_GE(pages, 2);
}

TEST_F(WorkflowCoreLimitsTest, RevisionPagesStopBeforeTheClientsLimit) {
  v1::Report report = Create(2024, LargeContent(workflow::kMaxContentBytes - 4096));
  constexpr int kSubmissions = 5;
  for (int i = 0; i < kSubmissions; ++i) {
    v1::SubmitReportRequest submit;
    submit.set_name(report.name());
    v1::SubmitReportResponse submitted;
    ASSERT_THAT(core_->SubmitReport(drafter_, submit, &submitted), IsOk());
    v1::WithdrawReportRequest withdraw;
    withdraw.set_name(report.name());
    v1::WithdrawReportResponse withdrawn;
    ASSERT_THAT(core_->WithdrawReport(drafter_, withdraw, &withdrawn), IsOk());
  }
  std::set<int64_t> seen;
  std::string token;
  int pages = 0;
  do {
    v1::ListRevisionsRequest list;
    list.set_parent(report.name());
    list.set_page_token(token);
    list.set_view(v1::REPORT_VIEW_FULL);
    v1::ListRevisionsResponse page;
    ASSERT_THAT(core_->ListRevisions(drafter_, list, &page), IsOk());
    EXPECT_GE(page.revisions_size(), 1);
    EXPECT_LT(page.ByteSizeLong(), kClientReceiveLimit);
    for (const v1::ReportRevision& revision : page.revisions()) seen.insert(revision.revision());
    token = page.next_page_token();
    ASSERT_LT(++pages, 10);
  } while (!token.empty());
  EXPECT_EQ(seen.size(), static_cast<size_t>(kSubmissions));
  EXPECT_GE(pages, 2);
}

}  // namespace
}  // namespace nianbao::workflow_service
