#include "workflow/agency_registry_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::workflow {
namespace {

using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;
using ::nianbao::testing::TempDir;
using ::nianbao::testing::WriteFileOrDie;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kCity[] = R"(
  agencies { agency_id: "suqian-shi" name: "宿迁市人民政府" kind: AGENCY_KIND_GOVERNMENT }
  agencies { agency_id: "shuyang-xian" name: "沭阳县人民政府" kind: AGENCY_KIND_GOVERNMENT
             parent_agency_id: "suqian-shi" }
)";
// kCity and one department more under the county.
constexpr char kCityGrown[] = R"(
  agencies { agency_id: "suqian-shi" name: "宿迁市人民政府" kind: AGENCY_KIND_GOVERNMENT }
  agencies { agency_id: "shuyang-xian" name: "沭阳县人民政府" kind: AGENCY_KIND_GOVERNMENT
             parent_agency_id: "suqian-shi" }
  agencies { agency_id: "shuyang-jiaoyuju" name: "沭阳县教育局" kind: AGENCY_KIND_DEPARTMENT
             parent_agency_id: "shuyang-xian" }
)";

TEST(AgencyRegistrySourceTest, LoadsVersionOneWithAContentDigest) {
  TempDir dir;
  WriteFileOrDie(dir.File("a.textproto"), kCity);
  auto source = AgencyRegistrySource::Load(dir.File("a.textproto"));
  ASSERT_THAT(source, IsOk());
  EXPECT_EQ((*source)->Snapshot()->size(), 2u);
  const AgencyRegistryVersion version = (*source)->version();
  EXPECT_EQ(version.version, 1);
  EXPECT_EQ(version.agencies, 2u);
  EXPECT_EQ(version.digest.size(), 64u);
  EXPECT_THAT(DescribeVersion(version),
              AllOf(HasSubstr("版本 1"), HasSubstr("2 个机关"),
                    HasSubstr(version.digest.substr(0, 16)), HasSubstr("version 1, 2 agencies")));

  // The digest is of the content: comments and spacing do not change it, an agency more does.
  WriteFileOrDie(dir.File("a.textproto"), absl::StrCat("# reviewed 2025-01-02\n", kCity, "\n\n"));
  auto same = (*source)->Reload();
  ASSERT_THAT(same, IsOk());
  EXPECT_EQ(same->version, 2);
  EXPECT_EQ(same->digest, version.digest);
  WriteFileOrDie(dir.File("a.textproto"), kCityGrown);
  auto grown = (*source)->Reload();
  ASSERT_THAT(grown, IsOk());
  EXPECT_EQ(grown->version, 3);
  EXPECT_EQ(grown->agencies, 3u);
  EXPECT_NE(grown->digest, version.digest);
}

TEST(AgencyRegistrySourceTest, ASnapshotStaysAsItWasAcrossAReload) {
  TempDir dir;
  WriteFileOrDie(dir.File("a.textproto"), kCity);
  auto source = AgencyRegistrySource::Load(dir.File("a.textproto"));
  ASSERT_THAT(source, IsOk());
  const std::shared_ptr<const AgencyRegistry> before = (*source)->Snapshot();
  WriteFileOrDie(dir.File("a.textproto"), kCityGrown);
  ASSERT_THAT((*source)->Reload(), IsOk());
  const std::shared_ptr<const AgencyRegistry> after = (*source)->Snapshot();
  // The call that took `before` goes on answering from it; the next call sees the new agency.
  EXPECT_EQ(before->Find("shuyang-jiaoyuju"), nullptr);
  EXPECT_EQ(before->Subtree("suqian-shi"),
            (std::vector<std::string>{"shuyang-xian", "suqian-shi"}));
  ASSERT_NE(after->Find("shuyang-jiaoyuju"), nullptr);
  EXPECT_EQ(after->Subtree("shuyang-xian"),
            (std::vector<std::string>{"shuyang-jiaoyuju", "shuyang-xian"}));
}

