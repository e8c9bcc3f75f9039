// End to end with both real servers: the whole approval chain as four users (with a rejection),
// refusals with their error details, stale etags, retried request_ids, a correction after
// publication, and the validation service going away in the middle.
#include <gmock/gmock.h>
#include <grpcpp/impl/codegen/client_unary_call.h>
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "services/common/grpc_status.h"
#include "storage/rocks_report_store.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"
#include "workflow/audit_chain.h"
#include "workflow/principals.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::service::FindDetail;
using ::testing::AllOf;
using ::testing::HasSubstr;

class WorkflowE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NIANBAO_ASSERT_OK(env_.Start());
    stub_ = env_.NewStub();
  }

  v1::Report Create(const std::string& user, int year, const std::string& request_id = "") {
    v1::CreateReportRequest request;
    request.set_parent(std::string("agencies/") + kAgency);
    request.set_report_year(year);
    *request.mutable_content() = SeedContent();
    request.mutable_content()->mutable_metadata()->set_report_year(year);
    request.set_request_id(request_id);
    v1::Report response;
    grpc::Status status = stub_->CreateReport(ContextFor(user).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // Submits, acknowledging whatever warnings validation reports (as a client UI would after
  // showing them).
  grpc::Status Submit(const std::string& user, const std::string& name,
                      v1::SubmitReportResponse* response, const std::string& request_id = "") {
    v1::SubmitReportRequest request;
    request.set_name(name);
    request.set_request_id(request_id);
    grpc::Status status = stub_->SubmitReport(ContextFor(user).get(), request, response);
    if (status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
      return status;
    }
    std::string why = status.error_message();
    auto failure = FindDetail<google::rpc::PreconditionFailure>(RpcStatus(status));
    if (!failure) {
      ADD_FAILURE() << "submit: " << status.error_message();
      return status;
    }
    for (const auto& violation : failure->violations()) {
      if (violation.type() != "WARNING_NOT_ACKNOWLEDGED") {
        ADD_FAILURE() << "submit: " << why << " / " << violation.type() << " "
                      << violation.subject() << ": " << violation.description();
        return status;
      }
      request.add_acknowledged_warnings(violation.subject());
    }
    status = stub_->SubmitReport(ContextFor(user).get(), request, response);
    if (!status.ok()) ADD_FAILURE() << "submit: " << status.error_message();
    return status;
  }

  v1::Report Get(const std::string& name) {
    v1::GetReportRequest request;
    request.set_name(name);
    v1::Report response;
    grpc::Status status = stub_->GetReport(ContextFor("reader").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // The audit trail as stored (read after the workflow server stopped).
  std::vector<v1::AuditEvent> StoredTrail() {
    // A graceful stop exits 0 and releases the database (the open below would fail otherwise).
    absl::StatusOr<int> exit_code = env_.workflow().Stop();
    EXPECT_THAT(exit_code, IsOk());
    EXPECT_EQ(exit_code.value_or(-1), 0) << env_.workflow().Log();
    storage::RocksReportStoreOptions options;
    options.path = env_.data_dir();
    options.audit_sealer = [](v1::AuditEvent* event) {
      *event =
          workflow::SealAuditEvent(*event, event->previous_hash(), event->report_previous_hash());
    };
    auto store = storage::RocksReportStore::Open(options);
    EXPECT_THAT(store, IsOk());
    if (!store.ok()) return {};
    auto page = (*store)->ListAuditEvents(0, 10000, {});
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->events : std::vector<v1::AuditEvent>{};
  }

  WorkflowTestEnv env_;
  std::unique_ptr<v1::WorkflowService::Stub> stub_;
};

TEST_F(WorkflowE2eTest, WholeChainWithFourUsersIncludingARejection) {
  const v1::Report created = Create("drafter", 2024);
  EXPECT_EQ(created.name(), ReportNameOf(kAgency, 2024));
  EXPECT_EQ(created.state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(created.creator(), "drafter");

  v1::SubmitReportResponse submitted;
  grpc::Status status = Submit("drafter", created.name(), &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(submitted.report().state(), v1::REPORT_STATE_IN_REVIEW);
  EXPECT_EQ(submitted.revision().kind(), v1::REVISION_KIND_SUBMITTED);

  // A rejection needs a reason, named as the bad field.
  v1::RejectReportRequest reject;
  reject.set_name(created.name());
  v1::RejectReportResponse rejected;
  status = stub_->RejectReport(ContextFor("reviewer").get(), reject, &rejected);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto bad_request = FindDetail<google::rpc::BadRequest>(RpcStatus(status));
  ASSERT_TRUE(bad_request.has_value());
  EXPECT_EQ(bad_request->field_violations(0).field(), "reason");
  reject.set_reason("第三部分数据与上年不一致，请核对");
  status = stub_->RejectReport(ContextFor("reviewer").get(), reject, &rejected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(rejected.report().state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(rejected.report().rejection_reason(), reject.reason());

  // The drafter edits (with the current etag) and submits again.
  v1::UpdateReportRequest update;
  *update.mutable_report() = rejected.report();
  update.mutable_report()->mutable_content()->mutable_metadata()->set_title("更正后的标题");
  update.mutable_update_mask()->add_paths("content.metadata");
  v1::Report updated;
  status = stub_->UpdateReport(ContextFor("drafter").get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.content().metadata().title(), "更正后的标题");
  EXPECT_NE(updated.etag(), rejected.report().etag());
  ASSERT_TRUE(Submit("drafter", created.name(), &submitted).ok());

  // The reviewer may not approve; the approver may.
  v1::ApproveReportRequest approve;
  approve.set_name(created.name());
  v1::ApproveReportResponse approved;
  status = stub_->ApproveReport(ContextFor("reviewer").get(), approve, &approved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = stub_->ApproveReport(ContextFor("approver").get(), approve, &approved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(approved.report().state(), v1::REPORT_STATE_APPROVED);
  EXPECT_EQ(approved.report().approver(), "approver");

  v1::PublishReportRequest publish;
  publish.set_name(created.name());
  v1::PublishReportResponse published;
  status = stub_->PublishReport(ContextFor("publisher").get(), publish, &published);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(published.report().state(), v1::REPORT_STATE_PUBLISHED);
  EXPECT_TRUE(published.report().has_publish_time());
  EXPECT_EQ(published.revision().kind(), v1::REVISION_KIND_PUBLISHED);
  // 2024's report published now is past 31 January 2025.
  ASSERT_EQ(published.warnings_size(), 1);
  EXPECT_EQ(published.warnings(0).code(), "DEADLINE");

  const std::vector<v1::AuditEvent> trail = StoredTrail();
  std::vector<v1::AuditAction> actions;
  for (const auto& event : trail) actions.push_back(event.action());
  EXPECT_THAT(actions, ::testing::ElementsAre(v1::AUDIT_ACTION_CREATE, v1::AUDIT_ACTION_SUBMIT,
                                              v1::AUDIT_ACTION_REJECT, v1::AUDIT_ACTION_UPDATE,
                                              v1::AUDIT_ACTION_SUBMIT, v1::AUDIT_ACTION_APPROVE,
                                              v1::AUDIT_ACTION_APPROVE, v1::AUDIT_ACTION_PUBLISH));
  EXPECT_EQ(trail[5].outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(trail[5].actor(), "reviewer");
  EXPECT_EQ(trail[2].reason(), "第三部分数据与上年不一致，请核对");
  auto verification =
      workflow::VerifyChain(trail, workflow::ChainKind::kGlobal, workflow::GenesisHash(), 1);
  EXPECT_TRUE(verification.intact());
}

TEST_F(WorkflowE2eTest, RefusalsCarryTheirCodesAndDetails) {
  const v1::Report created = Create("drafter", 2024);
  v1::CreateReportRequest again;
  again.set_parent(std::string("agencies/") + kAgency);
  again.set_report_year(2024);
  v1::Report response;
  // No token at all.
  grpc::ClientContext anonymous;
  EXPECT_EQ(stub_->CreateReport(&anonymous, again, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->CreateReport(ContextFor("nobody").get(), again, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // A second create names the existing report.
  grpc::Status status = stub_->CreateReport(ContextFor("drafter").get(), again, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  auto resource = FindDetail<google::rpc::ResourceInfo>(RpcStatus(status));
  ASSERT_TRUE(resource.has_value());
  EXPECT_EQ(resource->resource_name(), created.name());
  // Bad fields are named.
  again.set_parent("agency/x");
  status = stub_->CreateReport(ContextFor("drafter").get(), again, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FindDetail<google::rpc::BadRequest>(RpcStatus(status))->field_violations(0).field(),
            "parent");
  // Another agency's user is refused, and the refusal is audited.
  v1::GetReportRequest get;
  get.set_name(created.name());
  v1::Report got;
  EXPECT_EQ(stub_->GetReport(ContextFor("outsider").get(), get, &got).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Wrong state: approving a draft names the current state.
  v1::ApproveReportRequest approve;
  approve.set_name(created.name());
  v1::ApproveReportResponse approved;
  status = stub_->ApproveReport(ContextFor("approver").get(), approve, &approved);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  auto failure = FindDetail<google::rpc::PreconditionFailure>(RpcStatus(status));
  ASSERT_TRUE(failure.has_value());
  EXPECT_THAT(failure->violations(0).description(), HasSubstr("REPORT_STATE_DRAFT"));
  // Stale etag.
  v1::UpdateReportRequest update;
  *update.mutable_report() = created;
  v1::Report updated;
  ASSERT_TRUE(stub_->UpdateReport(ContextFor("drafter").get(), update, &updated).ok());
  status = stub_->UpdateReport(ContextFor("drafter").get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  // Only content can be changed.
  update.mutable_report()->set_etag(updated.etag());
  update.mutable_update_mask()->add_paths("state");
  status = stub_->UpdateReport(ContextFor("drafter").get(), update, &updated);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FindDetail<google::rpc::BadRequest>(RpcStatus(status))->field_violations(0).field(),
            "update_mask");

  const auto trail = StoredTrail();
  ASSERT_FALSE(trail.empty());
  bool denied_read = false;
  for (const auto& event : trail) {
    denied_read |= event.actor() == "outsider" && event.action() == v1::AUDIT_ACTION_READ &&
                   event.outcome() == v1::AUDIT_OUTCOME_DENIED;
  }
  EXPECT_TRUE(denied_read);
}

TEST_F(WorkflowE2eTest, ValidationErrorsRefuseSubmissionWithTheFindings) {
  v1::CreateReportRequest create;
  create.set_parent(std::string("agencies/") + kAgency);
  create.set_report_year(2023);
  *create.mutable_content() = FaultyContent();
  v1::Report created;
  ASSERT_TRUE(stub_->CreateReport(ContextFor("drafter").get(), create, &created).ok());
  v1::SubmitReportRequest submit;
  submit.set_name(created.name());
  v1::SubmitReportResponse submitted;
  grpc::Status status = stub_->SubmitReport(ContextFor("drafter").get(), submit, &submitted);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  auto failure = FindDetail<google::rpc::PreconditionFailure>(RpcStatus(status));
  ASSERT_TRUE(failure.has_value());
  ASSERT_GT(failure->violations_size(), 0);
  EXPECT_EQ(failure->violations(0).type(), "VALIDATION_ERROR");
  EXPECT_EQ(failure->violations(0).subject(), "CELL_NOT_NUMBER");
  EXPECT_EQ(Get(created.name()).state(), v1::REPORT_STATE_DRAFT);
}

TEST_F(WorkflowE2eTest, OnlyRegisteredAgenciesUnderTheirRegisteredNameAndKind) {
  // No report for an agency the server does not know.
  v1::CreateReportRequest unknown;
  unknown.set_parent("agencies/jianshan-jiaotongju");
  unknown.set_report_year(2024);
  v1::Report response;
  grpc::Status status = stub_->CreateReport(ContextFor("drafter").get(), unknown, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("未登记"));
  auto bad_request = FindDetail<google::rpc::BadRequest>(RpcStatus(status));
  ASSERT_TRUE(bad_request.has_value());
  EXPECT_EQ(bad_request->field_violations(0).field(), "parent");

  // A draft that names another agency, and a kind that would escape the deadline, is not
  // submitted; both fields are named, and the draft is left as it was.
  const v1::Report created = Create("drafter", 2024);
  v1::UpdateReportRequest update;
  update.mutable_report()->set_name(created.name());
  update.mutable_report()->set_etag(created.etag());
  update.mutable_report()->mutable_content()->mutable_metadata()->set_agency_name("尖山区交通局");
  update.mutable_report()->mutable_content()->mutable_metadata()->set_agency_kind(
      v1::AGENCY_KIND_UNSPECIFIED);
  update.mutable_update_mask()->add_paths("content.metadata.agency_name");
  update.mutable_update_mask()->add_paths("content.metadata.agency_kind");
  v1::Report updated;
  ASSERT_TRUE(stub_->UpdateReport(ContextFor("drafter").get(), update, &updated).ok());
  v1::SubmitReportRequest submit;
  submit.set_name(created.name());
  v1::SubmitReportResponse submitted;
  status = stub_->SubmitReport(ContextFor("drafter").get(), submit, &submitted);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("尖山区教体局"));
  auto failure = FindDetail<google::rpc::PreconditionFailure>(RpcStatus(status));
  ASSERT_TRUE(failure.has_value());
  ASSERT_EQ(failure->violations_size(), 2);
  EXPECT_EQ(failure->violations(0).subject(), "content.metadata.agency_name");
  EXPECT_EQ(failure->violations(1).subject(), "content.metadata.agency_kind");
  const v1::Report after = Get(created.name());
  EXPECT_EQ(after.state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(after.etag(), updated.etag());

  // Corrected, it goes through.
  update.mutable_report()->set_etag(updated.etag());
  update.mutable_report()->mutable_content()->mutable_metadata()->set_agency_name(
      std::string(" ") + kAgencyName + " ");  // surrounding space does not matter
  update.mutable_report()->mutable_content()->mutable_metadata()->set_agency_kind(
      v1::AGENCY_KIND_DEPARTMENT);
  ASSERT_TRUE(stub_->UpdateReport(ContextFor("drafter").get(), update, &updated).ok());
  status = Submit("drafter", created.name(), &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(submitted.report().state(), v1::REPORT_STATE_IN_REVIEW);
}

// Bytes that are no request at all, sent to every asynchronous transition: the caller must still
// be authenticated first, the answer is INVALID_ARGUMENT naming the request type, and nothing is
// written.
TEST_F(WorkflowE2eTest, MalformedRequestBytesAreInvalidArgumentAndWriteNothing) {
  const v1::Report report = Create("drafter", 2024);
  const std::string garbage = std::string("\xff\xff\xff\x0f") + " not a protobuf";
  auto call = [&](const std::string& method, const std::string& user) {
    std::unique_ptr<grpc::ClientContext> context = ContextFor(user);
    grpc::Slice slice(garbage);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    return grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
        env_.channel().get(),
        grpc::internal::RpcMethod(method.c_str(), grpc::internal::RpcMethod::NORMAL_RPC),
        context.get(), request, &response);
  };
  for (const char* name : {"CreateReport", "UpdateReport", "ApproveReport", "RejectReport",
                           "PublishReport", "WithdrawReport", "CorrectReport"}) {
    const std::string method = std::string("/nianbao.v1.WorkflowService/") + name;
    const grpc::Status anonymous = call(method, "");
    EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED) << name;
    const grpc::Status status = call(method, "drafter");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_THAT(status.error_message(), HasSubstr(std::string("nianbao.v1.") + name + "Request"));
  }
  const v1::Report after = Get(report.name());
  EXPECT_EQ(after.etag(), report.etag());
  EXPECT_EQ(after.revision(), report.revision());
  // No report was created either: the agency still has the one.
  v1::ListReportsRequest list;
  list.set_parent(std::string("agencies/") + kAgency);
  v1::ListReportsResponse listed;
  ASSERT_TRUE(stub_->ListReports(ContextFor("reader").get(), list, &listed).ok());
  EXPECT_EQ(listed.reports_size(), 1);
}

TEST_F(WorkflowE2eTest, SelfApprovalIsRefusedAndAudited) {
  const v1::Report created = Create("drafter2", 2024);
  v1::SubmitReportResponse submitted;
  ASSERT_TRUE(Submit("drafter2", created.name(), &submitted).ok());
  v1::ApproveReportRequest approve;
  approve.set_name(created.name());
  v1::ApproveReportResponse approved;
  grpc::Status status = stub_->ApproveReport(ContextFor("drafter2").get(), approve, &approved);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(created.name()).state(), v1::REPORT_STATE_IN_REVIEW);
  const auto trail = StoredTrail();
  ASSERT_FALSE(trail.empty());
  EXPECT_EQ(trail.back().action(), v1::AUDIT_ACTION_APPROVE);
  EXPECT_EQ(trail.back().outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(trail.back().actor(), "drafter2");
}

TEST_F(WorkflowE2eTest, RetriedRequestIdReturnsFirstResultAndWritesOnce) {
  const v1::Report first = Create("drafter", 2024, "create-2024-once");
  const v1::Report second = Create("drafter", 2024, "create-2024-once");
  EXPECT_EQ(first.etag(), second.etag());
  v1::SubmitReportResponse submitted;
  ASSERT_TRUE(Submit("drafter", first.name(), &submitted, "submit-once").ok());
  // The retry repeats exactly the request that succeeded.
  v1::SubmitReportRequest retry;
  retry.set_name(first.name());
  retry.set_request_id("submit-once");
  *retry.mutable_acknowledged_warnings() = submitted.report().acknowledged_warnings();
  v1::SubmitReportResponse resubmitted;
  ASSERT_TRUE(stub_->SubmitReport(ContextFor("drafter").get(), retry, &resubmitted).ok());
  EXPECT_EQ(resubmitted.report().etag(), submitted.report().etag());
  // The same id for another request is refused.
  v1::WithdrawReportRequest withdraw;
  withdraw.set_name(first.name());
  withdraw.set_request_id("submit-once");
  v1::WithdrawReportResponse withdrawn;
  grpc::Status status = stub_->WithdrawReport(ContextFor("drafter").get(), withdraw, &withdrawn);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("request_id"));
  const auto trail = StoredTrail();
  ASSERT_EQ(trail.size(), 2u);
  EXPECT_EQ(trail[0].action(), v1::AUDIT_ACTION_CREATE);
  EXPECT_EQ(trail[1].action(), v1::AUDIT_ACTION_SUBMIT);
  EXPECT_EQ(trail[1].request_id(), "submit-once");
}

TEST_F(WorkflowE2eTest, CorrectionAfterPublicationKeepsThePublishedRevision) {
  const v1::Report created = Create("drafter", 2024);
  v1::SubmitReportResponse submitted;
  ASSERT_TRUE(Submit("drafter", created.name(), &submitted).ok());
  v1::ApproveReportRequest approve;
  approve.set_name(created.name());
  v1::ApproveReportResponse approved;
  ASSERT_TRUE(stub_->ApproveReport(ContextFor("approver").get(), approve, &approved).ok());
  v1::PublishReportRequest publish;
  publish.set_name(created.name());
  v1::PublishReportResponse published;
  ASSERT_TRUE(stub_->PublishReport(ContextFor("publisher").get(), publish, &published).ok());

  v1::CorrectReportRequest correct;
  correct.set_name(created.name());
  correct.set_reason("更正第四部分行政复议数据");
  v1::CorrectReportResponse corrected;
  grpc::Status status = stub_->CorrectReport(ContextFor("publisher").get(), correct, &corrected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(corrected.report().state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(corrected.report().revision(), 2);
  EXPECT_EQ(corrected.report().published_revision(), 1);

  v1::UpdateReportRequest update;
  *update.mutable_report() = corrected.report();
  update.mutable_report()->mutable_content()->mutable_metadata()->set_title("更正版");
  update.mutable_update_mask()->add_paths("content.metadata.title");
  v1::Report updated;
  ASSERT_TRUE(stub_->UpdateReport(ContextFor("drafter").get(), update, &updated).ok());

  v1::GetRevisionRequest get_revision;
  get_revision.set_name(created.name() + "/revisions/1");
  v1::ReportRevision revision;
  ASSERT_TRUE(stub_->GetRevision(ContextFor("reader").get(), get_revision, &revision).ok());
  EXPECT_EQ(revision.name(), created.name() + "/revisions/1");
  EXPECT_EQ(revision.kind(), v1::REVISION_KIND_PUBLISHED);
  EXPECT_EQ(revision.submitter(), "drafter");
  EXPECT_EQ(revision.publisher(), "publisher");
  EXPECT_TRUE(revision.has_create_time());
  EXPECT_TRUE(revision.has_publish_time());
  EXPECT_EQ(revision.content().metadata().title(),
            published.revision().content().metadata().title());
  EXPECT_NE(revision.content().metadata().title(), "更正版");
  v1::GetReportRequest get;
  get.set_name(created.name());
  v1::Report got;
  ASSERT_TRUE(stub_->GetReport(ContextFor("reader").get(), get, &got).ok());
  EXPECT_EQ(got.content().metadata().title(), "更正版");

  v1::ListRevisionsRequest list;
  list.set_parent(created.name());
  list.set_page_size(1);
  std::vector<std::string> names;
  for (int i = 0; i < 5; ++i) {
    v1::ListRevisionsResponse page;
    ASSERT_TRUE(stub_->ListRevisions(ContextFor("reader").get(), list, &page).ok());
    for (const auto& revision : page.revisions()) names.push_back(revision.name());
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(names, ::testing::ElementsAre(created.name() + "/revisions/1"));
}

TEST_F(WorkflowE2eTest, ValidationServiceDownMeansUnavailableAndTheDraftUntouched) {
  const v1::Report created = Create("drafter", 2024);
  ASSERT_THAT(env_.validation().Stop(), IsOk());
  v1::SubmitReportResponse submitted;
  grpc::Status status = Submit("drafter", created.name(), &submitted);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  // The caller is not told where the validation service runs (its address is in the server's log).
  EXPECT_EQ(status.error_message().find(env_.validation().address()), std::string::npos)
      << status.error_message();
  EXPECT_EQ(status.error_details().find(env_.validation().address()), std::string::npos);
  const v1::Report after = Get(created.name());
  EXPECT_EQ(after.state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(after.etag(), created.etag());
  // Listing still works, and finds it among the drafts.
  v1::ListReportsRequest list;
  list.set_parent(std::string("agencies/") + kAgency);
  list.set_state(v1::REPORT_STATE_DRAFT);
  v1::ListReportsResponse listed;
  ASSERT_TRUE(stub_->ListReports(ContextFor("reader").get(), list, &listed).ok());
  ASSERT_EQ(listed.reports_size(), 1);
  EXPECT_EQ(listed.reports(0).name(), created.name());
  const auto trail = StoredTrail();
  ASSERT_EQ(trail.size(), 1u);  // only the creation
}

// Configuration mistakes stop workflowd at start, with the reason, rather than surfacing later as
// refusals.
TEST(WorkflowdStartupTest, RegistryThatDoesNotCoverThePrincipalsOrDoesNotParseStopsTheServer) {
  TempDir dir;
  WriteFileOrDie(dir.File("principals.textproto"),
                 absl::StrCat("principals { name: \"li.qicao\" token_sha256: \"",
                              workflow::TokenDigestHex("li.qicao-token"),
                              "\" role_bindings { agency_id: \"jianshan-jiaotiju\" roles: "
                              "ROLE_DRAFTER } }\n"));
  WriteFileOrDie(dir.File("agencies.textproto"),
                 "agencies { agency_id: \"shuyang-fagaiju\" name: \"沭阳县发展和改革局\" kind: "
                 "AGENCY_KIND_DEPARTMENT }\n");
  WriteFileOrDie(dir.File("broken.textproto"), "agencies { agency_id: ");
  const std::vector<std::string> common = {"--data_dir=" + dir.File("data"),
                                           "--validation_address=127.0.0.1:1",
                                           "--token_file=" + dir.File("principals.textproto")};

  std::vector<std::string> args = common;
  args.push_back("--agencies_file=" + dir.File("agencies.textproto"));
  ServerProcess uncovered;
  absl::Status status =
      uncovered.Start(BinDir() + "/nianbao-workflowd", args, dir.File("uncovered.port"));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInternal,
                               AllOf(HasSubstr("exited with 2"), HasSubstr("li.qicao"),
                                     HasSubstr("jianshan-jiaotiju"), HasSubstr("未登记"))));

  args = common;
  args.push_back("--agencies_file=" + dir.File("broken.textproto"));
  ServerProcess broken;
  status = broken.Start(BinDir() + "/nianbao-workflowd", args, dir.File("broken.port"));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInternal,
                               AllOf(HasSubstr("exited with 2"), HasSubstr("机关登记文件格式错误"),
                                     HasSubstr("line 1"))));
}

}  // namespace
}  // namespace nianbao::testing
