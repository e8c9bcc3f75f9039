// ReportFeed without a network, over a real RocksReportStore in a temporary directory whose audit
// trail is written directly: order, batching, resuming from any cursor, filters and rights,
// refusals (the PERMISSION_DENIED one recorded), following, the idle cursor and cancellation.
#include "services/workflow/report_feed.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "workflow/audit_chain.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;
using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;

std::string FieldOf(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  if (!wf::GetDetail(status, wf::kBadRequestTypeUrl, bad_request) ||
      bad_request.field_violations_size() != 1) {
    return "";
  }
  return bad_request.field_violations(0).field();
}

FeedCaller As(const std::string& name, const std::string& agency, v1::Role role) {
  FeedCaller caller;
  caller.principal.name = name;
  caller.principal.roles_by_agency[agency] = {role};
  caller.client_address = "ipv4:127.0.0.1:1";
  return caller;
}

class ReportFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::RocksReportStoreOptions options;
    options.path = dir_.path();
    options.audit_sealer = [](v1::AuditEvent* event) {
      *event = wf::SealAuditEvent(*event, event->previous_hash(), event->report_previous_hash());
    };
    auto store = storage::RocksReportStore::Open(options);
    ASSERT_THAT(store, IsOk());
    store_ = *std::move(store);
    nianbao::config::v1::AgencyRegistryConfig config;
    for (auto [id, parent] : {std::pair{"county", ""}, std::pair{"street", "county"},
                              std::pair{"community", "street"}, std::pair{"other", ""}}) {
      nianbao::config::v1::Agency* agency = config.add_agencies();
      agency->set_agency_id(id);
      agency->set_name(std::string(id) + " 名称");
      agency->set_kind(v1::AGENCY_KIND_DEPARTMENT);
      agency->set_parent_agency_id(parent);
    }
    auto registry = wf::AgencyRegistry::FromConfig(config);
    ASSERT_THAT(registry, IsOk());
    registry_ = *std::move(registry);
    options_.follow_poll_interval = absl::Milliseconds(5);
    options_.max_changes_per_response = 3;
    feed_ = std::make_unique<ReportFeed>(store_.get(), registry_.get(), options_);
  }

  // Appends one event as the workflow would write it; returns its global sequence.
  int64_t Append(const std::string& agency, v1::AuditAction action,
                 v1::AuditOutcome outcome = v1::AUDIT_OUTCOME_SUCCEEDED, int32_t year = 2024) {
    v1::AuditEvent event;
    event.set_agency_id(agency);
    event.set_report("agencies/" + agency + "/reports/" + std::to_string(year));
    event.set_action(action);
    event.set_outcome(outcome);
    event.set_actor("someone");
    event.set_state_after(v1::REPORT_STATE_DRAFT);
    event.set_revision(1);
    event.mutable_time()->set_seconds(1700000000);
    storage::ReportMutation mutation;
    mutation.report_id = {agency, year};
    mutation.plan = storage::RecordEventPlan(event);
    absl::StatusOr<storage::CommitResult> committed = store_->Commit(std::move(mutation));
    EXPECT_THAT(committed, IsOk());
    return committed.ok() ? committed->audit_events[0].sequence() : 0;
  }

  // Runs a feed that does not follow; returns its responses.
  absl::StatusOr<std::vector<v1::WatchReportsResponse>> Read(const FeedCaller& caller,
                                                             v1::WatchReportsRequest request) {
    std::vector<v1::WatchReportsResponse> responses;
    absl::Status status = feed_->WatchReports(
        caller, request,
        [&](const v1::WatchReportsResponse& response) {
          responses.push_back(response);
          return true;
        },
        [] { return false; });
    if (!status.ok()) return status;
    return responses;
  }

  static std::vector<int64_t> Sequences(const std::vector<v1::WatchReportsResponse>& responses) {
    std::vector<int64_t> sequences;
    for (const auto& response : responses) {
      for (const auto& change : response.changes()) {
        sequences.push_back(*DecodeFeedCursor(change.cursor()));
      }
    }
    return sequences;
  }

  static v1::WatchReportsRequest Parent(const std::string& parent, const std::string& cursor = "") {
    v1::WatchReportsRequest request;
    request.set_parent(parent);
    request.set_cursor(cursor);
    return request;
  }

  nianbao::testing::TempDir dir_;
  std::unique_ptr<storage::RocksReportStore> store_;
  std::unique_ptr<wf::AgencyRegistry> registry_;
  ReportFeedOptions options_;
  std::unique_ptr<ReportFeed> feed_;
  const FeedCaller reader_ = As("reader", "street", v1::ROLE_DRAFTER);
};

