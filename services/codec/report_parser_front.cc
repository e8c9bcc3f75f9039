// The front matter: header attributes of the publishing page, the title (one line, or the agency
// on a line of its own above "2024年政府信息公开工作年度报告"), and the agency, year and kind the
// title names.
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/codec/parse_error.h"
#include "services/codec/report_parser_internal.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::DocumentAttribute;
using nianbao::v1::ReportMetadata;

constexpr std::size_t kMaxTitleBytes = 400;
constexpr std::size_t kMaxAgencyLineCodePoints = 40;
constexpr absl::string_view kFullWidthSpace = "\xE3\x80\x80";

// Labels of the publishing page's header (信息公开目录的文档属性).
constexpr std::array<absl::string_view, 22> kAttributeLabels = {"名称",     "标题",
                                                                "索引号",   "分类",
                                                                "主题分类", "组配分类",
                                                                "体裁分类", "发布机构",
                                                                "发文机关", "公开日期",
                                                                "发布日期", "成文日期",
                                                                "生效日期", "文号",
                                                                "发文字号", "来源",
                                                                "信息来源", "公开方式",
                                                                "公开范围", "关键词",
                                                                "有效性",   "统一社会信用代码"};

struct LabelValue {
  std::string label;
  std::string value;
};

// "索引号：014314799" -> {"索引号", "014314799"} when the label is a known attribute label.
std::optional<LabelValue> SplitAttribute(absl::string_view segment) {
  std::size_t colon = segment.find("：");
  std::size_t colon_length = std::string("：").size();
  const std::size_t ascii_colon = segment.find(':');
  if (ascii_colon < colon) {
    colon = ascii_colon;
    colon_length = 1;
  }
  if (colon == absl::string_view::npos) return std::nullopt;
  const std::string label(TrimSpaces(segment.substr(0, colon)));
  if (!IsAttributeLabel(label)) return std::nullopt;
  return LabelValue{label, std::string(TrimSpaces(segment.substr(colon + colon_length)))};
}

// The attributes of a header line, or an empty list when it is not one. Attributes on one line
// are separated by ideographic spaces; a segment without its own label continues the value.
std::vector<DocumentAttribute> ParseAttributeLine(absl::string_view line) {
  std::vector<DocumentAttribute> attributes;
  if (line.size() > kMaxTitleBytes * 4) return attributes;
  for (absl::string_view segment : absl::StrSplit(line, kFullWidthSpace)) {
    segment = TrimSpaces(segment);
    if (segment.empty()) continue;
    if (std::optional<LabelValue> pair = SplitAttribute(segment); pair.has_value()) {
      DocumentAttribute& attribute = attributes.emplace_back();
      attribute.set_label(pair->label);
      attribute.set_value(pair->value);
    } else if (attributes.empty()) {
      return attributes;  // the line does not start with an attribute
    } else {
      absl::StrAppend(attributes.back().mutable_value(), kFullWidthSpace, segment);
    }
  }
  return attributes;
}

struct YearAt {
  int year;
  std::size_t offset;  // of the first digit, in the half-width text
};

// The first "dddd年" with a plausible report year.
std::optional<YearAt> FindYear(absl::string_view text) {
  for (std::size_t pos = 0; pos + 4 < text.size(); ++pos) {
    if (pos > 0 && absl::ascii_isdigit(static_cast<unsigned char>(text[pos - 1]))) continue;
    if (!IsAsciiDigits(text.substr(pos, 4)) || !absl::StartsWith(text.substr(pos + 4), "年")) {
      continue;
    }
    int year = 0;
    if (absl::SimpleAtoi(text.substr(pos, 4), &year) && year >= 1990 && year <= 2100) {
      return YearAt{year, pos};
    }
  }
  return std::nullopt;
}

bool IsTitleLine(absl::string_view line) {
  if (line.size() > kMaxTitleBytes) return false;
  const std::string label = NormalizeLabel(line);
  return FindYear(label).has_value() && absl::StrContains(label, "信息公开") &&
         absl::StrContains(label, "报告") && !absl::StrContains(label, "。");
}

// A line above the title that names the agency: short, no sentence punctuation, no year.
bool IsAgencyLine(absl::string_view line) {
  const std::string label = NormalizeLabel(line);
  return !label.empty() && CodePointCount(label) <= kMaxAgencyLineCodePoints &&
         !absl::StrContains(label, "。") && !absl::StrContains(label, ",") &&
         !FindYear(label).has_value() && !absl::StrContains(label, ":");
}

std::string AgencyFromTitle(absl::string_view title, const YearAt& year) {
  const std::string before(TrimSpaces(title.substr(0, year.offset)));
  if (!before.empty()) return before;
  absl::string_view after = title.substr(year.offset + 4 + std::string("年").size());
  if (absl::StartsWith(after, "度")) after.remove_prefix(std::string("度").size());
  for (absl::string_view marker : {"政府信息公开", "政务公开", "信息公开"}) {
    const std::size_t end = after.find(marker);
    if (end != absl::string_view::npos) return std::string(TrimSpaces(after.substr(0, end)));
  }
  return "";
}

