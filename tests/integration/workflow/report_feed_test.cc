// WatchReports against the real nianbao-workflowd: a report's whole chain in order with its states
// and revisions, resuming from any cursor, following new changes, and following across a restart
// of the server without losing or repeating a change.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "tests/integration/workflow/report_feed_fixture.h"
#include "tests/support/status_matchers.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;

std::vector<std::string> Cursors(const std::vector<v1::ReportChange>& changes) {
  std::vector<std::string> cursors;
  for (const auto& change : changes) cursors.push_back(change.cursor());
  return cursors;
}

TEST_F(ReportFeedTest, AReaderGetsTheWholeChainInOrder) {
  const std::string name = ReportNameOf(kAgency, 2024);
  ASSERT_NO_FATAL_FAILURE(RunChain(2024));
  ASSERT_NO_FATAL_FAILURE(RunOtherAgency(2024));
  // A denied attempt and reads leave events in the trail, never in the feed.
  v1::UpdateReportRequest update;
  update.mutable_report()->set_name(name);
  update.mutable_report()->set_etag("x");
  v1::Report ignored;
  EXPECT_EQ(stub_->UpdateReport(ContextFor("reader").get(), update, &ignored).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::GetReportRequest get;
  get.set_name(name);
  EXPECT_TRUE(stub_->GetReport(ContextFor("reader").get(), get, &ignored).ok());
  EXPECT_EQ(stub_->GetReport(ContextFor("outsider").get(), get, &ignored).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  const FeedRead read = Watch("reader", Request(std::string("agencies/") + kAgency));
  ASSERT_TRUE(read.status.ok()) << read.status.error_message();
  const std::vector<v1::ReportChange> changes = read.Changes();
  ASSERT_EQ(changes.size(), ChainActions().size());
  struct Expected {
    v1::ReportState state;
    int64_t revision;
    int64_t published_revision;
    const char* actor;
  };
  const Expected expected[] = {
      {v1::REPORT_STATE_DRAFT, 1, 0, "drafter"},        // create
      {v1::REPORT_STATE_DRAFT, 1, 0, "drafter"},        // update
      {v1::REPORT_STATE_IN_REVIEW, 1, 0, "drafter"},    // submit
      {v1::REPORT_STATE_DRAFT, 1, 0, "reviewer"},       // reject: revision 1 went back
      {v1::REPORT_STATE_IN_REVIEW, 2, 0, "drafter"},    // submit revision 2
      {v1::REPORT_STATE_APPROVED, 2, 0, "approver"},    // approve
      {v1::REPORT_STATE_PUBLISHED, 2, 2, "publisher"},  // publish
      {v1::REPORT_STATE_DRAFT, 3, 2, "publisher"},      // correct: 2 stays published
  };
  for (size_t i = 0; i < changes.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(changes[i].report(), name);
    EXPECT_EQ(changes[i].agency_id(), kAgency);
    EXPECT_EQ(changes[i].report_year(), 2024);
    EXPECT_EQ(changes[i].action(), ChainActions()[i]);
    EXPECT_EQ(changes[i].state(), expected[i].state);
    EXPECT_EQ(changes[i].revision(), expected[i].revision);
    EXPECT_EQ(changes[i].published_revision(), expected[i].published_revision);
    EXPECT_EQ(changes[i].actor(), expected[i].actor);
    EXPECT_TRUE(changes[i].has_change_time());
    if (i > 0) {
      EXPECT_GE(changes[i].change_time().seconds(), changes[i - 1].change_time().seconds());
    }
    // Nothing of the reasons or the callers' addresses travels with a change.
    const std::string bytes = changes[i].SerializeAsString();
    EXPECT_EQ(bytes.find("内部理由"), std::string::npos);
    EXPECT_EQ(bytes.find("127.0.0.1"), std::string::npos);
  }
  // Every cursor is distinct, and the last next_cursor is past the last change.
  const std::vector<std::string> cursors = Cursors(changes);
  EXPECT_EQ(std::set<std::string>(cursors.begin(), cursors.end()).size(), cursors.size());
  EXPECT_FALSE(read.responses.back().next_cursor().empty());
  // From the last next_cursor: nothing (no change, and the cursor need not move).
  const FeedRead after = Watch(
      "reader", Request(std::string("agencies/") + kAgency, read.responses.back().next_cursor()));
  ASSERT_TRUE(after.status.ok()) << after.status.error_message();
  EXPECT_TRUE(after.Changes().empty());
}

TEST_F(ReportFeedTest, ResumingFromAnyCursorGivesTheRestOnce) {
  ASSERT_NO_FATAL_FAILURE(RunChain(2024));
  ASSERT_NO_FATAL_FAILURE(RunOtherAgency(2024));
  ASSERT_NO_FATAL_FAILURE(RunDraft(2023, 7));  // 8 changes, as many as the chain
  const FeedRead all = Watch("reader", Request("agencies/-"));
  ASSERT_TRUE(all.status.ok()) << all.status.error_message();
  const std::vector<std::string> cursors = Cursors(all.Changes());
  ASSERT_EQ(cursors.size(), 2 * ChainActions().size());
  // After each change, and after each response: exactly the changes after it.
  std::vector<std::pair<std::string, size_t>> resume_points;  // cursor, changes before it
  for (size_t i = 0; i < cursors.size(); ++i) resume_points.emplace_back(cursors[i], i + 1);
  size_t seen = 0;
  for (const auto& response : all.responses) {
    seen += response.changes_size();
    resume_points.emplace_back(response.next_cursor(), seen);
  }
  for (const auto& [cursor, before] : resume_points) {
    const FeedRead rest = Watch("reader", Request("agencies/-", cursor));
    ASSERT_TRUE(rest.status.ok()) << rest.status.error_message();
    EXPECT_EQ(Cursors(rest.Changes()),
              std::vector<std::string>(cursors.begin() + before, cursors.end()))
        << cursor;
  }
}

TEST_F(ReportFeedTest, FollowReceivesChangesAsTheyAreWritten) {
  ASSERT_NO_FATAL_FAILURE(RunChain(2024));
  const std::string name = ReportNameOf(kAgency, 2024);
  FeedFollower follower(stub_.get(), "reader", Request(std::string("agencies/") + kAgency));
  ASSERT_TRUE(follower.WaitForChanges(ChainActions().size()));
  // The correction's draft is edited twice while the feed is open.
  ASSERT_NO_FATAL_FAILURE(UpdateDraft(name, "更正稿一"));
  ASSERT_TRUE(follower.WaitForChanges(ChainActions().size() + 1));
  ASSERT_NO_FATAL_FAILURE(UpdateDraft(name, "更正稿二"));
  ASSERT_TRUE(follower.WaitForChanges(ChainActions().size() + 2));
  // Changes of another agency move nothing into this reader's feed.
  ASSERT_NO_FATAL_FAILURE(RunOtherAgency(2024));
  const std::vector<v1::ReportChange> changes = follower.Changes();
  ASSERT_EQ(changes.size(), ChainActions().size() + 2);
  EXPECT_EQ(changes.back().action(), v1::AUDIT_ACTION_UPDATE);
  EXPECT_EQ(changes.back().revision(), 3);
  EXPECT_EQ(changes.back().published_revision(), 2);
  EXPECT_EQ(follower.Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(ReportFeedTest, FollowAcrossAServerRestartLosesNothingAndRepeatsNothing) {
  ASSERT_NO_FATAL_FAILURE(RunChain(2024));
  const std::string name = ReportNameOf(kAgency, 2024);
  auto follower = std::make_unique<FeedFollower>(stub_.get(), "reader", Request("agencies/-"));
  ASSERT_TRUE(follower->WaitForChanges(ChainActions().size()));
  ASSERT_NO_FATAL_FAILURE(UpdateDraft(name, "重启前"));
  ASSERT_TRUE(follower->WaitForChanges(ChainActions().size() + 1));
  // The server stops under the open feed: the stream ends, and the consumer keeps its cursor.
  absl::StatusOr<int> stopped = env_.workflow().Stop();
  ASSERT_THAT(stopped, IsOk());
  EXPECT_EQ(*stopped, 0) << env_.workflow().Log();
  ASSERT_TRUE(follower->WaitForEnd());
  EXPECT_FALSE(follower->Finish().ok());
  const std::vector<v1::ReportChange> before = follower->Changes();
  const std::string cursor = follower->LastCursor();
  ASSERT_FALSE(cursor.empty());
  // Restarted on the same data directory (on another port); changes are made before the
  // consumer is back, and more after.
  NIANBAO_ASSERT_OK(env_.StartWorkflow());
  stub_ = env_.NewStub();
  ASSERT_NO_FATAL_FAILURE(UpdateDraft(name, "重启后一"));
  ASSERT_NO_FATAL_FAILURE(RunDraft(2023, 7));  // 8 changes, as many as the chain
  follower = std::make_unique<FeedFollower>(stub_.get(), "reader", Request("agencies/-", cursor));
  ASSERT_TRUE(follower->WaitForChanges(1 + ChainActions().size()));
  ASSERT_NO_FATAL_FAILURE(UpdateDraft(name, "重启后二"));
  ASSERT_TRUE(follower->WaitForChanges(2 + ChainActions().size()));
  std::vector<v1::ReportChange> all = before;
  const std::vector<v1::ReportChange> after = follower->Changes();
  all.insert(all.end(), after.begin(), after.end());
  EXPECT_EQ(follower->Finish().error_code(), grpc::StatusCode::CANCELLED);
  // Exactly the changes a consumer that never disconnected would have read.
  const FeedRead whole = Watch("reader", Request("agencies/-"));
  ASSERT_TRUE(whole.status.ok()) << whole.status.error_message();
  EXPECT_EQ(Cursors(all), Cursors(whole.Changes()));
  ASSERT_EQ(all.size(), 2 * ChainActions().size() + 3);
  EXPECT_EQ(after.front().action(), v1::AUDIT_ACTION_UPDATE);
  EXPECT_EQ(after.front().report(), name);
}

}  // namespace
}  // namespace nianbao::testing
