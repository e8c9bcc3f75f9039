#include "tests/integration/workflow/report_feed_fixture.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "services/common/grpc_status.h"
#include "tests/support/status_matchers.h"
#include "workflow/principals.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;

std::string PrincipalsText() {
  struct User {
    const char* name;
    const char* agency;
    const char* role;
  };
  const User users[] = {
      {"drafter", kAgency, "ROLE_DRAFTER"},       {"reviewer", kAgency, "ROLE_REVIEWER"},
      {"approver", kAgency, "ROLE_APPROVER"},     {"publisher", kAgency, "ROLE_PUBLISHER"},
      {"reader", kAgency, "ROLE_READER"},         {"outsider", kOtherAgency, "ROLE_DRAFTER"},
      {"supervisor", kCounty, "ROLE_SUPERVISOR"}, {"central", "*", "ROLE_CENTRAL_AUDITOR"},
  };
  std::string text;
  for (const User& user : users) {
    absl::StrAppend(&text, "principals { name: \"", user.name, "\" token_sha256: \"",
                    nianbao::workflow::TokenDigestHex(absl::StrCat(user.name, "-token")),
                    "\" role_bindings { agency_id: \"", user.agency, "\" roles: ", user.role,
                    " } }\n");
  }
  return text;
}

std::string AgenciesText() {
  return absl::StrCat(
      "agencies { agency_id: \"", kAgency, "\" name: \"", kAgencyName,
      "\" kind: AGENCY_KIND_DEPARTMENT }\n", "agencies { agency_id: \"", kCounty,
      "\" name: \"沭阳县人民政府\" kind: AGENCY_KIND_GOVERNMENT region_code: \"321322\" }\n",
      "agencies { agency_id: \"", kOtherAgency, "\" name: \"", kOtherAgencyName,
      "\" kind: AGENCY_KIND_DEPARTMENT parent_agency_id: \"", kCounty, "\" }\n");
}

// Submits, acknowledging whatever warnings validation reports.
void Submit(v1::WorkflowService::Stub* stub, const std::string& name) {
  v1::SubmitReportRequest request;
  request.set_name(name);
  v1::SubmitReportResponse response;
  grpc::Status status = stub->SubmitReport(ContextFor("drafter").get(), request, &response);
  if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
    auto failure = service::FindDetail<google::rpc::PreconditionFailure>(RpcStatus(status));
    ASSERT_TRUE(failure.has_value()) << status.error_message();
    for (const auto& violation : failure->violations()) {
      ASSERT_EQ(violation.type(), "WARNING_NOT_ACKNOWLEDGED") << violation.description();
      request.add_acknowledged_warnings(violation.subject());
    }
    status = stub->SubmitReport(ContextFor("drafter").get(), request, &response);
  }
  ASSERT_TRUE(status.ok()) << "submit: " << status.error_message();
}

}  // namespace

void ReportFeedTest::SetUp() {
  WriteFileOrDie(env_.principals_path(), PrincipalsText());
  WriteFileOrDie(env_.agencies_path(), AgenciesText());
  NIANBAO_ASSERT_OK(env_.Start());
  stub_ = env_.NewStub();
}

std::vector<v1::AuditAction> ReportFeedTest::ChainActions() {
  return {v1::AUDIT_ACTION_CREATE,  v1::AUDIT_ACTION_UPDATE, v1::AUDIT_ACTION_SUBMIT,
          v1::AUDIT_ACTION_REJECT,  v1::AUDIT_ACTION_SUBMIT, v1::AUDIT_ACTION_APPROVE,
          v1::AUDIT_ACTION_PUBLISH, v1::AUDIT_ACTION_CORRECT};
}