v1::AgencyKind AgencyKindOf(absl::string_view agency) {
  if (agency.empty()) return v1::AGENCY_KIND_UNSPECIFIED;
  for (absl::string_view suffix :
       {"乡人民政府", "镇人民政府", "街道办事处", "乡政府", "镇政府", "乡", "镇", "街道"}) {
    if (absl::EndsWith(agency, suffix)) return v1::AGENCY_KIND_TOWNSHIP;
  }
  if (absl::EndsWith(agency, "政府")) return v1::AGENCY_KIND_GOVERNMENT;
  return v1::AGENCY_KIND_DEPARTMENT;
}

const DocumentAttribute* FindAttribute(const ReportMetadata& metadata,
                                       std::initializer_list<absl::string_view> labels) {
  for (absl::string_view label : labels) {
    for (const DocumentAttribute& attribute : metadata.attributes()) {
      if (attribute.label() == label) return &attribute;
    }
  }
  return nullptr;
}

void FillFromTitle(ReportMetadata& metadata, const YearAt& year, absl::string_view title_label) {
  metadata.set_report_year(year.year);
  std::string agency = AgencyFromTitle(title_label, year);
  if (const DocumentAttribute* publisher = FindAttribute(metadata, {"发布机构", "发文机关"});
      agency.empty() && publisher != nullptr) {
    agency = publisher->value();
  }
  metadata.set_agency_kind(AgencyKindOf(agency));
  metadata.set_agency_name(agency);
}

void FillFromAttributes(ReportMetadata& metadata) {
  if (const DocumentAttribute* date = FindAttribute(metadata, {"公开日期", "发布日期", "成文日期"});
      date != nullptr) {
    if (std::optional<v1::Date> parsed = ParseDatePrefix(date->value()); parsed.has_value()) {
      *metadata.mutable_publication_date() = *parsed;
    }
  }
  if (const DocumentAttribute* code = FindAttribute(metadata, {"统一社会信用代码"});
      code != nullptr) {
    metadata.set_unified_social_credit_code(code->value());
  }
}

}  // namespace

absl::StatusOr<FrontMatter> ParseFrontMatter(const std::vector<TextLine>& lines,
                                             absl::string_view first_where) {
  FrontMatter front;
  ReportMetadata& metadata = front.metadata;
  std::optional<std::size_t> title_index;
  std::optional<std::size_t> previous_plain;  // index of the last non-attribute line
  std::vector<const TextLine*> before_title;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& text = lines[i].text;
    std::vector<DocumentAttribute> attributes = ParseAttributeLine(text);
    if (!attributes.empty()) {
      for (DocumentAttribute& attribute : attributes)
        *metadata.add_attributes() = std::move(attribute);
      continue;
    }
    if (!title_index.has_value() && IsTitleLine(text)) {
      std::string title = text;
      const bool year_first = FindYear(NormalizeLabel(text)).value().offset == 0;
      if (year_first && previous_plain == i - 1 && !before_title.empty() &&
          IsAgencyLine(lines[i - 1].text)) {
        title = absl::StrCat(lines[i - 1].text, text);
        before_title.pop_back();
      }
      metadata.set_title(title);
      title_index = i;
    } else if (!title_index.has_value()) {
      before_title.push_back(&lines[i]);
    } else {
      front.opening.add_paragraphs(text);
    }
    previous_plain = i;
  }
  if (!title_index.has_value()) {
    // A page may state the title only in its header ("名称：…2023年政府信息公开年度报告").
    if (const DocumentAttribute* name = FindAttribute(metadata, {"名称", "标题"});
        name != nullptr && IsTitleLine(name->value())) {
      metadata.set_title(name->value());
      title_index = lines.size();
    }
  }
  if (!title_index.has_value()) {
    return InputError(first_where,
                      "未找到标题：应有一行形如“2024年政府信息公开工作年度报告”，写明年份",
                      "no title found: expected a line such as "
                      "\"2024年政府信息公开工作年度报告\" that states the year");
  }
  // Lines between the header and the title are kept at the start of the opening.
  google::protobuf::RepeatedPtrField<std::string> opening;
  for (const TextLine* line : before_title) *opening.Add() = line->text;
  for (std::string& paragraph : *front.opening.mutable_paragraphs())
    *opening.Add() = std::move(paragraph);
  front.opening.mutable_paragraphs()->Swap(&opening);
  const std::string title_label = NormalizeLabel(metadata.title());
  FillFromAttributes(metadata);
  FillFromTitle(metadata, FindYear(title_label).value_or(YearAt{0, 0}), title_label);
  ExtractOpeningFacts(front.opening);
  return front;
}

bool IsAttributeLabel(absl::string_view label) {
  for (absl::string_view known : kAttributeLabels) {
    if (label == known) return true;
  }
  return false;
}

}  // namespace nianbao::codec
