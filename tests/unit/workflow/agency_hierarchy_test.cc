// The registry's hierarchy: parents and region codes checked at load, and the subtree queries the
// agency API and the change feed rely on.
#include "workflow/agency_hierarchy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "google/rpc/error_details.pb.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "workflow/agency_registry.h"
#include "workflow/status_details.h"

namespace nianbao::workflow {
namespace {

using ::nianbao::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

absl::StatusOr<std::unique_ptr<AgencyRegistry>> FromText(const std::string& text) {
  nianbao::config::v1::AgencyRegistryConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &config)) << text;
  return AgencyRegistry::FromConfig(config);
}

std::string BadField(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  if (!GetDetail(status, kBadRequestTypeUrl, bad_request) ||
      bad_request.field_violations_size() == 0) {
    return "";
  }
  return bad_request.field_violations(0).field();
}

// Three levels, listed children first so that loading does not depend on the order of the file:
// 宿迁市人民政府 > 沭阳县人民政府 > {发改局, 教育局, 沭城街道}; 尖山区教体局 stands alone.
constexpr char kThreeLevels[] = R"(
  agencies { agency_id: "shuyang-fagaiju" name: "沭阳县发展和改革局"
             kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "shuyang-xian" }
  agencies { agency_id: "shuyang-shucheng" name: "沭阳县沭城街道办事处"
             kind: AGENCY_KIND_TOWNSHIP parent_agency_id: "shuyang-xian" region_code: "321322001" }
  agencies { agency_id: "shuyang-xian" name: "沭阳县人民政府" kind: AGENCY_KIND_GOVERNMENT
             parent_agency_id: "suqian-shi" region_code: "321322" }
  agencies { agency_id: "suqian-shi" name: "宿迁市人民政府" kind: AGENCY_KIND_GOVERNMENT
             region_code: "321300" }
  agencies { agency_id: "shuyang-jiaoyuju" name: "沭阳县教育局"
             kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "shuyang-xian" }
  agencies { agency_id: "jianshan-jiaotiju" name: "尖山区教体局" kind: AGENCY_KIND_DEPARTMENT }
)";

TEST(AgencyHierarchyTest, SubtreesAcrossThreeLevels) {
  auto loaded = FromText(kThreeLevels);
  ASSERT_THAT(loaded, ::nianbao::testing::IsOk());
  const AgencyRegistry& registry = **loaded;

  EXPECT_THAT(registry.Subtree("suqian-shi"),
              ElementsAre("shuyang-fagaiju", "shuyang-jiaoyuju", "shuyang-shucheng", "shuyang-xian",
                          "suqian-shi"));
  EXPECT_THAT(registry.Subtree("shuyang-xian"), ElementsAre("shuyang-fagaiju", "shuyang-jiaoyuju",
                                                            "shuyang-shucheng", "shuyang-xian"));
  EXPECT_THAT(registry.Subtree("shuyang-fagaiju"), ElementsAre("shuyang-fagaiju"));
  EXPECT_THAT(registry.Subtree("jianshan-jiaotiju"), ElementsAre("jianshan-jiaotiju"));
  EXPECT_THAT(registry.Subtree("unknown"), IsEmpty());

  // An agency is in its own subtree, in its ancestors' and in no one else's.
  EXPECT_TRUE(registry.IsInSubtree("shuyang-fagaiju", "shuyang-fagaiju"));
  EXPECT_TRUE(registry.IsInSubtree("shuyang-fagaiju", "shuyang-xian"));
  EXPECT_TRUE(registry.IsInSubtree("shuyang-fagaiju", "suqian-shi"));
  EXPECT_TRUE(registry.IsInSubtree("shuyang-xian", "suqian-shi"));
  EXPECT_FALSE(registry.IsInSubtree("shuyang-xian", "shuyang-fagaiju"));
  EXPECT_FALSE(registry.IsInSubtree("suqian-shi", "shuyang-xian"));
  EXPECT_FALSE(registry.IsInSubtree("shuyang-fagaiju", "shuyang-jiaoyuju"));
  EXPECT_FALSE(registry.IsInSubtree("jianshan-jiaotiju", "suqian-shi"));
  EXPECT_FALSE(registry.IsInSubtree("unknown", "suqian-shi"));
  EXPECT_FALSE(registry.IsInSubtree("suqian-shi", "unknown"));
  EXPECT_FALSE(registry.IsInSubtree("", ""));

  EXPECT_THAT(registry.Children("suqian-shi"), ElementsAre("shuyang-xian"));
  EXPECT_THAT(registry.Children("shuyang-xian"),
              ElementsAre("shuyang-fagaiju", "shuyang-jiaoyuju", "shuyang-shucheng"));
  EXPECT_THAT(registry.Children("shuyang-fagaiju"), IsEmpty());
  EXPECT_THAT(registry.Children("unknown"), IsEmpty());
  EXPECT_EQ(registry.hierarchy().ParentOf("shuyang-xian"), "suqian-shi");
  EXPECT_EQ(registry.hierarchy().ParentOf("suqian-shi"), "");

  // Paging walks the agencies by id.
  std::vector<std::string> ids;
  for (const auto& [id, agency] : registry.agencies()) ids.push_back(id);
  EXPECT_THAT(ids, ElementsAre("jianshan-jiaotiju", "shuyang-fagaiju", "shuyang-jiaoyuju",
                               "shuyang-shucheng", "shuyang-xian", "suqian-shi"));
  EXPECT_EQ(registry.Find("shuyang-shucheng")->region_code(), "321322001");
}

