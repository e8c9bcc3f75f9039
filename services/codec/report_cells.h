// Table cell values: reading a cell as a count or an amount, and writing one back as text. Blank
// stays unset, a whole number becomes `number`, an amount an exact Decimal (never a float), and
// anything else stays `text` as written — except text that can only be a label or other content
// out of place (Latin letters, a numbered row label, a long sentence), which is an error because
// it means the row's cells are missing or shifted.
#ifndef NIANBAO_SERVICES_CODEC_REPORT_CELLS_H_
#define NIANBAO_SERVICES_CODEC_REPORT_CELLS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nianbao/v1/report.pb.h"
#include "services/codec/source_document.h"

namespace nianbao::codec {

// "26" -> number 26; "" -> unset; "/", "—", "5件", "十二" -> text. INVALID_ARGUMENT naming the cell
// for misplaced content such as "abc" or "1.属于国家秘密".
[[nodiscard]] absl::StatusOr<nianbao::v1::CountCell> ParseCountCell(const SourceCell& cell);

// "43.788" -> amount; "43.788万元", "251000元" -> amount with `written` kept; "/", "无" -> text.
[[nodiscard]] absl::StatusOr<nianbao::v1::AmountCell> ParseAmountCell(const SourceCell& cell);

// "43.788" -> {43, 788000000}; "-0.5" -> {0, -500000000}. nullopt unless the text is an optional
// '-', at most 18 integer digits and at most 9 fractional digits (ASCII).
std::optional<nianbao::v1::Decimal> ParseDecimal(absl::string_view text);

// The canonical text of a decimal: "43.788", "0", "-0.5".
std::string FormatDecimal(const nianbao::v1::Decimal& decimal);

// The text a cell is written as: the number, the text, `written` when set, or "" for blank.
std::string FormatCountCell(const nianbao::v1::CountCell& cell);
std::string FormatAmountCell(const nianbao::v1::AmountCell& cell);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_REPORT_CELLS_H_
