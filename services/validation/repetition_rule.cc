// REPEAT_LAST_YEAR: how much of this year's text (sections 一, 五, 六) repeats last year's report.
// Evaluations deduct above 50 %. Measured as the share of this year's 8-character shingles that
// also occur in last year's text, after dropping whitespace and punctuation and reading every digit
// as 0 (so a copied paragraph with the year changed still counts as copied). Last year's shingles
// go into a 2^17-bit set (a thread-local bitmap, no allocation); with a few thousand shingles a
// false hit costs well under 2 percentage points.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/validation/repetition_measure.h"
#include "services/validation/rules.h"

namespace nianbao::validation {
namespace {

using nianbao::v1::AnnualReport;

constexpr int kShingleLength = 8;  // A power of two (the window index wraps with a mask).
constexpr int kBitmapBits = 1 << 17;
constexpr double kThreshold = 0.5;

// Decodes the UTF-8 character at text[*pos] and advances; invalid bytes decode as themselves.
char32_t NextCodePoint(absl::string_view text, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t i = *pos;
  const unsigned char lead = p[i];
  auto continuation = [&](size_t k) { return i + k < text.size() ? (p[i + k] & 0x3F) : 0; };
  if (lead < 0x80) {
    *pos += 1;
    return lead;
  }
  if (lead >= 0xF0) {
    *pos += 4;
    return ((lead & 0x07) << 18) | (continuation(1) << 12) | (continuation(2) << 6) |
           continuation(3);
  }
  if (lead >= 0xE0) {
    *pos += 3;
    return ((lead & 0x0F) << 12) | (continuation(1) << 6) | continuation(2);
  }
  *pos += 2;
  return ((lead & 0x1F) << 6) | continuation(1);
}

// Drops what copying does not depend on; returns 0 for a dropped character.
char32_t Normalise(char32_t c) {
  if (c <= ' ') return 0;
  if (c < 0x80) {
    if (c >= '0' && c <= '9') return '0';
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return c | 0x20;
    return 0;  // ASCII punctuation.
  }
  if (c >= 0xFF10 && c <= 0xFF19) return '0';                          // Full-width digits.
  if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||  // CJK and full-width marks.
      (c >= 0xFF1A && c <= 0xFF20) || (c >= 0x2010 && c <= 0x206F)) {  // …“”—
    return 0;
  }
  return c;
}

// Calls `visit(hash, section)` for each shingle of the text sections of `report`, `section` being
// the index (RepetitionSection) of the section whose character completes it. A polynomial rolling
// hash (mod 2^64): adding a character and dropping the one kShingleLength back costs two
// multiplies.
template <typename Visit>
void ForEachShingle(const AnnualReport& report, Visit&& visit) {
  constexpr uint64_t kBase = 0x100000001B3ULL;
  constexpr uint64_t kBaseToLength = [] {
    uint64_t power = 1;
    for (int i = 0; i < kShingleLength; ++i) power *= kBase;
    return power;
  }();
  std::array<uint32_t, kShingleLength> window{};
  uint64_t hash = 0;
  int filled = 0;
  int next = 0;
  auto feed = [&](absl::string_view text, int section) {
    size_t pos = 0;
    while (pos < text.size()) {
      const char32_t c = Normalise(NextCodePoint(text, &pos));
      if (c == 0) continue;
      hash = hash * kBase + c - window[next] * kBaseToLength;
      window[next] = static_cast<uint32_t>(c);
      next = (next + 1) & (kShingleLength - 1);
      if (++filled < kShingleLength) continue;
      visit(hash ^ (hash >> 29) ^ (hash >> 47), section);
    }
  };
  const nianbao::v1::TextSection* sections[] = {
      &report.overview(), &report.problems_and_improvements(), &report.other_matters()};
  for (int s = 0; s < 3; ++s) {
    for (const auto& paragraph : sections[s]->paragraphs()) feed(paragraph.text(), s);
  }
}

}  // namespace

RepetitionBySection MeasureRepetition(const AnnualReport& report, const AnnualReport& previous) {
  thread_local std::array<uint64_t, kBitmapBits / 64> seen;
  std::memset(seen.data(), 0, sizeof(seen));
  ForEachShingle(previous, [&](uint64_t hash, int) {
    const uint32_t bit = static_cast<uint32_t>(hash) & (kBitmapBits - 1);
    seen[bit / 64] |= uint64_t{1} << (bit % 64);
  });
  RepetitionBySection counts{};
  ForEachShingle(report, [&](uint64_t hash, int section) {
    const uint32_t bit = static_cast<uint32_t>(hash) & (kBitmapBits - 1);
    ++counts[section].shingles;
    counts[section].repeated += (seen[bit / 64] >> (bit % 64)) & 1;
  });
  return counts;
}

void CheckRepeatLastYear(const AnnualReport& report, const ValidationContext& context,
                         FindingSink& sink) {
  if (context.previous_report == nullptr) return;
  int64_t total = 0;
  int64_t repeated = 0;
  for (const RepetitionCount& count : MeasureRepetition(report, *context.previous_report)) {
    total += count.shingles;
    repeated += count.repeated;
  }
  if (total < kRepetitionMinimumShingles) return;
  const double share = static_cast<double>(repeated) / static_cast<double>(total);
  if (share <= kThreshold) return;
  const int percent = static_cast<int>(share * 100 + 0.5);
  sink.Add(RuleId::kRepeatLastYear, "overview", "",
           absl::StrCat("文字部分（第一、五、六部分）约", percent, "%与上年度报告重复，超过50%"),
           absl::StrCat("About ", percent,
                        "% of the text (sections 一, 五, 六) repeats last year's report; the limit "
                        "is 50%"),
           "<= 50%", absl::StrCat(percent, "%"));
}

}  // namespace nianbao::validation
