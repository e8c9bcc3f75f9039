#include "services/codec/report_cells.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/codec/parse_error.h"
#include "services/codec/section_heading.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::AmountCell;
using nianbao::v1::CountCell;
using nianbao::v1::Decimal;

// A value cell longer than this is a sentence, not a value.
constexpr std::size_t kMaxValueCodePoints = 20;
constexpr std::size_t kMaxQuotedCodePoints = 30;

constexpr std::array<absl::string_view, 4> kAmountUnits = {"", "万元", "元", "万"};

bool HasLatinLetters(absl::string_view label) {
  const std::string lower = absl::AsciiStrToLower(label);
  if (lower == "n/a" || lower == "na") return false;
  for (char c : label) {
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

// "1.属于国家秘密", "(一)予以公开", "一、本年新收…": the numbering of a row label.
bool StartsWithRowNumbering(absl::string_view label) {
  std::size_t digits = 0;
  while (digits < label.size() && absl::ascii_isdigit(static_cast<unsigned char>(label[digits]))) {
    ++digits;
  }
  if (digits > 0 && digits + 1 < label.size() && label[digits] == '.' &&
      !absl::ascii_isdigit(static_cast<unsigned char>(label[digits + 1]))) {
    return true;
  }
  std::size_t consumed = 0;
  if (absl::StartsWith(label, "(") && ParseChineseNumeral(label.substr(1), consumed) > 0) {
    return label.substr(1 + consumed, 1) == ")";
  }
  return ParseChineseNumeral(label, consumed) > 0 && absl::StartsWith(label.substr(consumed), "、");
}

std::string Quote(absl::string_view raw) {
  std::string shown;
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < raw.size() && count < kMaxQuotedCodePoints; ++count) {
    const std::size_t length = DecodeUtf8At(raw, pos).length;
    shown.append(raw.data() + pos, length);
    pos += length;
  }
  if (shown.size() < raw.size()) shown += "…";
  return shown;
}

absl::Status CheckNotMisplaced(const SourceCell& cell, absl::string_view raw,
                               absl::string_view label) {
  if (!HasLatinLetters(label) && !StartsWithRowNumbering(label) &&
      CodePointCount(label) <= kMaxValueCodePoints) {
    return absl::OkStatus();
  }
  return InputError(
      cell.where,
      absl::StrCat("此处应为数值，实际为“", Quote(raw), "”（该行的单元格可能缺失或错位）"),
      absl::StrCat("expected a number here, found \"", Quote(raw),
                   "\" (the row's cells may be missing or shifted)"));
}

// "1,234" -> "1234": thousands separators (already half-width) in groups of three; any other
// text is returned unchanged.
std::string WithoutThousandsSeparators(absl::string_view label) {
  const std::size_t first_comma = label.find(',');
  if (first_comma == absl::string_view::npos) return std::string(label);
  std::string digits;
  std::size_t group_length = 0;
  for (std::size_t i = 0; i < label.size(); ++i) {
    const char c = label[i];
    if (c == ',') {
      const bool leading_group_ok = i == first_comma && group_length >= 1 && group_length <= 3;
      if (!leading_group_ok && group_length != 3) return std::string(label);
      group_length = 0;
    } else if (c == '.') {
      if (group_length != 3) return std::string(label);
      absl::StrAppend(&digits, label.substr(i));  // the fraction
      return digits;
    } else {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && !(i == 0 && c == '-')) {
        return std::string(label);
      }
      if (c != '-') ++group_length;
      digits.push_back(c);
    }
  }
  return group_length == 3 ? digits : std::string(label);
}

std::optional<std::int32_t> ParseWholeNumber(absl::string_view label) {
  if (absl::StartsWith(label, "+")) label.remove_prefix(1);
  absl::string_view digits = label;
  if (absl::StartsWith(digits, "-")) digits.remove_prefix(1);
  if (!IsAsciiDigits(digits) || digits.size() > 10) return std::nullopt;
  std::int64_t value = 0;
  if (!absl::SimpleAtoi(label, &value)) return std::nullopt;
  if (value > std::numeric_limits<std::int32_t>::max() ||
      value < std::numeric_limits<std::int32_t>::min()) {
    return std::nullopt;
  }
  return static_cast<std::int32_t>(value);
}

}  // namespace

