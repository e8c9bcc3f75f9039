// OfficeCore::GetFilingStatus with a fixed clock over a real store: deadlines judged in China
// Standard Time on the first publication (a correction does not move it), days overdue and days
// left to the day, and no deadline for a township.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "services/office/office_service_core.h"
#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "workflow/timestamps.h"

namespace nianbao::office {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::testing::IsOk;
using ::nianbao::testing::TempDir;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 60 * 60);

absl::Time China(int y, int m, int d, int hh = 12, int mm = 0, int ss = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, ss), kChina);
}

class OfficeFilingStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nianbao::storage::RocksReportStoreOptions options;
    options.path = dir_.path();
    options.audit_sealer = [](v1::AuditEvent* event) { event->set_hash(std::string(32, 'h')); };
    options.reserved_disk_bytes = 0;
    auto store = nianbao::storage::RocksReportStore::Open(std::move(options));
    ASSERT_THAT(store, IsOk());
    store_ = *std::move(store);
    nianbao::config::v1::AgencyRegistryConfig config;
    auto add = [&](const char* id, v1::AgencyKind kind, const char* parent) {
      auto* agency = config.add_agencies();
      agency->set_agency_id(id);
      agency->set_name(std::string("机关 ") + id);
      agency->set_kind(kind);
      agency->set_parent_agency_id(parent);
    };
    add("county", v1::AGENCY_KIND_GOVERNMENT, "");
    add("dept-a", v1::AGENCY_KIND_DEPARTMENT, "county");
    add("dept-b", v1::AGENCY_KIND_DEPARTMENT, "county");
    add("dept-c", v1::AGENCY_KIND_DEPARTMENT, "county");
    add("town", v1::AGENCY_KIND_TOWNSHIP, "county");
    auto registry = nianbao::workflow::AgencyRegistry::FromConfig(config);
    ASSERT_THAT(registry, IsOk());
    registry_ = *std::move(registry);
    call_.principal.name = "office";
    call_.principal.roles_by_agency["county"] = {v1::ROLE_SUPERVISOR};
  }

  // Writes the agency's 2024 report in `state`, with a roll-up record when it was published.
  void Put(const std::string& agency, v1::ReportState state,
           std::optional<absl::Time> first_publish = std::nullopt, int64_t revision = 1) {
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
      plan.report = report;
      if (first_publish) {
        nianbao::storage::v1::RollupRecord record;
        record.set_agency_id(agency);
        record.set_report_year(2024);
        record.set_revision(revision);
        record.set_first_revision(1);
        *record.mutable_first_publish_time() = nianbao::workflow::ToTimestamp(*first_publish);
        *record.mutable_publish_time() = nianbao::workflow::ToTimestamp(*first_publish);
        plan.contribution = record;
      }
      return absl::StatusOr<nianbao::storage::MutationPlan>(std::move(plan));
    };
    ASSERT_THAT(store_->Commit(std::move(mutation)), IsOk());
  }

  std::map<std::string, v1::AgencyFilingStatus> Status(absl::Time now,
                                                       v1::GetFilingStatusResponse* response) {
    OfficeCore core(store_.get(), registry_.get(), [now] { return now; });
    v1::GetFilingStatusRequest request;
    request.set_parent("agencies/county");
    request.set_report_year(2024);
    EXPECT_THAT(core.GetFilingStatus(call_, request, response), IsOk());
    std::map<std::string, v1::AgencyFilingStatus> rows;
    for (const auto& row : response->agencies()) rows[row.agency().substr(9)] = row;
    return rows;
  }

  TempDir dir_;
  std::unique_ptr<nianbao::storage::RocksReportStore> store_;
  std::unique_ptr<nianbao::workflow::AgencyRegistry> registry_;
  nianbao::workflow_service::CallContext call_;
};

TEST_F(OfficeFilingStatusTest, DeadlinesAreJudgedInChinaOnTheFirstPublication) {
  // 23:59:59 on 31 January in China (15:59:59 UTC): on time.
  ASSERT_NO_FATAL_FAILURE(
      Put("dept-a", v1::REPORT_STATE_PUBLISHED, China(2025, 1, 31, 23, 59, 59)));
  ASSERT_NO_FATAL_FAILURE(Put("dept-b", v1::REPORT_STATE_DRAFT));
  // First published on 5 February, a correction under way since: 5 days late, corrected.
  ASSERT_NO_FATAL_FAILURE(Put("dept-c", v1::REPORT_STATE_DRAFT, China(2025, 2, 5, 0, 0, 1), 2));
  v1::GetFilingStatusResponse response;
  auto rows = Status(China(2025, 2, 10, 0, 30), &response);  // 9 February 16:30 UTC
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_FALSE(rows["dept-a"].overdue());
  EXPECT_EQ(rows["dept-a"].days_overdue(), 0);
  EXPECT_EQ(rows["dept-a"].days_left(), 0);
  EXPECT_EQ(rows["dept-b"].state(), v1::FILING_STATE_DRAFT);
  EXPECT_TRUE(rows["dept-b"].overdue());
  EXPECT_EQ(rows["dept-b"].days_overdue(), 10);  // 10 February in China
  EXPECT_EQ(rows["dept-c"].state(), v1::FILING_STATE_PUBLISHED);
  EXPECT_TRUE(rows["dept-c"].corrected());
  EXPECT_EQ(rows["dept-c"].days_overdue(), 5);
  EXPECT_EQ(rows["county"].state(), v1::FILING_STATE_NO_REPORT);
  EXPECT_FALSE(rows["county"].overdue());
  EXPECT_EQ(rows["county"].days_left(), 49);  // to 31 March 2025
  EXPECT_FALSE(rows["town"].has_deadline());
  EXPECT_EQ(rows["town"].days_left(), 0);
  EXPECT_EQ(response.totals().overdue(), 2);
  EXPECT_EQ(response.totals().published(), 2);
  EXPECT_EQ(response.totals().corrected(), 1);
  EXPECT_EQ(response.as_of_time().seconds(), absl::ToUnixSeconds(China(2025, 2, 10, 0, 30)));

  // On the deadline day itself nothing unpublished is late yet, and 0 days are left.
  rows = Status(China(2025, 1, 31, 23, 0), &response);
  EXPECT_FALSE(rows["dept-b"].overdue());
  EXPECT_EQ(rows["dept-b"].days_left(), 0);
}

}  // namespace
}  // namespace nianbao::office
