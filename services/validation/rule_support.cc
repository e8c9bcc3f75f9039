#include "services/validation/rule_support.h"

#include <cstring>
#ifdef __x86_64__
#include <immintrin.h>
#elif defined(__SSE2__)
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

Finding& FindingSink::Next(RuleId rule) {
  if (used_ == out_->size()) out_->emplace_back();
  Finding& finding = (*out_)[used_++];
  finding.code = RuleInfoFor(rule).code;
  finding.severity = SeverityAt(rule, stage_);
  finding.field_path.clear();
  finding.column.clear();
  finding.message_zh.clear();
  finding.message_en.clear();
  finding.expected.clear();
  finding.actual.clear();
  return finding;
}

void FindingSink::Add(RuleId rule, std::string field_path, std::string column,
                      std::string message_zh, std::string message_en, std::string expected,
                      std::string actual) {
  Finding& finding = Next(rule);
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

namespace {

// The candidates, among the `count` starts from s, whose first and last bytes match the needle's
// (W. Muła's "SIMD-friendly" substring search): in UTF-8 Chinese the pair is rare, so memcmp runs
// almost only on real matches. `count` + n - 1 bytes from s are readable. Returns the first match's
// offset from s, or npos; *scanned is how many starts it looked at (the ones it did not are left
// to the caller, one by one).
size_t FindCandidatesSse2(const char* s, size_t count, absl::string_view needle, size_t* scanned) {
  size_t i = 0;
#ifdef __SSE2__
  const size_t n = needle.size();
  const __m128i first = _mm_set1_epi8(needle[0]);
  const __m128i last = _mm_set1_epi8(needle[n - 1]);
  // Matches among the 16 starts from `block`, skipping the first `skip`.
  const auto block_match = [&](size_t block, size_t skip) {
    const __m128i starts = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + block));
    const __m128i ends = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + block + n - 1));
    auto mask = static_cast<uint32_t>(_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(starts, first), _mm_cmpeq_epi8(ends, last))));
    mask &= ~((1u << skip) - 1);
    while (mask != 0) {
      const size_t at = block + static_cast<size_t>(__builtin_ctz(mask));
      if (std::memcmp(s + at + 1, needle.data() + 1, n - 2) == 0) return at;
      mask &= mask - 1;
    }
    return absl::string_view::npos;
  };
  for (; i + 16 <= count; i += 16) {
    if (const size_t at = block_match(i, 0); at != absl::string_view::npos) return at;
  }
  // The last few starts in one more block, overlapping the previous one: short texts and windows
  // are most calls, and a byte-by-byte tail was a third of the time.
  if (i < count && count >= 16) {
    const size_t block = count - 16;
    *scanned = count;
    return block_match(block, i - block);
  }
#endif
  *scanned = i;
  return absl::string_view::npos;
}

#ifdef __x86_64__
__attribute__((target("avx2"))) size_t FindCandidatesAvx2(const char* s, size_t count,
                                                          absl::string_view needle,
                                                          size_t* scanned) {
  const size_t n = needle.size();
  const __m256i first = _mm256_set1_epi8(needle[0]);
  const __m256i last = _mm256_set1_epi8(needle[n - 1]);
  size_t i = 0;
  for (; i + 32 <= count; i += 32) {
    const __m256i starts = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i));
    const __m256i ends = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i + n - 1));
    auto mask = static_cast<uint32_t>(_mm256_movemask_epi8(
        _mm256_and_si256(_mm256_cmpeq_epi8(starts, first), _mm256_cmpeq_epi8(ends, last))));
    while (mask != 0) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
      if (std::memcmp(s + at + 1, needle.data() + 1, n - 2) == 0) return at;
      mask &= mask - 1;
    }
  }
  // The last 0 to 31 starts: by 16, as far as they go.
  size_t rest = 0;
  const size_t found = FindCandidatesSse2(s + i, count - i, needle, &rest);
  *scanned = i + rest;
  return found == absl::string_view::npos ? found : i + found;
}
#endif

// AVX2 where the processor has it: the text rules scan long sections for several phrases each, and
// 32 starts a step halve that (glibc's memchr chooses the same way).
using FindCandidates = size_t (*)(const char*, size_t, absl::string_view, size_t*);
FindCandidates ChooseFindCandidates() {
#ifdef __x86_64__
  if (__builtin_cpu_supports("avx2")) return FindCandidatesAvx2;
#endif
  return FindCandidatesSse2;
}

}  // namespace

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
  const size_t starts = text.size() - pos - n + 1;  // Candidate starts.
  static const FindCandidates find_candidates = ChooseFindCandidates();
  size_t i = 0;
  if (const size_t at = find_candidates(s, starts, needle, &i); at != absl::string_view::npos) {
    return pos + at;
  }
  // The starts the vector steps left (all of them without SSE2), one by one.
  for (; i < starts; ++i) {
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
