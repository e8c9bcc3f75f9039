// services/office/rollup_math: the roll-up of balanced reports balances under the validator's own
// table rules; subtracting a contribution gives back the rest; blank stays blank; the fixtures sum
// to hand-computed values; overflow and bad amounts are refused without touching the total.
#include "services/office/rollup_math.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/codec/codec.h"
#include "services/office/rollup_cells.h"
#include "services/validation/validator.h"
#include "tests/support/balanced_reports.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::office {
namespace {

using nianbao::testing::RandomBalancedReport;
using nianbao::testing::StatusIs;
using nianbao::v1::AnnualReport;
using nianbao::v1::CountCell;
using nianbao::v1::FormatVersion;

// The table errors the validator finds (document-level rules such as SECTIONS are about text a
// roll-up does not have).
std::vector<std::string> TableErrors(const AnnualReport& report) {
  std::vector<std::string> errors;
  for (const auto& finding : validation::ValidateReport(report, {})) {
    if (finding.severity != validation::Severity::kError) continue;
    if (!absl::StartsWith(finding.field_path, "applications.table") &&
        !absl::StartsWith(finding.field_path, "review_litigation.table") &&
        !absl::StartsWith(finding.field_path, "active_disclosure.table")) {
      continue;
    }
    errors.push_back(std::string(finding.code) + " " + finding.field_path + " " +
                     finding.message_en);
  }
  return errors;
}

// Every blank count cell set to 0: subtraction cannot tell a cell that was blank before.
void BlankAsZero(google::protobuf::Message* message) {
  const auto* descriptor = message->GetDescriptor();
  const auto* reflection = message->GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    if (field->is_repeated() || field->message_type() == nullptr) continue;
    if (!reflection->HasField(*message, field)) continue;
    auto* child = reflection->MutableMessage(message, field);
    if (field->message_type() == CountCell::descriptor()) {
      auto* cell = static_cast<CountCell*>(child);
      if (cell->content_case() == CountCell::CONTENT_NOT_SET) cell->set_number(0);
    } else {
      BlankAsZero(child);
    }
  }
}

class RollupBalanceTest : public ::testing::TestWithParam<FormatVersion> {};

TEST_P(RollupBalanceTest, RandomBalancedReportsSumToABalancedRollup) {
  std::mt19937 rng(20240131 + GetParam());
  for (int round = 0; round < 20; ++round) {
    AnnualReport total;
    CellTotal flat;  // the way GetRollup sums (rollup_cells.h)
    int64_t new_applications = 0;
    const int reports = 1 + round * 3;
    for (int i = 0; i < reports; ++i) {
      const AnnualReport report = RandomBalancedReport(rng, GetParam());
      ASSERT_THAT(TableErrors(report), ::testing::IsEmpty()) << "the generator must balance";
      new_applications += report.applications().table().new_applications().total().number();
      NIANBAO_ASSERT_OK(AddContribution(RollupContribution(report), 1, &total));
      NIANBAO_ASSERT_OK(flat.Add(FlattenTables(report)));
    }
    EXPECT_THAT(TableErrors(total), ::testing::IsEmpty()) << "round " << round;
    AnnualReport flat_total;
    NIANBAO_ASSERT_OK(flat.ToReport(&flat_total));
    EXPECT_THAT(TableErrors(flat_total), ::testing::IsEmpty()) << "round " << round;
    EXPECT_EQ(total.applications().table().new_applications().total().number(), new_applications);
    EXPECT_EQ(total.applications().table().format_version(), GetParam());
    EXPECT_FALSE(total.has_metadata());
  }
}

TEST_P(RollupBalanceTest, SubtractingAContributionGivesBackTheRest) {
  std::mt19937 rng(7 + GetParam());
  std::vector<AnnualReport> parts;
  for (int i = 0; i < 12; ++i)
    parts.push_back(RollupContribution(RandomBalancedReport(rng, GetParam())));
  for (size_t removed = 0; removed < parts.size(); ++removed) {
    AnnualReport all;
    AnnualReport rest;
    for (size_t i = 0; i < parts.size(); ++i) {
      NIANBAO_ASSERT_OK(AddContribution(parts[i], 1, &all));
      if (i != removed) {
        NIANBAO_ASSERT_OK(AddContribution(parts[i], 1, &rest));
      }
    }
    NIANBAO_ASSERT_OK(AddContribution(parts[removed], -1, &all));
    BlankAsZero(&all);
    BlankAsZero(&rest);
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(all, rest))
        << "removing part " << removed << "\n"
        << all.DebugString() << "\nvs\n"
        << rest.DebugString();
  }
}

INSTANTIATE_TEST_SUITE_P(BothFormats, RollupBalanceTest,
                         ::testing::Values(nianbao::v1::FORMAT_VERSION_2021,
                                           nianbao::v1::FORMAT_VERSION_2019));

