#include "services/codec/section_heading.h"

#include <array>
#include <utility>

#include "absl/strings/match.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec {
namespace {

// A heading is at most this long (bytes of the line as written, code points of its title).
constexpr std::size_t kMaxHeadingBytes = 240;
constexpr std::size_t kMaxHeadingCodePoints = 40;

constexpr std::array<absl::string_view, 10> kNumerals = {"一", "二", "三", "四", "五",
                                                         "六", "七", "八", "九", "十"};

// Keywords of each section, checked in this order.
constexpr std::array<std::pair<absl::string_view, SectionKind>, 10> kKeywords = {{
    {"总体情况", SectionKind::kOverview},
    {"主动公开", SectionKind::kActiveDisclosure},
    {"收到和处理", SectionKind::kApplications},
    {"依申请公开", SectionKind::kApplications},
    {"行政复议", SectionKind::kReviewLitigation},
    {"行政诉讼", SectionKind::kReviewLitigation},
    {"主要问题", SectionKind::kProblems},
    {"其他需要报告", SectionKind::kOtherMatters},
    {"其它需要报告", SectionKind::kOtherMatters},
    {"其他需报告", SectionKind::kOtherMatters},
}};

// Standard titles accepted without a number.
constexpr std::array<std::pair<absl::string_view, SectionKind>, 8> kUnnumberedTitles = {{
    {"总体情况", SectionKind::kOverview},
    {"主动公开政府信息情况", SectionKind::kActiveDisclosure},
    {"收到和处理政府信息公开申请情况", SectionKind::kApplications},
    {"政府信息公开行政复议、行政诉讼情况", SectionKind::kReviewLitigation},
    {"存在的主要问题及改进情况", SectionKind::kProblems},
    {"存在的主要问题及整改措施", SectionKind::kProblems},
    {"其他需要报告的事项", SectionKind::kOtherMatters},
    {"其它需要报告的事项", SectionKind::kOtherMatters},
}};

struct NumberPrefix {
  int number = 0;
  bool parenthesized = false;
  std::size_t length = 0;
};

// "一、", "一.", "(一)" (the label is already half-width), possibly written twice.
NumberPrefix ParseNumberPrefix(absl::string_view label) {
  NumberPrefix prefix;
  std::size_t consumed = 0;
  if (absl::StartsWith(label, "(")) {
    const int number = ParseChineseNumeral(label.substr(1), consumed);
    if (number > 0 && label.substr(1 + consumed, 1) == ")") {
      return {number, true, consumed + 2};
    }
    return prefix;
  }
  const int number = ParseChineseNumeral(label, consumed);
  if (number == 0) return prefix;
  const absl::string_view rest = label.substr(consumed);
  if (absl::StartsWith(rest, "、")) return {number, false, consumed + std::string("、").size()};
  if (absl::StartsWith(rest, ".") || absl::StartsWith(rest, ","))
    return {number, false, consumed + 1};
  return prefix;
}

std::optional<SectionKind> KeywordKind(absl::string_view title) {
  for (const auto& [keyword, kind] : kKeywords) {
    if (absl::StrContains(title, keyword)) return kind;
  }
  return std::nullopt;
}

std::optional<SectionKind> UnnumberedKind(absl::string_view title) {
  for (const auto& [standard, kind] : kUnnumberedTitles) {
    if (title == standard) return kind;
  }
  return std::nullopt;
}

}  // namespace

int ParseChineseNumeral(absl::string_view text, std::size_t& consumed) {
  consumed = 0;
  for (std::size_t i = 0; i < kNumerals.size(); ++i) {
    if (absl::StartsWith(text, kNumerals[i])) {
      consumed = kNumerals[i].size();
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

std::optional<SectionHeadingMatch> MatchSectionHeading(absl::string_view line) {
  if (line.size() > kMaxHeadingBytes) return std::nullopt;
  const std::string label = NormalizeLabel(line);
  const NumberPrefix prefix = ParseNumberPrefix(label);
  absl::string_view title = absl::string_view(label).substr(prefix.length);
  if (prefix.number > 0) {
    // "一、一、总体情况": a heading numbered twice keeps the first number.
    const NumberPrefix repeated = ParseNumberPrefix(title);
    if (!repeated.parenthesized) title.remove_prefix(repeated.length);
  }
  if (title.empty() || CodePointCount(title) > kMaxHeadingCodePoints ||
      absl::StrContains(title, "。")) {
    return std::nullopt;
  }
  const std::optional<SectionKind> kind =
      prefix.number > 0 ? KeywordKind(title) : UnnumberedKind(title);
  if (!kind.has_value()) return std::nullopt;
  return SectionHeadingMatch{*kind, prefix.number, prefix.parenthesized};
}

}  // namespace nianbao::codec
