// Reads a report published as a PDF with a text layer (as WPS or Word save it) into a
// SourceDocument, through poppler's C++ API: text runs with their positions, not flattened text.
#ifndef NIANBAO_SERVICES_CODEC_PDF_READER_H_
#define NIANBAO_SERVICES_CODEC_PDF_READER_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/codec/source_document.h"

namespace nianbao::codec {

// Real reports are a few pages and well under 10 MiB.
struct PdfReadLimits {
  std::size_t max_bytes = 32u << 20;
  int max_pages = 100;
  // Text runs over all pages; a report has a few thousand.
  std::size_t max_text_boxes = 200000;
  // What one compressed (FlateDecode) stream may inflate to — a page's content, a font, an image
  // — checked before poppler reads the file (pdf_streams.h). A report's largest stream (an
  // embedded CJK font, a photograph) is a few MiB; a PDF bomb's is gigabytes.
  std::size_t max_inflated_stream_bytes = 64u << 20;
  // What all the compressed streams together may inflate to.
  std::size_t max_inflated_total_bytes = 256u << 20;
};

// Lines and tables are rebuilt from the runs' positions (pdf_layout.h): paragraphs from wrapped
// lines, tables' rows by baseline and columns where their figures stand, tables continued across
// pages, page numbers and running headers dropped. INVALID_ARGUMENT (Chinese, then English) for
// a file over the limits (the message names the limit), one that is not a PDF or is damaged, one
// that needs a password, and one without a text layer (a scan), which cannot be imported.
[[nodiscard]] absl::StatusOr<SourceDocument> ReadPdf(absl::string_view bytes,
                                                     const PdfReadLimits& limits = {});

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_PDF_READER_H_