TEST(RollupMathTest, BlankCellsStayBlankAndNumbersFillBlanks) {
  AnnualReport a;
  auto* a_row = a.mutable_applications()->mutable_table()->mutable_new_applications();
  a_row->mutable_natural_person()->set_number(3);
  a_row->mutable_commercial_enterprise();  // Blank.
  a_row->mutable_research_institution();   // Blank.
  AnnualReport b = a;
  b.mutable_applications()
      ->mutable_table()
      ->mutable_new_applications()
      ->mutable_research_institution()
      ->set_number(2);
  AnnualReport total;
  NIANBAO_ASSERT_OK(AddContribution(RollupContribution(a), 1, &total));
  NIANBAO_ASSERT_OK(AddContribution(RollupContribution(b), 1, &total));
  const auto& row = total.applications().table().new_applications();
  EXPECT_EQ(row.natural_person().number(), 6);
  ASSERT_TRUE(row.has_commercial_enterprise()) << "the row's cells are kept";
  EXPECT_EQ(row.commercial_enterprise().content_case(), CountCell::CONTENT_NOT_SET);
  EXPECT_EQ(row.research_institution().number(), 2);
  EXPECT_FALSE(row.has_total()) << "a cell no report has stays absent";
  EXPECT_FALSE(total.applications().table().has_carried_over());
}

TEST(RollupMathTest, ContributionKeepsOnlyTheTablesAsNumbers) {
  AnnualReport report;
  report.mutable_metadata()->set_agency_name("某局");
  report.mutable_overview()->add_paragraphs()->set_text("总体情况");
  auto* table2 = report.mutable_active_disclosure()->mutable_table();
  table2->set_format_version(nianbao::v1::FORMAT_VERSION_2021);
  table2->mutable_licensing_decisions()->set_text("/");
  auto* fee = table2->mutable_fee_amount();
  fee->mutable_amount()->set_units(43);
  fee->mutable_amount()->set_nanos(788000000);
  fee->set_written("43.788万元");
  report.mutable_active_disclosure()->add_notes()->set_text("单位：件");
  const AnnualReport contribution = RollupContribution(report);
  EXPECT_FALSE(contribution.has_metadata());
  EXPECT_FALSE(contribution.has_overview());
  EXPECT_EQ(contribution.active_disclosure().notes_size(), 0);
  const auto& table = contribution.active_disclosure().table();
  EXPECT_EQ(table.format_version(), nianbao::v1::FORMAT_VERSION_2021);
  EXPECT_TRUE(table.has_licensing_decisions());
  EXPECT_EQ(table.licensing_decisions().content_case(), CountCell::CONTENT_NOT_SET);
  EXPECT_EQ(table.fee_amount().amount().units(), 43);
  EXPECT_EQ(table.fee_amount().written(), "");
}

TEST(RollupMathTest, AmountsCarryAcrossUnitsExactly) {
  AnnualReport part;
  auto* amount =
      part.mutable_active_disclosure()->mutable_table()->mutable_fee_amount()->mutable_amount();
  amount->set_units(1);
  amount->set_nanos(600000000);  // 1.6 万元.
  AnnualReport total;
  for (int i = 0; i < 3; ++i) NIANBAO_ASSERT_OK(AddContribution(part, 1, &total));
  const auto& sum = total.active_disclosure().table().fee_amount().amount();
  EXPECT_EQ(sum.units(), 4);
  EXPECT_EQ(sum.nanos(), 800000000);
  NIANBAO_ASSERT_OK(AddContribution(part, -1, &total));
  NIANBAO_ASSERT_OK(AddContribution(part, -1, &total));
  NIANBAO_ASSERT_OK(AddContribution(part, -1, &total));
  EXPECT_EQ(total.active_disclosure().table().fee_amount().amount().units(), 0);
  EXPECT_EQ(total.active_disclosure().table().fee_amount().amount().nanos(), 0);
}

TEST(RollupMathTest, FormatVersionsThatDifferMakeTheTotalMixed) {
  AnnualReport a;
  a.mutable_applications()->mutable_table()->set_format_version(nianbao::v1::FORMAT_VERSION_2021);
  AnnualReport b;
  b.mutable_applications()->mutable_table()->set_format_version(nianbao::v1::FORMAT_VERSION_2019);
  AnnualReport total;
  NIANBAO_ASSERT_OK(AddContribution(a, 1, &total));
  EXPECT_EQ(total.applications().table().format_version(), nianbao::v1::FORMAT_VERSION_2021);
  NIANBAO_ASSERT_OK(AddContribution(b, 1, &total));
  EXPECT_EQ(total.applications().table().format_version(), nianbao::v1::FORMAT_VERSION_MIXED);
}

TEST(RollupMathTest, OverflowIsRefusedAndLeavesTheTotalUnchanged) {
  AnnualReport part;
  auto* table = part.mutable_applications()->mutable_table();
  table->mutable_disclosed()->mutable_natural_person()->set_number(1);
  table->mutable_withheld()->mutable_state_secret()->mutable_total()->set_number(
      std::numeric_limits<int32_t>::max());
  AnnualReport total;
  NIANBAO_ASSERT_OK(AddContribution(part, 1, &total));
  const AnnualReport before = total;
  const absl::Status status = AddContribution(part, 1, &total);
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kOutOfRange,
                       ::testing::HasSubstr("applications.table.withheld.state_secret.total")));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(total, before));
}