TEST(AgencyHierarchyTest, AnAgencyCannotBeItsOwnParent) {
  auto loaded = FromText(R"(
    agencies { agency_id: "a" name: "甲" kind: AGENCY_KIND_GOVERNMENT }
    agencies { agency_id: "b" name: "乙" kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "b" })");
  EXPECT_THAT(loaded, StatusIs(absl::StatusCode::kInvalidArgument,
                               AllOf(HasSubstr("机关“b”不能是自己的上级机关"),
                                     HasSubstr("agency 'b' is its own parent"))));
  EXPECT_EQ(BadField(loaded.status()), "agencies[1].parent_agency_id");
}

TEST(AgencyHierarchyTest, TheParentMustBeRegisteredInTheSameFile) {
  auto loaded = FromText(R"(
    agencies { agency_id: "a" name: "甲" kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "suqian" })");
  EXPECT_THAT(loaded, StatusIs(absl::StatusCode::kInvalidArgument,
                               AllOf(HasSubstr("上级机关“suqian”未在本文件登记"),
                                     HasSubstr("the parent 'suqian' of agency 'a' is not "
                                               "registered in this file"))));
  EXPECT_EQ(BadField(loaded.status()), "agencies[0].parent_agency_id");
}

TEST(AgencyHierarchyTest, ACycleIsRefusedNamingItsAgencies) {
  // c → a → b → a: the cycle is a, b (c hangs below it); it is told from its first entry in the
  // file, b.
  auto loaded = FromText(R"(
    agencies { agency_id: "c" name: "丙" kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "a" }
    agencies { agency_id: "top" name: "顶" kind: AGENCY_KIND_GOVERNMENT }
    agencies { agency_id: "b" name: "乙" kind: AGENCY_KIND_GOVERNMENT parent_agency_id: "a" }
    agencies { agency_id: "a" name: "甲" kind: AGENCY_KIND_GOVERNMENT parent_agency_id: "b" })");
  ASSERT_THAT(loaded, StatusIs(absl::StatusCode::kInvalidArgument,
                               AllOf(HasSubstr("上级机关关系成环：b（乙） → a（甲） → b"),
                                     HasSubstr("cycle of parents: b (乙) -> a (甲) -> b"))));
  const std::string message(loaded.status().message());
  // Chinese first, then English; the agency outside the cycle is not blamed.
  EXPECT_LT(message.find("成环"), message.find("cycle"));
  EXPECT_EQ(message.find("丙"), std::string::npos);
  EXPECT_EQ(BadField(loaded.status()), "agencies[2].parent_agency_id");

  auto three = FromText(R"(
    agencies { agency_id: "x" name: "县" kind: AGENCY_KIND_GOVERNMENT parent_agency_id: "z" }
    agencies { agency_id: "y" name: "局" kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "x" }
    agencies { agency_id: "z" name: "镇" kind: AGENCY_KIND_TOWNSHIP parent_agency_id: "y" })");
  EXPECT_THAT(three, StatusIs(absl::StatusCode::kInvalidArgument,
                              HasSubstr("x（县） → z（镇） → y（局） → x")));
  EXPECT_EQ(BadField(three.status()), "agencies[0].parent_agency_id");
}

TEST(AgencyHierarchyTest, RegionCodesAreSixNineOrTwelveAsciiDigits) {
  for (const char* good : {"", "321322", "321322001", "321322001001"}) {
    auto loaded = FromText(absl::StrCat(R"(agencies { agency_id: "a" name: "甲"
        kind: AGENCY_KIND_GOVERNMENT region_code: ")",
                                        good, "\" }"));
    EXPECT_THAT(loaded, ::nianbao::testing::IsOk()) << good;
  }
  for (const char* bad : {"32132", "3213220", "32132200", "3213220011", "32132a", "321 22",
                          "３２１３２２", "-21322", "3213220010011"}) {
    auto loaded = FromText(absl::StrCat(R"(agencies { agency_id: "a" name: "甲"
        kind: AGENCY_KIND_GOVERNMENT region_code: ")",
                                        bad, "\" }"));
    EXPECT_THAT(loaded, StatusIs(absl::StatusCode::kInvalidArgument,
                                 AllOf(HasSubstr("机关“a”的行政区划代码应为 6、9 或 12 位数字"),
                                       HasSubstr("the region_code of agency 'a' must be 6, 9 or "
                                                 "12 ASCII digits"))))
        << bad;
    EXPECT_EQ(BadField(loaded.status()), "agencies[0].region_code") << bad;
  }
}

TEST(AgencyHierarchyTest, TheDeployExampleIsAHierarchy) {
  auto loaded = AgencyRegistry::LoadFromFile(nianbao::testing::SourceDir() +
                                             "/deploy/config/agencies.example.textproto");
  ASSERT_THAT(loaded, ::nianbao::testing::IsOk());
  const AgencyRegistry& registry = **loaded;
  ASSERT_NE(registry.Find("shuyang-xian"), nullptr);
  EXPECT_EQ(registry.Find("shuyang-xian")->name(), "沭阳县人民政府");
  EXPECT_EQ(registry.Find("shuyang-xian")->region_code(), "321322");
  EXPECT_TRUE(registry.IsInSubtree("shuyang-fagaiju", "shuyang-xian"));
  EXPECT_FALSE(registry.IsInSubtree("jianshan-jiaotiju", "shuyang-xian"));
}

}  // namespace
}  // namespace nianbao::workflow
