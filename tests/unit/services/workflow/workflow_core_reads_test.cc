// WorkflowCore's reads under API v1: views (BASIC leaves the content out, FULL keeps it), checked
// filters, published_only, revisions as resources named "…/revisions/{n}" (one per number, the
// submitted and published copies merged), NOT_FOUND naming the revision in that form, and the
// registered agency name on every report returned.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "services/workflow/workflow_core.h"
#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "workflow/audit_chain.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kAgency[] = "test-agency";
constexpr char kReport[] = "agencies/test-agency/reports/2024";

class NoFindings : public ReportValidator {
 public:
  absl::StatusOr<v1::ValidateResponse> Validate(const v1::ValidateRequest&) override {
    return v1::ValidateResponse();
  }
};

CallContext As(const std::string& name, std::set<v1::Role> roles) {
  CallContext call;
  call.principal.name = name;
  call.principal.roles_by_agency[kAgency] = std::move(roles);
  return call;
}

// The field a BadRequest names, or "" when there is none.
std::string BadField(const absl::Status& status) {
  google::rpc::BadRequest bad;
  if (!workflow::GetDetail(status, workflow::kBadRequestTypeUrl, bad) ||
      bad.field_violations_size() == 0) {
    return "";
  }
  return bad.field_violations(0).field();
}

class WorkflowCoreReadsTest : public ::testing::Test {
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
    nianbao::config::v1::AgencyRegistryConfig config;
    auto* agency = config.add_agencies();
    agency->set_agency_id(kAgency);
    agency->set_name("测试县发展和改革局");
    agency->set_kind(v1::AGENCY_KIND_DEPARTMENT);
    auto* other = config.add_agencies();
    other->set_agency_id("other-agency");
    other->set_name("另一机关");
    other->set_kind(v1::AGENCY_KIND_DEPARTMENT);
    auto registry = workflow::AgencyRegistry::FromConfig(config);
    ASSERT_THAT(registry, IsOk());
    registry_ = *std::move(registry);
    core_ = std::make_unique<WorkflowCore>(store_.get(), &validator_, registry_.get());
  }

  // A report of 2024 taken to publication; its content's title is `title`.
  v1::Report Published(const std::string& title) {
    v1::CreateReportRequest create;
    create.set_parent(std::string("agencies/") + kAgency);
    create.set_report_year(2024);
    v1::AnnualReport* content = create.mutable_content();
    content->mutable_metadata()->set_title(title);
    content->mutable_metadata()->set_agency_name("测试县发展和改革局");
    content->mutable_metadata()->set_agency_kind(v1::AGENCY_KIND_DEPARTMENT);
    content->mutable_metadata()->set_report_year(2024);
    v1::Report report;
    EXPECT_THAT(core_->CreateReport(drafter_, create, &report), IsOk());
    v1::SubmitReportRequest submit;
    submit.set_name(kReport);
    v1::SubmitReportResponse submitted;
    EXPECT_THAT(core_->SubmitReport(drafter_, submit, &submitted), IsOk());
    v1::ApproveReportRequest approve;
    approve.set_name(kReport);
    v1::ApproveReportResponse approved;
    EXPECT_THAT(core_->ApproveReport(approver_, approve, &approved), IsOk());
    v1::PublishReportRequest publish;
    publish.set_name(kReport);
    v1::PublishReportResponse published;
    EXPECT_THAT(core_->PublishReport(publisher_, publish, &published), IsOk());
    EXPECT_EQ(published.revision().name(), std::string(kReport) + "/revisions/1");
    return published.report();
  }

  absl::StatusOr<v1::ReportRevision> GetRevision(
      const std::string& name, v1::ReportView view = v1::REPORT_VIEW_UNSPECIFIED) {
    v1::GetRevisionRequest request;
    request.set_name(name);
    request.set_view(view);
    v1::ReportRevision revision;
    absl::Status status = core_->GetRevision(reader_, request, &revision);
    if (!status.ok()) return status;
    return revision;
  }

  absl::StatusOr<v1::ListReportsResponse> List(v1::ListReportsRequest request) {
    if (request.parent().empty()) request.set_parent("agencies/-");
    v1::ListReportsResponse response;
    absl::Status status = core_->ListReports(reader_, request, &response);
    if (!status.ok()) return status;
    return response;
  }

  nianbao::testing::TempDir dir_;
  NoFindings validator_;
  std::unique_ptr<storage::RocksReportStore> store_;
  std::unique_ptr<workflow::AgencyRegistry> registry_;
  std::unique_ptr<WorkflowCore> core_;
  CallContext drafter_ = As("drafter", {v1::ROLE_DRAFTER});
  CallContext approver_ = As("approver", {v1::ROLE_APPROVER});
  CallContext publisher_ = As("publisher", {v1::ROLE_PUBLISHER});
  CallContext reader_ = As("reader", {v1::ROLE_READER});
};