TEST_F(ReportFeedTest, ChangesInOrderBatchedAndTheLastCursorCoversTheTail) {
  std::vector<int64_t> expected;
  for (int i = 0; i < 7; ++i) expected.push_back(Append("street", v1::AUDIT_ACTION_UPDATE));
  Append("street", v1::AUDIT_ACTION_APPROVE, v1::AUDIT_OUTCOME_DENIED);  // never in the feed
  Append("street", v1::AUDIT_ACTION_READ);
  const int64_t head = Append("other", v1::AUDIT_ACTION_CREATE);
  auto responses = Read(reader_, Parent("agencies/street"));
  ASSERT_THAT(responses, IsOk());
  EXPECT_EQ(Sequences(*responses), expected);
  // 3 + 3 + 1 changes; the last response's cursor also covers the events after the last change
  // that the feed left out.
  ASSERT_EQ(responses->size(), 3u);
  EXPECT_EQ(responses->at(0).changes_size(), 3);
  EXPECT_EQ(responses->at(0).next_cursor(), EncodeFeedCursor(expected[2]));
  EXPECT_EQ(responses->at(2).changes_size(), 1);
  EXPECT_EQ(responses->back().next_cursor(), EncodeFeedCursor(head));
  // From the last change: only a response that moves the cursor past what was left out.
  auto tail = Read(reader_, Parent("agencies/street", responses->back().changes(0).cursor()));
  ASSERT_THAT(tail, IsOk());
  ASSERT_EQ(tail->size(), 1u);
  EXPECT_EQ(tail->at(0).changes_size(), 0);
  EXPECT_EQ(tail->at(0).next_cursor(), EncodeFeedCursor(head));
  // From the end: nothing more, and no response that would not move the cursor.
  auto rest = Read(reader_, Parent("agencies/street", responses->back().next_cursor()));
  ASSERT_THAT(rest, IsOk());
  EXPECT_TRUE(rest->empty());
}

TEST_F(ReportFeedTest, ResumingFromAnyCursorGivesTheRestOnce) {
  std::vector<int64_t> all;
  for (int i = 0; i < 8; ++i) {
    all.push_back(Append("street", v1::AUDIT_ACTION_UPDATE));
    Append("other", v1::AUDIT_ACTION_UPDATE);
  }
  auto first = Read(reader_, Parent("agencies/-"));
  ASSERT_THAT(first, IsOk());
  ASSERT_EQ(Sequences(*first), all);
  std::vector<std::string> cursors;
  for (const auto& response : *first) {
    cursors.push_back(response.next_cursor());
    for (const auto& change : response.changes()) cursors.push_back(change.cursor());
  }
  for (const std::string& cursor : cursors) {
    const int64_t after = *DecodeFeedCursor(cursor);
    std::vector<int64_t> rest;
    for (int64_t s : all) {
      if (s > after) rest.push_back(s);
    }
    auto resumed = Read(reader_, Parent("agencies/-", cursor));
    ASSERT_THAT(resumed, IsOk());
    EXPECT_EQ(Sequences(*resumed), rest) << cursor;
  }
}

