// Dates written in Chinese numerals, as signature blocks (落款) often are: "二〇二五年一月二十日",
// with 〇, ○, 零 or the letter O for zero and 元月 for January. The parser reads them by rewriting
// them in Arabic numerals ("2025年1月20日") and reading that.
#ifndef NIANBAO_SERVICES_CODEC_CHINESE_NUMERAL_DATE_H_
#define NIANBAO_SERVICES_CODEC_CHINESE_NUMERAL_DATE_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace nianbao::codec {

// `label` (a NormalizeLabel form) with a leading Chinese-numeral date rewritten in Arabic numerals:
// the year digit by digit, month and day as numbers ("十二" is 12, "二十一" is 21); what follows
// the date is kept. nullopt when `label` does not start with such a date.
std::optional<std::string> ArabicDateFromChinese(absl::string_view label);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_CHINESE_NUMERAL_DATE_H_
