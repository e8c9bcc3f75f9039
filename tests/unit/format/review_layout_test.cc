#include "services/format/review_layout.h"

#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/unit/format/field_path.h"

namespace nianbao::format {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::CaseOutcomes;
using nianbao::v1::ReviewLitigationTable;
using reflection::MessageTypeAt;
using reflection::MutableMessageAt;

TEST(ReviewLayoutTest, ThreeGroupsOfFiveOutcomes) {
  ASSERT_EQ(CaseGroups().size(), kCaseGroupCount);
  ASSERT_EQ(OutcomeColumns().size(), kOutcomeColumnCount);
  EXPECT_STREQ(OutcomeColumns()[kOutcomeColumnCount - 1].field, "total");
  for (std::size_t i = 0; i < CaseGroups().size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(CaseGroups()[i].id), i);
    EXPECT_EQ(&CaseGroupFor(CaseGroups()[i].id), &CaseGroups()[i]);
  }
}

TEST(ReviewLayoutTest, GroupPathsResolveByReflectionToTheAccessorsGroup) {
  std::set<std::string> labels, names_zh, names_en;
  for (const CaseGroup& group : CaseGroups()) {
    SCOPED_TRACE(group.path);
    EXPECT_TRUE(labels.insert(group.label_zh).second);
    EXPECT_TRUE(names_zh.insert(group.name_zh).second);
    EXPECT_TRUE(names_en.insert(group.name_en).second);
    EXPECT_EQ(std::string(group.path), absl::StrCat("review_litigation.table.", group.field));
    EXPECT_EQ(MessageTypeAt(*AnnualReport::descriptor(), group.path),
              CaseOutcomes::descriptor()->full_name());
    AnnualReport report;
    ReviewLitigationTable& table = *report.mutable_review_litigation()->mutable_table();
    EXPECT_FALSE(group.has(table));
    google::protobuf::Message* resolved = MutableMessageAt(report, group.path);
    EXPECT_EQ(group.mutable_get(table), resolved);
    EXPECT_EQ(&group.get(std::as_const(table)), resolved);
    for (const CaseGroup& other : CaseGroups()) EXPECT_EQ(other.has(table), &other == &group);
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
  std::set<std::string> fields, names_zh, names_en;
  for (const OutcomeColumn& column : OutcomeColumns()) {
    SCOPED_TRACE(column.field);
    EXPECT_TRUE(fields.insert(column.field).second);
    EXPECT_TRUE(names_zh.insert(column.name_zh).second);
    EXPECT_TRUE(names_en.insert(column.name_en).second);
    CaseOutcomes outcomes;
    google::protobuf::Message* resolved = MutableMessageAt(outcomes, column.field);
    ASSERT_NE(resolved, nullptr);
    EXPECT_EQ(column.mutable_get(outcomes), resolved);
    EXPECT_EQ(&column.get(std::as_const(outcomes)), resolved);
  }
}

}  // namespace
}  // namespace nianbao::format
