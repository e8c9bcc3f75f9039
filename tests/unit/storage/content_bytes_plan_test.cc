// Plans made on a report's content bytes (ReportMutation::plan_on_content_bytes): the store hands
// them the current report without its content and the content exactly as stored, wherever the row
// holds it, and refuses a mutation with no plan or with both.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

// What a content-bytes plan was given.
struct Seen {
  bool called = false;
  std::optional<Report> current;
  std::string content;
};

// A mutation whose content-bytes plan records what it was given and writes `next` as `row`.
ReportMutation RecordingMutation(const Report& next, std::string row, Seen* seen) {
  ReportMutation mutation;
  mutation.report_id = {next.agency_id(), next.report_year()};
  mutation.plan_on_content_bytes = [next, row, seen](const std::optional<Report>& current,
                                                     absl::string_view content) {
    seen->called = true;
    seen->current = current;
    seen->content = std::string(content);
    MutationPlan plan;
    plan.report = next;
    plan.report_bytes = row;
    plan.audit_events.push_back(MakeEvent(next.name(), "alice", nianbao::v1::AUDIT_ACTION_UPDATE,
                                          next.update_time().seconds()));
    return absl::StatusOr<MutationPlan>(std::move(plan));
  };
  return mutation;
}

Report WithContent(Report report, const std::string& title) {
  report.mutable_content()->mutable_metadata()->set_title(title);
  report.mutable_content()->mutable_metadata()->set_report_year(report.report_year());
  return report;
}

// The row as the workflow writes it: the report without its content, then the content's bytes.
std::string ContentLast(const Report& report) {
  Report without = report;
  without.clear_content();
  std::string row = without.SerializeAsString();
  Report content_only;
  *content_only.mutable_content() = report.content();
  return row + content_only.SerializeAsString();
}

TEST(ContentBytesPlanTest, GetsTheReportWithoutContentAndTheContentAsStored) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  const Report first =
      WithContent(MakeReport("a", 2024, nianbao::v1::REPORT_STATE_DRAFT, 10), "一");
  const Report second =
      WithContent(MakeReport("a", 2024, nianbao::v1::REPORT_STATE_DRAFT, 20), "二");
  const Report third =
      WithContent(MakeReport("a", 2024, nianbao::v1::REPORT_STATE_DRAFT, 30), "三");

  // None yet: no report, no bytes.
  Seen seen;
  ASSERT_THAT((*store)->Commit(RecordingMutation(first, first.SerializeAsString(), &seen)), IsOk());
  EXPECT_TRUE(seen.called);
  EXPECT_FALSE(seen.current.has_value());
  EXPECT_TRUE(seen.content.empty());

  // A row serialized whole (the content in the middle of it), then one written content-last.
  for (const auto& [stored, next] : {std::pair{first, second}, std::pair{second, third}}) {
    Seen seen_now;
    ASSERT_THAT((*store)->Commit(RecordingMutation(next, ContentLast(next), &seen_now)), IsOk());
    ASSERT_TRUE(seen_now.current.has_value());
    EXPECT_FALSE(seen_now.current->has_content());
    EXPECT_EQ(seen_now.current->update_time().seconds(), stored.update_time().seconds());
    EXPECT_EQ(seen_now.content, stored.content().SerializeAsString());
  }
  absl::StatusOr<Report> read = (*store)->GetReport({"a", 2024});
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->content().metadata().title(), "三");
}

TEST(ContentBytesPlanTest, ARowHoldingItsContentTwiceGivesTheMergedContent) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  Report stored = WithContent(MakeReport("a", 2024, nianbao::v1::REPORT_STATE_DRAFT, 10), "一");
  // The content in two pieces, as a parser merges them: the year from one, the rest from the
  // other.
  Report rest_only, year_only;
  *rest_only.mutable_content() = stored.content();
  rest_only.mutable_content()->mutable_metadata()->clear_report_year();
  year_only.mutable_content()->mutable_metadata()->set_report_year(2024);
  Report without = stored;
  without.clear_content();
  Seen ignored;
  ASSERT_THAT((*store)->Commit(RecordingMutation(stored,
                                                 without.SerializeAsString() +
                                                     rest_only.SerializeAsString() +
                                                     year_only.SerializeAsString(),
                                                 &ignored)),
              IsOk());
  Seen seen;
  const Report next = WithContent(MakeReport("a", 2024, nianbao::v1::REPORT_STATE_DRAFT, 20), "二");
  ASSERT_THAT((*store)->Commit(RecordingMutation(next, ContentLast(next), &seen)), IsOk());
  EXPECT_EQ(seen.content, stored.content().SerializeAsString());
}

TEST(ContentBytesPlanTest, AMutationNeedsExactlyOnePlan) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  const Report report = MakeReport("a", 2024, nianbao::v1::REPORT_STATE_DRAFT, 10);
  Seen seen;
  ReportMutation both = RecordingMutation(report, report.SerializeAsString(), &seen);
  both.plan = PutReportMutation(report, nianbao::v1::REPORT_STATE_UNSPECIFIED).plan;
  EXPECT_THAT((*store)->Commit(std::move(both)), StatusIs(absl::StatusCode::kInvalidArgument));
  ReportMutation neither;
  neither.report_id = {"a", 2024};
  EXPECT_THAT((*store)->Commit(std::move(neither)), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_FALSE(seen.called);
  EXPECT_THAT((*store)->GetReport({"a", 2024}), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace nianbao::storage
