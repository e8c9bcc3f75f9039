#include "services/validation/rule_support.h"

#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/validation/number_text.h"

namespace nianbao::validation {

using nianbao::v1::ActiveDisclosureTable;
using nianbao::v1::ApplicationTable;
using nianbao::v1::CountCell;

void FindingSink::Add(RuleId rule, std::string field_path, std::string column,
                      std::string message_zh, std::string message_en, std::string expected,
                      std::string actual) {
  Finding& finding = out_->emplace_back();
  finding.code = RuleInfoFor(rule).code;
  finding.severity = SeverityAt(rule, stage_);
  finding.field_path = std::move(field_path);
  finding.column = std::move(column);
  finding.message_zh = std::move(message_zh);
  finding.message_en = std::move(message_en);
  finding.expected = std::move(expected);
  finding.actual = std::move(actual);
}

CellValue ReadCountText(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  static constexpr absl::string_view kZeroMarks[] = {"",   "/",  "／", "—",  "——", "-",
                                                     "－", "--", "―",  "无", "\\", "－－"};
  for (absl::string_view mark : kZeroMarks) {
    if (text == mark) return {0, CellState::kZeroMark};
  }
  for (absl::string_view unit : {"件", "个", "项", "条", "次"}) {
    if (absl::ConsumeSuffix(&text, unit)) break;
  }
  int64_t value = 0;
  if (ParseWholeNumber(text, &value)) return {value, CellState::kTextNumber};
  return {0, CellState::kText};
}

bool Table2IsTrial2019(const ActiveDisclosureTable& table) {
  switch (table.format_version()) {
    case nianbao::v1::FORMAT_VERSION_2019:
      return true;
    case nianbao::v1::FORMAT_VERSION_2021:
    case nianbao::v1::FORMAT_VERSION_MIXED:
      return false;
    default:
      break;
  }
  return table.has_trial_2019() && !table.has_rules() && !table.has_normative_documents();
}

bool Table3IsTrial2019(const ApplicationTable& table) {
  switch (table.format_version()) {
    case nianbao::v1::FORMAT_VERSION_2019:
      return true;
    case nianbao::v1::FORMAT_VERSION_2021:
      return false;
    default:
      break;
  }
  // Unset or mixed: follow the rows actually present.
  return table.has_other_handling_2019() && !table.has_other_handling();
}

std::string SectionText(const nianbao::v1::TextSection& section) {
  std::string text;
  for (const auto& paragraph : section.paragraphs()) {
    absl::StrAppend(&text, paragraph.text(), "\n");
  }
  return text;
}

size_t FindText(absl::string_view text, absl::string_view needle, size_t pos) {
  const size_t n = needle.size();
  if (pos > text.size() || text.size() - pos < n) return absl::string_view::npos;
  if (n == 0) return pos;
  if (n == 1) {
    const void* hit = std::memchr(text.data() + pos, needle[0], text.size() - pos);
    return hit == nullptr ? absl::string_view::npos
                          : static_cast<size_t>(static_cast<const char*>(hit) - text.data());
  }
  const char* const s = text.data() + pos;
  const size_t len = text.size() - pos;
  size_t i = 0;
#ifdef __SSE2__
  // Sixteen candidate starts at a time: those whose first byte and last byte both match the
  // needle's (W. Muła's "SIMD-friendly" substring search). In UTF-8 Chinese the pair is rare, so
  // memcmp runs almost only on real matches, and the rules' many scans of long sections stay
  // cheap (a memchr on one byte stopped every hundred bytes or so).
  const __m128i first = _mm_set1_epi8(needle[0]);
  const __m128i last = _mm_set1_epi8(needle[n - 1]);
  for (; i + n - 1 + 16 <= len; i += 16) {
    const __m128i starts = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const __m128i ends = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + n - 1));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(starts, first), _mm_cmpeq_epi8(ends, last))));
    while (mask != 0) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
      if (std::memcmp(s + at + 1, needle.data() + 1, n - 2) == 0) return pos + at;
      mask &= mask - 1;
    }
  }
#endif
  // What is left (all of it without SSE2): candidates one by one.
  for (; i + n <= len; ++i) {
    if (s[i] == needle[0] && s[i + n - 1] == needle[n - 1] &&
        std::memcmp(s + i + 1, needle.data() + 1, n - 2) == 0) {
      return pos + i;
    }
  }
  return absl::string_view::npos;
}

bool ContainsAny(absl::string_view text, absl::Span<const absl::string_view> needles) {
  for (absl::string_view needle : needles) {
    if (HasText(text, needle)) return true;
  }
  return false;
}

}  // namespace nianbao::validation
