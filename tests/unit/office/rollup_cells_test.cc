// services/office/rollup_cells: flat cells sum to exactly what the reflection sum (rollup_math)
// gives for the same random reports, in both formats and mixed, with blank and text cells, rows
// without cells and amounts; records from before the cells (tables as a message) sum the same;
// cells of another layout, cells that do not match their bits and bad amounts are refused without
// touching the total; an overflow is judged on the total and names its field.
#include "services/office/rollup_cells.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "google/protobuf/util/message_differencer.h"
#include "services/office/rollup_math.h"
#include "tests/support/balanced_reports.h"
#include "tests/support/status_matchers.h"

namespace nianbao::office {
namespace {

using google::protobuf::util::MessageDifferencer;
using nianbao::storage::v1::RollupCells;
using nianbao::storage::v1::RollupRecord;
using nianbao::testing::RandomBalancedReport;
using nianbao::testing::StatusIs;
using nianbao::v1::AnnualReport;

// A random report of either format, with what published reports do not have as well: text in
// count cells, rows without cells, and amounts with nanos.
AnnualReport RandomReport(std::mt19937& rng) {
  const auto version =
      rng() % 2 == 0 ? nianbao::v1::FORMAT_VERSION_2021 : nianbao::v1::FORMAT_VERSION_2019;
  AnnualReport report = RandomBalancedReport(rng, version, 1 + rng() % 1000, rng() % 2 == 0);
  auto* table2 = report.mutable_active_disclosure()->mutable_table();
  if (rng() % 3 == 0) table2->mutable_licensing_decisions()->set_text("/");
  if (rng() % 3 == 0) report.mutable_applications()->mutable_table()->mutable_carried_forward();
  if (rng() % 2 == 0) {
    auto* amount = table2->mutable_fee_amount()->mutable_amount();
    amount->set_units(static_cast<int64_t>(rng() % 100000));
    amount->set_nanos(static_cast<int32_t>(rng() % 1000000000));
  }
  if (rng() % 4 == 0) table2->mutable_fee_amount()->set_text("无");
  if (rng() % 5 == 0) report.mutable_review_litigation()->clear_table();
  return report;
}

std::string Diff(const AnnualReport& a, const AnnualReport& b) {
  MessageDifferencer differencer;
  std::string out;
  differencer.ReportDifferencesToString(&out);
  differencer.Compare(a, b);
  return out;
}

AnnualReport FlatSum(const std::vector<RollupRecord>& records) {
  CellTotal total;
  for (const RollupRecord& record : records)
    EXPECT_THAT(total.Add(record), nianbao::testing::IsOk());
  AnnualReport out;
  EXPECT_THAT(total.ToReport(&out), nianbao::testing::IsOk());
  return out;
}

TEST(RollupCellsTest, FlatSumsEqualTheReflectionSumsOnRandomReports) {
  std::mt19937 rng(20241204);
  for (int round = 0; round < 40; ++round) {
    AnnualReport expected;
    std::vector<RollupRecord> records;
    std::vector<RollupRecord> old_records;  // as written before the cells: tables as a message
    const int reports = 1 + round % 13;
    for (int i = 0; i < reports; ++i) {
      const AnnualReport report = RandomReport(rng);
      NIANBAO_ASSERT_OK(AddContribution(RollupContribution(report), 1, &expected));
      RollupRecord record;
      *record.mutable_cells() = FlattenTables(report);
      // Through the bytes, as the store keeps them.
      ASSERT_TRUE(record.ParseFromString(record.SerializeAsString()));
      records.push_back(record);
      RollupRecord old;
      *old.mutable_tables() = RollupContribution(report);
      old_records.push_back(old);
    }
    EXPECT_EQ(Diff(FlatSum(records), expected), "") << "round " << round;
    EXPECT_EQ(Diff(FlatSum(old_records), expected), "") << "round " << round;
    // One record alone is its own contribution.
    auto alone = RecordTables(records.front());
    ASSERT_THAT(alone, nianbao::testing::IsOk());
    AnnualReport first;
    NIANBAO_ASSERT_OK(AddContribution(old_records.front().tables(), 1, &first));
    EXPECT_EQ(Diff(*alone, first), "") << "round " << round;
  }
}

TEST(RollupCellsTest, NoContributionIsAnEmptyTotal) {
  AnnualReport out;
  out.mutable_metadata()->set_agency_name("replaced");
  NIANBAO_ASSERT_OK(CellTotal().ToReport(&out));
  EXPECT_EQ(out.ByteSizeLong(), 0u);
}

// One test for every refusal (each ctest case costs a process start under the sanitizers).
TEST(RollupCellsTest, RefusedCellsAddNothing) {
  std::mt19937 rng(2);
  const RollupCells good = FlattenTables(RandomReport(rng));
  RollupCells other_layout = good;
  other_layout.set_layout(good.layout() + 1);
  RollupCells extra = good;
  extra.add_values(1);
  RollupCells short_of_values = good;
  short_of_values.mutable_values()->RemoveLast();
  RollupCells too_long = good;
  too_long.mutable_filled()->append(64, '\xff');
  CellTotal total;
  EXPECT_THAT(total.Add(other_layout), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(total.Add(extra), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(total.Add(short_of_values), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(total.Add(too_long), StatusIs(absl::StatusCode::kDataLoss));

  // An amount whose nanos have the other sign than its units: INVALID_ARGUMENT naming the field,
  // and the record's other cells are not added either.
  AnnualReport report;
  auto* table = report.mutable_active_disclosure()->mutable_table();
  table->mutable_licensing_decisions()->set_number(4);
  auto* amount = table->mutable_fee_amount()->mutable_amount();
  amount->set_units(2);
  amount->set_nanos(-5);
  const absl::Status status = total.Add(FlattenTables(report));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(status.message()),
              ::testing::HasSubstr("active_disclosure.table.fee_amount"));
  AnnualReport out;
  NIANBAO_ASSERT_OK(total.ToReport(&out));
  EXPECT_EQ(out.ByteSizeLong(), 0u) << "a refused record adds nothing";
}

TEST(RollupCellsTest, OverflowIsJudgedOnTheTotalAndNamesItsField) {
  AnnualReport big;
  big.mutable_applications()
      ->mutable_table()
      ->mutable_new_applications()
      ->mutable_total()
      ->set_number(std::numeric_limits<int32_t>::max());
  AnnualReport negative = big;
  negative.mutable_applications()
      ->mutable_table()
      ->mutable_new_applications()
      ->mutable_total()
      ->set_number(-10);
  CellTotal total;
  NIANBAO_ASSERT_OK(total.Add(FlattenTables(big)));
  NIANBAO_ASSERT_OK(total.Add(FlattenTables(big)));
  AnnualReport out;
  const absl::Status status = total.ToReport(&out);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kOutOfRange));
  EXPECT_THAT(std::string(status.message()),
              ::testing::HasSubstr("applications.table.new_applications.total"));
  // The sum comes back into range: only the total is judged.
  NIANBAO_ASSERT_OK(total.Add(FlattenTables(big)));
  for (int i = 0; i < 3; ++i) {
    big.mutable_applications()
        ->mutable_table()
        ->mutable_new_applications()
        ->mutable_total()
        ->set_number(std::numeric_limits<int32_t>::min());
    NIANBAO_ASSERT_OK(total.Add(FlattenTables(big)));
  }
  NIANBAO_ASSERT_OK(total.Add(FlattenTables(negative)));
  NIANBAO_ASSERT_OK(total.ToReport(&out));
  EXPECT_EQ(out.applications().table().new_applications().total().number(),
            3 * static_cast<int64_t>(std::numeric_limits<int32_t>::max()) +
                3 * static_cast<int64_t>(std::numeric_limits<int32_t>::min()) - 10);
}

}  // namespace
}  // namespace nianbao::office
