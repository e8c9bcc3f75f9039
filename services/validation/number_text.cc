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

// By code point: FindNumber asks this of every character of the clauses the text rules read.
Numeral ChineseNumeralAt(absl::string_view text, size_t pos) {
  if (pos + 3 > text.size()) return {};
  const auto* p = reinterpret_cast<const unsigned char*>(text.data() + pos);
  if ((p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return {};
  const char32_t code =
      (char32_t{p[0] & 0x0Fu} << 12) | (char32_t{p[1] & 0x3Fu} << 6) | char32_t{p[2] & 0x3Fu};
  switch (code) {
    case U'零':
    case U'〇':
      return {NumeralKind::kDigit, 0};
    case U'一':
      return {NumeralKind::kDigit, 1};
    case U'二':
    case U'两':
      return {NumeralKind::kDigit, 2};
    case U'三':
      return {NumeralKind::kDigit, 3};
    case U'四':
      return {NumeralKind::kDigit, 4};
    case U'五':
      return {NumeralKind::kDigit, 5};
    case U'六':
      return {NumeralKind::kDigit, 6};
    case U'七':
      return {NumeralKind::kDigit, 7};
    case U'八':
      return {NumeralKind::kDigit, 8};
    case U'九':
      return {NumeralKind::kDigit, 9};
    case U'十':
      return {NumeralKind::kUnit, 10};
    case U'百':
      return {NumeralKind::kUnit, 100};
    case U'千':
      return {NumeralKind::kUnit, 1000};
    case U'万':
      return {NumeralKind::kUnit, 10000};
    default:
      return {};
  }
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
