// A draft edit's request record references the content of the report row it writes, and later
// edits keep backward patches (storage/content_patch.h, request_record.h): the retry of an edit
// gets its first response byte for byte after later edits (small and whole), in one commit group
// with the next edit, after a reopen and a backup's restore; the record is a small fraction of the
// content; patches expire with the records; a missing or damaged patch is DATA_LOSS, never other
// bytes; a commit that keeps its etag keeps its content in its record.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "storage/key_encoding.h"
#include "storage/request_record.h"
#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/storage/store_test_support.h"

namespace nianbao::storage {
namespace {

using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;
using ::nianbao::testing::TempDir;
using namespace ::nianbao::storage::testing;  // NOLINT: test helpers
using nianbao::v1::Report;

constexpr auto kDraft = nianbao::v1::REPORT_STATE_DRAFT;
constexpr auto kNone = nianbao::v1::REPORT_STATE_UNSPECIFIED;

// A store whose clock is *now (seconds since the epoch), with the given TTL and group size.
absl::StatusOr<std::unique_ptr<RocksReportStore>> OpenWithClock(
    const std::string& path, const int64_t* now, std::function<absl::Status()> hook = nullptr) {
  RocksReportStoreOptions options;
  options.path = path;
  options.audit_sealer = FakeSeal;
  options.request_ttl = absl::Hours(24);
  options.clock = [now] { return absl::FromUnixSeconds(*now); };
  options.before_write_hook = std::move(hook);
  return RocksReportStore::Open(std::move(options));
}

// The content of edit `n`: whole replacements every fifth edit, else one section changed (as a
// masked update of one field changes a few bytes of the content).
std::string EditText(int n) {
  if (n % 5 == 0) return std::string(3000 + n, static_cast<char>('A' + n % 26));
  std::string text(3000, 'c');
  text.replace(static_cast<size_t>(n * 37 % 2900), 6, absl::StrCat("n", n, "#"));
  return text;
}

// What UpdateReport commits: the report with new content, etag and time, its row written as the
// lead's planner writes it (the report without its content, then the content field at the end)
// and answered with those same bytes.
ReportMutation EditMutation(const std::string& agency, int n, const std::string& request_id,
                            bool keep_etag = false) {
  ReportMutation mutation;
  mutation.report_id = {agency, 2024};
  mutation.request_id = request_id;
  mutation.request_fingerprint = absl::StrCat("edit:", agency, ":", n);
  mutation.plan =
      [agency, n, keep_etag](const std::optional<Report>& current) -> absl::StatusOr<MutationPlan> {
    Report report = current ? *current : MakeReport(agency, 2024, kDraft, 0);
    report.mutable_update_time()->set_seconds(report.update_time().seconds() + 1);
    if (!keep_etag) report.set_etag(absl::StrCat("e", n));
    report.clear_content();
    std::string row = report.SerializeAsString();
    report.mutable_content()->mutable_metadata()->set_title(EditText(n));
    const std::string content = report.content().SerializeAsString();
    row.push_back('\x32');  // field 6, length-delimited
    for (size_t size = content.size();; size >>= 7) {
      row.push_back(static_cast<char>((size & 0x7F) | (size >= 0x80 ? 0x80 : 0)));
      if (size < 0x80) break;
    }
    row += content;
    MutationPlan plan;
    plan.report_bytes = row;
    plan.response = std::move(row);
    plan.report = std::move(report);
    plan.audit_events.push_back(
        MakeEvent(ReportName(agency, 2024), "alice", nianbao::v1::AUDIT_ACTION_UPDATE, n));
    return plan;
  };
  return mutation;
}

// The first response to edit `n`, as a retry gets it.
absl::StatusOr<std::optional<std::string>> Retry(RocksReportStore& store, const std::string& agency,
                                                 int n) {
  return store.GetRequestResponse(absl::StrCat("req-", agency, "-", n),
                                  absl::StrCat("edit:", agency, ":", n));
}

void ExpectReplays(RocksReportStore& store, const std::string& agency, int n,
                   const std::string& first) {
  auto replayed = Retry(store, agency, n);
  ASSERT_THAT(replayed, IsOk()) << "edit " << n;
  ASSERT_TRUE(replayed->has_value()) << "edit " << n;
  EXPECT_EQ(**replayed, first) << "edit " << n;
}

// Edits 1..count of report `agency`, each with its request_id; their first responses.
std::vector<std::string> Edit(RocksReportStore& store, const std::string& agency, int from,
                              int count) {
  std::vector<std::string> responses;
  for (int n = from; n < from + count; ++n) {
    auto result = store.Commit(EditMutation(agency, n, absl::StrCat("req-", agency, "-", n)));
    EXPECT_THAT(result, IsOk());
    responses.push_back(result.ok() ? result->response : "");
  }
  return responses;
}

// Runs `change` on each key of `family` of the closed database at `path`.
void ChangeRaw(const std::string& path, const std::string& family,
               const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>& change) {
  rocksdb::Options options;
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) descriptors.emplace_back(name, options);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, path, descriptors, &handles, &raw).ok());
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == family) change(raw, handles[i]);
  }
  for (auto* handle : handles) raw->DestroyColumnFamilyHandle(handle);
  ASSERT_TRUE(raw->Close().ok());
  delete raw;
}

