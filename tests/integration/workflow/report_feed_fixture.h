// The change feed against the real servers: WorkflowTestEnv with a registry that has a hierarchy
// (沭阳县人民政府 above 沭阳县发展和改革局; 尖山区教体局 apart) and the users the feed tests need,
// a helper that walks a report through the chain, and feed readers (to the end, or following in a
// thread of their own).
#ifndef NIANBAO_TESTS_INTEGRATION_WORKFLOW_REPORT_FEED_FIXTURE_H_
#define NIANBAO_TESTS_INTEGRATION_WORKFLOW_REPORT_FEED_FIXTURE_H_

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "nianbao/v1/audit.grpc.pb.h"
#include "nianbao/v1/workflow.grpc.pb.h"
#include "tests/integration/workflow/workflow_test_env.h"

namespace nianbao::testing {

// The county government above kOtherAgency (shuyang-fagaiju); kAgency has no parent.
inline constexpr char kCounty[] = "shuyang-xian";

// Users, each with token "<name>-token": for kAgency drafter, reviewer, approver, publisher and
// reader; "outsider" drafts for kOtherAgency; "supervisor" holds ROLE_SUPERVISOR for kCounty;
// "central" is the central auditor ("*").
class ReportFeedTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // Walks a new kAgency report of `year` (2024: the seed fixture's) through create, update,
  // submit, reject, submit, approve, publish and correct (ChainActions()).
  void RunChain(int year);
  // The actions RunChain takes, in order.
  static std::vector<nianbao::v1::AuditAction> ChainActions();
  // Creates a kAgency report of `year` (by "drafter", without content) and updates it `updates`
  // times: 1 + updates changes. (Only the 2024 fixture passes validation, so only RunChain
  // submits.)
  void RunDraft(int year, int updates);
  // Creates a report of kOtherAgency (by "outsider") and updates it once.
  void RunOtherAgency(int year);
  // An update of a kAgency draft by "drafter" (the report must be a draft).
  void UpdateDraft(const std::string& name, const std::string& title);

  // What one WatchReports call that does not follow returned.
  struct FeedRead {
    std::vector<nianbao::v1::WatchReportsResponse> responses;
    grpc::Status status;
    std::vector<nianbao::v1::ReportChange> Changes() const;
  };
  FeedRead Watch(const std::string& user, const nianbao::v1::WatchReportsRequest& request);
  static nianbao::v1::WatchReportsRequest Request(const std::string& parent,
                                                  const std::string& cursor = "");

  WorkflowTestEnv env_;
  std::unique_ptr<nianbao::v1::WorkflowService::Stub> stub_;
};

// A following feed read in a thread of its own until it ends or is cancelled.
class FeedFollower {
 public:
  FeedFollower(nianbao::v1::WorkflowService::Stub* stub, const std::string& user,
               nianbao::v1::WatchReportsRequest request);
  ~FeedFollower();
  // True once at least `count` changes arrived (false after `timeout`).
  bool WaitForChanges(size_t count, absl::Duration timeout = absl::Seconds(20));
  // True once the stream ended by itself (false after `timeout`).
  bool WaitForEnd(absl::Duration timeout = absl::Seconds(20));
  std::vector<nianbao::v1::ReportChange> Changes();
  // The last next_cursor received ("" when none).
  std::string LastCursor();
  // Cancels (if still open) and returns how the stream ended.
  grpc::Status Finish();

 private:
  std::unique_ptr<grpc::ClientContext> context_;
  std::mutex mutex_;
  std::vector<nianbao::v1::ReportChange> changes_;
  std::string last_cursor_;
  std::atomic<bool> ended_{false};
  grpc::Status status_;
  std::thread thread_;
};

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_INTEGRATION_WORKFLOW_REPORT_FEED_FIXTURE_H_
