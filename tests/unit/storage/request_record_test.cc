// Request records (storage/request_record.h): a response that carries a frozen revision's content
// is stored with references to it and replayed byte for byte, also after later edits and a reopen;
// a draft edit's record references its row's content (more in content_patch_test.cc); records of
// older builds still read; records expire after the TTL (reads and the compaction filter), with a
// fixed clock.
#include "storage/request_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "storage/key_encoding.h"
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
using nianbao::v1::ReportRevision;

constexpr auto kDraft = nianbao::v1::REPORT_STATE_DRAFT;
constexpr auto kInReview = nianbao::v1::REPORT_STATE_IN_REVIEW;
constexpr auto kNone = nianbao::v1::REPORT_STATE_UNSPECIFIED;

// A store whose clock is *now (seconds since the epoch), with the given TTL.
absl::StatusOr<std::unique_ptr<RocksReportStore>> OpenWithClock(const std::string& path,
                                                                const int64_t* now,
                                                                absl::Duration ttl) {
  RocksReportStoreOptions options;
  options.path = path;
  options.audit_sealer = FakeSeal;
  options.request_ttl = ttl;
  options.clock = [now] { return absl::FromUnixSeconds(*now); };
  return RocksReportStore::Open(std::move(options));
}

Report WithContent(Report report, const std::string& text) {
  report.mutable_content()->mutable_metadata()->set_title(text);
  return report;
}

// What SubmitReport commits: the report IN_REVIEW with a frozen revision of its content, answered
// with a message holding the revision and the report (so the content twice).
ReportMutation SubmitMutation(const Report& draft, const std::string& request_id) {
  ReportMutation mutation;
  mutation.report_id = {draft.agency_id(), draft.report_year()};
  mutation.request_id = request_id;
  mutation.request_fingerprint = "submit:" + draft.name();
  mutation.plan = [draft](const std::optional<Report>&) -> absl::StatusOr<MutationPlan> {
    MutationPlan plan;
    Report submitted = draft;
    submitted.set_state(kInReview);
    submitted.set_etag(draft.etag() + "-submitted");
    ReportRevision revision;
    revision.set_name(draft.name() + "/revisions/1");
    revision.set_report(draft.name());
    revision.set_revision(1);
    revision.set_kind(nianbao::v1::REVISION_KIND_SUBMITTED);
    *revision.mutable_content() = draft.content();
    // Field 1: the revision; field 2: the report (any message with both has these bytes).
    std::string response;
    const std::string revision_bytes = revision.SerializeAsString();
    const std::string report_bytes = submitted.SerializeAsString();
    response.push_back('\x0a');
    for (size_t n = revision_bytes.size();; n >>= 7) {
      response.push_back(static_cast<char>((n & 0x7F) | (n >= 0x80 ? 0x80 : 0)));
      if (n < 0x80) break;
    }
    response += revision_bytes;
    response.push_back('\x12');
    for (size_t n = report_bytes.size();; n >>= 7) {
      response.push_back(static_cast<char>((n & 0x7F) | (n >= 0x80 ? 0x80 : 0)));
      if (n < 0x80) break;
    }
    response += report_bytes;
    plan.response = std::move(response);
    plan.report = std::move(submitted);
    plan.revisions.push_back(std::move(revision));
    plan.audit_events.push_back(
        MakeEvent(draft.name(), "alice", nianbao::v1::AUDIT_ACTION_SUBMIT, 2));
    return plan;
  };
  return mutation;
}

