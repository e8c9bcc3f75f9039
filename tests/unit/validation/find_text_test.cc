// FindText (the text rules' substring search) against std::string_view::find: every start
// position, needles of one to a dozen bytes, Chinese and ASCII text, matches at the very start,
// at the very end and across the 16-byte blocks the SSE2 path compares.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "services/validation/rule_support.h"

namespace nianbao::validation {
namespace {

size_t Expected(std::string_view text, std::string_view needle, size_t pos) {
  if (pos > text.size()) return absl::string_view::npos;
  const size_t found = text.find(needle, pos);
  return found == std::string_view::npos ? absl::string_view::npos : found;
}

void ExpectSameAsFind(const std::string& text, const std::string& needle) {
  for (size_t pos = 0; pos <= text.size() + 1; ++pos) {
    ASSERT_EQ(FindText(text, needle, pos), Expected(text, needle, pos))
        << "needle \"" << needle << "\" from " << pos << " in \"" << text << "\"";
  }
}

TEST(FindTextTest, MatchesStdFindOnChineseText) {
  const std::string text =
      "本年度共收到政府信息公开申请26件，其中予以公开12件，部分公开3件，不予以公开1件；"
      "全年未发生行政复议、行政诉讼案件。收到申请";
  for (const std::string needle : {"收到", "予以公开", "件", "行政诉讼", "收到申请", "。", "本年度",
                                   "不存在", "；全年", "26"}) {
    ExpectSameAsFind(text, needle);
  }
}

TEST(FindTextTest, MatchesStdFindAtEveryOffsetAndLength) {
  // A needle planted at each offset of texts of each length around the 16-byte block size.
  const std::string needle = "予以公开";
  for (size_t length = 0; length < 70; ++length) {
    for (size_t at = 0; at + needle.size() <= length; ++at) {
      std::string text(length, 'x');
      text.replace(at, needle.size(), needle);
      ExpectSameAsFind(text, needle);
    }
  }
}

TEST(FindTextTest, MatchesStdFindOnRandomText) {
  // Few distinct bytes, so that partial matches (first and last byte equal, middle not) abound.
  std::mt19937 random(20261202);
  std::uniform_int_distribution<int> byte('a', 'd');
  for (int round = 0; round < 200; ++round) {
    std::string text(static_cast<size_t>(random() % 80), ' ');
    for (char& c : text) c = static_cast<char>(byte(random));
    std::string needle(1 + static_cast<size_t>(random() % 6), ' ');
    for (char& c : needle) c = static_cast<char>(byte(random));
    ExpectSameAsFind(text, needle);
  }
}

TEST(FindTextTest, EmptyNeedleAndOutOfRangeStart) {
  EXPECT_EQ(FindText("abc", "", 0), 0u);
  EXPECT_EQ(FindText("abc", "", 3), 3u);
  EXPECT_EQ(FindText("abc", "", 4), absl::string_view::npos);
  EXPECT_EQ(FindText("", "a", 0), absl::string_view::npos);
  EXPECT_EQ(FindText("abc", "abcd", 0), absl::string_view::npos);
}

}  // namespace
}  // namespace nianbao::validation
