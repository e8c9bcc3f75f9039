// RocksReportStore on a real RocksDB in a temporary directory: commits, atomicity under an injected
// failure, immutability of revisions, request_id replays, reopen and the schema version check.
#include "storage/rocks_report_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "storage/key_encoding.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/storage/store_test_support.h"

namespace nianbao::storage {
namespace {

using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;
using ::nianbao::testing::TempDir;
using ::testing::HasSubstr;
using namespace ::nianbao::storage::testing;  // NOLINT: test helpers
using nianbao::v1::Report;
using nianbao::v1::ReportRevision;

constexpr auto kDraft = nianbao::v1::REPORT_STATE_DRAFT;
constexpr auto kInReview = nianbao::v1::REPORT_STATE_IN_REVIEW;
constexpr auto kNone = nianbao::v1::REPORT_STATE_UNSPECIFIED;

TEST(RocksReportStoreTest, CommitWritesReportEventIndexAndRequestTogether) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  const Report report = MakeReport("fgj", 2024, kDraft, 100);
  auto committed = (*store)->Commit(PutReportMutation(report, kNone, "req-1"));
  ASSERT_THAT(committed, IsOk());
  EXPECT_FALSE(committed->replayed);
  ASSERT_EQ(committed->audit_events.size(), 1u);
  EXPECT_EQ(committed->audit_events[0].sequence(), 1);
  EXPECT_EQ(committed->audit_events[0].report_sequence(), 1);
  EXPECT_EQ(committed->audit_events[0].previous_hash(), std::string(32, '\0'));
  EXPECT_FALSE(committed->audit_events[0].hash().empty());

  auto stored = (*store)->GetReport({"fgj", 2024});
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->etag(), report.etag());
  EXPECT_THAT((*store)->GetReport({"fgj", 2023}), StatusIs(absl::StatusCode::kNotFound));
  ReportFilter by_state;
  by_state.state = kDraft;
  auto page = (*store)->ListReports(by_state, 10, "");
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->reports.size(), 1u);
  auto head = (*store)->GetAuditHead();
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->sequence, 1);
  EXPECT_EQ(head->hash, committed->audit_events[0].hash());
  auto response = (*store)->GetRequestResponse("req-1", "fp:" + report.SerializeAsString());
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->value(), report.SerializeAsString());
}

TEST(RocksReportStoreTest, InjectedWriteFailureLeavesNothingBehindEvenAfterReopen) {
  TempDir dir;
  std::atomic<bool> fail{false};
  {
    auto store = OpenStore(dir.path(), [&fail]() -> absl::Status {
      return fail ? absl::UnavailableError("injected failure") : absl::OkStatus();
    });
    ASSERT_THAT(store, IsOk());
    ASSERT_THAT((*store)->Commit(PutReportMutation(MakeReport("a", 2024, kDraft, 1), kNone)),
                IsOk());
    fail = true;
    // A transition with a revision, an event, index changes and a request record: all or nothing.
    ReportMutation mutation;
    mutation.report_id = {"a", 2024};
    mutation.request_id = "req-submit";
    mutation.request_fingerprint = "fp";
    mutation.plan = [](const std::optional<Report>& current) -> absl::StatusOr<MutationPlan> {
      MutationPlan plan;
      plan.report = *current;
      plan.report->set_state(kInReview);
      plan.report->mutable_update_time()->set_seconds(2);
      ReportRevision revision;
      revision.set_revision(1);
      revision.set_kind(nianbao::v1::REVISION_KIND_SUBMITTED);
      plan.revisions.push_back(revision);
      plan.audit_events.push_back(
          MakeEvent(current->name(), "bob", nianbao::v1::AUDIT_ACTION_SUBMIT, 2));
      return plan;
    };
    EXPECT_THAT((*store)->Commit(mutation), StatusIs(absl::StatusCode::kUnavailable));
    auto check = [&](RocksReportStore& s) {
      EXPECT_EQ(s.GetReport({"a", 2024})->state(), kDraft);
      EXPECT_THAT(s.GetRevision({"a", 2024}, 1, nianbao::v1::REVISION_KIND_SUBMITTED),
                  StatusIs(absl::StatusCode::kNotFound));
      EXPECT_EQ(s.GetAuditHead()->sequence, 1);
      EXPECT_FALSE(s.GetRequestResponse("req-submit", "fp")->has_value());
      ReportFilter in_review;
      in_review.state = kInReview;
      EXPECT_TRUE(s.ListReports(in_review, 10, "")->reports.empty());
      ReportFilter draft;
      draft.state = kDraft;
      EXPECT_EQ(s.ListReports(draft, 10, "")->reports.size(), 1u);
      EXPECT_EQ(s.ListAuditEvents(0, 10, {})->events.size(), 1u);
    };
    check(**store);
    fail = false;
    // The same request goes through once the failure is gone, with the next sequence number.
    auto retried = (*store)->Commit(mutation);
    ASSERT_THAT(retried, IsOk());
    EXPECT_EQ(retried->audit_events[0].sequence(), 2);
    // A replay writes nothing, so it answers even while writes fail.
    fail = true;
    auto replayed = (*store)->Commit(mutation);
    ASSERT_THAT(replayed, IsOk());
    EXPECT_TRUE(replayed->replayed);
  }
  auto reopened = OpenStore(dir.path());
  ASSERT_THAT(reopened, IsOk());
  EXPECT_EQ((*reopened)->GetReport({"a", 2024})->state(), kInReview);
  EXPECT_EQ((*reopened)->GetAuditHead()->sequence, 2);
  EXPECT_THAT((*reopened)->GetRevision({"a", 2024}, 1, nianbao::v1::REVISION_KIND_SUBMITTED),
              IsOk());
}

