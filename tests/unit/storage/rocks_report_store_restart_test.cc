// What a restart finds: a clean close leaves the write-ahead log empty, so that the next start
// checks and replays nothing (the restart figures of docs/benchmarks.md), and everything committed
// reads back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/storage/store_test_support.h"

namespace nianbao::storage {
namespace {

using ::nianbao::testing::IsOk;
using ::nianbao::testing::TempDir;
using namespace ::nianbao::storage::testing;  // NOLINT: test helpers

uint64_t LogBytes(const std::string& path) {
  uint64_t bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    if (entry.path().extension() == ".log") bytes += entry.file_size();
  }
  return bytes;
}

TEST(RocksReportStoreRestartTest, CleanCloseLeavesNothingToReplay) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    ASSERT_THAT(store, IsOk());
    for (int i = 0; i < 20; ++i) {
      ASSERT_THAT((*store)->Commit(PutReportMutation(
                      MakeReport("a" + std::to_string(i), 2024, nianbao::v1::REPORT_STATE_DRAFT, 1),
                      nianbao::v1::REPORT_STATE_UNSPECIFIED, "req-" + std::to_string(i))),
                  IsOk());
    }
    EXPECT_GT(LogBytes(dir.path()), 0u);  // open: the commits are in the log
  }
  EXPECT_EQ(LogBytes(dir.path()), 0u);
  auto store = OpenStore(dir.path());
  ASSERT_THAT(store, IsOk());
  EXPECT_EQ((*store)->GetAuditHead()->sequence, 20);
  EXPECT_THAT((*store)->GetReport({"a19", 2024}), IsOk());
}

}  // namespace
}  // namespace nianbao::storage
