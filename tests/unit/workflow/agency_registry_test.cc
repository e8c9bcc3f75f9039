#include "workflow/agency_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/protobuf/text_format.h"
#include "google/rpc/error_details.pb.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "workflow/status_details.h"

namespace nianbao::workflow {
namespace {

namespace v1 = nianbao::v1;
using ::nianbao::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

absl::StatusOr<std::unique_ptr<AgencyRegistry>> FromText(const std::string& text) {
  nianbao::config::v1::AgencyRegistryConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &config)) << text;
  return AgencyRegistry::FromConfig(config);
}

constexpr char kTwoAgencies[] = R"(
  agencies { agency_id: "shuyang-fagaiju" name: "沭阳县发展和改革局" kind: AGENCY_KIND_DEPARTMENT }
  agencies { agency_id: "shuyang-xian" name: "沭阳县人民政府" kind: AGENCY_KIND_GOVERNMENT }
)";

// The field a config error names (the BadRequest violation).
std::string BadField(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  if (!GetDetail(status, kBadRequestTypeUrl, bad_request) ||
      bad_request.field_violations_size() == 0) {
    return "";
  }
  return bad_request.field_violations(0).field();
}

v1::ReportMetadata Metadata(const std::string& name, v1::AgencyKind kind) {
  v1::ReportMetadata metadata;
  metadata.set_agency_name(name);
  metadata.set_agency_kind(kind);
  return metadata;
}

TEST(AgencyRegistryTest, FindsRegisteredAgencies) {
  auto registry = FromText(kTwoAgencies);
  ASSERT_THAT(registry, ::nianbao::testing::IsOk());
  EXPECT_EQ((*registry)->size(), 2u);
  ASSERT_NE((*registry)->Find("shuyang-xian"), nullptr);
  EXPECT_EQ((*registry)->Find("shuyang-xian")->kind(), v1::AGENCY_KIND_GOVERNMENT);
  EXPECT_EQ((*registry)->Find("shuyang"), nullptr);
  EXPECT_TRUE((*registry)->CheckRegistered("shuyang-fagaiju", "parent").ok());
}

TEST(AgencyRegistryTest, UnregisteredAgencyIsNotFoundNamingTheField) {
  auto registry = FromText(kTwoAgencies);
  ASSERT_THAT(registry, ::nianbao::testing::IsOk());
  const absl::Status status = (*registry)->CheckRegistered("suqian-fagaiwei", "parent");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound, HasSubstr("未登记")));
  EXPECT_EQ(BadField(status), "parent");
}

TEST(AgencyRegistryTest, MetadataMustNameTheRegisteredAgencyAndKind) {
  auto registry = FromText(kTwoAgencies);
  ASSERT_THAT(registry, ::nianbao::testing::IsOk());
  const AgencyRegistry& agencies = **registry;
  EXPECT_TRUE(agencies
                  .CheckReportMetadata("shuyang-fagaiju", Metadata(" 沭阳县发展和改革局\n",
                                                                   v1::AGENCY_KIND_DEPARTMENT))
                  .ok());

  // A department that calls itself a government would get two more months.
  absl::Status kind = agencies.CheckReportMetadata(
      "shuyang-fagaiju", Metadata("沭阳县发展和改革局", v1::AGENCY_KIND_GOVERNMENT));
  EXPECT_THAT(kind, StatusIs(absl::StatusCode::kFailedPrecondition,
                             HasSubstr("机关类型应为“县级以上人民政府部门”")));
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(GetDetail(kind, kPreconditionFailureTypeUrl, failure));
  ASSERT_EQ(failure.violations_size(), 1);
  EXPECT_EQ(failure.violations(0).type(), "AGENCY_KIND");
  EXPECT_EQ(failure.violations(0).subject(), "content.metadata.agency_kind");

  // Another agency's name, and no kind at all: both named.
  absl::Status both = agencies.CheckReportMetadata(
      "shuyang-fagaiju", Metadata("沭阳县人民政府", v1::AGENCY_KIND_UNSPECIFIED));
  EXPECT_THAT(
      both,
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("报告所署机关名称“沭阳县人民政府”与登记的“沭阳县发展和改革局”不符")));
  ASSERT_TRUE(GetDetail(both, kPreconditionFailureTypeUrl, failure));
  ASSERT_EQ(failure.violations_size(), 2);
  EXPECT_EQ(failure.violations(0).subject(), "content.metadata.agency_name");
  EXPECT_EQ(failure.violations(1).subject(), "content.metadata.agency_kind");

  EXPECT_THAT(agencies.CheckReportMetadata("unknown", Metadata("x", v1::AGENCY_KIND_DEPARTMENT)),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(AgencyRegistryTest, InvalidEntriesAreRefusedNamingTheEntry) {
  struct Case {
    const char* text;
    const char* field;
  };
  const Case cases[] = {
      {R"(agencies { agency_id: "Shuyang" name: "x" kind: AGENCY_KIND_DEPARTMENT })",
       "agencies[0].agency_id"},
      {R"(agencies { agency_id: "" name: "x" kind: AGENCY_KIND_DEPARTMENT })",
       "agencies[0].agency_id"},
      {R"(agencies { agency_id: "a" name: "  " kind: AGENCY_KIND_DEPARTMENT })",
       "agencies[0].name"},
      {R"(agencies { agency_id: "a" name: "x" })", "agencies[0].kind"},
      {R"(agencies { agency_id: "a" name: "x" kind: AGENCY_KIND_DEPARTMENT }
          agencies { agency_id: "a" name: "y" kind: AGENCY_KIND_GOVERNMENT })",
       "agencies[1].agency_id"},
  };
  for (const Case& c : cases) {
    auto registry = FromText(c.text);
    EXPECT_THAT(registry, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("机关登记")))
        << c.text;
    EXPECT_EQ(BadField(registry.status()), c.field) << c.text;
  }
}

