#include "services/codec/chinese_numeral_date.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace nianbao::codec {
namespace {

// The value of one Chinese digit at the front of `text` (its UTF-8 length in `size`), or -1.
int LeadingDigit(absl::string_view text, std::size_t& size) {
  static constexpr struct {
    absl::string_view glyph;
    int value;
  } kDigits[] = {{"〇", 0}, {"○", 0},  {"零", 0}, {"O", 0},  {"一", 1}, {"二", 2}, {"三", 3},
                 {"四", 4}, {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}};
  for (const auto& digit : kDigits) {
    if (absl::StartsWith(text, digit.glyph)) {
      size = digit.glyph.size();
      return digit.value;
    }
  }
  return -1;
}

// A number below 100 written the Chinese way ("九", "十", "十二", "二十", "三十一") at the front of
// `text`, consumed; -1 when there is none.
int ConsumeSmallNumber(absl::string_view& text) {
  std::size_t size = 0;
  int tens = 0;
  int units = LeadingDigit(text, size);
  if (units > 0) text.remove_prefix(size);
  if (absl::ConsumePrefix(&text, "十")) {
    tens = units > 0 ? units : 1;
    units = LeadingDigit(text, size);
    if (units > 0) {
      text.remove_prefix(size);
    } else {
      units = 0;
    }
    return tens * 10 + units;
  }
  return units > 0 ? units : -1;
}

}  // namespace

std::optional<std::string> ArabicDateFromChinese(absl::string_view label) {
  std::string year;
  for (int i = 0; i < 4; ++i) {
    std::size_t size = 0;
    const int digit = LeadingDigit(label, size);
    if (digit < 0) return std::nullopt;
    absl::StrAppend(&year, digit);
    label.remove_prefix(size);
  }
  if (!absl::ConsumePrefix(&label, "年")) return std::nullopt;
  const int month = absl::ConsumePrefix(&label, "元") ? 1 : ConsumeSmallNumber(label);
  if (month <= 0 || !absl::ConsumePrefix(&label, "月")) return std::nullopt;
  const int day = ConsumeSmallNumber(label);
  if (day <= 0 || !absl::ConsumePrefix(&label, "日")) return std::nullopt;
  return absl::StrCat(year, "年", month, "月", day, "日", label);
}

}  // namespace nianbao::codec
