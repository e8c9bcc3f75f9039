// The office's roll-up records in RocksReportStore: written with the report in one batch and
// replaced by the next, scanned per year (optionally for some agencies), the state index read for a
// year, the one-time rebuild (which once left the indexes family's insert hints pointing into
// the range-deletion table: the next inserts failed a RocksDB assertion) and the version it
// records, and the reads without content the filing status makes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/storage/store_test_support.h"

namespace nianbao::storage::testing {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::storage::v1::RollupRecord;
using ::nianbao::testing::IsOk;
using ::nianbao::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::Pair;

RollupRecord Record(const std::string& agency, int32_t year, int64_t revision, int32_t count) {
  RollupRecord record;
  record.set_agency_id(agency);
  record.set_report_year(year);
  record.set_revision(revision);
  record.mutable_tables()
      ->mutable_active_disclosure()
      ->mutable_table()
      ->mutable_licensing_decisions()
      ->set_number(count);
  return record;
}

// PutReportMutation with a roll-up record in the same plan.
ReportMutation PublishMutation(const v1::Report& report, v1::ReportState expected,
                               RollupRecord record) {
  ReportMutation mutation = PutReportMutation(report, expected);
  PlanFunction inner = std::move(mutation.plan);
  mutation.plan = [inner, record](const std::optional<v1::Report>& current) {
    absl::StatusOr<MutationPlan> plan = inner(current);
    if (plan.ok()) plan->contribution = record;
    return plan;
  };
  return mutation;
}

std::vector<std::string> Agencies(const std::vector<RollupRecord>& records) {
  std::vector<std::string> out;
  for (const auto& record : records) {
    out.push_back(
        absl::StrCat(record.agency_id(), "@", record.revision(), "=",
                     record.tables().active_disclosure().table().licensing_decisions().number()));
  }
  return out;
}

TEST(RocksReportStoreRollupTest, ARecordIsWrittenWithItsReportAndReplacedByTheNext) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  ASSERT_THAT((*store)->Commit(
                  PublishMutation(MakeReport("b-agency", 2024, v1::REPORT_STATE_PUBLISHED, 10),
                                  v1::REPORT_STATE_UNSPECIFIED, Record("b-agency", 2024, 1, 5))),
              IsOk());
  ASSERT_THAT((*store)->Commit(
                  PublishMutation(MakeReport("a-agency", 2024, v1::REPORT_STATE_PUBLISHED, 11),
                                  v1::REPORT_STATE_UNSPECIFIED, Record("a-agency", 2024, 1, 3))),
              IsOk());
  ASSERT_THAT((*store)->Commit(
                  PublishMutation(MakeReport("a-agency", 2023, v1::REPORT_STATE_PUBLISHED, 12),
                                  v1::REPORT_STATE_UNSPECIFIED, Record("a-agency", 2023, 1, 100))),
              IsOk());
  ASSERT_THAT(
      (*store)->Commit(PutReportMutation(MakeReport("c-agency", 2024, v1::REPORT_STATE_DRAFT, 13),
                                         v1::REPORT_STATE_UNSPECIFIED)),
      IsOk());
  // A correction replaces b's record: the year moves by the difference only.
  ASSERT_THAT((*store)->Commit(
                  PublishMutation(MakeReport("b-agency", 2024, v1::REPORT_STATE_PUBLISHED, 20, 3),
                                  v1::REPORT_STATE_PUBLISHED, Record("b-agency", 2024, 3, 9))),
              IsOk());
  auto year = (*store)->ListContributions(2024, nullptr);
  ASSERT_THAT(year, IsOk());
  EXPECT_THAT(Agencies(*year), ElementsAre("a-agency@1=3", "b-agency@3=9"));
  const std::vector<std::string> only_b = {"b-agency", "c-agency"};
  auto some = (*store)->ListContributions(2024, &only_b);
  ASSERT_THAT(some, IsOk());
  EXPECT_THAT(Agencies(*some), ElementsAre("b-agency@3=9"));
  auto one = (*store)->GetContribution({"a-agency", 2023});
  ASSERT_THAT(one, IsOk());
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->revision(), 1);
  auto none = (*store)->GetContribution({"c-agency", 2024});
  ASSERT_THAT(none, IsOk());
  EXPECT_FALSE(none->has_value());
  auto states = (*store)->ListReportStates(2024);
  ASSERT_THAT(states, IsOk());
  EXPECT_THAT(*states, ElementsAre(Pair("a-agency", v1::REPORT_STATE_PUBLISHED),
                                   Pair("b-agency", v1::REPORT_STATE_PUBLISHED),
                                   Pair("c-agency", v1::REPORT_STATE_DRAFT)));
}

