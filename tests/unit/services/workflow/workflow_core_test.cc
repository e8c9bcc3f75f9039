// WorkflowCore without a network: a real RocksReportStore in a temporary directory and a fake
// validator. Retries are answered from the request record (validation is not asked again), a
// validation outage leaves the draft untouched, and concurrent edits with the same etag let
// exactly one through.
#include "services/workflow/workflow_core.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>
#include <utility>
#include <vector>

#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "workflow/audit_chain.h"
#include "workflow/resource_names.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;

constexpr char kAgency[] = "test-agency";

class FakeValidator : public ReportValidator {
 public:
  absl::StatusOr<v1::ValidateResponse> Validate(const v1::ValidateRequest&) override {
    ++calls;
    if (down) return absl::UnavailableError("validation down");
    v1::ValidateResponse response;
    v1::Finding* warning = response.add_findings();
    warning->set_code("W_TEST");
    warning->set_severity(v1::SEVERITY_WARNING);
    return response;
  }
  std::atomic<int> calls{0};
  std::atomic<bool> down{false};
};

CallContext As(const std::string& name, std::set<v1::Role> roles) {
  CallContext call;
  call.principal.name = name;
  call.principal.roles_by_agency[kAgency] = std::move(roles);
  call.client_address = "ipv4:127.0.0.1:1";
  return call;
}

class WorkflowCoreTest : public ::testing::Test {
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

  v1::Report Create() {
    v1::CreateReportRequest request;
    request.set_parent(std::string("agencies/") + kAgency);
    request.set_report_year(2024);
    v1::Report response;
    EXPECT_THAT(core_->CreateReport(drafter_, request, &response), IsOk());
    return response;
  }

  nianbao::testing::TempDir dir_;
  FakeValidator validator_;
  std::unique_ptr<storage::RocksReportStore> store_;
  std::unique_ptr<WorkflowCore> core_;
  CallContext drafter_ = As("drafter", {v1::ROLE_DRAFTER});
};

// A transition writes its report once serialized, as the stored row and as the response's report
// (the content from the bytes the lifecycle hashed): the response, a read and a retry must agree.
TEST_F(WorkflowCoreTest, WhatAnEditReturnsIsWhatIsStoredAndWhatARetryGets) {
  const v1::Report created = Create();
  v1::UpdateReportRequest update;
  *update.mutable_report() = created;
  update.mutable_report()->mutable_content()->mutable_metadata()->set_title("新标题");
  update.mutable_report()->mutable_content()->mutable_metadata()->set_report_year(2024);
  update.mutable_report()->mutable_content()->mutable_metadata()->set_agency_name(
      std::string(5000, 'x'));  // a length of several bytes
  update.set_request_id("edit-1");
  v1::Report edited, retried;
  ASSERT_THAT(core_->UpdateReport(drafter_, update, &edited), IsOk());
  ASSERT_THAT(core_->UpdateReport(drafter_, update, &retried), IsOk());
  v1::GetReportRequest get;
  get.set_name(created.name());
  v1::Report read;
  ASSERT_THAT(core_->GetReport(drafter_, get, &read), IsOk());
  EXPECT_EQ(edited.content().metadata().title(), "新标题");
  EXPECT_EQ(edited.content().metadata().agency_name().size(), 5000u);
  EXPECT_TRUE(edited.has_content());
  EXPECT_EQ(edited.SerializeAsString(), read.SerializeAsString());
  EXPECT_EQ(retried.SerializeAsString(), edited.SerializeAsString());
  EXPECT_NE(edited.etag(), created.etag());

  // An edit through a field mask changes the masked field only, and answers the same way.
  v1::UpdateReportRequest masked;
  masked.mutable_report()->set_name(created.name());
  masked.mutable_report()->set_etag(edited.etag());
  masked.mutable_report()->mutable_content()->mutable_metadata()->set_title("第二稿");
  masked.mutable_report()->mutable_content()->mutable_metadata()->set_agency_name("ignored");
  masked.mutable_update_mask()->add_paths("content.metadata.title");
  masked.set_request_id("edit-2");
  v1::Report remasked;
  ASSERT_THAT(core_->UpdateReport(drafter_, masked, &remasked), IsOk());
  ASSERT_THAT(core_->GetReport(drafter_, get, &read), IsOk());
  EXPECT_EQ(remasked.content().metadata().title(), "第二稿");
  EXPECT_EQ(remasked.content().metadata().agency_name(), std::string(5000, 'x'));
  EXPECT_EQ(remasked.content_sha256(), workflow::ContentSha256(read.content()));
  EXPECT_EQ(remasked.SerializeAsString(), read.SerializeAsString());
}

