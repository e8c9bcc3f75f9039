// Index consistency: after many random mutations, every list query (each filter, each index, paged)
// returns exactly what a plain model of the reports says, in stable order, before and after reopen.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <tuple>

#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/storage/store_test_support.h"

namespace nianbao::storage {
namespace {

using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;
using ::nianbao::testing::TempDir;
using namespace ::nianbao::storage::testing;  // NOLINT: test helpers
using nianbao::v1::Report;

using Model = std::map<std::pair<std::string, int32_t>, Report>;  // ordered by agency, year

std::vector<std::string> ListAllNames(ReportStore& store, const ReportFilter& filter) {
  std::vector<std::string> names;
  std::string token;
  for (int pages = 0; pages < 1000; ++pages) {
    auto page = store.ListReports(filter, 3, token);
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) break;
    EXPECT_LE(page->reports.size(), 3u);
    for (const auto& report : page->reports) names.push_back(report.name());
    token = page->next_page_token;
    if (token.empty()) break;
  }
  return names;
}

void ExpectListsMatchModel(ReportStore& store, const Model& model) {
  const std::vector<std::string> agencies = {"", "a", "b-x", "c"};
  const std::vector<std::optional<int32_t>> years = {std::nullopt, 2022, 2023, 2024};
  const std::vector<nianbao::v1::ReportState> states = {
      nianbao::v1::REPORT_STATE_UNSPECIFIED, nianbao::v1::REPORT_STATE_DRAFT,
      nianbao::v1::REPORT_STATE_IN_REVIEW, nianbao::v1::REPORT_STATE_PUBLISHED};
  for (const auto& agency : agencies) {
    for (const auto& year : years) {
      for (auto state : states) {
        ReportFilter filter{agency, year, state};
        std::vector<std::tuple<int, std::string, int32_t, std::string>> expected_keys;
        for (const auto& [key, report] : model) {
          if (!agency.empty() && key.first != agency) continue;
          if (year && key.second != *year) continue;
          if (state != nianbao::v1::REPORT_STATE_UNSPECIFIED && report.state() != state) continue;
          // Every scan orders by agency then year (the year index holds one year at a time).
          expected_keys.emplace_back(0, key.first, key.second, report.name());
        }
        std::sort(expected_keys.begin(), expected_keys.end());
        std::vector<std::string> expected;
        for (const auto& entry : expected_keys) expected.push_back(std::get<3>(entry));
        EXPECT_EQ(ListAllNames(store, filter), expected)
            << "agency=" << agency << " year=" << (year ? *year : 0) << " state=" << state;
      }
    }
  }
  // The last-change index: oldest change first, every report exactly once.
  ReportFilter by_time;
  by_time.order_by_update_time = true;
  std::vector<std::pair<int64_t, std::string>> by_change;
  for (const auto& [key, report] : model) {
    by_change.emplace_back(report.update_time().seconds(), report.name());
  }
  std::sort(by_change.begin(), by_change.end());
  std::vector<std::string> expected;
  for (const auto& entry : by_change) expected.push_back(entry.second);
  EXPECT_EQ(ListAllNames(store, by_time), expected);
}

TEST(RocksReportStoreConsistencyTest, IndexesMatchModelAfterRandomMutations) {
  TempDir dir;
  Model model;
  {
    auto store = OpenStore(dir.path());
    ASSERT_THAT(store, IsOk());
    std::mt19937 rng(2024);
    const std::vector<std::string> agencies = {"a", "b-x", "c", "a-b"};
    const std::vector<nianbao::v1::ReportState> states = {
        nianbao::v1::REPORT_STATE_DRAFT, nianbao::v1::REPORT_STATE_IN_REVIEW,
        nianbao::v1::REPORT_STATE_APPROVED, nianbao::v1::REPORT_STATE_PUBLISHED};
    int64_t clock = 1000;
    for (int i = 0; i < 300; ++i) {
      const std::string agency = agencies[rng() % agencies.size()];
      const int32_t year = 2021 + static_cast<int32_t>(rng() % 4);
      const auto state = states[rng() % states.size()];
      auto it = model.find({agency, year});
      const auto expected =
          it == model.end() ? nianbao::v1::REPORT_STATE_UNSPECIFIED : it->second.state();
      // Every tenth mutation states a wrong precondition and must change nothing.
      const bool wrong = rng() % 10 == 0;
      const Report report = MakeReport(agency, year, state, ++clock);
      auto committed = (*store)->Commit(
          PutReportMutation(report, wrong ? nianbao::v1::REPORT_STATE_APPROVED == expected
                                                ? nianbao::v1::REPORT_STATE_DRAFT
                                                : nianbao::v1::REPORT_STATE_APPROVED
                                          : expected));
      if (wrong) {
        EXPECT_THAT(committed, StatusIs(absl::StatusCode::kFailedPrecondition));
      } else {
        ASSERT_THAT(committed, IsOk());
        model[{agency, year}] = report;
      }
    }
    ExpectListsMatchModel(**store, model);
    // A token is bound to the scan it came from.
    ReportFilter drafts;
    drafts.state = nianbao::v1::REPORT_STATE_DRAFT;
    auto page = (*store)->ListReports(ReportFilter{}, 1, "");
    ASSERT_THAT(page, IsOk());
    ASSERT_FALSE(page->next_page_token.empty());
    EXPECT_THAT((*store)->ListReports(drafts, 1, page->next_page_token),
                StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT((*store)->ListReports(ReportFilter{}, 1, "garbage"),
                StatusIs(absl::StatusCode::kInvalidArgument));
  }
  auto reopened = OpenStore(dir.path());
  ASSERT_THAT(reopened, IsOk());
  ExpectListsMatchModel(**reopened, model);
}

}  // namespace
}  // namespace nianbao::storage
