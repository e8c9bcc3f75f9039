#include "services/codec/chinese_numeral_date.h"

#include <gtest/gtest.h>

namespace nianbao::codec {
namespace {

TEST(ChineseNumeralDate, WrittenDatesBecomeArabic) {
  EXPECT_EQ(ArabicDateFromChinese("二〇二五年一月二十日"), "2025年1月20日");
  EXPECT_EQ(ArabicDateFromChinese("二○二四年十二月三十一日"), "2024年12月31日");
  EXPECT_EQ(ArabicDateFromChinese("二零二五年元月十日"), "2025年1月10日");
  EXPECT_EQ(ArabicDateFromChinese("二O二五年三月九日"), "2025年3月9日");
  EXPECT_EQ(ArabicDateFromChinese("二〇二五年十月十一日"), "2025年10月11日");
  // What follows the date is kept.
  EXPECT_EQ(ArabicDateFromChinese("二〇二五年一月二十日发布"), "2025年1月20日发布");
}

TEST(ChineseNumeralDate, AnythingElseIsNotADate) {
  EXPECT_EQ(ArabicDateFromChinese("2025年1月20日"), std::nullopt);
  EXPECT_EQ(ArabicDateFromChinese("二〇二五年"), std::nullopt);
  EXPECT_EQ(ArabicDateFromChinese("二〇二年一月一日"), std::nullopt);
  EXPECT_EQ(ArabicDateFromChinese("二〇二五年〇月一日"), std::nullopt);
  EXPECT_EQ(ArabicDateFromChinese("二〇二五年一月日"), std::nullopt);
  EXPECT_EQ(ArabicDateFromChinese("二〇二五年一月二十"), std::nullopt);
  EXPECT_EQ(ArabicDateFromChinese("一、总体情况"), std::nullopt);
  EXPECT_EQ(ArabicDateFromChinese(""), std::nullopt);
}

}  // namespace
}  // namespace nianbao::codec