TEST(RocksReportStoreTest, PlanErrorWritesNothingAndDeniedResultWritesOnlyItsEvent) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  EXPECT_THAT((*store)->Commit(PutReportMutation(MakeReport("a", 2024, kDraft, 1), kDraft)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ((*store)->GetAuditHead()->sequence, 0);

  ReportMutation denied;
  denied.report_id = {"a", 2024};
  denied.request_id = "req-denied";
  denied.request_fingerprint = "fp";
  denied.plan = [](const std::optional<Report>&) -> absl::StatusOr<MutationPlan> {
    MutationPlan plan;
    auto event = MakeEvent(ReportName("a", 2024), "mallory", nianbao::v1::AUDIT_ACTION_APPROVE, 5);
    event.set_outcome(nianbao::v1::AUDIT_OUTCOME_DENIED);
    plan.audit_events.push_back(event);
    plan.result = absl::PermissionDeniedError("not an approver");
    return plan;
  };
  EXPECT_THAT((*store)->Commit(denied), StatusIs(absl::StatusCode::kPermissionDenied));
  auto events = (*store)->ListReportAuditEvents(ReportName("a", 2024), 0, 10, {});
  ASSERT_THAT(events, IsOk());
  ASSERT_EQ(events->events.size(), 1u);
  EXPECT_EQ(events->events[0].outcome(), nianbao::v1::AUDIT_OUTCOME_DENIED);
  EXPECT_THAT((*store)->GetReport({"a", 2024}), StatusIs(absl::StatusCode::kNotFound));
  // A refusal is not a result to replay: no request record.
  EXPECT_FALSE((*store)->GetRequestResponse("req-denied", "fp")->has_value());
}

TEST(RocksReportStoreTest, RevisionsAreNeverOverwritten) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  auto freeze = [](int64_t update, std::string content) {
    ReportMutation mutation;
    mutation.report_id = {"a", 2024};
    mutation.plan = [=](const std::optional<Report>&) -> absl::StatusOr<MutationPlan> {
      MutationPlan plan;
      plan.report = MakeReport("a", 2024, nianbao::v1::REPORT_STATE_PUBLISHED, update);
      ReportRevision revision;
      revision.set_name("agencies/a/reports/2024/revisions/1@published");
      revision.set_revision(1);
      revision.set_kind(nianbao::v1::REVISION_KIND_PUBLISHED);
      revision.mutable_content()->mutable_metadata()->set_title(content);
      plan.revisions.push_back(revision);
      return plan;
    };
    return mutation;
  };
  ASSERT_THAT((*store)->Commit(freeze(1, "first")), IsOk());
  EXPECT_THAT((*store)->Commit(freeze(2, "second")),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("revisions/1@published")));
  auto revision = (*store)->GetRevision({"a", 2024}, 1, nianbao::v1::REVISION_KIND_PUBLISHED);
  ASSERT_THAT(revision, IsOk());
  EXPECT_EQ(revision->content().metadata().title(), "first");
  // The refused mutation wrote nothing else either.
  EXPECT_EQ((*store)->GetReport({"a", 2024})->update_time().seconds(), 1);
  EXPECT_EQ((*store)->ListRevisions({"a", 2024})->size(), 1u);
}

