// Damaged versions of every fixture — every prefix at a stride, shuffled lines, corrupted bytes —
// import as a report or fail with a clear INVALID_ARGUMENT; never a crash, a hang or another code.
// Run under ASan and UBSan.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/codec/codec.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/codec/report_generator.h"

namespace nianbao::codec {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

// How many damaged inputs imported, and how many were refused.
struct Outcomes {
  int reports = 0;
  int errors = 0;
};

// Imports `bytes` and checks the outcome is a report or a located INVALID_ARGUMENT.
void ExpectReportOrClearError(const std::string& bytes, const std::string& what,
                              Outcomes& outcomes) {
  absl::StatusOr<nianbao::v1::AnnualReport> report = ImportReport(bytes);
  if (std::getenv("NIANBAO_CODEC_SHOW_ERRORS") != nullptr && !report.ok()) {
    std::cerr << what << ": " << report.status().message() << "\n";
  }
  if (report.ok()) {
    ++outcomes.reports;
    return;
  }
  ++outcomes.errors;
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument)
      << what << ": " << report.status();
  // Every message locates the problem ("第N行" or the table) and carries an English variant.
  EXPECT_THAT(std::string(report.status().message()),
              AllOf(AnyOf(HasSubstr("行"), HasSubstr("表格")), HasSubstr(" / ")))
      << what;
}

std::vector<std::string> Fixtures() {
  std::vector<std::string> texts;
  for (const std::string& path : testing::FixtureReportPaths()) {
    texts.push_back(testing::ReadFileOrDie(path));
  }
  return texts;
}

TEST(CodecRobustness, EveryPrefixAtAStride) {
  Outcomes outcomes;
  for (const std::string& text : Fixtures()) {
    for (std::size_t length = 0; length <= text.size(); length += 61) {
      ExpectReportOrClearError(text.substr(0, length), "prefix " + std::to_string(length),
                               outcomes);
    }
  }
  // Both outcomes occur: long prefixes are reports, short ones lack a title or cut a table.
  EXPECT_GT(outcomes.reports, 10);
  EXPECT_GT(outcomes.errors, 10);
}

TEST(CodecRobustness, ShuffledLines) {
  Outcomes outcomes;
  std::mt19937 rng(7);
  for (const std::string& text : Fixtures()) {
    std::vector<std::string> lines = absl::StrSplit(text, '\n');
    for (int round = 0; round < 40; ++round) {
      std::vector<std::string> shuffled = lines;
      // Sometimes a local swap of neighbours, sometimes a full shuffle.
      if (round % 2 == 0) {
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
      } else {
        for (int swaps = 0; swaps < 10; ++swaps) {
          const std::size_t i = rng() % (shuffled.size() - 1);
          std::swap(shuffled[i], shuffled[i + 1]);
        }
      }
      ExpectReportOrClearError(absl::StrJoin(shuffled, "\n"), "shuffle " + std::to_string(round),
                               outcomes);
    }
  }
  EXPECT_GT(outcomes.reports + outcomes.errors, 100);
}

TEST(CodecRobustness, CorruptedBytes) {
  Outcomes outcomes;
  std::mt19937 rng(11);
  for (const std::string& text : Fixtures()) {
    for (int round = 0; round < 150; ++round) {
      std::string corrupted = text;
      const int edits = 1 + static_cast<int>(rng() % 8);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = rng() % corrupted.size();
        switch (rng() % 4) {
          case 0:
            corrupted[at] = static_cast<char>(rng() % 256);
            break;
          case 1:
            corrupted.erase(at, 1 + rng() % 12);
            break;
          case 2:
            corrupted.insert(at, 1, std::string("\t\n0/")[rng() % 4]);
            break;
          default:
            corrupted.insert(at, corrupted.substr(rng() % corrupted.size(), rng() % 80));
            break;
        }
      }
      ExpectReportOrClearError(corrupted, "corruption " + std::to_string(round), outcomes);
    }
  }
  EXPECT_GT(outcomes.reports, 10);
  EXPECT_GT(outcomes.errors, 10);
}

TEST(CodecRobustness, CorruptedGeneratedReports) {
  std::mt19937 rng(13);
  Outcomes outcomes;
  for (int report_index = 0; report_index < 40; ++report_index) {
    absl::StatusOr<std::string> text =
        RenderReport(codec_testing::GenerateReport(rng), OutputFormat::kText);
    ASSERT_THAT(text, testing::IsOk());
    for (int round = 0; round < 8; ++round) {
      std::string corrupted = *text;
      const std::size_t at = rng() % corrupted.size();
      if (round % 2 == 0) {
        corrupted.erase(at, 1 + rng() % 40);  // drops cells, rows or half a character
      } else {
        corrupted.insert(at, std::string(1 + rng() % 3, "\t\n"[rng() % 2]));
      }
      ExpectReportOrClearError(corrupted, "generated " + std::to_string(report_index), outcomes);
    }
  }
  EXPECT_GT(outcomes.reports, 10);
  EXPECT_GT(outcomes.errors, 10);
}

TEST(CodecRobustness, PathologicalInputsStayFast) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> inputs = {
      std::string(1 << 20, '\t'),
      std::string(1 << 20, '\n'),
      [] {
        std::string s;
        for (int i = 0; i < 100000; ++i) s += "[bookmark:《《";
        return s;
      }(),
      [] {
        std::string s = "2024年政府信息公开工作年度报告\n";
        for (int i = 0; i < 50000; ++i) s += "\t规章\n\t1\n\t2\n\t3\n\n";
        return s;
      }(),
      [] {
        std::string s = "2024年政府信息公开工作年度报告\n";
        for (int i = 0; i < 100000; ++i) s += "2024年1月1日至";
        return s;
      }(),
      "PK\x03\x04garbage",
      "{",
  };
  for (const std::string& input : inputs) {
    absl::StatusOr<nianbao::v1::AnnualReport> report = ImportReport(input);
    if (!report.ok()) {
      EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument) << report.status();
    }
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

// JSON nested far deeper than any report (arrays, objects, a field of the report) is refused by
// the parser's depth limit, quickly and without exhausting the stack.
TEST(CodecRobustness, DeeplyNestedJsonIsRefusedQuickly) {
  const auto start = std::chrono::steady_clock::now();
  constexpr int kDepth = 200000;
  std::vector<std::string> inputs = {
      std::string(kDepth, '['),
      "{\"metadata\":" + std::string(kDepth, '['),
      [] {
        std::string s;
        for (int i = 0; i < kDepth; ++i) s += "{\"metadata\":";
        return s;
      }(),
      [] {
        std::string s;
        for (int i = 0; i < 5000; ++i) s += "{\"a\":[";
        for (int i = 0; i < 5000; ++i) s += "]}";
        return s;
      }(),
  };
  for (const std::string& input : inputs) {
    EXPECT_THAT(ImportReport(input, InputFormat::kJson),
                testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(" / ")))
        << input.substr(0, 40);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(CodecRobustness, OversizedJsonIsRefusedBeforeParsing) {
  const std::string big = "{\"metadata\":{\"title\":\"" + std::string(17u << 20, 'x') + "\"}}";
  EXPECT_THAT(ImportReport(big, InputFormat::kJson),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                AllOf(HasSubstr("JSON 过大"), HasSubstr("JSON too large"))));
}

TEST(CodecRobustness, MissingFileIsNotFound) {
  EXPECT_THAT(ImportReportFile("/nonexistent/report.txt"),
              testing::StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace nianbao::codec