std::optional<Decimal> ParseDecimal(absl::string_view text) {
  const bool negative = absl::StartsWith(text, "-");
  if (negative) text.remove_prefix(1);
  const std::size_t dot = text.find('.');
  const absl::string_view whole = text.substr(0, dot);
  const absl::string_view fraction =
      dot == absl::string_view::npos ? absl::string_view() : text.substr(dot + 1);
  if (!IsAsciiDigits(whole) || whole.size() > 18) return std::nullopt;
  if (dot != absl::string_view::npos && (!IsAsciiDigits(fraction) || fraction.size() > 9)) {
    return std::nullopt;
  }
  std::int64_t units = 0;
  std::int64_t nanos = 0;
  if (!absl::SimpleAtoi(whole, &units)) return std::nullopt;
  if (!fraction.empty()) {
    if (!absl::SimpleAtoi(fraction, &nanos)) return std::nullopt;
    for (std::size_t i = fraction.size(); i < 9; ++i) nanos *= 10;
  }
  Decimal decimal;
  decimal.set_units(negative ? -units : units);
  decimal.set_nanos(static_cast<std::int32_t>(negative ? -nanos : nanos));
  return decimal;
}

std::string FormatDecimal(const Decimal& decimal) {
  const bool negative = decimal.units() < 0 || decimal.nanos() < 0;
  const std::uint64_t units = decimal.units() < 0 ? 0 - static_cast<std::uint64_t>(decimal.units())
                                                  : static_cast<std::uint64_t>(decimal.units());
  const std::int64_t signed_nanos = decimal.nanos();
  const std::int64_t nanos = signed_nanos < 0 ? -signed_nanos : signed_nanos;
  std::string out = absl::StrCat(negative ? "-" : "", units);
  if (nanos != 0) {
    std::string fraction = std::to_string(nanos);
    fraction.insert(0, fraction.size() < 9 ? 9 - fraction.size() : 0, '0');
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    absl::StrAppend(&out, ".", fraction);
  }
  return out;
}

absl::StatusOr<CountCell> ParseCountCell(const SourceCell& cell) {
  CountCell result;
  const std::string raw = CleanText(cell.text);
  if (raw.empty()) return result;
  const std::string label = NormalizeLabel(raw);
  if (const std::optional<std::int32_t> number =
          ParseWholeNumber(WithoutThousandsSeparators(label));
      number.has_value()) {
    result.set_number(*number);
    return result;
  }
  if (absl::Status status = CheckNotMisplaced(cell, raw, label); !status.ok()) return status;
  result.set_text(raw);
  return result;
}

absl::StatusOr<AmountCell> ParseAmountCell(const SourceCell& cell) {
  AmountCell result;
  const std::string raw = CleanText(cell.text);
  if (raw.empty()) return result;
  const std::string label = NormalizeLabel(raw);
  const std::size_t number_end = std::min(label.find_first_not_of("0123456789,.+-"), label.size());
  const absl::string_view unit = absl::string_view(label).substr(number_end);
  if (std::find(kAmountUnits.begin(), kAmountUnits.end(), unit) != kAmountUnits.end()) {
    std::string number = WithoutThousandsSeparators(label.substr(0, number_end));
    if (absl::StartsWith(number, "+")) number.erase(0, 1);
    if (std::optional<Decimal> amount = ParseDecimal(number); amount.has_value()) {
      *result.mutable_amount() = *amount;
      if (!unit.empty()) result.set_written(raw);
      return result;
    }
  }
  if (absl::Status status = CheckNotMisplaced(cell, raw, label); !status.ok()) return status;
  result.set_text(raw);
  return result;
}

std::string FormatCountCell(const CountCell& cell) {
  switch (cell.content_case()) {
    case CountCell::kNumber:
      return absl::StrCat(cell.number());
    case CountCell::kText:
      return cell.text();
    case CountCell::CONTENT_NOT_SET:
      break;
  }
  return "";
}

std::string FormatAmountCell(const AmountCell& cell) {
  switch (cell.content_case()) {
    case AmountCell::kAmount:
      return cell.written().empty() ? FormatDecimal(cell.amount()) : cell.written();
    case AmountCell::kText:
      return cell.text();
    case AmountCell::CONTENT_NOT_SET:
      break;
  }
  return "";
}

}  // namespace nianbao::codec
