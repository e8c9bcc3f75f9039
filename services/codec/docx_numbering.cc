#include "services/codec/docx_numbering.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/codec/docx_xml.h"

namespace nianbao::codec {
namespace {

using docx::FirstChild;
using docx::IntValue;
using docx::Is;
using docx::WordAttribute;

constexpr const char* kChineseDigits[] = {"〇", "一", "二", "三", "四",
                                          "五", "六", "七", "八", "九"};

// 1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (as Word's chineseCounting shows
// them).
std::string ChineseCounting(int value) {
  if (value <= 0 || value >= 10000) return absl::StrCat(value);
  static const char* kUnits[] = {"", "十", "百", "千"};
  std::string out;
  bool pending_zero = false;
  for (int unit = 3; unit >= 0; --unit) {
    int power = 1;
    for (int i = 0; i < unit; ++i) power *= 10;
    const int digit = (value / power) % 10;
    if (digit == 0) {
      pending_zero = !out.empty();
      continue;
    }
    if (pending_zero) out += "零";
    pending_zero = false;
    // "十二", not "一十二", when ten leads the number.
    if (!(unit == 1 && digit == 1 && out.empty())) out += kChineseDigits[digit];
    out += kUnits[unit];
  }
  return out;
}

std::string Roman(int value, bool upper) {
  if (value <= 0 || value >= 4000) return absl::StrCat(value);
  static const std::pair<int, const char*> kNumerals[] = {
      {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
      {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
  std::string out;
  for (const auto& [amount, numeral] : kNumerals) {
    while (value >= amount) {
      out += numeral;
      value -= amount;
    }
  }
  return upper ? absl::AsciiStrToUpper(out) : out;
}

// a, b, … z, aa, bb, … as Word counts letters.
std::string Letters(int value, bool upper) {
  if (value <= 0) return absl::StrCat(value);
  const char letter = static_cast<char>((upper ? 'A' : 'a') + (value - 1) % 26);
  return std::string(static_cast<size_t>((value - 1) / 26 + 1), letter);
}

// Appends the UTF-8 encoding of a code point in the Basic Multilingual Plane.
void AppendCodePoint(char32_t code_point, std::string& out) {
  if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
  } else {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
  }
  out += static_cast<char>(0x80 | (code_point & 0x3F));
}

}  // namespace

std::string FormatListNumber(int value, absl::string_view format) {
  if (format == "none") return "";
  if (format == "chineseCounting" || format == "chineseCountingThousand" ||
      format == "taiwaneseCounting" || format == "taiwaneseCountingThousand" ||
      format == "japaneseCounting") {
    return ChineseCounting(value);
  }
  if (format == "ideographDigital" || format == "taiwaneseDigital") {
    std::string out;
    for (char digit : absl::StrCat(value)) {
      out += digit == '-' ? "-" : kChineseDigits[digit - '0'];
    }
    return out;
  }
  if (format == "ideographTraditional" && value >= 1) {
    static const char* kStems[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    return kStems[(value - 1) % 10];
  }
  if ((format == "decimalEnclosedCircle" || format == "decimalEnclosedCircleChinese") &&
      value >= 1 && value <= 20) {
    std::string out;
    AppendCodePoint(0x2460 + value - 1, out);  // ① … ⑳
    return out;
  }
  if (format == "decimalFullWidth" || format == "decimalFullWidth2") {
    std::string out;
    for (char digit : absl::StrCat(value)) AppendCodePoint(0xFF10 + (digit - '0'), out);
    return out;
  }
  if (format == "decimalZero")
    return value < 10 && value >= 0 ? absl::StrCat("0", value) : absl::StrCat(value);
  if (format == "lowerRoman" || format == "upperRoman") return Roman(value, format == "upperRoman");
  if (format == "lowerLetter" || format == "upperLetter") {
    return Letters(value, format == "upperLetter");
  }
  return absl::StrCat(value);  // decimal, and the default for formats we do not know.
}

DocxNumbering DocxNumbering::Parse(absl::string_view numbering_xml, absl::string_view styles_xml) {
  DocxNumbering numbering;
  if (!numbering_xml.empty()) {
    absl::StatusOr<docx::XmlDocPtr> doc = docx::ParsePart(std::string(numbering_xml), "numbering");
    if (doc.ok()) numbering.ParseNumbering(xmlDocGetRootElement(doc->get()));
  }
  if (!styles_xml.empty()) {
    absl::StatusOr<docx::XmlDocPtr> doc = docx::ParsePart(std::string(styles_xml), "styles");
    if (doc.ok()) numbering.ParseStyles(xmlDocGetRootElement(doc->get()));
  }
  return numbering;
}

void DocxNumbering::ParseNumbering(const xmlNode* root) {
  if (!Is(root, "numbering")) return;
  for (const xmlNode* node = root->children; node != nullptr; node = node->next) {
    if (Is(node, "abstractNum")) {
      int id = 0;
      if (!absl::SimpleAtoi(WordAttribute(node, "abstractNumId"), &id)) continue;
      std::array<Level, kLevels>& levels = abstracts_[id];
      for (const xmlNode* lvl = node->children; lvl != nullptr; lvl = lvl->next) {
        int index = 0;
        if (!Is(lvl, "lvl") || !absl::SimpleAtoi(WordAttribute(lvl, "ilvl"), &index) || index < 0 ||
            index >= kLevels) {
          continue;
        }
        Level& level = levels[index];
        level.start = IntValue(FirstChild(lvl, "start"), 1);
        if (const xmlNode* format = FirstChild(lvl, "numFmt"))
          level.format = WordAttribute(format, "val");
        if (const xmlNode* text = FirstChild(lvl, "lvlText"))
          level.text = WordAttribute(text, "val");
        if (const xmlNode* legal = FirstChild(lvl, "isLgl")) {
          const std::string value = WordAttribute(legal, "val");
          level.legal = value.empty() || value == "1" || value == "true" || value == "on";
        }
        if (const xmlNode* suffix = FirstChild(lvl, "suff"))
          level.suffix = WordAttribute(suffix, "val");
      }
    } else if (Is(node, "num")) {
      int id = 0;
      if (!absl::SimpleAtoi(WordAttribute(node, "numId"), &id)) continue;
      Instance& instance = instances_[id];
      instance.abstract_id = IntValue(FirstChild(node, "abstractNumId"), -1);
      for (const xmlNode* override = node->children; override != nullptr;
           override = override->next) {
        int level = 0;
        if (!Is(override, "lvlOverride") ||
            !absl::SimpleAtoi(WordAttribute(override, "ilvl"), &level)) {
          continue;
        }
        if (const xmlNode* start = FirstChild(override, "startOverride")) {
          instance.start_overrides[level] = IntValue(start, 1);
        }
      }
    }
  }
}

void DocxNumbering::ParseStyles(const xmlNode* root) {
  if (!Is(root, "styles")) return;
  for (const xmlNode* node = root->children; node != nullptr; node = node->next) {
    if (!Is(node, "style") || WordAttribute(node, "type") != "paragraph") continue;
    StyleNumbering& style = styles_[WordAttribute(node, "styleId")];
    if (const xmlNode* based_on = FirstChild(node, "basedOn")) {
      style.based_on = WordAttribute(based_on, "val");
    }
    const xmlNode* properties = FirstChild(node, "pPr");
    const xmlNode* num_pr = properties == nullptr ? nullptr : FirstChild(properties, "numPr");
    if (num_pr != nullptr) {
      style.num_id = IntValue(FirstChild(num_pr, "numId"), -1);
      style.level = IntValue(FirstChild(num_pr, "ilvl"), -1);
    }
  }
}

bool DocxNumbering::ResolveNumbering(const xmlNode* paragraph_properties, int* num_id,
                                     int* level) const {
  *num_id = -1;
  *level = -1;
  std::string style_id;
  if (paragraph_properties != nullptr) {
    if (const xmlNode* num_pr = FirstChild(paragraph_properties, "numPr")) {
      *num_id = IntValue(FirstChild(num_pr, "numId"), -1);
      *level = IntValue(FirstChild(num_pr, "ilvl"), -1);
    }
    if (const xmlNode* style = FirstChild(paragraph_properties, "pStyle")) {
      style_id = WordAttribute(style, "val");
    }
  }
  // What the paragraph leaves open comes from its style, then the style's ancestors (bounded: a
  // style chain may loop in a damaged file).
  for (int depth = 0; depth < 16 && !style_id.empty() && (*num_id < 0 || *level < 0); ++depth) {
    auto it = styles_.find(style_id);
    if (it == styles_.end()) break;
    if (*num_id < 0) *num_id = it->second.num_id;
    if (*level < 0) *level = it->second.level;
    style_id = it->second.based_on;
  }
  if (*level < 0) *level = 0;
  // numId 0 explicitly removes numbering.
  return *num_id > 0 && *level < kLevels;
}

std::string DocxNumbering::NextLabel(const xmlNode* paragraph_properties) {
  int num_id = 0;
  int level = 0;
  if (!ResolveNumbering(paragraph_properties, &num_id, &level)) return "";
  auto instance = instances_.find(num_id);
  if (instance == instances_.end()) return "";
  auto abstract = abstracts_.find(instance->second.abstract_id);
  if (abstract == abstracts_.end()) return "";
  const std::array<Level, kLevels>& levels = abstract->second;
  auto start_of = [&](int l) {
    auto override = instance->second.start_overrides.find(l);
    return override != instance->second.start_overrides.end() ? override->second : levels[l].start;
  };
  Counters& counters = counters_[num_id];
  counters.value[level] = counters.started[level] ? counters.value[level] + 1 : start_of(level);
  counters.started[level] = true;
  // A higher level restarts the levels below it.
  for (int l = level + 1; l < kLevels; ++l) counters.started[l] = false;
  const Level& current = levels[level];
  if (current.format == "bullet") return "";
  std::string label;
  const std::string& text = current.text;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 1 < text.size() && text[i + 1] >= '1' && text[i + 1] <= '9') {
      const int l = text[i + 1] - '1';
      const int value = l <= level && counters.started[l] ? counters.value[l] : start_of(l);
      label += FormatListNumber(value, current.legal ? "decimal" : levels[l].format);
      ++i;
    } else {
      label += text[i];
    }
  }
  // A tab after the number is layout; a space is part of the text.
  if (!label.empty() && current.suffix == "space") label += ' ';
  return label;
}

}  // namespace nianbao::codec