TEST(RocksReportStoreRollupTest, RebuildReplacesEveryRecordAndLaterCommitsStillInsert) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  auto built = (*store)->ContributionsBuilt();
  ASSERT_THAT(built, IsOk());
  EXPECT_FALSE(*built);
  ASSERT_THAT(
      (*store)->Commit(PublishMutation(MakeReport("stale", 2024, v1::REPORT_STATE_PUBLISHED, 10),
                                       v1::REPORT_STATE_UNSPECIFIED, Record("stale", 2024, 1, 1))),
      IsOk());
  ASSERT_THAT((*store)->RebuildContributions({Record("kept", 2024, 2, 4)}, "v2"), IsOk());
  built = (*store)->ContributionsBuilt();
  ASSERT_THAT(built, IsOk());
  EXPECT_TRUE(*built);
  auto version = (*store)->ContributionsVersion();
  ASSERT_THAT(version, IsOk());
  EXPECT_EQ(*version, "v2");
  // Many inserts into the indexes family after the rebuild (each publication adds index keys and
  // a record): with the rebuild's range tombstone these failed RocksDB's skip-list assertion.
  for (int i = 0; i < 200; ++i) {
    const std::string agency = absl::StrCat("agency-", 1000 + i);
    ASSERT_THAT((*store)->Commit(
                    PublishMutation(MakeReport(agency, 2024, v1::REPORT_STATE_PUBLISHED, 100 + i),
                                    v1::REPORT_STATE_UNSPECIFIED, Record(agency, 2024, 1, i))),
                IsOk());
  }
  auto year = (*store)->ListContributions(2024, nullptr);
  ASSERT_THAT(year, IsOk());
  ASSERT_EQ(year->size(), 201u);
  EXPECT_EQ(year->back().agency_id(), "kept");
  for (const RollupRecord& record : *year) EXPECT_NE(record.agency_id(), "stale");
}

// The filing status reads reports and revisions without their content: every other field as the
// whole read gives it, and NOT_FOUND (with its details) as GetReport and GetRevision say it.
TEST(RocksReportStoreRollupTest, ReadsWithoutContentKeepEverythingElse) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  v1::Report report = MakeReport("a-agency", 2024, v1::REPORT_STATE_IN_REVIEW, 40, 3);
  report.mutable_create_time()->set_seconds(7);
  report.set_submitter("clerk");
  report.set_published_revision(2);
  report.mutable_content()->mutable_overview()->add_paragraphs()->set_text(std::string(5000, 'x'));
  ASSERT_THAT((*store)->Commit(PutReportMutation(report, v1::REPORT_STATE_UNSPECIFIED)), IsOk());
  auto whole = (*store)->GetReport({"a-agency", 2024});
  auto light = (*store)->GetReportWithoutContent({"a-agency", 2024});
  ASSERT_THAT(whole, IsOk());
  ASSERT_THAT(light, IsOk());
  EXPECT_TRUE(whole->has_content());
  EXPECT_FALSE(light->has_content());
  whole->clear_content();
  EXPECT_EQ(light->SerializeAsString(), whole->SerializeAsString());
  EXPECT_EQ(light->create_time().seconds(), 7);

  auto missing = (*store)->GetReportWithoutContent({"b-agency", 2024});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status(), (*store)->GetReport({"b-agency", 2024}).status());
  auto no_revision =
      (*store)->GetRevisionWithoutContent({"a-agency", 2024}, 9, v1::REVISION_KIND_SUBMITTED);
  EXPECT_EQ(no_revision.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace nianbao::storage::testing