TEST_F(ReportFeedTest, FiltersAndRights) {
  const int64_t county = Append("county", v1::AUDIT_ACTION_PUBLISH);
  const int64_t street = Append("street", v1::AUDIT_ACTION_PUBLISH);
  const int64_t community = Append("community", v1::AUDIT_ACTION_PUBLISH);
  const int64_t community_2023 =
      Append("community", v1::AUDIT_ACTION_CORRECT, v1::AUDIT_OUTCOME_SUCCEEDED, 2023);
  Append("other", v1::AUDIT_ACTION_PUBLISH);
  const int64_t street_update = Append("street", v1::AUDIT_ACTION_UPDATE);
  const FeedCaller supervisor = As("sup", "street", v1::ROLE_SUPERVISOR);
  // A supervisor of street: its subtree, silently, with agencies/-; its own agency alone, or the
  // subtree when asked for it.
  EXPECT_EQ(Sequences(*Read(supervisor, Parent("agencies/-"))),
            (std::vector<int64_t>{street, community, community_2023, street_update}));
  EXPECT_EQ(Sequences(*Read(supervisor, Parent("agencies/street"))),
            (std::vector<int64_t>{street, street_update}));
  v1::WatchReportsRequest subtree = Parent("agencies/street");
  subtree.set_include_subtree(true);
  EXPECT_EQ(Sequences(*Read(supervisor, subtree)),
            (std::vector<int64_t>{street, community, community_2023, street_update}));
  EXPECT_EQ(Sequences(*Read(supervisor, Parent("agencies/community"))),
            (std::vector<int64_t>{community, community_2023}));
  subtree.add_actions(v1::AUDIT_ACTION_PUBLISH);
  subtree.add_actions(v1::AUDIT_ACTION_CORRECT);
  subtree.set_report_year(2024);
  EXPECT_EQ(Sequences(*Read(supervisor, subtree)), (std::vector<int64_t>{street, community}));
  // A reader of street with agencies/-: street only (its role does not reach below).
  EXPECT_EQ(Sequences(*Read(reader_, Parent("agencies/-"))),
            (std::vector<int64_t>{street, street_update}));
  // A supervisor of county sees all three levels but not "other".
  const FeedCaller top = As("top", "county", v1::ROLE_SUPERVISOR);
  EXPECT_EQ(Sequences(*Read(top, Parent("agencies/-"))),
            (std::vector<int64_t>{county, street, community, community_2023, street_update}));
}

TEST_F(ReportFeedTest, RefusalsNameTheirFieldAndTheDenialIsRecorded) {
  const int64_t head = Append("street", v1::AUDIT_ACTION_CREATE);
  auto past = Read(reader_, Parent("agencies/street", EncodeFeedCursor(head + 1)));
  EXPECT_THAT(past, StatusIs(absl::StatusCode::kOutOfRange));
  EXPECT_EQ(FieldOf(past.status()), "cursor");
  auto unregistered = Read(reader_, Parent("agencies/nowhere"));
  EXPECT_THAT(unregistered, StatusIs(absl::StatusCode::kNotFound));
  auto bad = Read(reader_, Parent("agencies/street", "garbage"));
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(FieldOf(bad.status()), "cursor");
  // No event was written by those.
  absl::StatusOr<storage::AuditHead> after = store_->GetAuditHead();
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->sequence, head);

  FeedCaller outsider = As("outsider", "other", v1::ROLE_DRAFTER);
  outsider.client_certificate = "CN=outsider";
  auto denied = Read(outsider, Parent("agencies/street"));
  EXPECT_THAT(denied, StatusIs(absl::StatusCode::kPermissionDenied));
  absl::StatusOr<storage::AuditEventPage> trail =
      store_->ListAuditEvents(head, 10, storage::AuditEventFilter{});
  ASSERT_THAT(trail, IsOk());
  ASSERT_EQ(trail->events.size(), 1u);
  const v1::AuditEvent& refusal = trail->events[0];
  EXPECT_EQ(refusal.outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(refusal.action(), v1::AUDIT_ACTION_READ);
  EXPECT_EQ(refusal.actor(), "outsider");
  EXPECT_EQ(refusal.agency_id(), "street");
  EXPECT_EQ(refusal.client_certificate(), "CN=outsider");
  EXPECT_THAT(refusal.reason(), ::testing::HasSubstr("WatchReports"));
  // A subtree parent above what the caller reads is refused too, not narrowed.
  v1::WatchReportsRequest above = Parent("agencies/county");
  above.set_include_subtree(true);
  EXPECT_THAT(Read(As("sup", "street", v1::ROLE_SUPERVISOR), above),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(ReportFeedTest, FollowSendsNewChangesAndMovesAnIdleCursor) {
  options_.idle_cursor_interval = absl::ZeroDuration();
  feed_ = std::make_unique<ReportFeed>(store_.get(), registry_.get(), options_);
  const int64_t first = Append("street", v1::AUDIT_ACTION_CREATE);
  std::mutex mutex;
  std::vector<v1::WatchReportsResponse> responses;
  std::atomic<bool> cancel{false};
  absl::Status status;
  v1::WatchReportsRequest request = Parent("agencies/street");
  request.set_follow(true);
  std::thread follower([&] {
    status = feed_->WatchReports(
        reader_, request,
        [&](const v1::WatchReportsResponse& response) {
          std::lock_guard<std::mutex> lock(mutex);
          responses.push_back(response);
          return true;
        },
        [&] { return cancel.load(); });
  });
  auto wait_for = [&](const std::function<bool()>& condition) {
    for (int i = 0; i < 2000; ++i) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (condition()) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  };
  EXPECT_TRUE(wait_for([&] { return Sequences(responses) == std::vector<int64_t>{first}; }));
  const int64_t second = Append("street", v1::AUDIT_ACTION_UPDATE);
  EXPECT_TRUE(wait_for([&] {
    return Sequences(responses) == std::vector<int64_t>{first, second};
  }));
  // Only events the feed leaves out: a response without changes moves the cursor past them.
  const int64_t left_out = Append("other", v1::AUDIT_ACTION_UPDATE);
  EXPECT_TRUE(wait_for([&] {
    return !responses.empty() && responses.back().changes_size() == 0 &&
           responses.back().next_cursor() == EncodeFeedCursor(left_out);
  }));
  cancel = true;
  follower.join();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kCancelled));
}

