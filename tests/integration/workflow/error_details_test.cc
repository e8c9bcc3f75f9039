// Error details on every class of error, end to end against the real nianbao-workflowd and
// nianbao-validatord (issue 18): each status decodes to a google.rpc.Status with an ErrorInfo
// (UPPER_SNAKE reason, domain "nianbao.gov.cn"); NOT_FOUND and ALREADY_EXISTS name the resource
// (ResourceInfo); INVALID_ARGUMENT names the field (BadRequest); FAILED_PRECONDITION says why
// (PreconditionFailure); descriptions are in Chinese, then English. A caller refused for its role
// is not told the report's state, nor whether it exists.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "google/rpc/error_details.pb.h"
#include "nianbao/v1/admin.grpc.pb.h"
#include "nianbao/v1/audit.grpc.pb.h"
#include "nianbao/v1/validation.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "tests/integration/workflow/error_details_checks.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::service::FindDetail;
using ::testing::HasSubstr;

class ErrorDetailsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.set_workflow_args({"--max_receive_message_bytes=262144"});
    NIANBAO_ASSERT_OK(env_.Start());
    stub_ = env_.NewStub();
    audit_ = v1::AuditService::NewStub(env_.channel());
    draft_ = Create(2024, SeedContent());
  }

  v1::Report Create(int year, v1::AnnualReport content) {
    v1::CreateReportRequest create;
    create.set_parent(std::string("agencies/") + kAgency);
    create.set_report_year(year);
    *create.mutable_content() = std::move(content);
    create.mutable_content()->mutable_metadata()->set_report_year(year);
    v1::Report created;
    const grpc::Status status = stub_->CreateReport(ContextFor("drafter").get(), create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  WorkflowTestEnv env_;
  std::unique_ptr<v1::WorkflowService::Stub> stub_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
  v1::Report draft_;
};

TEST_F(ErrorDetailsTest, Unauthenticated) {
  for (const std::string user : {"", "nobody"}) {
    v1::GetReportRequest get;
    get.set_name(draft_.name());
    v1::Report report;
    const google::rpc::Status rpc =
        ExpectInvariants(stub_->GetReport(ContextFor(user).get(), get, &report),
                         grpc::StatusCode::UNAUTHENTICATED, "user '" + user + "'");
    EXPECT_EQ(Reason(rpc), "UNAUTHENTICATED");
  }
  // The other services workflowd serves authenticate the same way.
  v1::ListAuditEventsRequest events;
  events.set_agency_id(kAgency);
  v1::ListAuditEventsResponse event_page;
  google::rpc::Status rpc =
      ExpectInvariants(audit_->ListAuditEvents(ContextFor("").get(), events, &event_page),
                       grpc::StatusCode::UNAUTHENTICATED, "ListAuditEvents without a token");
  EXPECT_EQ(Reason(rpc), "UNAUTHENTICATED");
  auto admin = v1::AdminService::NewStub(env_.channel());
  v1::ListBackupsResponse backups;
  rpc = ExpectInvariants(
      admin->ListBackups(ContextFor("nobody").get(), v1::ListBackupsRequest(), &backups),
      grpc::StatusCode::UNAUTHENTICATED, "ListBackups with an unknown token");
  EXPECT_EQ(Reason(rpc), "UNAUTHENTICATED");
}

// Role before state: a reader approving a draft, or a drafter publishing it, is refused for the
// role, and nothing in the answer says the report is a draft. An outsider is refused the same
// way for a report that does not exist.
TEST_F(ErrorDetailsTest, PermissionDeniedDisclosesNoState) {
  for (const std::string user : {"reader", "drafter", "auditor"}) {
    v1::PublishReportRequest publish;
    publish.set_name(draft_.name());
    v1::PublishReportResponse published;
    const google::rpc::Status rpc =
        ExpectInvariants(stub_->PublishReport(ContextFor(user).get(), publish, &published),
                         grpc::StatusCode::PERMISSION_DENIED, user + " publishes a draft");
    EXPECT_EQ(Reason(rpc), "MISSING_ROLE");
    EXPECT_FALSE(FindDetail<google::rpc::PreconditionFailure>(rpc).has_value());
    for (const char* word : {"DRAFT", "草稿"}) {
      EXPECT_FALSE(absl::StrContains(Everything(rpc), word)) << user << ": " << rpc.message();
    }
  }
  v1::ApproveReportRequest approve;
  approve.set_name(ReportNameOf(kAgency, 2031));  // no such report
  v1::ApproveReportResponse approved;
  google::rpc::Status rpc =
      ExpectInvariants(stub_->ApproveReport(ContextFor("outsider").get(), approve, &approved),
                       grpc::StatusCode::PERMISSION_DENIED, "outsider approves a missing report");
  EXPECT_EQ(Reason(rpc), "NO_ROLE_FOR_AGENCY");
  EXPECT_FALSE(FindDetail<google::rpc::ResourceInfo>(rpc).has_value());
  // The same for a submit, which reads the report before it commits.
  v1::SubmitReportRequest submit;
  submit.set_name(ReportNameOf(kAgency, 2031));
  v1::SubmitReportResponse submitted;
  rpc = ExpectInvariants(stub_->SubmitReport(ContextFor("reader").get(), submit, &submitted),
                         grpc::StatusCode::PERMISSION_DENIED, "reader submits a missing report");
  EXPECT_EQ(Reason(rpc), "MISSING_ROLE");
}

TEST_F(ErrorDetailsTest, NotFoundNamesTheResource) {
  const std::string missing = ReportNameOf(kAgency, 2030);
  v1::GetReportRequest get;
  get.set_name(missing);
  v1::Report report;
  google::rpc::Status rpc =
      ExpectInvariants(stub_->GetReport(ContextFor("reader").get(), get, &report),
                       grpc::StatusCode::NOT_FOUND, "GetReport");
  EXPECT_EQ(ResourceName(rpc), missing);
  EXPECT_EQ(FindDetail<google::rpc::ResourceInfo>(rpc)->resource_type(), "nianbao.gov.cn/Report");

  // A transition on a missing report, by a caller who may take it.
  v1::PublishReportRequest publish;
  publish.set_name(missing);
  v1::PublishReportResponse published;
  rpc = ExpectInvariants(stub_->PublishReport(ContextFor("publisher").get(), publish, &published),
                         grpc::StatusCode::NOT_FOUND, "PublishReport");
  EXPECT_EQ(ResourceName(rpc), missing);
  v1::SubmitReportRequest submit;
  submit.set_name(missing);
  v1::SubmitReportResponse submitted;
  rpc = ExpectInvariants(stub_->SubmitReport(ContextFor("drafter").get(), submit, &submitted),
                         grpc::StatusCode::NOT_FOUND, "SubmitReport");
  EXPECT_EQ(ResourceName(rpc), missing);

  v1::ListRevisionsRequest list;
  list.set_parent(missing);
  v1::ListRevisionsResponse revisions;
  rpc = ExpectInvariants(stub_->ListRevisions(ContextFor("reader").get(), list, &revisions),
                         grpc::StatusCode::NOT_FOUND, "ListRevisions");
  EXPECT_EQ(ResourceName(rpc), missing);

  const std::string revision = draft_.name() + "/revisions/9";
  v1::GetRevisionRequest get_revision;
  get_revision.set_name(revision);
  v1::ReportRevision got;
  rpc = ExpectInvariants(stub_->GetRevision(ContextFor("reader").get(), get_revision, &got),
                         grpc::StatusCode::NOT_FOUND, "GetRevision");
  EXPECT_EQ(ResourceName(rpc), revision);
  EXPECT_EQ(FindDetail<google::rpc::ResourceInfo>(rpc)->resource_type(),
            "nianbao.gov.cn/ReportRevision");

  // An agency the server does not know.
  v1::CreateReportRequest create;
  create.set_parent("agencies/jianshan-jiaotongju");
  create.set_report_year(2024);
  rpc = ExpectInvariants(stub_->CreateReport(ContextFor("drafter").get(), create, &report),
                         grpc::StatusCode::NOT_FOUND, "CreateReport for an unknown agency");
  EXPECT_EQ(ResourceName(rpc), "agencies/jianshan-jiaotongju");
  EXPECT_EQ(Field(rpc), "parent");
}

// The administrator's backups: a directory that does not exist is NOT_FOUND naming it, a relative
// one INVALID_ARGUMENT naming backup_dir.
TEST_F(ErrorDetailsTest, BackupErrorsNameTheDirectory) {
  auto admin = v1::AdminService::NewStub(env_.channel());
  v1::ListBackupsRequest list;
  list.set_backup_dir("/nonexistent/nianbao-backups");
  v1::ListBackupsResponse backups;
  google::rpc::Status rpc =
      ExpectInvariants(admin->ListBackups(ContextFor("admin").get(), list, &backups),
                       grpc::StatusCode::NOT_FOUND, "ListBackups of a missing directory");
  EXPECT_EQ(Reason(rpc), "BACKUP_DIR_NOT_FOUND");
  EXPECT_EQ(ResourceName(rpc), "/nonexistent/nianbao-backups");
  list.set_backup_dir("relative/backups");
  rpc = ExpectInvariants(admin->ListBackups(ContextFor("admin").get(), list, &backups),
                         grpc::StatusCode::INVALID_ARGUMENT, "ListBackups of a relative path");
  EXPECT_EQ(Field(rpc), "backup_dir");
}

// One request_id used for two different requests.
TEST_F(ErrorDetailsTest, AReusedRequestIdNamesTheField) {
  v1::CreateReportRequest create;
  create.set_parent(std::string("agencies/") + kAgency);
  create.set_report_year(2025);
  create.set_request_id("reused-id");
  v1::Report report;
  ASSERT_TRUE(stub_->CreateReport(ContextFor("drafter").get(), create, &report).ok());
  create.set_report_year(2026);
  const google::rpc::Status rpc =
      ExpectInvariants(stub_->CreateReport(ContextFor("drafter").get(), create, &report),
                       grpc::StatusCode::INVALID_ARGUMENT, "a reused request_id");
  EXPECT_EQ(Field(rpc), "request_id");
}

TEST_F(ErrorDetailsTest, AlreadyExistsNamesTheReport) {
  v1::CreateReportRequest create;
  create.set_parent(std::string("agencies/") + kAgency);
  create.set_report_year(2024);
  v1::Report report;
  const google::rpc::Status rpc =
      ExpectInvariants(stub_->CreateReport(ContextFor("drafter").get(), create, &report),
                       grpc::StatusCode::ALREADY_EXISTS, "second CreateReport");
  EXPECT_EQ(Reason(rpc), "REPORT_EXISTS");
  EXPECT_EQ(ResourceName(rpc), draft_.name());
}

TEST_F(ErrorDetailsTest, InvalidArgumentNamesTheField) {
  v1::GetReportRequest get;
  get.set_name("reports/2024");
  v1::Report report;
  const google::rpc::Status rpc =
      ExpectInvariants(stub_->GetReport(ContextFor("reader").get(), get, &report),
                       grpc::StatusCode::INVALID_ARGUMENT, "GetReport with a bad name");
  EXPECT_EQ(Field(rpc), "name");
  EXPECT_EQ(Reason(rpc), "INVALID_FIELD");
}

// A page token the server did not issue is INVALID_ARGUMENT naming page_token, on every List
// method, whether it is not base64 at all or base64 of something else.
TEST_F(ErrorDetailsTest, BadPageTokensNameTheField) {
  const std::vector<std::string> tokens = {"!!not a token!!",
                                           absl::WebSafeBase64Escape("\x01garbage"),
                                           absl::WebSafeBase64Escape("v1:12:not-the-fingerprint")};
  for (const std::string& token : tokens) {
    v1::ListReportsRequest reports;
    reports.set_parent(std::string("agencies/") + kAgency);
    reports.set_page_token(token);
    v1::ListReportsResponse listed;
    google::rpc::Status rpc =
        ExpectInvariants(stub_->ListReports(ContextFor("reader").get(), reports, &listed),
                         grpc::StatusCode::INVALID_ARGUMENT, "ListReports " + token);
    EXPECT_EQ(Field(rpc), "page_token") << token;

    v1::ListRevisionsRequest revisions;
    revisions.set_parent(draft_.name());
    revisions.set_page_token(token);
    v1::ListRevisionsResponse revision_page;
    rpc = ExpectInvariants(
        stub_->ListRevisions(ContextFor("reader").get(), revisions, &revision_page),
        grpc::StatusCode::INVALID_ARGUMENT, "ListRevisions " + token);
    EXPECT_EQ(Field(rpc), "page_token") << token;

    v1::ListAuditEventsRequest events;
    events.set_agency_id(kAgency);
    events.set_page_token(token);
    v1::ListAuditEventsResponse event_page;
    rpc =
        ExpectInvariants(audit_->ListAuditEvents(ContextFor("auditor").get(), events, &event_page),
                         grpc::StatusCode::INVALID_ARGUMENT, "ListAuditEvents " + token);
    EXPECT_EQ(Field(rpc), "page_token") << token;
  }
}

TEST_F(ErrorDetailsTest, FailedPreconditionSaysWhyInBothLanguages) {
  // Wrong state, by someone who may publish: told the state.
  v1::PublishReportRequest publish;
  publish.set_name(draft_.name());
  v1::PublishReportResponse published;
  google::rpc::Status rpc =
      ExpectInvariants(stub_->PublishReport(ContextFor("publisher").get(), publish, &published),
                       grpc::StatusCode::FAILED_PRECONDITION, "publish a draft");
  EXPECT_EQ(Reason(rpc), "WRONG_STATE");
  auto failure = FindDetail<google::rpc::PreconditionFailure>(rpc);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->violations(0).type(), "REPORT_STATE");
  EXPECT_EQ(failure->violations(0).subject(), draft_.name());
  EXPECT_EQ(failure->violations(0).description(), "草稿 (REPORT_STATE_DRAFT)");

  // Validation errors.
  const v1::Report faulty = Create(2023, FaultyContent());
  v1::SubmitReportRequest submit;
  submit.set_name(faulty.name());
  v1::SubmitReportResponse submitted;
  rpc = ExpectInvariants(stub_->SubmitReport(ContextFor("drafter").get(), submit, &submitted),
                         grpc::StatusCode::FAILED_PRECONDITION, "submit with errors");
  EXPECT_EQ(Reason(rpc), "VALIDATION_ERRORS");
  failure = FindDetail<google::rpc::PreconditionFailure>(rpc);
  ASSERT_TRUE(failure.has_value());
  ASSERT_GT(failure->violations_size(), 0);
  EXPECT_EQ(failure->violations(0).type(), "VALIDATION_ERROR");
}

