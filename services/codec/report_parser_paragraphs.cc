// Paragraph kinds and the signature block.
#include <array>

#include "absl/strings/match.h"
#include "services/codec/chinese_numeral_date.h"
#include "services/codec/report_parser_internal.h"
#include "services/codec/section_heading.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec {
namespace {

constexpr std::size_t kMaxSubheadingCodePoints = 40;
constexpr std::size_t kMaxSignatureAgencyCodePoints = 40;

// Endings of agency names (落款单位).
constexpr std::array<absl::string_view, 22> kAgencySuffixes = {
    "局", "厅", "委", "办", "院", "府", "处", "室",   "中心", "会", "部",
    "所", "队", "站", "馆", "社", "司", "署", "街道", "镇",   "乡", "公室"};

bool StartsWithParenthesizedNumber(absl::string_view label) {
  std::size_t consumed = 0;
  return absl::StartsWith(label, "(") && ParseChineseNumeral(label.substr(1), consumed) > 0 &&
         label.substr(1 + consumed, 1) == ")";
}

// Reads `min`..`max` ASCII digits followed by `unit` at `pos`.
bool ReadDigitsThen(absl::string_view label, std::size_t& pos, std::size_t min, std::size_t max,
                    absl::string_view unit) {
  const std::size_t start = pos;
  while (pos < label.size() && pos - start < max && label[pos] >= '0' && label[pos] <= '9') ++pos;
  if (pos - start < min || !absl::StartsWith(label.substr(pos), unit)) return false;
  pos += unit.size();
  return true;
}

// A line that is nothing but a date, "2024年1月17日" or "二〇二四年一月十七日".
std::optional<v1::Date> ParseDateLine(absl::string_view text) {
  if (text.size() > 80) return std::nullopt;
  std::string label = NormalizeLabel(text);
  if (std::optional<std::string> arabic = ArabicDateFromChinese(label); arabic.has_value()) {
    label = *std::move(arabic);
  }
  std::size_t pos = 0;
  if (!ReadDigitsThen(label, pos, 4, 4, "年") || !ReadDigitsThen(label, pos, 1, 2, "月") ||
      !ReadDigitsThen(label, pos, 1, 2, "日") || pos != label.size()) {
    return std::nullopt;
  }
  return ParseDatePrefix(label);
}

bool IsSignatureAgency(absl::string_view text, absl::string_view agency_name) {
  const std::string label = NormalizeLabel(text);
  if (label.empty() || CodePointCount(label) > kMaxSignatureAgencyCodePoints) return false;
  if (absl::StrContains(label, "。") || absl::StrContains(label, ",") ||
      absl::StrContains(label, ":")) {
    return false;
  }
  if (!agency_name.empty() && label == NormalizeLabel(agency_name)) return true;
  for (absl::string_view suffix : kAgencySuffixes) {
    if (absl::EndsWith(label, suffix)) return true;
  }
  return false;
}

}  // namespace

v1::ParagraphKind ClassifyParagraph(absl::string_view text) {
  if (text.size() > kMaxSubheadingCodePoints * 4) return v1::PARAGRAPH_KIND_BODY;
  const std::string label = NormalizeLabel(text);
  if (!StartsWithParenthesizedNumber(label) || CodePointCount(label) > kMaxSubheadingCodePoints) {
    return v1::PARAGRAPH_KIND_BODY;
  }
  // "（一）存在的主要问题。各科室……" is body text that starts with a number.
  const std::size_t stop = label.find("。");
  if (stop != std::string::npos && stop + std::string("。").size() != label.size()) {
    return v1::PARAGRAPH_KIND_BODY;
  }
  return v1::PARAGRAPH_KIND_SUBHEADING;
}

std::optional<v1::Signature> TakeSignature(std::vector<TextLine>& paragraphs,
                                           absl::string_view agency_name) {
  if (paragraphs.empty()) return std::nullopt;
  const std::optional<v1::Date> date = ParseDateLine(paragraphs.back().text);
  if (!date.has_value()) return std::nullopt;
  v1::Signature signature;
  signature.set_date_text(paragraphs.back().text);
  *signature.mutable_date() = *date;
  paragraphs.pop_back();
  if (!paragraphs.empty() && IsSignatureAgency(paragraphs.back().text, agency_name)) {
    signature.set_agency(paragraphs.back().text);
    paragraphs.pop_back();
  }
  return signature;
}

}  // namespace nianbao::codec