void ReportFeedTest::UpdateDraft(const std::string& name, const std::string& title) {
  v1::GetReportRequest get;
  get.set_name(name);
  v1::Report current;
  grpc::Status status = stub_->GetReport(ContextFor("drafter").get(), get, &current);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::UpdateReportRequest update;
  update.mutable_report()->set_name(name);
  update.mutable_report()->set_etag(current.etag());
  update.mutable_report()->mutable_content()->mutable_metadata()->set_title(title);
  update.mutable_update_mask()->add_paths("content.metadata.title");
  v1::Report updated;
  status = stub_->UpdateReport(ContextFor("drafter").get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

void ReportFeedTest::RunChain(int year) {
  v1::CreateReportRequest create;
  create.set_parent(std::string("agencies/") + kAgency);
  create.set_report_year(year);
  *create.mutable_content() = SeedContent();
  create.mutable_content()->mutable_metadata()->set_report_year(year);
  v1::Report created;
  grpc::Status status = stub_->CreateReport(ContextFor("drafter").get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string name = created.name();
  ASSERT_NO_FATAL_FAILURE(UpdateDraft(name, "政府信息公开工作年度报告"));
  ASSERT_NO_FATAL_FAILURE(Submit(stub_.get(), name));
  v1::RejectReportRequest reject;
  reject.set_name(name);
  reject.set_reason("第三部分请核对（内部理由，不应出现在订阅中）");
  v1::RejectReportResponse rejected;
  status = stub_->RejectReport(ContextFor("reviewer").get(), reject, &rejected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_NO_FATAL_FAILURE(Submit(stub_.get(), name));
  v1::ApproveReportRequest approve;
  approve.set_name(name);
  v1::ApproveReportResponse approved;
  status = stub_->ApproveReport(ContextFor("approver").get(), approve, &approved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::PublishReportRequest publish;
  publish.set_name(name);
  v1::PublishReportResponse published;
  status = stub_->PublishReport(ContextFor("publisher").get(), publish, &published);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::CorrectReportRequest correct;
  correct.set_name(name);
  correct.set_reason("更正表二数据");
  v1::CorrectReportResponse corrected;
  status = stub_->CorrectReport(ContextFor("publisher").get(), correct, &corrected);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

void ReportFeedTest::RunDraft(int year, int updates) {
  v1::CreateReportRequest create;
  create.set_parent(std::string("agencies/") + kAgency);
  create.set_report_year(year);
  v1::Report created;
  grpc::Status status = stub_->CreateReport(ContextFor("drafter").get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  for (int i = 0; i < updates; ++i) {
    ASSERT_NO_FATAL_FAILURE(UpdateDraft(created.name(), absl::StrCat("草稿 ", i)));
  }
}

void ReportFeedTest::RunOtherAgency(int year) {
  v1::CreateReportRequest create;
  create.set_parent(std::string("agencies/") + kOtherAgency);
  create.set_report_year(year);
  v1::Report created;
  grpc::Status status = stub_->CreateReport(ContextFor("outsider").get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::UpdateReportRequest update;
  update.mutable_report()->set_name(created.name());
  update.mutable_report()->set_etag(created.etag());
  update.mutable_report()->mutable_content()->mutable_metadata()->set_title("沭阳县发改局年报");
  v1::Report updated;
  status = stub_->UpdateReport(ContextFor("outsider").get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

std::vector<v1::ReportChange> ReportFeedTest::FeedRead::Changes() const {
  std::vector<v1::ReportChange> changes;
  for (const auto& response : responses) {
    changes.insert(changes.end(), response.changes().begin(), response.changes().end());
  }
  return changes;
}

ReportFeedTest::FeedRead ReportFeedTest::Watch(const std::string& user,
                                               const v1::WatchReportsRequest& request) {
  FeedRead read;
  std::unique_ptr<grpc::ClientContext> context = ContextFor(user);
  std::unique_ptr<grpc::ClientReader<v1::WatchReportsResponse>> reader =
      stub_->WatchReports(context.get(), request);
  v1::WatchReportsResponse response;
  while (reader->Read(&response)) read.responses.push_back(response);
  read.status = reader->Finish();
  return read;
}

v1::WatchReportsRequest ReportFeedTest::Request(const std::string& parent,
                                                const std::string& cursor) {
  v1::WatchReportsRequest request;
  request.set_parent(parent);
  request.set_cursor(cursor);
  return request;
}

FeedFollower::FeedFollower(v1::WorkflowService::Stub* stub, const std::string& user,
                           v1::WatchReportsRequest request)
    : context_(std::make_unique<grpc::ClientContext>()) {
  context_->AddMetadata("authorization", "Bearer " + user + "-token");
  request.set_follow(true);
  thread_ = std::thread([this, stub, request] {
    std::unique_ptr<grpc::ClientReader<v1::WatchReportsResponse>> reader =
        stub->WatchReports(context_.get(), request);
    v1::WatchReportsResponse response;
    while (reader->Read(&response)) {
      std::lock_guard<std::mutex> lock(mutex_);
      changes_.insert(changes_.end(), response.changes().begin(), response.changes().end());
      last_cursor_ = response.next_cursor();
    }
    grpc::Status status = reader->Finish();
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = status;
    ended_ = true;
  });
}

FeedFollower::~FeedFollower() { Finish(); }

bool FeedFollower::WaitForChanges(size_t count, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (changes_.size() >= count) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

bool FeedFollower::WaitForEnd(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (ended_) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::vector<v1::ReportChange> FeedFollower::Changes() {
  std::lock_guard<std::mutex> lock(mutex_);
  return changes_;
}

std::string FeedFollower::LastCursor() {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_cursor_;
}

grpc::Status FeedFollower::Finish() {
  if (thread_.joinable()) {
    if (!ended_) context_->TryCancel();
    thread_.join();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

}  // namespace nianbao::testing
