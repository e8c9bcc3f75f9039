#include "services/format/application_layout.h"

#include <set>
#include <string>
#include <tuple>

#include "gtest/gtest.h"
#include "tests/unit/format/layout_checks.h"

namespace nianbao::format {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::ApplicantCounts;
using nianbao::v1::ApplicationTable;

int RowsIn(bool trial_2019) {
  int count = 0;
  for (const ApplicationRow& row : ApplicationRows()) count += RowInFormat(row, trial_2019);
  return count;
}

TEST(ApplicationLayoutTest, HasTwentyFiveRowsIn2021AndTwentyThreeIn2019) {
  EXPECT_EQ(ApplicationRows().size(), kApplicationRowCount);
  EXPECT_EQ(RowsIn(false), 25);
  EXPECT_EQ(RowsIn(true), 23);
}

TEST(ApplicationLayoutTest, IdsIndexTheRows) {
  reflection::ExpectIdsIndex(ApplicationRows(), &ApplicationRowFor);
}

TEST(ApplicationLayoutTest, RowPathsResolveByReflectionToTheAccessorsRow) {
  reflection::ExpectFieldsResolve<ApplicationTable, ApplicantCounts>(
      ApplicationRows(), "applications.table.",
      [](AnnualReport& report) { return report.mutable_applications()->mutable_table(); });
}

TEST(ApplicationLayoutTest, LabelsAreUniqueInEachFormat) {
  std::set<std::string> names;
  for (const ApplicationRow& row : ApplicationRows()) {
    EXPECT_TRUE(names.insert(row.name_zh).second) << row.name_zh;
  }
  for (bool trial_2019 : {false, true}) {
    std::set<std::tuple<std::string, std::string, std::string>> labels;
    for (const ApplicationRow& row : ApplicationRows()) {
      if (!RowInFormat(row, trial_2019)) continue;
      EXPECT_TRUE(labels.emplace(row.part_zh, row.group_zh, row.item_zh).second) << row.name_zh;
    }
  }
}

TEST(ApplicationLayoutTest, RolesFollowTheLabels) {
  for (const ApplicationRow& row : ApplicationRows()) {
    SCOPED_TRACE(row.name_zh);
    const bool under_results = std::string(row.part_zh) == "三、本年度办理结果";
    EXPECT_EQ(under_results, std::string(row.group_zh) != "");
    const bool is_result = row.role == RowRole::kResult || row.role == RowRole::kResult2021Only ||
                           row.role == RowRole::kResult2019Only;
    EXPECT_EQ(under_results, is_result || row.role == RowRole::kResultsTotal);
  }
  EXPECT_EQ(ApplicationRowFor(ApplicationRowId::kNewApplications).role, RowRole::kNew);
  EXPECT_EQ(ApplicationRowFor(ApplicationRowId::kCarriedOver).role, RowRole::kCarriedOver);
  EXPECT_EQ(ApplicationRowFor(ApplicationRowId::kResultsTotal).role, RowRole::kResultsTotal);
  EXPECT_EQ(ApplicationRowFor(ApplicationRowId::kCarriedForward).role, RowRole::kCarriedForward);
  EXPECT_EQ(ApplicationRowFor(ApplicationRowId::kOtherHandling2019).role, RowRole::kResult2019Only);
}

TEST(ApplicationLayoutTest, ColumnsResolveByReflectionToTheirAccessorsCell) {
  ASSERT_EQ(ApplicantColumns().size(), kApplicantColumnCount);
  EXPECT_STREQ(ApplicantColumns()[kTotalColumn].field, "total");
  reflection::ExpectColumnsResolve(ApplicantColumns());
}

TEST(ApplicationLayoutTest, CellsOfFollowsTheColumns) {
  ApplicantCounts counts;
  const ApplicantCells cells = CellsOf(counts);
  for (std::size_t i = 0; i < kApplicantColumnCount; ++i) {
    EXPECT_EQ(cells[i], &ApplicantColumns()[i].get(counts)) << ApplicantColumns()[i].field;
  }
}

TEST(ApplicationLayoutTest, OrganisationHeaderSpansTheFiveOrganisationColumns) {
  EXPECT_STREQ(ApplicantColumns()[kFirstOrganisationColumn].name_zh, "商业企业");
  EXPECT_EQ(kFirstOrganisationColumn + kOrganisationColumnCount, kTotalColumn);
}

}  // namespace
}  // namespace nianbao::format
