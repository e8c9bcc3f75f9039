#include "services/validation/number_text.h"

#include <gtest/gtest.h>

namespace nianbao::validation {
namespace {

TEST(NumberTextTest, ParsesDigitsFullWidthAndChineseNumerals) {
  const std::pair<const char*, int64_t> cases[] = {
      {"26", 26}, {"２６", 26},      {"十二", 12},       {"二十", 20},        {"两", 2},
      {"零", 0},  {"一百零五", 105}, {"三千二百", 3200}, {"两万三千", 23000}, {" 7 ", 7},
  };
  for (const auto& [text, value] : cases) {
    int64_t parsed = -1;
    EXPECT_TRUE(ParseWholeNumber(text, &parsed)) << text;
    EXPECT_EQ(parsed, value) << text;
  }
}

TEST(NumberTextTest, RejectsNonNumbers) {
  for (const char* text : {"", "/", "—", "5件", "abc", "12.5", "99999999999999999999999"}) {
    int64_t parsed = -1;
    EXPECT_FALSE(ParseWholeNumber(text, &parsed)) << text;
  }
}

TEST(NumberTextTest, FindsNumberInText) {
  NumberInText number;
  const absl::string_view text = "共收到申请２６件";
  ASSERT_TRUE(FindNumber(text, 0, text.size(), &number));
  EXPECT_EQ(number.value, 26);
  EXPECT_EQ(text.substr(number.end), "件");
}

}  // namespace
}  // namespace nianbao::validation
