// Free space is asked of the data directory before it exists (the first start): the nearest
// existing ancestor answers, the working directory for a relative name.
#include "storage/disk_space.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/test_paths.h"

namespace nianbao::storage {
namespace {

TEST(DiskSpaceTest, AnsweredForADirectoryNotCreatedYetAbsoluteOrRelative) {
  const nianbao::testing::TempDir temp;
  const std::string& root = temp.path();
  EXPECT_TRUE(FreeDiskBytes(root + "/not/yet/data").ok());
  const std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(root);
  absl::StatusOr<uint64_t> relative = FreeDiskBytes("data3");
  absl::StatusOr<uint64_t> nested = FreeDiskBytes("a/b/data");
  std::filesystem::current_path(before);
  ASSERT_TRUE(relative.ok()) << relative.status();
  ASSERT_TRUE(nested.ok()) << nested.status();
  EXPECT_GT(*relative, 0u);
}

TEST(DiskSpaceTest, ANoReserveCheckAlwaysPasses) {
  EXPECT_TRUE(CheckDiskReserve("/nonexistent-root-dir/x", 0).ok());
}

}  // namespace
}  // namespace nianbao::storage