TEST(RocksReportStoreTest, SameRequestIdReplaysFirstResponseWithoutWriting) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  const Report report = MakeReport("a", 2024, kDraft, 1);
  auto first = (*store)->Commit(PutReportMutation(report, kNone, "req"));
  ASSERT_THAT(first, IsOk());
  // The retry's plan would fail (the report exists now); it is not even called.
  auto retry = (*store)->Commit(PutReportMutation(report, kNone, "req"));
  ASSERT_THAT(retry, IsOk());
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->response, first->response);
  EXPECT_EQ((*store)->GetAuditHead()->sequence, 1);
  // The same id for something else is refused, naming the field.
  EXPECT_THAT((*store)->Commit(PutReportMutation(MakeReport("b", 2024, kDraft, 1), kNone, "req")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT((*store)->GetReport({"b", 2024}), StatusIs(absl::StatusCode::kNotFound));
}

// Retries racing their first attempt: several callers commit the same request at once, round
// after round. In each round exactly one commit writes, the others replay its response, and the
// chain has one event per round. (The commit thread reads a request's record back only when two
// commits of it are in flight together: this is that case. So is a retry whose plan fails because
// the first attempt wrote between its look-up of the record and its read of the report: it must
// be answered from the record, not with the plan's error.)
TEST(RocksReportStoreTest, ConcurrentCommitsOfOneRequestWriteItOnce) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  constexpr int kRounds = 150, kAttempts = 4;
  for (int round = 0; round < kRounds; ++round) {
    const Report report = MakeReport("r" + std::to_string(round), 2024, kDraft, 1);
    const std::string request_id = "req-" + std::to_string(round);
    std::vector<absl::StatusOr<CommitResult>> results(kAttempts);
    std::vector<std::thread> threads;
    for (int a = 0; a < kAttempts; ++a) {
      threads.emplace_back(
          [&, a] { results[a] = (*store)->Commit(PutReportMutation(report, kNone, request_id)); });
    }
    for (auto& thread : threads) thread.join();
    int written = 0;
    for (const auto& result : results) {
      ASSERT_THAT(result, IsOk()) << "round " << round;
      if (!result->replayed) ++written;
      EXPECT_EQ(result->response, results[0]->response);
    }
    EXPECT_EQ(written, 1) << "round " << round;
  }
  EXPECT_EQ((*store)->GetAuditHead()->sequence, kRounds);
}

// Each column family's memtable is tuned to its keys (a hash table for request records, insert
// hints for the others), and table files are written with the same options. With memtables small
// enough to be flushed many times, every record must read the same from memtables and table files,
// before and after a reopen.
TEST(RocksReportStoreTest, RecordsReadTheSameFromMemtablesAndTableFiles) {
  TempDir dir;
  constexpr int kReports = 400;
  std::vector<std::string> responses(kReports), fingerprints(kReports);
  auto open = [&] {
    RocksReportStoreOptions options;
    options.path = dir.path();
    options.audit_sealer = FakeSeal;
    // Small, but above the 400 KiB that the requests family's hash buckets take from the start.
    options.memtable_bytes = 1 << 20;
    return RocksReportStore::Open(std::move(options));
  };
  auto check = [&](RocksReportStore& store) {
    for (int i = 0; i < kReports; ++i) {
      const std::string id = "req-" + std::to_string(i);
      auto first = store.GetRequestResponse(id, fingerprints[i]);
      ASSERT_THAT(first, IsOk());
      ASSERT_TRUE(first->has_value()) << id;
      EXPECT_EQ(**first, responses[i]) << id;
      auto report = store.GetReport({"agency-" + std::to_string(i), 2024});
      ASSERT_THAT(report, IsOk());
      EXPECT_EQ(report->update_time().seconds(), 1000 + i);
    }
    auto unknown = store.GetRequestResponse("req-never", "fp");
    ASSERT_THAT(unknown, IsOk());
    EXPECT_FALSE(unknown->has_value());
    // The update-time index lists every report, oldest change first.
    ReportFilter by_time;
    by_time.order_by_update_time = true;
    auto page = store.ListReports(by_time, kReports + 1, "");
    ASSERT_THAT(page, IsOk());
    ASSERT_EQ(page->reports.size(), static_cast<size_t>(kReports));
    for (int i = 0; i < kReports; ++i) {
      EXPECT_EQ(page->reports[i].update_time().seconds(), 1000 + i);
    }
    EXPECT_EQ(store.GetAuditHead()->sequence, kReports);
  };
  {
    auto store = open();
    ASSERT_THAT(store, IsOk());
    for (int i = 0; i < kReports; ++i) {
      Report report = MakeReport("agency-" + std::to_string(i), 2024, kDraft, 1000 + i);
      report.mutable_content()->mutable_metadata()->set_title(std::string(8000, 'x'));
      ReportMutation mutation = PutReportMutation(report, kNone, "req-" + std::to_string(i));
      fingerprints[i] = mutation.request_fingerprint;
      auto written = (*store)->Commit(std::move(mutation));
      ASSERT_THAT(written, IsOk());
      responses[i] = written->response;
    }
    check(**store);
  }
  size_t table_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    table_files += entry.path().extension() == ".sst";
  }
  EXPECT_GT(table_files, 3u);  // the memtables were flushed, several times
  auto store = open();
  ASSERT_THAT(store, IsOk());
  check(**store);
}