TEST_F(ReportFeedTest, AClientThatGoesAwayEndsTheFeed) {
  for (int i = 0; i < 10; ++i) Append("street", v1::AUDIT_ACTION_UPDATE);
  v1::WatchReportsRequest request = Parent("agencies/street");
  request.set_follow(true);
  int writes = 0;
  EXPECT_THAT(feed_->WatchReports(
                  reader_, request, [&](const v1::WatchReportsResponse&) { return ++writes < 2; },
                  [] { return false; }),
              IsOk());
  EXPECT_EQ(writes, 2);
}

// A stopping server ends its followers at once, UNAVAILABLE, rather than at the end of its grace.
TEST_F(ReportFeedTest, StopEndsFollowersAtOnceAndRefusesNewFeeds) {
  Append("street", v1::AUDIT_ACTION_CREATE);
  v1::WatchReportsRequest follow = Parent("agencies/street");
  follow.set_follow(true);
  std::atomic<bool> started{false};
  absl::Status ended;
  std::thread follower([&] {
    ended = feed_->WatchReports(
        reader_, follow,
        [&](const v1::WatchReportsResponse&) {
          started = true;
          return true;
        },
        [] { return false; });
  });
  for (int i = 0; i < 2000 && !started; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(started);
  const absl::Time stop_time = absl::Now();
  feed_->Stop();
  follower.join();
  EXPECT_LT(absl::Now() - stop_time, absl::Seconds(2));
  EXPECT_THAT(ended, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(Read(reader_, Parent("agencies/street")), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(ReportFeedTest, FollowersBeyondTheLimitAreRefusedOthersAreNot) {
  options_.max_following = 1;
  feed_ = std::make_unique<ReportFeed>(store_.get(), registry_.get(), options_);
  Append("street", v1::AUDIT_ACTION_CREATE);
  v1::WatchReportsRequest follow = Parent("agencies/street");
  follow.set_follow(true);
  std::atomic<bool> started{false};
  std::atomic<bool> cancel{false};
  std::thread first([&] {
    absl::Status ignored = feed_->WatchReports(
        reader_, follow,
        [&](const v1::WatchReportsResponse&) {
          started = true;
          return true;
        },
        [&] { return cancel.load(); });
    (void)ignored;
  });
  for (int i = 0; i < 2000 && !started; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(started);
  const absl::Status refused = feed_->WatchReports(
      reader_, follow, [](const v1::WatchReportsResponse&) { return true; }, [] { return false; });
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted));
  // Reading to the newest is never refused for it.
  EXPECT_THAT(Read(reader_, Parent("agencies/street")), IsOk());
  cancel = true;
  first.join();
  // The slot is free again: the next follower gets past the limit (and is cancelled at once).
  EXPECT_THAT(feed_->WatchReports(
                  reader_, follow, [](const v1::WatchReportsResponse&) { return true; },
                  [] { return true; }),
              StatusIs(absl::StatusCode::kCancelled));
}

}  // namespace
}  // namespace nianbao::workflow_service