TEST_F(WorkflowCoreReadsTest, AReportCarriesTheRegisteredAgencyNameWhateverItsMetadataSays) {
  v1::CreateReportRequest create;
  create.set_parent(std::string("agencies/") + kAgency);
  create.set_report_year(2024);
  create.mutable_content()->mutable_metadata()->set_agency_name("随手写的名字");
  v1::Report created;
  ASSERT_THAT(core_->CreateReport(drafter_, create, &created), IsOk());
  EXPECT_EQ(created.agency_display_name(), "测试县发展和改革局");
  v1::GetReportRequest get;
  get.set_name(kReport);
  v1::Report read;
  ASSERT_THAT(core_->GetReport(reader_, get, &read), IsOk());
  EXPECT_EQ(read.agency_display_name(), "测试县发展和改革局");
  absl::StatusOr<v1::ListReportsResponse> listed = List({});
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->reports_size(), 1);
  EXPECT_EQ(listed->reports(0).agency_display_name(), "测试县发展和改革局");
}

TEST_F(WorkflowCoreReadsTest, GetDefaultsToFullAndListToBasic) {
  Published("第一版");
  v1::GetReportRequest get;
  get.set_name(kReport);
  v1::Report full, basic;
  ASSERT_THAT(core_->GetReport(reader_, get, &full), IsOk());
  EXPECT_EQ(full.content().metadata().title(), "第一版");
  get.set_view(v1::REPORT_VIEW_BASIC);
  ASSERT_THAT(core_->GetReport(reader_, get, &basic), IsOk());
  EXPECT_FALSE(basic.has_content());
  EXPECT_EQ(basic.content_sha256(), full.content_sha256());
  EXPECT_EQ(basic.etag(), full.etag());

  absl::StatusOr<v1::ListReportsResponse> listed = List({});
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->reports_size(), 1);
  EXPECT_FALSE(listed->reports(0).has_content());
  v1::ListReportsRequest full_list;
  full_list.set_view(v1::REPORT_VIEW_FULL);
  listed = List(full_list);
  ASSERT_THAT(listed, IsOk());
  EXPECT_EQ(listed->reports(0).content().metadata().title(), "第一版");
}

TEST_F(WorkflowCoreReadsTest, PublishedOnlyKeepsAReportWhoseCorrectionIsADraft) {
  Published("第一版");
  v1::CorrectReportRequest correct;
  correct.set_name(kReport);
  correct.set_reason("更正表三");
  v1::CorrectReportResponse corrected;
  ASSERT_THAT(core_->CorrectReport(publisher_, correct, &corrected), IsOk());
  ASSERT_EQ(corrected.report().state(), v1::REPORT_STATE_DRAFT);

  v1::ListReportsRequest published_state;
  published_state.set_state(v1::REPORT_STATE_PUBLISHED);
  absl::StatusOr<v1::ListReportsResponse> listed = List(published_state);
  ASSERT_THAT(listed, IsOk());
  EXPECT_EQ(listed->reports_size(), 0);
  v1::ListReportsRequest published_only;
  published_only.set_published_only(true);
  listed = List(published_only);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->reports_size(), 1);
  EXPECT_EQ(listed->reports(0).published_revision(), 1);
  // A portal reads what is published, not the draft.
  absl::StatusOr<v1::ReportRevision> revision = GetRevision(std::string(kReport) + "/revisions/1");
  ASSERT_THAT(revision, IsOk());
  EXPECT_EQ(revision->content().metadata().title(), "第一版");
}

TEST_F(WorkflowCoreReadsTest, FiltersThatNoReportCouldMatchAreRefusedNamingTheField) {
  v1::ListReportsRequest bad_state;
  bad_state.set_state(static_cast<v1::ReportState>(99));
  EXPECT_EQ(BadField(List(bad_state).status()), "state");
  for (int year : {-3, 1, 2007, 2201, 20244}) {
    v1::ListReportsRequest bad_year;
    bad_year.set_report_year(year);
    absl::Status status = List(bad_year).status();
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument)) << year;
    EXPECT_EQ(BadField(status), "report_year") << year;
  }
  v1::ListReportsRequest bad_view;
  bad_view.set_view(static_cast<v1::ReportView>(7));
  EXPECT_EQ(BadField(List(bad_view).status()), "view");
  v1::ListReportsRequest bad_token;
  bad_token.set_page_token("%%%");
  EXPECT_EQ(BadField(List(bad_token).status()), "page_token");
  v1::ListReportsRequest year_ok;
  year_ok.set_report_year(2008);
  EXPECT_THAT(List(year_ok), IsOk());
}

