// The facts the opening states (编制依据, 统计期限, 发布网址, 联系方式), found by their labels in
// the phrasings agencies use: "统计期限自2024年1月1日起至2024年12月31日止",
// "统计时限为2023年1月1日至 2023年12月31日", "从2019年1月1日到12月31日止";
// "地址：…，邮编：…，联系电话：…，邮箱：…".
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/codec/chinese_numeral_date.h"
#include "services/codec/report_parser_internal.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::Date;

constexpr std::array<absl::string_view, 5> kAddressLabels = {"联系地址", "通信地址", "通讯地址",
                                                             "办公地址", "地址"};
constexpr std::array<absl::string_view, 4> kTelephoneLabels = {"联系电话", "咨询电话", "电话",
                                                               "联系方式"};
constexpr std::array<absl::string_view, 2> kPostcodeLabels = {"邮政编码", "邮编"};
constexpr std::array<absl::string_view, 6> kEmailLabels = {"电子邮箱", "电子邮件", "邮箱",
                                                           "e-mail",   "email",    "E-mail"};
constexpr std::array<absl::string_view, 6> kRangeWords = {"至", "到", "-", "—", "~", "～"};

bool IsDigit(char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }

bool IsEmailChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' ||
         c == '+' || c == '-' || c == '@';
}

bool IsUrlChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view("-._~:/?#@!$&*+=%").find(c) != absl::string_view::npos;
}

// Reads up to `max_digits` digits at `pos`.
std::optional<int> ReadNumber(absl::string_view text, std::size_t& pos, std::size_t max_digits) {
  const std::size_t start = pos;
  while (pos < text.size() && pos - start < max_digits && IsDigit(text[pos])) ++pos;
  int value = 0;
  if (pos == start || !absl::SimpleAtoi(text.substr(start, pos - start), &value))
    return std::nullopt;
  return value;
}

