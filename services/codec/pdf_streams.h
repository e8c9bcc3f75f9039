// A PDF's compressed streams measured before poppler reads them: poppler inflates a content stream
// as it interprets it, with no bound, so a few hundred KiB of deflated spaces (a PDF bomb) would
// keep it busy for as long as gigabytes take. Private to the codec (pdf_reader.cc calls it).
#ifndef NIANBAO_SERVICES_CODEC_PDF_STREAMS_H_
#define NIANBAO_SERVICES_CODEC_PDF_STREAMS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace nianbao::codec::pdf {

// Inflates every zlib (FlateDecode) stream of the file — after each "stream" keyword, content,
// fonts, images and object streams alike — counting the bytes and keeping none, and stops at the
// first stream that would exceed `max_stream_bytes` or at the point where all of them together
// would exceed `max_total_bytes`: INVALID_ARGUMENT (Chinese, then English) naming the limit and
// the stream's offset. Streams under other filters, and data that is not zlib, are left to poppler.
// Time is linear in the file's size plus the bytes inflated, which the limits bound.
[[nodiscard]] absl::Status CheckInflatedSizes(absl::string_view bytes, std::size_t max_stream_bytes,
                                              std::size_t max_total_bytes);

}  // namespace nianbao::codec::pdf

#endif  // NIANBAO_SERVICES_CODEC_PDF_STREAMS_H_
