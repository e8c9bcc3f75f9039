// Recognises the headings of the report's six sections ("一、总体情况",
// "五．存在的主要问题及整改措施", "（三）收到和处理政府信息公开申请情况") by their keywords,
// whatever the numbering. Shared by the text layout reader (a heading never continues a table cell)
// and the report parser.
#ifndef NIANBAO_SERVICES_CODEC_SECTION_HEADING_H_
#define NIANBAO_SERVICES_CODEC_SECTION_HEADING_H_

#include <optional>

#include "absl/strings/string_view.h"

namespace nianbao::codec {

// The six sections, numbered as in the national format.
enum class SectionKind {
  kOverview = 1,          // 一、总体情况
  kActiveDisclosure = 2,  // 二、主动公开政府信息情况
  kApplications = 3,      // 三、收到和处理政府信息公开申请情况
  kReviewLitigation = 4,  // 四、政府信息公开行政复议、行政诉讼情况
  kProblems = 5,          // 五、存在的主要问题及改进情况
  kOtherMatters = 6,      // 六、其他需要报告的事项
};

struct SectionHeadingMatch {
  SectionKind kind;
  // The number as written (一 = 1 … 十 = 10), 0 when the heading has none.
  int written_number = 0;
  // True for the "（一）" style, which is also the style of subheadings.
  bool parenthesized = false;
};

// Matches a line (as written) against the section headings. A numbered heading is short, has no
// "。" and contains its section's keyword; an unnumbered one must read exactly like a standard
// heading. Lines longer than a heading can be are rejected without being scanned.
std::optional<SectionHeadingMatch> MatchSectionHeading(absl::string_view line);

// Parses a leading Chinese numeral 一…十 and returns its value, or 0; `consumed` gets its length.
int ParseChineseNumeral(absl::string_view text, std::size_t& consumed);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_SECTION_HEADING_H_