TEST(RocksReportStoreTest, ReopenKeepsChainsAndContinuesSequences) {
  TempDir dir;
  std::string last_hash;
  {
    auto store = OpenStore(dir.path());
    ASSERT_THAT(store, IsOk());
    ASSERT_THAT((*store)->Commit(PutReportMutation(MakeReport("a", 2024, kDraft, 1), kNone)),
                IsOk());
    auto second = (*store)->Commit(PutReportMutation(MakeReport("a", 2024, kInReview, 2), kDraft));
    ASSERT_THAT(second, IsOk());
    last_hash = second->audit_events[0].report_hash();
  }
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  auto third = (*store)->Commit(PutReportMutation(MakeReport("a", 2024, kDraft, 3), kInReview));
  ASSERT_THAT(third, IsOk());
  EXPECT_EQ(third->audit_events[0].sequence(), 3);
  EXPECT_EQ(third->audit_events[0].report_sequence(), 3);
  EXPECT_EQ(third->audit_events[0].report_previous_hash(), last_hash);
  // A second store on the same directory is refused while the first holds it.
  EXPECT_THAT(OpenStore(dir.path()), StatusIs(absl::StatusCode::kUnavailable));
}

TEST(RocksReportStoreTest, NewerSchemaVersionIsRefused) {
  TempDir dir;
  { ASSERT_THAT(OpenStore(dir.path()), IsOk()); }
  {
    rocksdb::Options options;
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, dir.path(), &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const auto& name : names) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir.path(), descriptors, &handles, &db).ok());
    std::string version;
    AppendUint64(&version, RocksReportStore::kSchemaVersion + 1);
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "meta") {
        ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles[i], "schema_version", version).ok());
      }
    }
    for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
    delete db;
  }
  EXPECT_THAT(
      OpenStore(dir.path()),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr(absl::StrCat("schema version ", RocksReportStore::kSchemaVersion + 1))));
}

