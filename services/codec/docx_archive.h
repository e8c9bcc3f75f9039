// The zip container of a .docx: finds the main document part and inflates it within limits.
// Private to the codec (docx_reader.cc is its only user).
#ifndef NIANBAO_SERVICES_CODEC_DOCX_ARCHIVE_H_
#define NIANBAO_SERVICES_CODEC_DOCX_ARCHIVE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nianbao::codec {

// The parts of a .docx the reader needs, as XML text.
struct DocxParts {
  std::string document_name;  // Usually "word/document.xml".
  std::string document;
  std::string numbering;  // word/numbering.xml; empty when the document has none.
  std::string styles;     // word/styles.xml; empty when the document has none.
};

// Reads the main document part (word/document.xml, or the part _rels/.rels names as the office
// document) and the numbering and style parts beside it. INVALID_ARGUMENT, in Chinese then
// English, when `bytes` are not a zip archive (an encrypted Word file or a legacy .doc is
// recognised and named), the archive is damaged or encrypted, the main part is missing, a part
// exceeds `max_part_bytes` compressed or inflated, or the parts read exceed `max_total_bytes`
// inflated together. Inflates at most one 64 KiB buffer beyond a limit whatever the archive
// claims.
absl::StatusOr<DocxParts> ReadDocxParts(absl::string_view bytes, std::uint64_t max_part_bytes,
                                        std::uint64_t max_total_bytes);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_DOCX_ARCHIVE_H_