TEST(AgencyRegistryTest, FilesThatCannotBeReadOrParsedAreClearErrors) {
  nianbao::testing::TempDir dir;
  EXPECT_THAT(AgencyRegistry::LoadFromFile(dir.File("missing.textproto")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("无法读取机关登记文件")));
  nianbao::testing::WriteFileOrDie(dir.File("bad.textproto"), "agencies { agency_id: ");
  EXPECT_THAT(AgencyRegistry::LoadFromFile(dir.File("bad.textproto")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 1")));
  nianbao::testing::WriteFileOrDie(dir.File("good.textproto"), kTwoAgencies);
  auto loaded = AgencyRegistry::LoadFromFile(dir.File("good.textproto"));
  ASSERT_THAT(loaded, ::nianbao::testing::IsOk());
  EXPECT_EQ((*loaded)->size(), 2u);
}

TEST(AgencyRegistryTest, RoleBindingsMustNameRegisteredAgencies) {
  auto registry = FromText(kTwoAgencies);
  ASSERT_THAT(registry, ::nianbao::testing::IsOk());
  nianbao::config::v1::PrincipalsConfig config;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"(
        principals { name: "li.qicao" token_sha256: "0000000000000000000000000000000000000000000000000000000000000001"
                     role_bindings { agency_id: "shuyang-fagaiju" roles: ROLE_DRAFTER } }
        principals { name: "shenji" token_sha256: "0000000000000000000000000000000000000000000000000000000000000002"
                     role_bindings { agency_id: "*" roles: ROLE_CENTRAL_AUDITOR } })",
      &config));
  auto good = PrincipalDirectory::FromConfig(config);
  ASSERT_THAT(good, ::nianbao::testing::IsOk());
  EXPECT_TRUE((*registry)->CheckRoleBindings(**good).ok());

  config.mutable_principals(0)->mutable_role_bindings(0)->set_agency_id("shuyang-fagaij");
  auto typo = PrincipalDirectory::FromConfig(config);
  ASSERT_THAT(typo, ::nianbao::testing::IsOk());
  EXPECT_THAT(
      (*registry)->CheckRoleBindings(**typo),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("li.qicao"), HasSubstr("shuyang-fagaij"), HasSubstr("未登记"))));
}

TEST(AgencyRegistryTest, TheDeployExampleLoads) {
  auto loaded = AgencyRegistry::LoadFromFile(nianbao::testing::SourceDir() +
                                             "/deploy/config/agencies.example.textproto");
  ASSERT_THAT(loaded, ::nianbao::testing::IsOk());
  ASSERT_NE((*loaded)->Find("jianshan-jiaotiju"), nullptr);
  EXPECT_EQ((*loaded)->Find("jianshan-jiaotiju")->name(), "尖山区教体局");
}

}  // namespace
}  // namespace nianbao::workflow