// A draft edit's record references the row's content instead of holding it (storage's content
// patches): a retry after later edits, masked and whole, and after a reopen, gets its first
// response byte for byte.
TEST_F(WorkflowCoreTest, ARetryAfterLaterEditsGetsItsFirstResponseByteForByte) {
  const v1::Report created = Create();
  // The response bytes as the service sends them.
  auto raw_edit = [&](const v1::UpdateReportRequest& update) {
    std::promise<absl::StatusOr<std::string>> answered;
    core_->StartTransition<v1::Report>(
        drafter_, update, [&](absl::StatusOr<std::string> bytes) { answered.set_value(bytes); });
    return answered.get_future().get();
  };
  std::string etag = created.etag();
  std::vector<std::pair<v1::UpdateReportRequest, std::string>> firsts;
  for (int i = 0; i < 6; ++i) {
    v1::UpdateReportRequest update;
    update.mutable_report()->set_name(created.name());
    update.mutable_report()->set_etag(etag);
    v1::ReportMetadata* metadata = update.mutable_report()->mutable_content()->mutable_metadata();
    metadata->set_title("第 " + std::to_string(i) + " 稿");
    metadata->set_report_year(2024);
    metadata->set_agency_name(std::string(3000 + i % 2, 'x'));  // whole edits change it too
    if (i % 2 == 1) update.mutable_update_mask()->add_paths("content.metadata.title");
    update.set_request_id("edit-" + std::to_string(i));
    absl::StatusOr<std::string> first = raw_edit(update);
    ASSERT_THAT(first, IsOk());
    v1::Report answered;
    ASSERT_TRUE(answered.ParseFromString(*first));
    etag = answered.etag();
    firsts.emplace_back(update, *first);
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& [update, first] : firsts) {
      absl::StatusOr<std::string> retried = raw_edit(update);
      ASSERT_THAT(retried, IsOk()) << update.request_id();
      EXPECT_EQ(*retried, first) << update.request_id();
    }
    // Again from the database alone.
    core_.reset();
    store_.reset();
    SetUp();
  }
}

TEST_F(WorkflowCoreTest, SubmitRetryIsAnsweredWithoutValidatingAgain) {
  const v1::Report report = Create();
  v1::SubmitReportRequest submit;
  submit.set_name(report.name());
  submit.add_acknowledged_warnings("W_TEST");
  submit.set_request_id("submit-1");
  v1::SubmitReportResponse first, second;
  ASSERT_THAT(core_->SubmitReport(drafter_, submit, &first), IsOk());
  EXPECT_EQ(first.report().state(), v1::REPORT_STATE_IN_REVIEW);
  EXPECT_EQ(first.findings_size(), 1);
  ASSERT_THAT(core_->SubmitReport(drafter_, submit, &second), IsOk());
  EXPECT_EQ(second.report().etag(), first.report().etag());
  EXPECT_EQ(validator_.calls, 1);
  EXPECT_EQ(store_->GetAuditHead()->sequence, 2);  // create, submit
}

TEST_F(WorkflowCoreTest, UnacknowledgedWarningAndOutageLeaveTheDraft) {
  const v1::Report report = Create();
  v1::SubmitReportRequest submit;
  submit.set_name(report.name());
  v1::SubmitReportResponse response;
  EXPECT_THAT(core_->SubmitReport(drafter_, submit, &response),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  validator_.down = true;
  submit.add_acknowledged_warnings("W_TEST");
  EXPECT_THAT(core_->SubmitReport(drafter_, submit, &response),
              StatusIs(absl::StatusCode::kUnavailable));
  auto stored = store_->GetReport({kAgency, 2024});
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(stored->etag(), report.etag());
}

TEST_F(WorkflowCoreTest, ConcurrentEditsWithOneEtagLetExactlyOneThrough) {
  const v1::Report report = Create();
  constexpr int kWriters = 8;
  std::atomic<int> succeeded{0}, aborted{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      v1::UpdateReportRequest update;
      *update.mutable_report() = report;
      update.mutable_report()->mutable_content()->mutable_metadata()->set_title("writer " +
                                                                                std::to_string(i));
      v1::Report response;
      absl::Status status = core_->UpdateReport(drafter_, update, &response);
      if (status.ok()) ++succeeded;
      if (absl::IsAborted(status)) ++aborted;
    });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(succeeded, 1);
  EXPECT_EQ(aborted, kWriters - 1);
}

TEST_F(WorkflowCoreTest, ReadsByOutsidersAreDeniedAndAudited) {
  const v1::Report report = Create();
  CallContext outsider;
  outsider.principal.name = "outsider";
  outsider.principal.roles_by_agency["elsewhere"] = {v1::ROLE_READER};
  v1::GetReportRequest get;
  get.set_name(report.name());
  v1::Report response;
  EXPECT_THAT(core_->GetReport(outsider, get, &response),
              StatusIs(absl::StatusCode::kPermissionDenied));
  auto trail = store_->ListReportAuditEvents(report.name(), 0, 10, {});
  ASSERT_THAT(trail, IsOk());
  ASSERT_EQ(trail->events.size(), 2u);
  EXPECT_EQ(trail->events[1].action(), v1::AUDIT_ACTION_READ);
  EXPECT_EQ(trail->events[1].outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(trail->events[1].actor(), "outsider");
  get.set_name("agencies/x/report/2024");
  EXPECT_THAT(core_->GetReport(drafter_, get, &response),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace nianbao::workflow_service
