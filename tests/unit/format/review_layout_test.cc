#include "services/format/review_layout.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/unit/format/layout_checks.h"

namespace nianbao::format {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::CaseOutcomes;
using nianbao::v1::ReviewLitigationTable;

TEST(ReviewLayoutTest, ThreeGroupsOfFiveOutcomes) {
  ASSERT_EQ(CaseGroups().size(), kCaseGroupCount);
  ASSERT_EQ(OutcomeColumns().size(), kOutcomeColumnCount);
  EXPECT_STREQ(OutcomeColumns()[kOutcomeColumnCount - 1].field, "total");
  reflection::ExpectIdsIndex(CaseGroups(), &CaseGroupFor);
}

TEST(ReviewLayoutTest, GroupPathsResolveByReflectionToTheAccessorsGroup) {
  reflection::ExpectFieldsResolve<ReviewLitigationTable, CaseOutcomes>(
      CaseGroups(), "review_litigation.table.",
      [](AnnualReport& report) { return report.mutable_review_litigation()->mutable_table(); });
}

TEST(ReviewLayoutTest, GroupNamesAreUnique) {
  std::set<std::string> labels, names_zh, names_en;
  for (const CaseGroup& group : CaseGroups()) {
    EXPECT_TRUE(labels.insert(group.label_zh).second) << group.label_zh;
    EXPECT_TRUE(names_zh.insert(group.name_zh).second) << group.name_zh;
    EXPECT_TRUE(names_en.insert(group.name_en).second) << group.name_en;
  }
}

TEST(ReviewLayoutTest, LitigationGroupsAreNamedUnderTheirHeader) {
  EXPECT_STREQ(CaseGroupFor(CaseGroupId::kAdministrativeReview).name_zh,
               CaseGroupFor(CaseGroupId::kAdministrativeReview).label_zh);
  for (CaseGroupId id : {CaseGroupId::kLitigationDirect, CaseGroupId::kLitigationAfterReview}) {
    const CaseGroup& group = CaseGroupFor(id);
    EXPECT_EQ(group.name_zh, absl::StrCat(kLitigationHeader, "（", group.label_zh, "）"));
  }
}

TEST(ReviewLayoutTest, OutcomeColumnsResolveByReflectionToTheirAccessorsCell) {
  reflection::ExpectColumnsResolve(OutcomeColumns());
}

}  // namespace
}  // namespace nianbao::format