// A failure in a late cell puts back everything the sum had done before it: cells, the rows it
// created, the merged format version.
TEST(RollupMathTest, AFailurePartWayUndoesTheWholeSum) {
  AnnualReport total;
  auto* total_table = total.mutable_applications()->mutable_table();
  total_table->set_format_version(nianbao::v1::FORMAT_VERSION_2021);
  total_table->mutable_disclosed()->mutable_natural_person()->set_number(5);
  total_table->mutable_disclosed()->mutable_commercial_enterprise();  // Blank.
  total_table->mutable_withheld()->mutable_state_secret()->mutable_total()->set_number(
      std::numeric_limits<int32_t>::max());
  AnnualReport part;
  auto* table = part.mutable_applications()->mutable_table();
  table->set_format_version(nianbao::v1::FORMAT_VERSION_2019);
  table->mutable_new_applications()->mutable_natural_person()->set_number(3);  // A new row.
  table->mutable_disclosed()->mutable_natural_person()->set_number(2);
  table->mutable_disclosed()->mutable_commercial_enterprise()->set_number(4);
  table->mutable_withheld()->mutable_state_secret()->mutable_total()->set_number(1);  // Overflows.
  part.mutable_review_litigation()
      ->mutable_table()
      ->mutable_administrative_review()
      ->mutable_total()
      ->set_number(1);
  const AnnualReport before = total;
  EXPECT_THAT(AddContribution(part, 1, &total), StatusIs(absl::StatusCode::kOutOfRange));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(total, before))
      << total.DebugString();
  EXPECT_FALSE(total.applications().table().has_new_applications());
  EXPECT_EQ(total.applications().table().disclosed().commercial_enterprise().content_case(),
            CountCell::CONTENT_NOT_SET);
}

TEST(RollupMathTest, BadSignAndBadNanosAreInvalid) {
  AnnualReport part;
  AnnualReport total;
  EXPECT_THAT(AddContribution(part, 2, &total), StatusIs(absl::StatusCode::kInvalidArgument));
  part.mutable_active_disclosure()
      ->mutable_table()
      ->mutable_fee_amount()
      ->mutable_amount()
      ->set_nanos(1'000'000'000);
  EXPECT_THAT(AddContribution(part, 1, &total),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("fee_amount")));
}

// The fixtures, summed, against figures read off their text by hand: 沭阳县发改局 2023 (一 26
// natural persons, 法人 columns blank; 规范性文件 8/0/18; 行政复议 尚未审结 1) and 建山交通局 2024
// (all zeros but 行政许可 1).
TEST(RollupMathTest, FixturesSumToHandComputedValues) {
  const std::string dir = nianbao::testing::FixturesDir() + "/reports/";
  auto shuyang = codec::ImportReportFile(dir + "2023_shuyang-fagaiju.txt");
  auto jianshan = codec::ImportReportFile(dir + "2024_jianshan-jiaotiju.txt");
  NIANBAO_ASSERT_OK(shuyang);
  NIANBAO_ASSERT_OK(jianshan);
  AnnualReport total;
  NIANBAO_ASSERT_OK(AddContribution(RollupContribution(*shuyang), 1, &total));
  NIANBAO_ASSERT_OK(AddContribution(RollupContribution(*shuyang), 1, &total));
  // Twice the one report: blank 法人 cells stay blank.
  const auto& doubled = total.applications().table().new_applications();
  EXPECT_EQ(doubled.natural_person().number(), 52);
  EXPECT_EQ(doubled.commercial_enterprise().content_case(), CountCell::CONTENT_NOT_SET);
  NIANBAO_ASSERT_OK(AddContribution(RollupContribution(*shuyang), -1, &total));
  NIANBAO_ASSERT_OK(AddContribution(RollupContribution(*jianshan), 1, &total));

  const auto& t3 = total.applications().table();
  EXPECT_EQ(t3.new_applications().natural_person().number(), 26);
  EXPECT_EQ(t3.new_applications().commercial_enterprise().number(), 0) << "0 + blank";
  EXPECT_EQ(t3.new_applications().total().number(), 26);
  EXPECT_EQ(t3.disclosed().total().number(), 26);
  EXPECT_EQ(t3.results_total().total().number(), 26);
  const auto& t2 = total.active_disclosure().table();
  EXPECT_EQ(t2.normative_documents().issued().number(), 8);
  EXPECT_EQ(t2.normative_documents().in_force().number(), 18);
  EXPECT_EQ(t2.licensing_decisions().number(), 1);
  const auto& review = total.review_litigation().table().administrative_review();
  EXPECT_EQ(review.pending().number(), 1);
  EXPECT_EQ(review.total().number(), 1);
  EXPECT_EQ(review.corrected().number(), 0);
  EXPECT_THAT(TableErrors(total), ::testing::IsEmpty());
}

}  // namespace
}  // namespace nianbao::office
