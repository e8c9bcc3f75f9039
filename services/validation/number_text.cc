#include "services/validation/number_text.h"

#include <limits>

#include "absl/strings/ascii.h"

namespace nianbao::validation {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 100;

// Decodes one full-width digit (U+FF10..U+FF19, bytes EF BC 90..99) at pos; -1 when none.
int FullWidthDigitAt(absl::string_view text, size_t pos) {
  if (pos + 3 > text.size()) return -1;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data() + pos);
  if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) return p[2] - 0x90;
  return -1;
}

// A Chinese numeral character at pos: a digit (0-9), or a unit (10, 100, 1000, 10000). Returns the
// kind and value; all such characters are three bytes in UTF-8.
enum class NumeralKind { kNone, kDigit, kUnit };
struct Numeral {
  NumeralKind kind = NumeralKind::kNone;
  int64_t value = 0;
};

Numeral ChineseNumeralAt(absl::string_view text, size_t pos) {
  struct Entry {
    const char* utf8;
    NumeralKind kind;
    int64_t value;
  };
  static constexpr Entry kEntries[] = {
      {"零", NumeralKind::kDigit, 0},   {"〇", NumeralKind::kDigit, 0},
      {"一", NumeralKind::kDigit, 1},   {"二", NumeralKind::kDigit, 2},
      {"两", NumeralKind::kDigit, 2},   {"三", NumeralKind::kDigit, 3},
      {"四", NumeralKind::kDigit, 4},   {"五", NumeralKind::kDigit, 5},
      {"六", NumeralKind::kDigit, 6},   {"七", NumeralKind::kDigit, 7},
      {"八", NumeralKind::kDigit, 8},   {"九", NumeralKind::kDigit, 9},
      {"十", NumeralKind::kUnit, 10},   {"百", NumeralKind::kUnit, 100},
      {"千", NumeralKind::kUnit, 1000}, {"万", NumeralKind::kUnit, 10000},
  };
  if (pos + 3 > text.size()) return {};
  absl::string_view ch = text.substr(pos, 3);
  for (const Entry& entry : kEntries) {
    if (ch == entry.utf8) return {entry.kind, entry.value};
  }
  return {};
}

bool ReadArabic(absl::string_view text, size_t pos, NumberInText* number) {
  int64_t value = 0;
  size_t i = pos;
  bool any = false;
  while (i < text.size()) {
    int digit = -1;
    size_t width = 1;
    if (absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
      digit = text[i] - '0';
    } else if (int full = FullWidthDigitAt(text, i); full >= 0) {
      digit = full;
      width = 3;
    }
    if (digit < 0) break;
    if (value > kMax) return false;
    value = value * 10 + digit;
    any = true;
    i += width;
  }
  if (!any) return false;
  *number = {value, pos, i};
  return true;
}

// Chinese numerals up to 万: 十二, 二十, 一百零五, 三千二百, 两万三千. A lone 零 is zero.
bool ReadChinese(absl::string_view text, size_t pos, NumberInText* number) {
  int64_t total = 0;    // Completed 万 groups.
  int64_t section = 0;  // Below 万.
  int64_t digit = -1;   // Pending digit, -1 when none.
  size_t i = pos;
  bool any = false;
  while (true) {
    Numeral numeral = ChineseNumeralAt(text, i);
    if (numeral.kind == NumeralKind::kNone) break;
    any = true;
    i += 3;
    if (numeral.kind == NumeralKind::kDigit) {
      digit = numeral.value;
      continue;
    }
    if (numeral.value == 10000) {
      section += digit > 0 ? digit : 0;
      total = (total + section) * 10000;
      section = 0;
    } else {
      // 十 alone means 10 ("十二"); otherwise the pending digit multiplies the unit.
      section += (digit < 0 ? 1 : digit) * numeral.value;
    }
    digit = -1;
  }
  if (!any) return false;
  if (digit > 0) section += digit;
  *number = {total + section, pos, i};
  return true;
}

}  // namespace

bool ReadNumberAt(absl::string_view text, size_t pos, NumberInText* number) {
  if (pos >= text.size()) return false;
  if (ReadArabic(text, pos, number)) return true;
  return ReadChinese(text, pos, number);
}

bool FindNumber(absl::string_view text, size_t pos, size_t limit, NumberInText* number) {
  if (limit > text.size()) limit = text.size();
  while (pos < limit) {
    const unsigned char lead = static_cast<unsigned char>(text[pos]);
    if (ReadNumberAt(text, pos, number)) return true;
    // Step one UTF-8 character.
    pos += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  }
  return false;
}

bool ParseWholeNumber(absl::string_view text, int64_t* value) {
  text = absl::StripAsciiWhitespace(text);
  NumberInText number;
  if (text.empty() || !ReadNumberAt(text, 0, &number) || number.end != text.size()) return false;
  *value = number.value;
  return true;
}

}  // namespace nianbao::validation