TEST(RocksReportStoreTest, ConcurrentCommitsShareWritesAndKeepOneGaplessChain) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  constexpr int kThreads = 8, kPerThread = 15;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string agency = "agency-" + std::to_string(t);
      auto state = kNone;
      for (int i = 0; i < kPerThread; ++i) {
        const auto next = (i % 2 == 0) ? kDraft : kInReview;
        EXPECT_THAT(
            (*store)->Commit(PutReportMutation(MakeReport(agency, 2024, next, i + 1), state)),
            IsOk());
        state = next;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE((*store)->write_count(), kThreads * kPerThread);
  auto page = (*store)->ListAuditEvents(0, 1000, {});
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->events.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_TRUE(page->end_of_trail);
  std::string previous(32, '\0');
  for (size_t i = 0; i < page->events.size(); ++i) {
    const auto& event = page->events[i];
    EXPECT_EQ(event.sequence(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(event.previous_hash(), previous);
    auto resealed = event;
    FakeSeal(&resealed);
    EXPECT_EQ(resealed.hash(), event.hash());
    previous = event.hash();
  }
  for (int t = 0; t < kThreads; ++t) {
    auto trail = (*store)->ListReportAuditEvents(ReportName("agency-" + std::to_string(t), 2024), 0,
                                                 1000, {});
    ASSERT_THAT(trail, IsOk());
    ASSERT_EQ(trail->events.size(), static_cast<size_t>(kPerThread));
    std::string report_previous(32, '\0');
    for (int i = 0; i < kPerThread; ++i) {
      EXPECT_EQ(trail->events[i].report_sequence(), i + 1);
      EXPECT_EQ(trail->events[i].report_previous_hash(), report_previous);
      report_previous = trail->events[i].report_hash();
    }
  }
}

// A change to report ("one", 2024) planned from the report as the store gives it: revision and
// update time one more, and an event. `on_plan` sees each report a plan is made from.
ReportMutation Increment(std::function<void(const Report&)> on_plan) {
  ReportMutation mutation;
  mutation.report_id = {"one", 2024};
  mutation.plan = [on_plan](const std::optional<Report>& current) -> absl::StatusOr<MutationPlan> {
    on_plan(*current);
    MutationPlan plan;
    plan.report = *current;
    plan.report->set_revision(current->revision() + 1);
    plan.report->mutable_update_time()->set_seconds(current->update_time().seconds() + 1);
    plan.audit_events.push_back(MakeEvent(current->name(), "alice",
                                          nianbao::v1::AUDIT_ACTION_UPDATE,
                                          plan.report->update_time().seconds()));
    return plan;
  };
  return mutation;
}

// A plan made on the caller's thread from a report that another commit changes before this one's
// turn is made again, from the new report: both changes land, neither overwrites the other.
TEST(RocksReportStoreTest, StalePlanIsMadeAgainFromTheChangedReport) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  const Report first = MakeReport("one", 2024, kDraft, 1);
  ASSERT_THAT((*store)->Commit(PutReportMutation(first, kNone)), IsOk());
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<int64_t> seen;  // the revision each plan of the slow change was made from
  bool other_committed = false;
  std::thread slow([&] {
    EXPECT_THAT((*store)->Commit(Increment([&](const Report& current) {
      std::unique_lock<std::mutex> lock(mutex);
      seen.push_back(current.revision());
      changed.notify_all();
      // The first plan waits until another change has committed.
      changed.wait(lock, [&] { return other_committed; });
    })),
                IsOk());
  });
  {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return !seen.empty(); });
  }
  EXPECT_THAT((*store)->Commit(Increment([](const Report&) {})), IsOk());
  {
    std::lock_guard<std::mutex> lock(mutex);
    other_committed = true;
  }
  changed.notify_all();
  slow.join();
  EXPECT_EQ(seen, (std::vector<int64_t>{first.revision(), first.revision() + 1}));
  auto stored = (*store)->GetReport({"one", 2024});
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->revision(), first.revision() + 2);
  auto trail = (*store)->ListReportAuditEvents(ReportName("one", 2024), 0, 10, {});
  ASSERT_THAT(trail, IsOk());
  EXPECT_EQ(trail->events.size(), 3u);
}

// Many callers changing one report at once: every change lands exactly once (stale plans are made
// again), and the report's chain stays gapless.
TEST(RocksReportStoreTest, ConcurrentChangesToOneReportArePlannedAgainAndNoneIsLost) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  const Report first = MakeReport("one", 2024, kDraft, 1);
  ASSERT_THAT((*store)->Commit(PutReportMutation(first, kNone)), IsOk());
  constexpr int kThreads = 8, kPerThread = 20;
  std::atomic<int> plans{0};
  auto increment = [&plans] { return Increment([&plans](const Report&) { ++plans; }); };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) EXPECT_THAT((*store)->Commit(increment()), IsOk());
    });
  }
  for (auto& thread : threads) thread.join();
  auto stored = (*store)->GetReport({"one", 2024});
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->revision(), first.revision() + kThreads * kPerThread);
  EXPECT_GE(plans.load(), kThreads * kPerThread);
  auto trail = (*store)->ListReportAuditEvents(ReportName("one", 2024), 0, 1000, {});
  ASSERT_THAT(trail, IsOk());
  ASSERT_EQ(trail->events.size(), static_cast<size_t>(kThreads * kPerThread + 1));
  for (size_t i = 1; i < trail->events.size(); ++i) {
    EXPECT_EQ(trail->events[i].report_sequence(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(trail->events[i].report_previous_hash(), trail->events[i - 1].report_hash());
  }
  // The last-change index holds exactly one entry for the report, the latest.
  ReportFilter by_time;
  by_time.order_by_update_time = true;
  auto page = (*store)->ListReports(by_time, 10, "");
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->reports.size(), 1u);
  EXPECT_EQ(page->reports[0].revision(), first.revision() + kThreads * kPerThread);
}