TEST(RequestRecordTest, SplitAndJoinRoundTripAndOldFormatDecodes) {
  ReportRevision revision;
  revision.set_revision(3);
  revision.set_kind(nianbao::v1::REVISION_KIND_PUBLISHED);
  revision.mutable_content()->mutable_metadata()->set_title(std::string(600, 't'));
  const std::string row = revision.SerializeAsString();
  auto content = RevisionContentBytes(row);
  ASSERT_THAT(content, IsOk());
  const std::string response = absl::StrCat("head", *content, "middle", *content, "tail");
  StoredRequest split = SplitResponse("fp", 42, "a", 2024, response,
                                      {{3, nianbao::v1::REVISION_KIND_PUBLISHED, row}});
  ASSERT_EQ(split.pieces.size(), 5u);
  EXPECT_EQ(split.pieces[1].revision, 3);
  const std::string encoded = EncodeRequestRecord(split);
  EXPECT_LT(encoded.size(), 100u);
  EXPECT_EQ(RequestRecordWriteMicros(encoded), 42);
  auto decoded = DecodeRequestRecord(encoded);
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ(decoded->fingerprint, "fp");
  EXPECT_EQ(decoded->agency_id, "a");
  auto joined =
      JoinResponse(*decoded, [&](int64_t number, int kind) -> absl::StatusOr<std::string> {
        EXPECT_EQ(number, 3);
        EXPECT_EQ(kind, nianbao::v1::REVISION_KIND_PUBLISHED);
        return row;
      });
  ASSERT_THAT(joined, IsOk());
  EXPECT_EQ(*joined, response);
  // Short contents are not worth a reference; a format-0 record decodes as one literal, undated.
  EXPECT_EQ(SplitResponse("fp", 1, "a", 1, "xy", {{1, 1, "\x2a\x02xy"}}).pieces.size(), 1u);
  auto old = DecodeRequestRecord(RequestRecordValue("fp", "whole"));
  ASSERT_THAT(old, IsOk());
  EXPECT_EQ(old->write_micros, 0);
  ASSERT_EQ(old->pieces.size(), 1u);
  EXPECT_EQ(old->pieces[0].literal, "whole");
  EXPECT_FALSE(RequestRecordWriteMicros(RequestRecordValue("fp", "whole")).has_value());
  EXPECT_THAT(DecodeRequestRecord(encoded.substr(0, encoded.size() - 3)),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(RequestRecordTest, FrozenContentIsStoredOnceAndReplayedByteForByte) {
  TempDir dir;
  int64_t now = 1000;
  const std::string content(20000, 'c');
  std::string first_response;
  int64_t with_id = 0, without_id = 0;
  {
    auto store = OpenWithClock(dir.path(), &now, absl::Hours(24));
    ASSERT_THAT(store, IsOk());
    for (const char* agency : {"a", "b"}) {
      ASSERT_THAT((*store)->Commit(PutReportMutation(
                      WithContent(MakeReport(agency, 2024, kDraft, 1), content), kNone)),
                  IsOk());
    }
    int64_t before = (*store)->written_bytes();
    auto plain = (*store)->Commit(
        SubmitMutation(WithContent(MakeReport("b", 2024, kDraft, 1), content), ""));
    ASSERT_THAT(plain, IsOk());
    without_id = (*store)->written_bytes() - before;
    before = (*store)->written_bytes();
    auto first = (*store)->Commit(
        SubmitMutation(WithContent(MakeReport("a", 2024, kDraft, 1), content), "req-submit"));
    ASSERT_THAT(first, IsOk());
    with_id = (*store)->written_bytes() - before;
    first_response = first->response;
    // The record holds the response without the content (twice in it): a few hundred bytes more
    // than the same commit without a request_id, not two copies of 20,000.
    EXPECT_GT(first_response.size(), 2 * content.size());
    EXPECT_LT(with_id - without_id, 400) << with_id << " against " << without_id;
    // Approval answers with the report, whose content is the submitted revision's: referenced
    // too (read from the revision row the submit wrote).
    const Report approved =
        WithContent(MakeReport("a", 2024, nianbao::v1::REPORT_STATE_APPROVED, 3), content);
    before = (*store)->written_bytes();
    ASSERT_THAT(
        (*store)->Commit(PutReportMutation(
            WithContent(MakeReport("b", 2024, nianbao::v1::REPORT_STATE_APPROVED, 3), content),
            kInReview)),
        IsOk());
    without_id = (*store)->written_bytes() - before;
    before = (*store)->written_bytes();
    ReportMutation approve = PutReportMutation(approved, kInReview, "req-approve");
    approve.request_fingerprint = "approve:a";  // a digest, as the servers' (not the report)
    const std::string approve_fingerprint = approve.request_fingerprint;
    auto approve_first = (*store)->Commit(std::move(approve));
    ASSERT_THAT(approve_first, IsOk());
    with_id = (*store)->written_bytes() - before;
    EXPECT_LT(with_id - without_id, 300) << with_id << " against " << without_id;
    // A later edit replaces the report row; the retries still get the first responses.
    ASSERT_THAT(
        (*store)->Commit(PutReportMutation(WithContent(MakeReport("a", 2024, kDraft, 5), "other"),
                                           nianbao::v1::REPORT_STATE_APPROVED)),
        IsOk());
    auto approve_retry = (*store)->GetRequestResponse("req-approve", approve_fingerprint);
    ASSERT_THAT(approve_retry, IsOk());
    ASSERT_TRUE(approve_retry->has_value());
    EXPECT_EQ(**approve_retry, approve_first->response);
    EXPECT_EQ(**approve_retry, approved.SerializeAsString());
    auto retry = (*store)->Commit(
        SubmitMutation(WithContent(MakeReport("a", 2024, kDraft, 1), content), "req-submit"));
    ASSERT_THAT(retry, IsOk());
    EXPECT_TRUE(retry->replayed);
    EXPECT_EQ(retry->response, first_response);
  }
  auto store = OpenWithClock(dir.path(), &now, absl::Hours(24));
  ASSERT_THAT(store, IsOk());
  auto replayed = (*store)->GetRequestResponse("req-submit", "submit:" + ReportName("a", 2024));
  ASSERT_THAT(replayed, IsOk());
  ASSERT_TRUE(replayed->has_value());
  EXPECT_EQ(**replayed, first_response);
}

TEST(RequestRecordTest, DraftEditReplaysAfterItsRowIsReplacedAndOldRecordsStillRead) {
  TempDir dir;
  int64_t now = 1000;
  const Report first = WithContent(MakeReport("a", 2024, kDraft, 1), std::string(3000, 'f'));
  ReportMutation mutation = PutReportMutation(first, kNone, "req-create");
  const std::string fingerprint = mutation.request_fingerprint;
  {
    auto store = OpenWithClock(dir.path(), &now, absl::Hours(24));
    ASSERT_THAT(store, IsOk());
    ASSERT_THAT((*store)->Commit(std::move(mutation)), IsOk());
    // The row is replaced: the first content is rebuilt from the new row and its patch.
    ASSERT_THAT((*store)->Commit(PutReportMutation(
                    WithContent(MakeReport("a", 2024, kDraft, 2), "second"), kDraft)),
                IsOk());
    auto replayed = (*store)->GetRequestResponse("req-create", fingerprint);
    ASSERT_THAT(replayed, IsOk());
    ASSERT_TRUE(replayed->has_value());
    EXPECT_EQ(**replayed, first.SerializeAsString());
  }
  // A record as an older build wrote it (format 0: no time, the whole response).
  {
    rocksdb::Options options;
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, dir.path(), &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const std::string& name : names) descriptors.emplace_back(name, options);
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir.path(), descriptors, &handles, &raw).ok());
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] != "requests") continue;
      rocksdb::WriteOptions sync;
      sync.sync = true;
      ASSERT_TRUE(
          raw->Put(sync, handles[i], "req-old", RequestRecordValue("fp-old", "old answer")).ok());
    }
    for (auto* handle : handles) raw->DestroyColumnFamilyHandle(handle);
    ASSERT_TRUE(raw->Close().ok());
    delete raw;
  }
  now += 365 * 24 * 3600;  // an undated record does not expire
  auto store = OpenWithClock(dir.path(), &now, absl::Hours(24));
  ASSERT_THAT(store, IsOk());
  auto old = (*store)->GetRequestResponse("req-old", "fp-old");
  ASSERT_THAT(old, IsOk());
  ASSERT_TRUE(old->has_value());
  EXPECT_EQ(**old, "old answer");
}