int CountKeys(const std::string& path, const std::string& family) {
  int count = 0;
  ChangeRaw(path, family, [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* handle) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handle));
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++count;
  });
  return count;
}

TEST(ContentPatchTest, EditRetriesReplayAfterLaterEditsReopenAndRestore) {
  TempDir dir, backups, restored;
  int64_t now = 1000;
  std::vector<std::string> first;
  {
    auto store = OpenWithClock(dir.path(), &now);
    ASSERT_THAT(store, IsOk());
    first = Edit(**store, "a", 1, 1);
    ExpectReplays(**store, "a", 1, first[0]);  // right away: the row itself
    // The record holds the response without its content: a small fraction of it.
    int64_t before = (*store)->written_bytes();
    ASSERT_THAT((*store)->Commit(EditMutation("a", 2, "")), IsOk());
    const int64_t without_id = (*store)->written_bytes() - before;
    before = (*store)->written_bytes();
    auto third = (*store)->Commit(EditMutation("a", 3, "req-a-3"));
    ASSERT_THAT(third, IsOk());
    const int64_t with_id = (*store)->written_bytes() - before;
    EXPECT_LT(with_id - without_id, 200) << with_id << " against " << without_id;
    // Edit 3 (one section of 3,000 bytes changed) wrote the content once (the row), with its
    // event, indexes, record and a small patch: not twice.
    EXPECT_LT(with_id, 3000 * 13 / 10) << with_id;
    first.push_back("");  // edit 2 had no request_id
    first.push_back(third->response);
    std::vector<std::string> more = Edit(**store, "a", 4, 1);  // 1 later edit of 3
    first.insert(first.end(), more.begin(), more.end());
    ExpectReplays(**store, "a", 1, first[0]);
    ExpectReplays(**store, "a", 3, first[2]);
    more = Edit(**store, "a", 5, 1);  // 2 later (a whole replacement)
    first.insert(first.end(), more.begin(), more.end());
    ExpectReplays(**store, "a", 3, first[2]);
    more = Edit(**store, "a", 6, 18);  // 20 later
    first.insert(first.end(), more.begin(), more.end());
    for (int n : {1, 3, 4, 5, 12, 23}) ExpectReplays(**store, "a", n, first[n - 1]);
    auto backup = (*store)->Backup({backups.path(), 0, ""});
    ASSERT_THAT(backup, IsOk());
  }
  auto store = OpenWithClock(dir.path(), &now);
  ASSERT_THAT(store, IsOk());
  for (int n : {1, 3, 5, 23}) ExpectReplays(**store, "a", n, first[n - 1]);
  // A restore carries the patches with the records (one consistent copy of every family).
  const std::string target = restored.path() + "/data";
  ASSERT_THAT(RestoreBackup(backups.path(), 0, target), IsOk());
  auto copy = OpenWithClock(target, &now);
  ASSERT_THAT(copy, IsOk());
  for (int n : {1, 3, 5, 23}) ExpectReplays(**copy, "a", n, first[n - 1]);
}

