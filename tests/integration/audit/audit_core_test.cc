// The audit service core over a real RocksDB: every action recorded with the right fields, access
// rules (refusals audited), paging while writers run, streaming, checkpoints, and tampering with
// the stored events behind the store's back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/key_encoding.h"
#include "tests/integration/audit/audit_fixture.h"
#include "tests/support/status_matchers.h"
#include "workflow/checkpoint_signing.h"
#include "workflow/timestamps.h"

namespace nianbao::audit_test {
namespace {

namespace v1 = nianbao::v1;
using ::nianbao::testing::StatusIs;
using ::testing::ElementsAre;

constexpr char kReport[] = "agencies/shuyang-fagaiju/reports/2023";

std::vector<v1::AuditEvent> ListAll(workflow_service::AuditCore& audit,
                                    const workflow_service::AuditCaller& caller,
                                    v1::ListAuditEventsRequest request) {
  std::vector<v1::AuditEvent> events;
  for (;;) {
    v1::ListAuditEventsResponse response;
    absl::Status s = audit.ListAuditEvents(caller, request, &response);
    EXPECT_TRUE(s.ok()) << s;
    if (!s.ok()) break;
    for (const auto& event : response.events()) events.push_back(event);
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return events;
}

class AuditCoreTest : public AuditStackTest {};

TEST_F(AuditCoreTest, EveryActionIsRecordedWithItsFields) {
  RunWholeLifecycle(2023);
  v1::ListAuditEventsRequest request;
  request.set_report(kReport);
  std::vector<v1::AuditEvent> events = ListAll(*audit_, Auditor("sun.shenji"), request);
  std::vector<v1::AuditAction> actions;
  for (const auto& event : events) actions.push_back(event.action());
  EXPECT_THAT(
      actions,
      ElementsAre(v1::AUDIT_ACTION_CREATE, v1::AUDIT_ACTION_UPDATE, v1::AUDIT_ACTION_SUBMIT,
                  v1::AUDIT_ACTION_WITHDRAW, v1::AUDIT_ACTION_SUBMIT, v1::AUDIT_ACTION_REJECT,
                  v1::AUDIT_ACTION_SUBMIT, v1::AUDIT_ACTION_APPROVE, v1::AUDIT_ACTION_APPROVE,
                  v1::AUDIT_ACTION_PUBLISH, v1::AUDIT_ACTION_CORRECT));
  for (size_t i = 0; i < events.size(); ++i) {
    const v1::AuditEvent& event = events[i];
    EXPECT_EQ(event.report_sequence(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(event.agency_id(), "shuyang-fagaiju");
    EXPECT_EQ(event.report(), kReport);
    EXPECT_EQ(event.client_address(), "ipv4:127.0.0.1:4242");
    EXPECT_GT(event.time().seconds(), 0);
    EXPECT_EQ(event.hash().size(), 32u);
    EXPECT_EQ(event.report_hash().size(), 32u);
    EXPECT_EQ(event.content_sha256_after().size(), 32u);
    if (i > 0) {
      EXPECT_EQ(event.content_sha256_before().size(), 32u);
    }
  }
  const v1::AuditEvent& denied = events[7];
  EXPECT_EQ(denied.outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(denied.actor(), "li.qicao");
  EXPECT_EQ(denied.state_before(), v1::REPORT_STATE_IN_REVIEW);
  EXPECT_EQ(denied.state_after(), v1::REPORT_STATE_IN_REVIEW);
  EXPECT_FALSE(denied.reason().empty());
  const v1::AuditEvent& approved = events[8];
  EXPECT_EQ(approved.outcome(), v1::AUDIT_OUTCOME_SUCCEEDED);
  EXPECT_EQ(approved.actor(), "zhao.qianfa");
  EXPECT_EQ(approved.state_after(), v1::REPORT_STATE_APPROVED);
  EXPECT_EQ(events[0].request_id(), "create-2023");
  EXPECT_EQ(events[5].reason(), "表三不平衡");
  EXPECT_EQ(events[5].actor(), "wang.shenhe");
  EXPECT_EQ(events[10].reason(), "更正表二数据");
  EXPECT_EQ(events[10].revision(), 4);  // submitted 1, withdrawn -> 2, rejected -> 3, published 3
  EXPECT_EQ(events[9].state_after(), v1::REPORT_STATE_PUBLISHED);
  EXPECT_TRUE(VerifyReport(kReport).intact());
  EXPECT_TRUE(VerifyGlobal().intact());
}

TEST_F(AuditCoreTest, AccessRulesAndAuditedRefusals) {
  RunWholeLifecycle(2023);
  CreateAndUpdate("he.jianshan", 2023, 2);
  v1::ListAuditEventsRequest shuyang;
  shuyang.set_agency_id("shuyang-fagaiju");
  EXPECT_EQ(ListAll(*audit_, Auditor("sun.shenji"), shuyang).size(), 11u);
  // The central auditor sees every agency, and the read just made, recorded after its page.
  const size_t all = ListAll(*audit_, Auditor("zhou.zhongyang"), {}).size();
  EXPECT_EQ(all, 15u);
  // Refused: another agency's auditor, a drafter, and an agency auditor asking for everything.
  v1::ListAuditEventsResponse response;
  EXPECT_THAT(audit_->ListAuditEvents(Auditor("he.jianshan"), shuyang, &response),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(audit_->ListAuditEvents(Auditor("li.qicao"), shuyang, &response),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(audit_->ListAuditEvents(Auditor("sun.shenji"), {}, &response),
              StatusIs(absl::StatusCode::kPermissionDenied));
  v1::VerifyChainResponse verify;
  EXPECT_THAT(audit_->VerifyChain(Auditor("sun.shenji"), {}, &verify),
              StatusIs(absl::StatusCode::kPermissionDenied));
  // The two reads and each refusal are now in the trail.
  v1::ListAuditEventsRequest reads;
  reads.set_action(v1::AUDIT_ACTION_READ);
  std::vector<v1::AuditEvent> read_events = ListAll(*audit_, Auditor("zhou.zhongyang"), reads);
  ASSERT_EQ(read_events.size(), 6u);
  EXPECT_EQ(read_events[0].actor(), "sun.shenji");
  EXPECT_EQ(read_events[0].agency_id(), "shuyang-fagaiju");
  EXPECT_EQ(read_events[0].outcome(), v1::AUDIT_OUTCOME_SUCCEEDED);
  EXPECT_EQ(read_events[1].actor(), "zhou.zhongyang");
  EXPECT_EQ(read_events[1].agency_id(), "");
  EXPECT_EQ(read_events[1].outcome(), v1::AUDIT_OUTCOME_SUCCEEDED);
  const std::vector<v1::AuditEvent> denied(read_events.begin() + 2, read_events.end());
  EXPECT_EQ(denied[0].actor(), "he.jianshan");
  EXPECT_EQ(denied[0].agency_id(), "shuyang-fagaiju");
  EXPECT_EQ(denied[0].outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(denied[1].actor(), "li.qicao");
  EXPECT_EQ(denied[1].outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(denied[2].actor(), "sun.shenji");
  EXPECT_EQ(denied[2].outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(denied[2].report_sequence(), 0);
  EXPECT_EQ(denied[3].outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_TRUE(VerifyGlobal().intact());
}

TEST_F(AuditCoreTest, EachQueryIsRecordedOnceAsARead) {
  CreateAndUpdate("li.qicao", 2023, 4);  // events 1 to 5
  v1::ListAuditEventsRequest request;
  request.set_agency_id("shuyang-fagaiju");
  request.set_actor("li.qicao");
  *request.mutable_start_time() = nianbao::workflow::ToTimestamp(absl::FromUnixSeconds(1700000000));
  request.set_page_size(2);
  // Paged to the end: the first page is recorded (event 6), and the later pages do not add more.
  std::vector<v1::AuditEvent> listed = ListAll(*audit_, Auditor("sun.shenji"), request);
  EXPECT_EQ(listed.size(), 5u);  // the filter on li.qicao leaves out sun.shenji's read
  v1::ListAuditEventsRequest reads;
  reads.set_agency_id("shuyang-fagaiju");
  reads.set_action(v1::AUDIT_ACTION_READ);
  v1::ListAuditEventsResponse response;
  NIANBAO_ASSERT_OK(audit_->ListAuditEvents(Auditor("sun.shenji"), reads, &response));
  ASSERT_EQ(response.events_size(), 1);
  const v1::AuditEvent& read = response.events(0);
  EXPECT_EQ(read.sequence(), 6);
  EXPECT_EQ(read.actor(), "sun.shenji");
  EXPECT_EQ(read.agency_id(), "shuyang-fagaiju");
  EXPECT_EQ(read.report(), "");
  EXPECT_EQ(read.report_sequence(), 0);
  EXPECT_EQ(read.outcome(), v1::AUDIT_OUTCOME_SUCCEEDED);
  EXPECT_EQ(read.client_address(), "ipv4:127.0.0.1:4242");
  EXPECT_EQ(read.reason(),
            "查询审计记录 (ListAuditEvents): agency_id=shuyang-fagaiju, actor=li.qicao, "
            "start_time=2023-11-14T22:13:20+00:00");

  // A page token works only for the principal whose query was recorded.
  v1::ListAuditEventsResponse first;
  NIANBAO_ASSERT_OK(audit_->ListAuditEvents(Auditor("sun.shenji"), request, &first));
  ASSERT_FALSE(first.next_page_token().empty());
  v1::ListAuditEventsRequest borrowed = request;
  borrowed.set_page_token(first.next_page_token());
  v1::ListAuditEventsResponse refused;
  absl::Status borrowed_status =
      audit_->ListAuditEvents(Auditor("zhou.zhongyang"), borrowed, &refused);
  EXPECT_THAT(borrowed_status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(borrowed_status.message()), ::testing::HasSubstr("另一用户"));
  EXPECT_EQ(refused.events_size(), 0);

  // A report's listing is recorded in that report's chain, which stays intact.
  const std::string report = "agencies/shuyang-fagaiju/reports/2023";
  v1::ListAuditEventsRequest of_report;
  of_report.set_report(report);
  EXPECT_EQ(ListAll(*audit_, Auditor("sun.shenji"), of_report).size(), 5u);
  std::vector<v1::AuditEvent> chain = ListAll(*audit_, Auditor("sun.shenji"), of_report);
  ASSERT_EQ(chain.size(), 6u);
  EXPECT_EQ(chain.back().action(), v1::AUDIT_ACTION_READ);
  EXPECT_EQ(chain.back().report(), report);
  EXPECT_EQ(chain.back().report_sequence(), 6);
  EXPECT_EQ(chain.back().reason(), "查询审计记录 (ListAuditEvents): report=" + report);
  EXPECT_TRUE(VerifyReport(report).intact());
  EXPECT_TRUE(VerifyGlobal().intact());
}

TEST_F(AuditCoreTest, AReadThatCannotBeRecordedReturnsNothing) {
  CreateAndUpdate("li.qicao", 2023, 2);
  const int64_t head = VerifyGlobal().head_sequence();
  fail_writes_ = true;
  v1::ListAuditEventsRequest request;
  request.set_agency_id("shuyang-fagaiju");
  v1::ListAuditEventsResponse response;
  EXPECT_THAT(audit_->ListAuditEvents(Auditor("sun.shenji"), request, &response),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(response.events_size(), 0);
  v1::StreamAuditEventsRequest stream;
  stream.set_agency_id("shuyang-fagaiju");
  int streamed = 0;
  EXPECT_THAT(audit_->StreamAuditEvents(
                  Auditor("sun.shenji"), stream,
                  [&](const v1::AuditEvent&) {
                    ++streamed;
                    return true;
                  },
                  [] { return false; }),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(streamed, 0);
  fail_writes_ = false;
  EXPECT_EQ(VerifyGlobal().head_sequence(), head);  // nothing half-written
  NIANBAO_ASSERT_OK(audit_->ListAuditEvents(Auditor("sun.shenji"), request, &response));
  EXPECT_EQ(response.events_size(), 3);
}

TEST_F(AuditCoreTest, FiltersAndPageTokens) {
  RunWholeLifecycle(2023);
  v1::ListAuditEventsRequest by_actor;
  by_actor.set_agency_id("shuyang-fagaiju");
  by_actor.set_actor("chen.fabu");
  std::vector<v1::AuditEvent> events = ListAll(*audit_, Auditor("sun.shenji"), by_actor);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].action(), v1::AUDIT_ACTION_PUBLISH);
  v1::ListAuditEventsRequest by_action = by_actor;
  by_action.clear_actor();
  by_action.set_action(v1::AUDIT_ACTION_SUBMIT);
  EXPECT_EQ(ListAll(*audit_, Auditor("sun.shenji"), by_action).size(), 3u);
  v1::ListAuditEventsRequest future = by_action;
  future.mutable_start_time()->set_seconds(4102444800);  // 2100
  EXPECT_TRUE(ListAll(*audit_, Auditor("sun.shenji"), future).empty());
  // A token is bound to its filters, and page sizes are bounded.
  v1::ListAuditEventsRequest paged = by_action;
  paged.set_page_size(1);
  v1::ListAuditEventsResponse first;
  NIANBAO_ASSERT_OK(audit_->ListAuditEvents(Auditor("sun.shenji"), paged, &first));
  ASSERT_FALSE(first.next_page_token().empty());
  v1::ListAuditEventsRequest other = by_actor;
  other.set_page_token(first.next_page_token());
  v1::ListAuditEventsResponse response;
  EXPECT_THAT(audit_->ListAuditEvents(Auditor("sun.shenji"), other, &response),
              StatusIs(absl::StatusCode::kInvalidArgument));
  other.set_page_token("garbage");
  EXPECT_THAT(audit_->ListAuditEvents(Auditor("sun.shenji"), other, &response),
              StatusIs(absl::StatusCode::kInvalidArgument));
  paged.set_page_size(5000);
  EXPECT_THAT(audit_->ListAuditEvents(Auditor("sun.shenji"), paged, &response),
              StatusIs(absl::StatusCode::kInvalidArgument));
  v1::ListAuditEventsRequest bad_report;
  bad_report.set_report("reports/2023");
  EXPECT_THAT(audit_->ListAuditEvents(Auditor("sun.shenji"), bad_report, &response),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(AuditCoreTest, PagingWhileWritersRunYieldsEveryEventOnce) {
  constexpr int kWriters = 3;
  constexpr int kUpdates = 30;
  CreateAndUpdate("li.qicao", 2009, 5);  // Something to page through from the start.
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([this, w] { CreateAndUpdate("li.qicao", 2011 + w, kUpdates); });
  }
  // Page through the global trail while the writers append to it, until a page reaches the end.
  std::vector<int64_t> seen;
  int pages = 0;
  v1::ListAuditEventsRequest request;
  request.set_page_size(3);
  for (;;) {
    v1::ListAuditEventsResponse response;
    absl::Status s = audit_->ListAuditEvents(Auditor("zhou.zhongyang"), request, &response);
    ASSERT_TRUE(s.ok()) << s;
    ++pages;
    for (const auto& event : response.events()) seen.push_back(event.sequence());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  for (auto& writer : writers) writer.join();
  // What was paged is a gap-free, duplicate-free prefix of the final trail...
  ASSERT_FALSE(seen.empty());
  for (size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], static_cast<int64_t>(i + 1));
  const std::vector<v1::AuditEvent> all = ListAll(*audit_, Auditor("zhou.zhongyang"), {});
  // ... with the paging query's own read, recorded after its first page.
  const size_t total = 6 + kWriters * (kUpdates + 1) + 1;
  ASSERT_EQ(all.size(), total);
  std::set<int64_t> distinct;
  for (const auto& event : all) distinct.insert(event.sequence());
  EXPECT_EQ(distinct.size(), total);
  EXPECT_EQ(*distinct.rbegin(), static_cast<int64_t>(total));
  // ...and a filtered listing paged during more writes sees each of its events once.
  std::thread more([this] { CreateAndUpdate("li.qicao", 2020, 20); });
  v1::ListAuditEventsRequest updates;
  updates.set_agency_id("shuyang-fagaiju");
  updates.set_action(v1::AUDIT_ACTION_UPDATE);
  updates.set_page_size(4);
  std::vector<v1::AuditEvent> paged = ListAll(*audit_, Auditor("sun.shenji"), updates);
  more.join();
  std::set<int64_t> paged_distinct;
  for (const auto& event : paged) {
    EXPECT_EQ(event.action(), v1::AUDIT_ACTION_UPDATE);
    EXPECT_TRUE(paged_distinct.insert(event.sequence()).second) << "duplicate " << event.sequence();
  }
  EXPECT_TRUE(std::is_sorted(paged.begin(), paged.end(), [](const auto& a, const auto& b) {
    return a.sequence() < b.sequence();
  }));
  EXPECT_EQ(ListAll(*audit_, Auditor("sun.shenji"), updates).size(),
            static_cast<size_t>(5 + kWriters * kUpdates + 20));
  EXPECT_GT(pages, 1);
}

TEST_F(AuditCoreTest, StreamResumesAfterASequence) {
  CreateAndUpdate("li.qicao", 2023, 4);
  std::vector<int64_t> received;
  v1::StreamAuditEventsRequest request;
  request.set_after_sequence(2);
  request.set_agency_id("shuyang-fagaiju");
  NIANBAO_ASSERT_OK(audit_->StreamAuditEvents(
      Auditor("sun.shenji"), request,
      [&](const v1::AuditEvent& event) {
        received.push_back(event.sequence());
        return true;
      },
      [] { return false; }));
  // Event 6 is the stream's own read, recorded before the first event is sent.
  EXPECT_THAT(received, ElementsAre(3, 4, 5, 6));
  // Following: new events arrive; the writer stops the stream by returning false. This stream's
  // read and the writer's two events may land in either order, but gap-free after 6.
  std::vector<v1::AuditEvent> followed;
  request.set_follow(true);
  request.set_after_sequence(6);
  std::thread writer([this] { CreateAndUpdate("li.qicao", 2024, 1); });
  NIANBAO_ASSERT_OK(audit_->StreamAuditEvents(
      Auditor("sun.shenji"), request,
      [&](const v1::AuditEvent& event) {
        followed.push_back(event);
        return followed.size() < 3;
      },
      [] { return false; }));
  writer.join();
  ASSERT_EQ(followed.size(), 3u);
  std::vector<v1::AuditAction> actions;
  for (size_t i = 0; i < followed.size(); ++i) {
    EXPECT_EQ(followed[i].sequence(), static_cast<int64_t>(7 + i));
    if (followed[i].action() == v1::AUDIT_ACTION_READ) {
      EXPECT_EQ(followed[i].reason(),
                "订阅审计记录 (StreamAuditEvents): agency_id=shuyang-fagaiju, after_sequence=6, "
                "follow=true");
    } else {
      actions.push_back(followed[i].action());
    }
  }
  EXPECT_THAT(actions, ElementsAre(v1::AUDIT_ACTION_CREATE, v1::AUDIT_ACTION_UPDATE));
  v1::StreamAuditEventsRequest everything;
  EXPECT_THAT(audit_->StreamAuditEvents(
                  Auditor("sun.shenji"), everything, [](const v1::AuditEvent&) { return true; },
                  [] { return false; }),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(AuditCoreTest, CheckpointsVerifyWithThePublishedKey) {
  CreateAndUpdate("li.qicao", 2023, 3);
  v1::GetCheckpointRequest request;
  v1::GetCheckpointResponse periodic;
  NIANBAO_ASSERT_OK(audit_->GetCheckpoint(Auditor("sun.shenji"), request, &periodic));
  EXPECT_EQ(periodic.checkpoint().sequence(), 4);
  v1::GetPublicKeyResponse key;
  NIANBAO_ASSERT_OK(audit_->GetPublicKey(Auditor("li.qicao"), {}, &key));
  auto verifier = workflow::AuditVerifyingKey::FromPem(key.public_key_pem());
  ASSERT_TRUE(verifier.ok());
  NIANBAO_EXPECT_OK((*verifier)->Verify(periodic.checkpoint()));
  // Later events: the old checkpoint still verifies its prefix; sign_now covers the new head.
  CreateAndUpdate("li.qicao", 2024, 0);
  v1::VerifyChainRequest verify;
  *verify.mutable_checkpoint() = periodic.checkpoint();
  v1::VerifyChainResponse verified;
  NIANBAO_ASSERT_OK(audit_->VerifyChain(Auditor("zhou.zhongyang"), verify, &verified));
  EXPECT_TRUE(verified.intact());
  EXPECT_EQ(verified.events_verified(), 4);
  request.set_sign_now(true);
  v1::GetCheckpointResponse fresh;
  NIANBAO_ASSERT_OK(audit_->GetCheckpoint(Auditor("sun.shenji"), request, &fresh));
  EXPECT_EQ(fresh.checkpoint().sequence(), 5);
  // A forged checkpoint is refused as such.
  verify.mutable_checkpoint()->set_sequence(5);
  NIANBAO_ASSERT_OK(audit_->VerifyChain(Auditor("zhou.zhongyang"), verify, &verified));
  EXPECT_FALSE(verified.intact());
  EXPECT_EQ(verified.first_break().kind(), v1::CHAIN_BREAK_KIND_BAD_SIGNATURE);
  // Readers who audit nothing get no checkpoint.
  EXPECT_THAT(audit_->GetCheckpoint(Auditor("qian.chayue"), request, &fresh),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace nianbao::audit_test
