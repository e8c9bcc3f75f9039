// Word's automatic paragraph numbering (word/numbering.xml, and numbering linked from paragraph
// styles in word/styles.xml). Chinese reports often number their headings ("一、", "（一）") and
// table labels ("1.") this way, so the number is not in the paragraph's text; DocxNumbering
// reproduces the label Word displays. Private to docx_reader.cc.
#ifndef NIANBAO_SERVICES_CODEC_DOCX_NUMBERING_H_
#define NIANBAO_SERVICES_CODEC_DOCX_NUMBERING_H_

#include <libxml/tree.h>

#include <array>
#include <map>
#include <string>

#include "absl/strings/string_view.h"

namespace nianbao::codec {

class DocxNumbering {
 public:
  // Reads the definitions; either part may be empty (absent). Numbering is presentation, so a
  // malformed part means "no numbering" rather than an error: the text still reads.
  static DocxNumbering Parse(absl::string_view numbering_xml, absl::string_view styles_xml);

  // The label Word shows before the paragraph whose properties are `paragraph_properties`
  // (w:pPr, may be null), e.g. "一、" or "（二）" or "1."; empty when it is not numbered or is a
  // bullet. Advances the counters: call once per paragraph, in document order.
  std::string NextLabel(const xmlNode* paragraph_properties);

  static constexpr int kLevels = 9;

 private:
  struct Level {
    int start = 1;
    std::string format = "decimal";  // w:numFmt, e.g. "chineseCounting".
    std::string text;                // w:lvlText, e.g. "%1、".
    bool legal = false;              // w:isLgl: show every level's number in decimal.
    std::string suffix = "tab";      // w:suff: tab, space or nothing.
  };
  struct Instance {
    int abstract_id = -1;
    std::map<int, int> start_overrides;  // Level -> start.
  };
  struct StyleNumbering {
    int num_id = -1;
    int level = -1;
    std::string based_on;
  };
  struct Counters {
    std::array<int, kLevels> value{};
    std::array<bool, kLevels> started{};
  };

  void ParseNumbering(const xmlNode* root);
  void ParseStyles(const xmlNode* root);
  // numId and level of the paragraph, directly or through its style chain; false if none.
  bool ResolveNumbering(const xmlNode* paragraph_properties, int* num_id, int* level) const;

  std::map<int, std::array<Level, kLevels>> abstracts_;
  std::map<int, Instance> instances_;
  std::map<std::string, StyleNumbering> styles_;
  std::map<int, Counters> counters_;  // By numId.
};

// A number in one of Word's formats: "decimal" 3 -> "3", "chineseCounting" 12 -> "十二",
// "ideographTraditional" 2 -> "乙", "decimalEnclosedCircle" 4 -> "④", "upperRoman" 4 -> "IV".
std::string FormatListNumber(int value, absl::string_view format);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_DOCX_NUMBERING_H_