TEST(ContentPatchTest, TwoEditsOfOneReportInOneGroupBothReplay) {
  TempDir dir;
  int64_t now = 1000;
  std::mutex mutex;
  std::condition_variable hook_cv;
  bool hold = true, entered = false;
  auto store = OpenWithClock(dir.path(), &now, [&]() -> absl::Status {
    std::unique_lock<std::mutex> lock(mutex);
    entered = true;
    hook_cv.notify_all();
    hook_cv.wait(lock, [&] { return !hold; });
    return absl::OkStatus();
  });
  ASSERT_THAT(store, IsOk());
  const int64_t writes_before = (*store)->write_count();
  // The first write waits in the hook while two edits of report "a" queue behind it.
  std::vector<absl::StatusOr<CommitResult>> results(3, absl::UnknownError("unanswered"));
  std::mutex answered_mutex;
  std::condition_variable answered_cv;
  int answered = 0;
  auto done = [&](int i) {
    return [&, i](absl::StatusOr<CommitResult> result) {
      std::lock_guard<std::mutex> lock(answered_mutex);
      results[i] = std::move(result);
      ++answered;
      answered_cv.notify_all();
    };
  };
  (*store)->CommitAsync(PutReportMutation(MakeReport("blocker", 2024, kDraft, 1), kNone), done(0));
  {
    std::unique_lock<std::mutex> lock(mutex);
    hook_cv.wait(lock, [&] { return entered; });
  }
  // Queued (CommitAsync plans and queues before it returns) while the commit thread waits.
  (*store)->CommitAsync(EditMutation("a", 1, "req-a-1"), done(1));
  (*store)->CommitAsync(EditMutation("a", 2, "req-a-2"), done(2));
  {
    std::lock_guard<std::mutex> lock(mutex);
    hold = false;
  }
  hook_cv.notify_all();
  {
    std::unique_lock<std::mutex> lock(answered_mutex);
    answered_cv.wait(lock, [&] { return answered == 3; });
  }
  for (const auto& result : results) ASSERT_THAT(result, IsOk());
  EXPECT_EQ((*store)->write_count() - writes_before, 2);  // the edits shared the second write
  ExpectReplays(**store, "a", 1, results[1]->response);
  ExpectReplays(**store, "a", 2, results[2]->response);
  EXPECT_NE(results[1]->response, results[2]->response);
}

TEST(ContentPatchTest, PatchesExpireWithTheRecordsAndAreCompactedAway) {
  TempDir dir;
  int64_t now = 1000000;
  {
    auto store = OpenWithClock(dir.path(), &now);
    ASSERT_THAT(store, IsOk());
    Edit(**store, "a", 1, 5);
    ASSERT_THAT((*store)->CompactAll(), IsOk());
  }
  EXPECT_EQ(CountKeys(dir.path(), "content_patches"), 4);  // one per replaced version
  now += 24 * 3600;
  {
    auto store = OpenWithClock(dir.path(), &now);
    ASSERT_THAT(store, IsOk());
    auto absent = Retry(**store, "a", 1);
    ASSERT_THAT(absent, IsOk());
    EXPECT_FALSE(absent->has_value());
    ASSERT_THAT((*store)->CompactAll(), IsOk());
  }
  EXPECT_EQ(CountKeys(dir.path(), "content_patches"), 0);
  EXPECT_EQ(CountKeys(dir.path(), "requests"), 0);
}

