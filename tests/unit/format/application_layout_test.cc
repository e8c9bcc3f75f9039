#include "services/format/application_layout.h"

#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/unit/format/field_path.h"

namespace nianbao::format {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::ApplicantCounts;
using nianbao::v1::ApplicationTable;
using reflection::HasMessageAt;
using reflection::MessageTypeAt;
using reflection::MutableMessageAt;

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
  for (std::size_t i = 0; i < ApplicationRows().size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(ApplicationRows()[i].id), i) << ApplicationRows()[i].field;
    EXPECT_EQ(&ApplicationRowFor(ApplicationRows()[i].id), &ApplicationRows()[i]);
  }
}

TEST(ApplicationLayoutTest, PathsResolveByReflectionToTheAccessorsRow) {
  for (const ApplicationRow& row : ApplicationRows()) {
    SCOPED_TRACE(row.path);
    EXPECT_EQ(std::string(row.path), absl::StrCat("applications.table.", row.field));
    EXPECT_EQ(MessageTypeAt(*AnnualReport::descriptor(), row.path),
              ApplicantCounts::descriptor()->full_name());
    AnnualReport report;
    google::protobuf::Message* resolved = MutableMessageAt(report, row.path);
    ApplicationTable& table = *report.mutable_applications()->mutable_table();
    EXPECT_EQ(row.mutable_get(table), resolved);
    EXPECT_EQ(&row.get(std::as_const(table)), resolved);
    EXPECT_TRUE(row.has(table));
  }
}

TEST(ApplicationLayoutTest, EachRowsAccessorsTouchOnlyThatRow) {
  for (const ApplicationRow& row : ApplicationRows()) {
    SCOPED_TRACE(row.path);
    AnnualReport report;
    ApplicationTable& table = *report.mutable_applications()->mutable_table();
    EXPECT_FALSE(row.has(table));
    EXPECT_EQ(&row.get(table), &ApplicantCounts::default_instance());
    row.mutable_get(table);
    for (const ApplicationRow& other : ApplicationRows()) {
      EXPECT_EQ(other.has(table), &other == &row) << other.path;
      EXPECT_EQ(HasMessageAt(report, other.path), &other == &row) << other.path;
    }
  }
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
  std::set<std::string> fields, names_zh, names_en;
  for (const ApplicantColumn& column : ApplicantColumns()) {
    SCOPED_TRACE(column.field);
    EXPECT_TRUE(fields.insert(column.field).second);
    EXPECT_TRUE(names_zh.insert(column.name_zh).second);
    EXPECT_TRUE(names_en.insert(column.name_en).second);
    ApplicantCounts counts;
    google::protobuf::Message* resolved = MutableMessageAt(counts, column.field);
    ASSERT_NE(resolved, nullptr);
    EXPECT_EQ(column.mutable_get(counts), resolved);
    EXPECT_EQ(&column.get(std::as_const(counts)), resolved);
  }
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
