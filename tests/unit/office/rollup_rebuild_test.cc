// The one-time rebuild of the roll-up records from a database's published revisions
// (services/office/rollup_rebuild.h), on a real RocksReportStore: the latest published revision's
// tables, the first publication kept for the deadline, nothing for a report never published, and
// nothing read again once built; records that kept their tables as a message become flat cells.
#include "services/office/rollup_rebuild.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "services/office/rollup_cells.h"
#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::office {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::testing::IsOk;
using ::nianbao::testing::TempDir;

google::protobuf::Timestamp At(int64_t seconds) {
  google::protobuf::Timestamp time;
  time.set_seconds(seconds);
  return time;
}

v1::ReportRevision Revision(const std::string& report, int64_t n, v1::RevisionKind kind,
                            int32_t licensing, int64_t when) {
  v1::ReportRevision revision;
  revision.set_name(report + "/revisions/" + std::to_string(n));
  revision.set_report(report);
  revision.set_revision(n);
  revision.set_kind(kind);
  revision.mutable_content()->mutable_metadata()->set_agency_name("沭阳县人民政府");
  revision.mutable_content()
      ->mutable_active_disclosure()
      ->mutable_table()
      ->mutable_licensing_decisions()
      ->set_number(licensing);
  if (kind == v1::REVISION_KIND_PUBLISHED) {
    *revision.mutable_publish_time() = At(when);
  } else {
    *revision.mutable_create_time() = At(when);
  }
  return revision;
}

// Writes a report (as a database from before the roll-up holds it: no record) with its revisions.
void Put(nianbao::storage::ReportStore& store, const std::string& agency, v1::ReportState state,
         int64_t revision, int64_t published_revision, std::vector<v1::ReportRevision> revisions) {
  nianbao::storage::ReportMutation mutation;
  mutation.report_id = {agency, 2024};
  mutation.plan = [=](const std::optional<v1::Report>&) {
    nianbao::storage::MutationPlan plan;
    v1::Report report;
    report.set_name("agencies/" + agency + "/reports/2024");
    report.set_agency_id(agency);
    report.set_report_year(2024);
    report.set_state(state);
    report.set_revision(revision);
    report.set_published_revision(published_revision);
    *report.mutable_create_time() = At(50);
    plan.report = report;
    plan.revisions = revisions;
    return absl::StatusOr<nianbao::storage::MutationPlan>(std::move(plan));
  };
  ASSERT_THAT(store.Commit(std::move(mutation)), IsOk());
}

TEST(RollupRebuildTest, BuildsTheLatestPublishedTablesOnceKeepingTheFirstPublication) {
  TempDir dir;
  nianbao::storage::RocksReportStoreOptions options;
  options.path = dir.path();
  options.audit_sealer = [](v1::AuditEvent* event) { event->set_hash(std::string(32, 'h')); };
  options.reserved_disk_bytes = 0;
  auto store = nianbao::storage::RocksReportStore::Open(std::move(options));
  ASSERT_THAT(store, IsOk());
  const std::string report = "agencies/shuyang-xian/reports/2024";
  // Published as revision 1, corrected and published again as revision 2.
  ASSERT_NO_FATAL_FAILURE(Put(**store, "shuyang-xian", v1::REPORT_STATE_PUBLISHED, 2, 2,
                              {Revision(report, 1, v1::REVISION_KIND_SUBMITTED, 5, 100),
                               Revision(report, 1, v1::REVISION_KIND_PUBLISHED, 5, 200),
                               Revision(report, 2, v1::REVISION_KIND_SUBMITTED, 8, 300),
                               Revision(report, 2, v1::REVISION_KIND_PUBLISHED, 8, 400)}));
  // Submitted, never published.
  ASSERT_NO_FATAL_FAILURE(
      Put(**store, "siyang-xian", v1::REPORT_STATE_IN_REVIEW, 1, 0,
          {Revision("agencies/siyang-xian/reports/2024", 1, v1::REVISION_KIND_SUBMITTED, 3, 100)}));

  auto summary = RebuildContributionsIfMissing(store->get());
  ASSERT_THAT(summary, IsOk());
  EXPECT_TRUE(summary->rebuilt);
  EXPECT_EQ(summary->contributions, 1);
  auto records = (*store)->ListContributions(2024, nullptr);
  ASSERT_THAT(records, IsOk());
  ASSERT_EQ(records->size(), 1u);
  const auto& record = (*records)[0];
  EXPECT_EQ(record.agency_id(), "shuyang-xian");
  EXPECT_EQ(record.revision(), 2);
  EXPECT_EQ(record.first_revision(), 1);
  EXPECT_EQ(record.first_publish_time().seconds(), 200);
  EXPECT_EQ(record.publish_time().seconds(), 400);
  EXPECT_EQ(record.submit_time().seconds(), 300);
  EXPECT_FALSE(record.has_tables()) << "flat cells only";
  auto tables = RecordTables(record);
  ASSERT_THAT(tables, IsOk());
  EXPECT_EQ(tables->active_disclosure().table().licensing_decisions().number(), 8);
  EXPECT_FALSE(tables->has_metadata());  // tables 2-4 only
  EXPECT_EQ(summary->previous_version, "");

  // Built once: a second start reads nothing and writes nothing.
  auto again = RebuildContributionsIfMissing(store->get());
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->rebuilt);
}