// CommitAsync as the asynchronous server uses it: callers queue commits and go on, the commit
// thread answers each once it is written (many share a write), and closing the store still
// writes and answers every commit queued before, so nothing acknowledged or queued is lost.
TEST(RocksReportStoreTest, AsyncCommitsAreAnsweredOnceEachAndDrainedAtClose) {
  TempDir dir;
  const Report first = MakeReport("one", 2024, kDraft, 1);
  constexpr int kThreads = 4, kPerThread = 50;
  std::atomic<int> answered{0}, failed{0};
  int64_t writes = 0;
  {
    auto store = OpenStore(dir.path());
    ASSERT_THAT(store, IsOk());
    ASSERT_THAT((*store)->Commit(PutReportMutation(first, kNone)), IsOk());
    const int64_t writes_before = (*store)->write_count();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < kPerThread; ++i) {
          (*store)->CommitAsync(
              Increment([](const Report&) {}),
              [&](absl::StatusOr<CommitResult> result) { (result.ok() ? answered : failed)++; });
        }
      });
    }
    for (auto& thread : threads) thread.join();
    // Closing now: some commits are probably still queued.
    writes = (*store)->write_count() - writes_before;
    store->reset();
  }
  EXPECT_EQ(answered.load(), kThreads * kPerThread);
  EXPECT_EQ(failed.load(), 0);
  auto reopened = OpenStore(dir.path());
  ASSERT_THAT(reopened, IsOk());
  auto stored = (*reopened)->GetReport({"one", 2024});
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->revision(), first.revision() + kThreads * kPerThread);
  auto trail = (*reopened)->ListReportAuditEvents(ReportName("one", 2024), 0, 1000, {});
  ASSERT_THAT(trail, IsOk());
  EXPECT_EQ(trail->events.size(), static_cast<size_t>(kThreads * kPerThread + 1));
  // Queued faster than one disk sync each, the commits shared writes.
  EXPECT_LT(writes, kThreads * kPerThread);
}

// A mutation refused before it is queued (here: no plan) is answered on the caller's thread.
TEST(RocksReportStoreTest, AsyncCommitRefusedBeforeQueueingAnswersAtOnce) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  std::optional<absl::Status> outcome;
  ReportMutation without_plan;
  without_plan.report_id = {"one", 2024};
  (*store)->CommitAsync(without_plan,
                        [&](absl::StatusOr<CommitResult> result) { outcome = result.status(); });
  ASSERT_TRUE(outcome.has_value());
  EXPECT_THAT(*outcome, StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(RocksReportStoreTest, AuditScansFilterAndPage) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  for (int i = 0; i < 10; ++i) {
    ReportMutation mutation;
    mutation.report_id = {"a", 2024};
    mutation.plan = [i](const std::optional<Report>&) -> absl::StatusOr<MutationPlan> {
      MutationPlan plan;
      plan.audit_events.push_back(MakeEvent(i % 2 ? ReportName("a", 2024) : "",
                                            i % 3 ? "alice" : "bob", nianbao::v1::AUDIT_ACTION_READ,
                                            1000 + i));
      return plan;
    };
    ASSERT_THAT((*store)->Commit(mutation), IsOk());
  }
  AuditEventFilter by_bob;
  by_bob.actor = "bob";
  auto page = (*store)->ListAuditEvents(0, 2, by_bob);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->events.size(), 2u);  // sequences 1 and 4
  EXPECT_EQ(page->events[1].sequence(), 4);
  EXPECT_FALSE(page->end_of_trail);
  auto rest = (*store)->ListAuditEvents(page->last_scanned, 10, by_bob);
  ASSERT_THAT(rest, IsOk());
  ASSERT_EQ(rest->events.size(), 2u);  // 7 and 10
  EXPECT_EQ(rest->events[1].sequence(), 10);
  EXPECT_TRUE(rest->end_of_trail);
  AuditEventFilter window;
  window.start_time = absl::FromUnixSeconds(1003);
  window.end_time = absl::FromUnixSeconds(1006);
  EXPECT_EQ((*store)->ListAuditEvents(0, 100, window)->events.size(), 3u);
  auto report_trail = (*store)->ListReportAuditEvents(ReportName("a", 2024), 2, 100, {});
  ASSERT_THAT(report_trail, IsOk());
  ASSERT_EQ(report_trail->events.size(), 3u);  // report sequences 3..5
  EXPECT_EQ(report_trail->events[0].report_sequence(), 3);
  EXPECT_EQ(report_trail->events[0].sequence(), 6);
  auto events_without_report = (*store)->ListAuditEvents(0, 1, {});
  EXPECT_EQ(events_without_report->events[0].report_sequence(), 0);
  EXPECT_TRUE(events_without_report->events[0].report_hash().empty());
  EXPECT_THAT((*store)->ListAuditEvents(0, 0, {}), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace nianbao::storage
