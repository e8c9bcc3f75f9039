// Reads the plain-text layout of ../shared/fixtures/reports into a SourceDocument.
//
// The layout: a line not starting with a tab is a paragraph; a line starting with a tab is one
// table cell (a lone "\t" is a blank cell); an empty line ends a table row; consecutive rows form
// one table until the next paragraph. A line without a tab directly after a cell line (no empty
// line between) continues that cell's label, as extraction breaks "商业\n企业" — unless the cell is
// blank or a number, or the line is a section heading. Locations read "第72行" (1-based).
#ifndef NIANBAO_SERVICES_CODEC_TEXT_LAYOUT_READER_H_
#define NIANBAO_SERVICES_CODEC_TEXT_LAYOUT_READER_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/codec/source_document.h"

namespace nianbao::codec {

// Inputs above this size are refused: real reports are well under 1 MiB of text.
inline constexpr std::size_t kMaxTextLayoutBytes = 16u << 20;

// Accepts LF or CRLF line ends and a leading UTF-8 byte-order mark. Returns INVALID_ARGUMENT
// (Chinese, then English, naming the line) for input over kMaxTextLayoutBytes, bytes that are not
// UTF-8, and NUL or other binary control characters.
[[nodiscard]] absl::StatusOr<SourceDocument> ReadTextLayout(absl::string_view text);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_TEXT_LAYOUT_READER_H_
