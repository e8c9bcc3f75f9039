// The API's descriptor set (share/nianbao/nianbao-v1.binpb, written by proto/CMakeLists.txt) is
// what a tool without server reflection reads: it must parse, hold every file of proto/ with its
// imports (so it builds a pool on its own), every service, the google.api.http routes and the
// comments; and `cmake --install` must put it under share/nianbao.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "google/api/annotations.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "tests/support/test_paths.h"

namespace nianbao {
namespace {

using ::google::protobuf::DescriptorPool;
using ::google::protobuf::FileDescriptorProto;
using ::google::protobuf::FileDescriptorSet;
using ::testing::HasSubstr;

FileDescriptorSet ReadSet(const std::string& path) {
  FileDescriptorSet set;
  // Parsed with the generated MethodOptions: google.api.http (linked from nianbao_proto) is read
  // as the extension it is, not as unknown bytes.
  EXPECT_TRUE(set.ParseFromString(nianbao::testing::ReadFileOrDie(path))) << path;
  return set;
}

const FileDescriptorProto* FindFile(const FileDescriptorSet& set, const std::string& name) {
  for (const FileDescriptorProto& file : set.file()) {
    if (file.name() == name) return &file;
  }
  return nullptr;
}

TEST(DescriptorSetTest, HoldsEveryFileOfProtoWithItsImports) {
  const FileDescriptorSet set = ReadSet(NIANBAO_DESCRIPTOR_SET_PATH);
  const std::filesystem::path proto_dir = nianbao::testing::SourceDir() + "/proto";
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(proto_dir)) {
    if (entry.path().extension() != ".proto") continue;
    ++files;
    const std::string name = entry.path().lexically_relative(proto_dir).string();
    EXPECT_NE(FindFile(set, name), nullptr) << name << " is not in the descriptor set";
  }
  EXPECT_GT(files, 10);
  // With --include_imports the set stands alone: a pool builds from it without any other file.
  EXPECT_NE(FindFile(set, "google/protobuf/descriptor.proto"), nullptr);
  DescriptorPool pool;
  for (const FileDescriptorProto& file : set.file()) {
    EXPECT_NE(pool.BuildFile(file), nullptr) << file.name() << " does not build";
  }
  for (const char* service :
       {"nianbao.v1.WorkflowService", "nianbao.v1.AuditService", "nianbao.v1.AdminService",
        "nianbao.v1.AgencyService", "nianbao.v1.ValidationService", "grpc.health.v1.Health"}) {
    EXPECT_NE(pool.FindServiceByName(service), nullptr) << service;
  }
}

TEST(DescriptorSetTest, EveryNianbaoMethodCarriesItsHttpRoute) {
  const FileDescriptorSet set = ReadSet(NIANBAO_DESCRIPTOR_SET_PATH);
  std::set<std::string> services;
  for (const FileDescriptorProto& file : set.file()) {
    if (file.package() != "nianbao.v1") continue;
    for (const auto& service : file.service()) {
      services.insert(service.name());
      for (const auto& method : service.method()) {
        EXPECT_TRUE(method.options().HasExtension(google::api::http))
            << service.name() << "/" << method.name() << " has no google.api.http";
      }
    }
  }
  EXPECT_GE(services.size(), 5u);
  const FileDescriptorProto* workflow = FindFile(set, "nianbao/v1/workflow.proto");
  ASSERT_NE(workflow, nullptr);
  ASSERT_GT(workflow->service_size(), 0);
  bool found = false;
  for (const auto& method : workflow->service(0).method()) {
    if (method.name() != "GetReport") continue;
    found = true;
    EXPECT_EQ(method.options().GetExtension(google::api::http).get(),
              "/v1/{name=agencies/*/reports/*}");
  }
  EXPECT_TRUE(found) << "no WorkflowService.GetReport";
}

// --include_source_info: the comments that are the API reference travel with the set.
TEST(DescriptorSetTest, KeepsTheComments) {
  const FileDescriptorSet set = ReadSet(NIANBAO_DESCRIPTOR_SET_PATH);
  const FileDescriptorProto* workflow = FindFile(set, "nianbao/v1/workflow.proto");
  ASSERT_NE(workflow, nullptr);
  std::string comments;
  for (const auto& location : workflow->source_code_info().location()) {
    comments += location.leading_comments();
  }
  EXPECT_THAT(comments, HasSubstr("WatchReports"));
  EXPECT_THAT(comments, HasSubstr("发布"));
}

TEST(DescriptorSetTest, IsInstalledUnderShareNianbaoAndShippedInTheContainer) {
  nianbao::testing::TempDir prefix;
  const std::string command = std::string("'") + NIANBAO_CMAKE_COMMAND + "' --install '" +
                              NIANBAO_BUILD_DIR + "' --component api --prefix '" + prefix.path() +
                              "' >/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  EXPECT_EQ(nianbao::testing::ReadFileOrDie(prefix.File("share/nianbao/nianbao-v1.binpb")),
            nianbao::testing::ReadFileOrDie(NIANBAO_DESCRIPTOR_SET_PATH));
  EXPECT_THAT(nianbao::testing::ReadFileOrDie(nianbao::testing::SourceDir() +
                                              "/deploy/container/Dockerfile"),
              HasSubstr("/src/build/share/nianbao/nianbao-v1.binpb /usr/local/share/nianbao/"));
}

}  // namespace
}  // namespace nianbao