TEST_F(WorkflowCoreReadsTest, ARevisionIsOneResourceWithItsSubmissionAndPublication) {
  Published("第一版");
  absl::StatusOr<v1::ReportRevision> revision = GetRevision(std::string(kReport) + "/revisions/1");
  ASSERT_THAT(revision, IsOk());
  EXPECT_EQ(revision->name(), std::string(kReport) + "/revisions/1");
  EXPECT_EQ(revision->report(), kReport);
  EXPECT_EQ(revision->kind(), v1::REVISION_KIND_PUBLISHED);
  EXPECT_EQ(revision->submitter(), "drafter");
  EXPECT_EQ(revision->publisher(), "publisher");
  EXPECT_TRUE(revision->has_create_time());
  EXPECT_TRUE(revision->has_publish_time());
  EXPECT_EQ(revision->content().metadata().title(), "第一版");
  absl::StatusOr<v1::ReportRevision> basic =
      GetRevision(std::string(kReport) + "/revisions/1", v1::REPORT_VIEW_BASIC);
  ASSERT_THAT(basic, IsOk());
  EXPECT_FALSE(basic->has_content());
  EXPECT_EQ(basic->content_sha256(), revision->content_sha256());

  v1::ListRevisionsRequest list;
  list.set_parent(kReport);
  v1::ListRevisionsResponse listed;
  ASSERT_THAT(core_->ListRevisions(reader_, list, &listed), IsOk());
  ASSERT_EQ(listed.revisions_size(), 1);
  EXPECT_EQ(listed.revisions(0).name(), std::string(kReport) + "/revisions/1");
  EXPECT_EQ(listed.revisions(0).kind(), v1::REVISION_KIND_PUBLISHED);
  EXPECT_FALSE(listed.revisions(0).has_content());
}

TEST_F(WorkflowCoreReadsTest, AMissingRevisionIsNotFoundNamedAsAResource) {
  Published("第一版");
  const std::string missing = std::string(kReport) + "/revisions/2";
  absl::Status status = GetRevision(missing).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound, HasSubstr(missing)));
  EXPECT_THAT(std::string(status.message()), ::testing::Not(HasSubstr("@")));
  google::rpc::ResourceInfo info;
  ASSERT_TRUE(workflow::GetDetail(status, workflow::kResourceInfoTypeUrl, info));
  EXPECT_EQ(info.resource_name(), missing);
  // A revision of a report that does not exist: the report is what is missing.
  EXPECT_THAT(
      GetRevision("agencies/test-agency/reports/2023/revisions/1"),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("agencies/test-agency/reports/2023")));
}

TEST_F(WorkflowCoreReadsTest, RevisionNamesAreAcceptedOnlyInTheirCanonicalForm) {
  Published("第一版");
  for (const std::string suffix :
       {"/revisions/0", "/revisions/-1", "/revisions/01", "/revisions/+1", "/revisions/1@published",
        "/revisions/", "/revisions/1 ", "/revisions/99999999999999999999", "/revision/1"}) {
    absl::Status status = GetRevision(std::string(kReport) + suffix).status();
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument)) << suffix;
    EXPECT_EQ(BadField(status), "name") << suffix;
  }
}

// Reports of agencies the caller may not read are left out before the page is cut: a reader of
// one agency among many does not page through empty pages.
TEST_F(WorkflowCoreReadsTest, AcrossAgenciesEveryPageHoldsWhatTheCallerMayRead) {
  CallContext other_drafter;
  other_drafter.principal.name = "other-drafter";
  other_drafter.principal.roles_by_agency["other-agency"] = {v1::ROLE_DRAFTER};
  for (int year = 2019; year <= 2023; ++year) {
    v1::CreateReportRequest create;
    create.set_parent("agencies/other-agency");
    create.set_report_year(year);
    v1::Report report;
    ASSERT_THAT(core_->CreateReport(other_drafter, create, &report), IsOk());
  }
  Published("第一版");
  v1::ListReportsRequest request;
  request.set_page_size(1);
  absl::StatusOr<v1::ListReportsResponse> page = List(request);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->reports_size(), 1);
  EXPECT_EQ(page->reports(0).name(), kReport);
  EXPECT_TRUE(page->next_page_token().empty());
}

}  // namespace
}  // namespace nianbao::workflow_service