TEST(ContentPatchTest, MissingOrDamagedPatchIsDataLossAndOlderRecordsStillRead) {
  TempDir dir;
  int64_t now = 1000;
  std::vector<std::string> first;
  {
    auto store = OpenWithClock(dir.path(), &now);
    ASSERT_THAT(store, IsOk());
    first = Edit(**store, "a", 1, 4);  // e1 -> e2 -> e3 -> e4 (e1..e3 patched)
  }
  ChangeRaw(dir.path(), "content_patches",
            [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* handle) {
              rocksdb::WriteOptions sync;
              sync.sync = true;
              // e2's patch gone; e1's middle bytes changed (a whole replacement's bytes: same
              // length).
              ASSERT_TRUE(db->Delete(sync, handle, ContentPatchKey("a", 2024, "e2")).ok());
              std::string value;
              const std::string key = ContentPatchKey("a", 2024, "e3");
              ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), handle, key, &value).ok());
              value.back() ^= 0x20;
              ASSERT_TRUE(db->Put(sync, handle, key, value).ok());
            });
  // A format-1 record holding its response as a literal, as builds before 'C' pieces wrote it.
  ChangeRaw(dir.path(), "requests", [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* handle) {
    StoredRequest literal;
    literal.fingerprint = "fp-lit";
    literal.write_micros = 1000LL * 1000000;
    literal.agency_id = "a";
    literal.report_year = 2024;
    literal.pieces.push_back(ResponsePiece{"literal answer", 0, 0, "", 0, 0});
    rocksdb::WriteOptions sync;
    sync.sync = true;
    ASSERT_TRUE(db->Put(sync, handle, "req-lit", EncodeRequestRecord(literal)).ok());
  });
  auto store = OpenWithClock(dir.path(), &now);
  ASSERT_THAT(store, IsOk());
  EXPECT_THAT(Retry(**store, "a", 1), StatusIs(absl::StatusCode::kDataLoss));  // chain broken
  EXPECT_THAT(Retry(**store, "a", 2), StatusIs(absl::StatusCode::kDataLoss));  // patch missing
  EXPECT_THAT(Retry(**store, "a", 3), StatusIs(absl::StatusCode::kDataLoss));  // patch damaged
  ExpectReplays(**store, "a", 4, first[3]);                                    // the row itself
  auto literal = (*store)->GetRequestResponse("req-lit", "fp-lit");
  ASSERT_THAT(literal, IsOk());
  ASSERT_TRUE(literal->has_value());
  EXPECT_EQ(**literal, "literal answer");
}

TEST(ContentPatchTest, CommitKeepingItsEtagKeepsItsContentAndOlderReferencesFailSafe) {
  TempDir dir;
  int64_t now = 1000;
  auto store = OpenWithClock(dir.path(), &now);
  ASSERT_THAT(store, IsOk());
  std::vector<std::string> first = Edit(**store, "a", 1, 2);  // etag e2 now
  // Edit 3 keeps etag e2 while changing the content: no patch, and its record holds its content.
  const int64_t before = (*store)->written_bytes();
  auto kept = (*store)->Commit(EditMutation("a", 3, "req-a-3", /*keep_etag=*/true));
  ASSERT_THAT(kept, IsOk());
  EXPECT_GT((*store)->written_bytes() - before, 2 * 3000);  // the row and the record's copy
  ExpectReplays(**store, "a", 3, kept->response);
  // Edit 2's record references e2, whose content is edit 3's now: DATA_LOSS, not edit 3's bytes.
  EXPECT_THAT(Retry(**store, "a", 2), StatusIs(absl::StatusCode::kDataLoss));
  // Later edits patch on from e2: edit 3 still replays; edit 1's chain runs through e2's
  // overwritten version and fails safe.
  Edit(**store, "a", 4, 1);
  ExpectReplays(**store, "a", 3, kept->response);
  EXPECT_THAT(Retry(**store, "a", 1), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(ContentPatchTest, ReadOnlyOpenOfADatabaseFromBeforeContentPatches) {
  TempDir dir;
  int64_t now = 1000;
  {
    auto store = OpenWithClock(dir.path(), &now);
    ASSERT_THAT(store, IsOk());
    ASSERT_THAT((*store)->Commit(PutReportMutation(MakeReport("a", 2024, kDraft, 1), kNone)),
                IsOk());
  }
  ChangeRaw(dir.path(), "content_patches",
            [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* handle) {
              ASSERT_TRUE(db->DropColumnFamily(handle).ok());
            });
  RocksReportStoreOptions options;
  options.path = dir.path();
  options.audit_sealer = FakeSeal;
  options.read_only = true;
  {
    auto salvage = RocksReportStore::Open(options);
    ASSERT_THAT(salvage, IsOk());
    EXPECT_THAT((*salvage)->GetReport({"a", 2024}), IsOk());
  }
  // A writable open creates the family, and edits use it.
  auto store = OpenWithClock(dir.path(), &now);
  ASSERT_THAT(store, IsOk());
  std::vector<std::string> first = Edit(**store, "b", 1, 2);
  ExpectReplays(**store, "b", 1, first[0]);
}

}  // namespace
}  // namespace nianbao::storage