bool Consume(absl::string_view text, std::size_t& pos, absl::string_view word) {
  if (!absl::StartsWith(text.substr(pos), word)) return false;
  pos += word.size();
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// A calendar date, or nullopt for one that does not exist (2月30日).
std::optional<Date> MakeDate(int year, int month, int day) {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

// "2024年1月1日" at `pos`; with `default_year` > 0 the year may be left out ("12月31日").
std::optional<Date> ReadChineseDate(absl::string_view text, std::size_t& pos, int default_year) {
  std::size_t cursor = pos;
  int year = default_year;
  const std::size_t digits_start = cursor;
  std::optional<int> first = ReadNumber(text, cursor, 4);
  if (!first.has_value()) return std::nullopt;
  if (cursor - digits_start == 4 && Consume(text, cursor, "年")) {
    year = *first;
    first = ReadNumber(text, cursor, 2);
  } else if (default_year == 0) {
    return std::nullopt;
  }
  if (!first.has_value() || !Consume(text, cursor, "月")) return std::nullopt;
  const std::optional<int> day = ReadNumber(text, cursor, 2);
  if (!day.has_value() || !Consume(text, cursor, "日")) return std::nullopt;
  pos = cursor;
  return MakeDate(year, *first, *day);
}

std::optional<v1::Period> ReadPeriodAt(absl::string_view text, std::size_t pos) {
  const std::optional<Date> start = ReadChineseDate(text, pos, 0);
  if (!start.has_value()) return std::nullopt;
  Consume(text, pos, "起");
  bool ranged = false;
  for (absl::string_view word : kRangeWords) ranged = ranged || Consume(text, pos, word);
  if (!ranged) return std::nullopt;
  const std::optional<Date> end = ReadChineseDate(text, pos, start->year());
  if (!end.has_value()) return std::nullopt;
  v1::Period period;
  *period.mutable_start() = *start;
  *period.mutable_end() = *end;
  return period;
}

std::optional<v1::Period> FindPeriod(absl::string_view label) {
  for (std::size_t pos = 0; pos < label.size(); ++pos) {
    if (!IsDigit(label[pos]) || (pos > 0 && IsDigit(label[pos - 1]))) continue;
    if (std::optional<v1::Period> period = ReadPeriodAt(label, pos); period.has_value()) {
      return period;
    }
  }
  return std::nullopt;
}

// The value after "label:" (or "label："), up to the first delimiter outside parentheses.
template <std::size_t N>
std::string FindLabeledValue(absl::string_view half,
                             const std::array<absl::string_view, N>& labels) {
  for (absl::string_view label : labels) {
    const std::size_t found = half.find(absl::StrCat(label, ":"));
    if (found == absl::string_view::npos) continue;
    const absl::string_view rest = half.substr(found + label.size() + 1);
    int depth = 0;
    std::size_t end = 0;
    for (; end < rest.size(); ++end) {
      const char c = rest[end];
      if (c == '(') ++depth;
      if (c == ')' && depth-- == 0) break;
      if (c == ',' || c == ';' || absl::StartsWith(rest.substr(end), "。")) break;
    }
    const std::string value(TrimSpaces(rest.substr(0, end)));
    if (!value.empty()) return value;
  }
  return "";
}

// The run of `accept` characters around `text[at]`.
template <typename Accept>
std::string RunAround(absl::string_view text, std::size_t at, Accept accept) {
  std::size_t begin = at;
  while (begin > 0 && accept(text[begin - 1])) --begin;
  std::size_t end = at;
  while (end < text.size() && accept(text[end])) ++end;
  while (end > begin && text[end - 1] == '.') --end;
  return std::string(text.substr(begin, end - begin));
}

std::string FindEmail(absl::string_view half) {
  const std::string labelled = FindLabeledValue(half, kEmailLabels);
  const std::size_t at = labelled.find('@');
  if (at != std::string::npos) return RunAround(labelled, at, IsEmailChar);
  const std::size_t anywhere = half.find('@');
  if (anywhere == absl::string_view::npos) return "";
  const std::string email = RunAround(half, anywhere, IsEmailChar);
  return email.find('@') > 0 && email.back() != '@' ? email : "";
}

std::string FindPortal(absl::string_view half) {
  for (absl::string_view start : {"https://", "http://", "www."}) {
    const std::size_t found = half.find(start);
    if (found == absl::string_view::npos) continue;
    std::size_t end = found;
    while (end < half.size() && IsUrlChar(half[end])) ++end;
    while (end > found && half[end - 1] == '.') --end;
    return std::string(half.substr(found, end - found));
  }
  return "";
}

std::string FindPostcode(absl::string_view half) {
  for (absl::string_view label : kPostcodeLabels) {
    std::size_t pos = half.find(label);
    if (pos == absl::string_view::npos) continue;
    pos += label.size();
    Consume(half, pos, ":");
    while (pos < half.size() && half[pos] == ' ') ++pos;
    const std::size_t start = pos;
    while (pos < half.size() && IsDigit(half[pos])) ++pos;
    if (pos - start == 6) return std::string(half.substr(start, 6));
  }
  return "";
}

std::string FindLegalBasis(absl::string_view text) {
  std::size_t pos = 0;
  while ((pos = text.find("《", pos)) != absl::string_view::npos) {
    const std::size_t end = text.find("》", pos);
    if (end == absl::string_view::npos) return "";
    const absl::string_view title = text.substr(pos, end + std::string("》").size() - pos);
    if (absl::StrContains(title, "条例")) return std::string(title);
    pos = end;
  }
  return "";
}

void SetIfEmpty(std::string* field, std::string value) {
  if (field->empty()) *field = std::move(value);
}

}  // namespace

std::optional<Date> ParseDatePrefix(absl::string_view text) {
  std::string label = NormalizeLabel(text);
  if (std::optional<std::string> arabic = ArabicDateFromChinese(label); arabic.has_value()) {
    label = *std::move(arabic);
  }
  std::size_t pos = 0;
  const std::optional<int> year = ReadNumber(label, pos, 4);
  if (!year.has_value() || pos != 4) return std::nullopt;
  if (!Consume(label, pos, "年") && !Consume(label, pos, "-") && !Consume(label, pos, "/") &&
      !Consume(label, pos, ".")) {
    return std::nullopt;
  }
  const std::optional<int> month = ReadNumber(label, pos, 2);
  if (!month.has_value()) return std::nullopt;
  if (!Consume(label, pos, "月") && !Consume(label, pos, "-") && !Consume(label, pos, "/") &&
      !Consume(label, pos, ".")) {
    return std::nullopt;
  }
  const std::optional<int> day = ReadNumber(label, pos, 2);
  if (!day.has_value()) return std::nullopt;
  return MakeDate(*year, *month, *day);
}

void ExtractOpeningFacts(v1::OpeningBlock& opening) {
  for (const std::string& paragraph : opening.paragraphs()) {
    const std::string half = ToHalfWidth(paragraph);
    const std::string label = NormalizeLabel(paragraph);
    SetIfEmpty(opening.mutable_legal_basis(), FindLegalBasis(paragraph));
    if (!opening.has_statistics_period()) {
      if (std::optional<v1::Period> period = FindPeriod(label); period.has_value()) {
        *opening.mutable_statistics_period() = *period;
      }
    }
    SetIfEmpty(opening.mutable_portal_url(), FindPortal(half));
    SetIfEmpty(opening.mutable_contact_address(), FindLabeledValue(half, kAddressLabels));
    SetIfEmpty(opening.mutable_postcode(), FindPostcode(half));
    SetIfEmpty(opening.mutable_telephone(), FindLabeledValue(half, kTelephoneLabels));
    SetIfEmpty(opening.mutable_email(), FindEmail(half));
  }
}

}  // namespace nianbao::codec