// A database whose records kept their tables as a message (built as "1"): rebuilt once as flat
// cells from the records themselves, with what the revisions do not hold (the approval time) kept
// and the creation time added; a record of another revision is built from the revisions.
TEST(RollupRebuildTest, RecordsWithTablesBecomeFlatCellsKeepingTheirDates) {
  TempDir dir;
  nianbao::storage::RocksReportStoreOptions options;
  options.path = dir.path();
  options.audit_sealer = [](v1::AuditEvent* event) { event->set_hash(std::string(32, 'h')); };
  options.reserved_disk_bytes = 0;
  auto store = nianbao::storage::RocksReportStore::Open(std::move(options));
  ASSERT_THAT(store, IsOk());
  const std::string report = "agencies/shuyang-xian/reports/2024";
  ASSERT_NO_FATAL_FAILURE(Put(**store, "shuyang-xian", v1::REPORT_STATE_PUBLISHED, 1, 1,
                              {Revision(report, 1, v1::REVISION_KIND_SUBMITTED, 5, 100),
                               Revision(report, 1, v1::REVISION_KIND_PUBLISHED, 5, 200)}));
  nianbao::storage::v1::RollupRecord old;
  old.set_agency_id("shuyang-xian");
  old.set_report_year(2024);
  old.set_revision(1);
  old.set_first_revision(1);
  *old.mutable_first_publish_time() = At(200);
  *old.mutable_publish_time() = At(200);
  *old.mutable_approve_time() = At(150);
  // Not what revision 1 holds: proves the record, not the revision, was flattened.
  old.mutable_tables()
      ->mutable_active_disclosure()
      ->mutable_table()
      ->mutable_licensing_decisions()
      ->set_number(7);
  ASSERT_THAT((*store)->RebuildContributions({old}, "1"), IsOk());

  auto summary = RebuildContributionsIfMissing(store->get());
  ASSERT_THAT(summary, IsOk());
  EXPECT_TRUE(summary->rebuilt);
  EXPECT_EQ(summary->previous_version, "1");
  auto record = (*store)->GetContribution({"shuyang-xian", 2024});
  ASSERT_THAT(record, IsOk());
  ASSERT_TRUE(record->has_value());
  EXPECT_FALSE((*record)->has_tables());
  EXPECT_EQ((*record)->approve_time().seconds(), 150);
  EXPECT_EQ((*record)->create_time().seconds(), 50);
  auto tables = RecordTables(**record);
  ASSERT_THAT(tables, IsOk());
  EXPECT_EQ(tables->active_disclosure().table().licensing_decisions().number(), 7);
  EXPECT_EQ((*store)->ContributionsVersion().value_or(""), ContributionsVersionWritten());
}

}  // namespace
}  // namespace nianbao::office
