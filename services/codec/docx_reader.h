// Reads a Word document (.docx, Office Open XML) into a SourceDocument: the body's paragraphs and
// tables in document order, flattened the way the plain-text layout flattens them, so that one
// report parser serves both sources.
#ifndef NIANBAO_SERVICES_CODEC_DOCX_READER_H_
#define NIANBAO_SERVICES_CODEC_DOCX_READER_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/codec/source_document.h"

namespace nianbao::codec {

// Limits that defeat zip bombs: a document part larger than max_part_bytes, compressed or
// inflated, is refused rather than read, and so is a document whose parts (body, numbering,
// styles) inflate to more than max_total_bytes together (real reports are well under 5 MiB).
struct DocxReadLimits {
  std::uint64_t max_part_bytes = 64ull << 20;
  std::uint64_t max_total_bytes = 96ull << 20;
};

// Reads the .docx in `bytes`. Non-empty paragraphs become kParagraph blocks: w:t text
// concatenated, w:br as '\n', Word's automatic numbering shown as Word shows it ("一、", "（二）",
// "1."); tabs (layout, like the tab after a list number), field codes, tracked deletions, hidden
// text, bookmarks, drawings and text boxes dropped. Tables become kTable blocks: a cell spanning
// columns (w:gridSpan) appears once; a vertical-merge continuation cell appears as an empty cell;
// a cell's paragraphs are joined with '\n'; a table nested in a cell contributes its non-empty
// cells to that cell, a line each. Locations read "第3段" (counting non-empty paragraphs) and
// "第2个表格第5行第3列" (counting top-level tables and the cells of a row as they appear).
//
// Never crashes or hangs on any input. Returns INVALID_ARGUMENT (message in Chinese, then English)
// when the bytes are not a zip archive, the archive is encrypted or has no word/document.xml, the
// part is too large, or its XML is malformed (naming the line).
absl::StatusOr<SourceDocument> ReadDocx(absl::string_view bytes);
absl::StatusOr<SourceDocument> ReadDocx(absl::string_view bytes, const DocxReadLimits& limits);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_DOCX_READER_H_
