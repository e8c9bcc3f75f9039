#include "services/validation/rule_support.h"

#include <cstring>
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

std::string DescribeCell(const CountCell& cell) {
  switch (cell.content_case()) {
    case CountCell::kNumber:
      return absl::StrCat(cell.number());
    case CountCell::kText:
      return absl::StrCat("“", cell.text(), "”");
    case CountCell::CONTENT_NOT_SET:
      break;
  }
  return "空白";
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
  // Anchored on the needle's last byte: a UTF-8 continuation byte, far more selective than a lead
  // byte, so memchr skips most of the text and memcmp rarely runs.
  const char last = needle[n - 1];
  const char* p = text.data() + pos + n - 1;
  const char* const end = text.data() + text.size();
  while (p < end) {
    p = static_cast<const char*>(std::memchr(p, last, static_cast<size_t>(end - p)));
    if (p == nullptr) return absl::string_view::npos;
    const char* start = p - (n - 1);
    if (std::memcmp(start, needle.data(), n - 1) == 0) {
      return static_cast<size_t>(start - text.data());
    }
    ++p;
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