// Counts the keys of the requests family, reading the closed database directly.
int CountRequestRecords(const std::string& path) {
  rocksdb::Options options;
  std::vector<std::string> names;
  if (!rocksdb::DB::ListColumnFamilies(options, path, &names).ok()) return -1;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) descriptors.emplace_back(name, options);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::OpenForReadOnly(options, path, descriptors, &handles, &raw).ok()) return -1;
  int count = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] != "requests") continue;
    std::unique_ptr<rocksdb::Iterator> it(raw->NewIterator(rocksdb::ReadOptions(), handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++count;
  }
  for (auto* handle : handles) raw->DestroyColumnFamilyHandle(handle);
  delete raw;
  return count;
}

TEST(RequestRecordTest, RecordsExpireAfterTheTtlInReadsAndInCompaction) {
  TempDir dir;
  int64_t now = 1000000;
  const absl::Duration ttl = absl::Hours(24);
  const Report report = MakeReport("a", 2024, kDraft, 1);
  {
    auto store = OpenWithClock(dir.path(), &now, ttl);
    ASSERT_THAT(store, IsOk());
    ASSERT_THAT(
        (*store)->Commit(PutReportMutation(MakeReport("b", 2024, kDraft, 1), kNone, "req-other")),
        IsOk());
    auto first = (*store)->Commit(PutReportMutation(report, kNone, "req-old"));
    ASSERT_THAT(first, IsOk());
    // Within the TTL, to the last second: the first response, nothing written.
    now += 24 * 3600 - 1;
    auto retry = (*store)->Commit(PutReportMutation(report, kNone, "req-old"));
    ASSERT_THAT(retry, IsOk());
    EXPECT_TRUE(retry->replayed);
    EXPECT_EQ(retry->response, first->response);
    // At the TTL the id is new again: the same request is planned (and refused, the report
    // exists), and another request may use the id.
    now += 1;
    auto absent = (*store)->GetRequestResponse("req-old", "fp:" + report.SerializeAsString());
    ASSERT_THAT(absent, IsOk());
    EXPECT_FALSE(absent->has_value());
    EXPECT_THAT((*store)->Commit(PutReportMutation(report, kNone, "req-old")),
                StatusIs(absl::StatusCode::kFailedPrecondition));
    auto reused =
        (*store)->Commit(PutReportMutation(MakeReport("c", 2024, kDraft, 1), kNone, "req-old"));
    ASSERT_THAT(reused, IsOk());
    EXPECT_FALSE(reused->replayed);
    // Compaction drops req-other's expired record and keeps req-old's new one.
    now += 10;
    ASSERT_THAT((*store)->CompactAll(), IsOk());
  }
  EXPECT_EQ(CountRequestRecords(dir.path()), 1);
}

}  // namespace
}  // namespace nianbao::storage