TEST_F(ErrorDetailsTest, AbortedOnAStaleEtag) {
  v1::UpdateReportRequest update;
  update.mutable_report()->set_name(draft_.name());
  update.mutable_report()->set_etag("stale");
  *update.mutable_report()->mutable_content() = draft_.content();
  v1::Report updated;
  const google::rpc::Status rpc =
      ExpectInvariants(stub_->UpdateReport(ContextFor("drafter").get(), update, &updated),
                       grpc::StatusCode::ABORTED, "update with a stale etag");
  EXPECT_EQ(Reason(rpc), "STALE_ETAG");
}

// Bytes that are no protobuf: the handlers that parse their own bytes, gRPC's parsing handlers
// (through the interceptor) and validatord's.
TEST_F(ErrorDetailsTest, MalformedBytesOnEveryServer) {
  const std::string garbage = std::string("\xff\xff\xff\x0f") + " not a protobuf";
  const auto validation =
      grpc::CreateChannel(env_.validation().address(), grpc::InsecureChannelCredentials());
  const std::vector<std::pair<std::shared_ptr<grpc::Channel>, std::string>> calls = {
      {env_.channel(), "/nianbao.v1.WorkflowService/GetReport"},
      {env_.channel(), "/nianbao.v1.WorkflowService/ApproveReport"},
      {env_.channel(), "/nianbao.v1.AuditService/ListAuditEvents"},
      {env_.channel(), "/nianbao.v1.AdminService/ListBackups"},
      {validation, "/nianbao.v1.ValidationService/Validate"},
      {validation, "/nianbao.v1.ValidationService/ListRules"}};
  for (const auto& [channel, method] : calls) {
    const google::rpc::Status rpc = ExpectInvariants(SendBytes(channel, method, garbage, "drafter"),
                                                     grpc::StatusCode::INVALID_ARGUMENT, method);
    EXPECT_EQ(Field(rpc), "(request)") << method;
    EXPECT_EQ(Reason(rpc), "INVALID_FIELD") << method;
  }
  // A method no service has: gRPC answers UNIMPLEMENTED itself, and the interceptor adds the
  // details.
  const google::rpc::Status unknown = ExpectInvariants(
      SendBytes(env_.channel(), "/nianbao.v1.WorkflowService/NoSuchMethod", "", "drafter"),
      grpc::StatusCode::UNIMPLEMENTED, "an unknown method");
  EXPECT_EQ(Reason(unknown), "UNIMPLEMENTED");
  // validatord's own field errors too.
  auto stub = v1::ValidationService::NewStub(validation);
  grpc::ClientContext context;
  v1::ValidateResponse validated;
  const google::rpc::Status rpc =
      ExpectInvariants(stub->Validate(&context, v1::ValidateRequest(), &validated),
                       grpc::StatusCode::INVALID_ARGUMENT, "Validate without a report");
  EXPECT_EQ(Field(rpc), "report");
}

// A request past the server's receive limit (262144 bytes here) is refused by gRPC's transport
// before any handler or interceptor of ours runs, so this status alone comes without details: the
// code and gRPC's message are all a client gets. (Measured: the interceptor's rewrite of the
// handler's status is discarded, the call being already cancelled.) The server stays usable.
TEST_F(ErrorDetailsTest, RequestTooLargeIsResourceExhaustedFromTheTransport) {
  v1::GetReportRequest get;
  get.set_name(std::string(300 * 1024, 'a'));
  v1::Report report;
  const grpc::Status status = stub_->GetReport(ContextFor("reader").get(), get, &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("262144"));
  get.set_name(draft_.name());
  const grpc::Status again = stub_->GetReport(ContextFor("reader").get(), get, &report);
  EXPECT_TRUE(again.ok()) << again.error_message();
}

}  // namespace
}  // namespace nianbao::testing