TEST(AgencyRegistrySourceTest, ABadFileKeepsTheRegistryInForceAndSaysWhy) {
  TempDir dir;
  WriteFileOrDie(dir.File("a.textproto"), kCity);
  auto source = AgencyRegistrySource::Load(dir.File("a.textproto"));
  ASSERT_THAT(source, IsOk());
  const std::shared_ptr<const AgencyRegistry> in_force = (*source)->Snapshot();
  const AgencyRegistryVersion version = (*source)->version();
  struct Case {
    std::string text;
    std::string says;  // in the log line
  };
  const std::vector<Case> cases = {
      {R"(agencies { agency_id: "a" name: "甲" kind: AGENCY_KIND_GOVERNMENT parent_agency_id: "b" }
          agencies { agency_id: "b" name: "乙" kind: AGENCY_KIND_GOVERNMENT parent_agency_id: "a" })",
       "agencies[0].parent_agency_id"},
      {R"(agencies { agency_id: "a" name: "甲" kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "x" })",
       "agencies[0].parent_agency_id"},
      {"agencies { agency_id: ", "line 1"},
      {R"(agencies { agency_id: "a" name: "" kind: AGENCY_KIND_DEPARTMENT })", "agencies[0].name"},
  };
  for (const Case& c : cases) {
    WriteFileOrDie(dir.File("a.textproto"), c.text);
    absl::StatusOr<AgencyRegistryVersion> reloaded = (*source)->Reload();
    EXPECT_THAT(reloaded, StatusIs(absl::StatusCode::kInvalidArgument)) << c.text;
    const std::string logged = DescribeReloadFailure(dir.File("a.textproto"), reloaded.status());
    EXPECT_THAT(logged, AllOf(HasSubstr(dir.File("a.textproto")), HasSubstr("未重新加载"),
                              HasSubstr("was not reloaded"), HasSubstr(c.says)))
        << c.text;
    EXPECT_EQ((*source)->Snapshot(), in_force) << c.text;
    EXPECT_EQ((*source)->version().version, version.version);
  }
  ASSERT_EQ(std::remove(dir.File("a.textproto").c_str()), 0);
  EXPECT_THAT((*source)->Reload(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ((*source)->Snapshot(), in_force);
}

TEST(AgencyRegistrySourceTest, TheExtraCheckGuardsStartAndReload) {
  TempDir dir;
  WriteFileOrDie(dir.File("a.textproto"), kCityGrown);
  // Stands for the principals' role bindings: the department must stay registered.
  auto check = [](const AgencyRegistry& registry) {
    return registry.Find("shuyang-jiaoyuju") != nullptr
               ? absl::OkStatus()
               : absl::InvalidArgumentError("shuyang-jiaoyuju is bound but not registered");
  };
  auto source = AgencyRegistrySource::Load(dir.File("a.textproto"), check);
  ASSERT_THAT(source, IsOk());
  WriteFileOrDie(dir.File("a.textproto"), kCity);
  EXPECT_THAT((*source)->Reload(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bound but not registered")));
  EXPECT_NE((*source)->Snapshot()->Find("shuyang-jiaoyuju"), nullptr);
  EXPECT_THAT(AgencyRegistrySource::Load(dir.File("a.textproto"), check),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// Readers never see a registry that is half one file and half the other, and never a null one,
// while reloads swap the two files back and forth.
TEST(AgencyRegistrySourceTest, ReadersSeeWholeRegistriesDuringReloads) {
  TempDir dir;
  WriteFileOrDie(dir.File("a.textproto"), kCity);
  auto source = AgencyRegistrySource::Load(dir.File("a.textproto"));
  ASSERT_THAT(source, IsOk());
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0}, reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        const std::shared_ptr<const AgencyRegistry> registry = (*source)->Snapshot();
        const bool grown = registry->Find("shuyang-jiaoyuju") != nullptr;
        if (registry == nullptr || registry->size() != (grown ? 3u : 2u) ||
            registry->Subtree("suqian-shi").size() != registry->size()) {
          ++torn;
        }
        ++reads;
      }
    });
  }
  for (int i = 0; i < 40; ++i) {
    WriteFileOrDie(dir.File("a.textproto"), i % 2 == 0 ? kCityGrown : kCity);
    EXPECT_THAT((*source)->Reload(), IsOk());
  }
  stop = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(torn, 0);
  EXPECT_GT(reads, 0);
  EXPECT_EQ((*source)->version().version, 41);
}

TEST(AgencyRegistryHandleTest, SnapshotsOfAFixedRegistryASourceOrNone) {
  EXPECT_EQ(AgencyRegistryHandle().Snapshot(), nullptr);
  EXPECT_EQ(AgencyRegistryHandle(nullptr).Snapshot(), nullptr);
  TempDir dir;
  WriteFileOrDie(dir.File("a.textproto"), kCity);
  auto fixed = AgencyRegistry::LoadFromFile(dir.File("a.textproto"));
  ASSERT_THAT(fixed, IsOk());
  const AgencyRegistry* borrowed = fixed->get();
  EXPECT_EQ(AgencyRegistryHandle(borrowed).Snapshot().get(), borrowed);
  auto source = AgencyRegistrySource::Load(dir.File("a.textproto"));
  ASSERT_THAT(source, IsOk());
  const AgencyRegistryHandle handle(source->get());
  WriteFileOrDie(dir.File("a.textproto"), kCityGrown);
  ASSERT_THAT((*source)->Reload(), IsOk());
  EXPECT_EQ(handle.Snapshot()->size(), 3u);
}

}  // namespace
}  // namespace nianbao::workflow
