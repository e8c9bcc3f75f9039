// ImportDocument without the network: what nianbao-validatord's handler calls. Reads an agency's
// document through the codec (services/codec/codec.h), then runs every rule on the report as
// Validate does (validation_core.h). Stateless and thread-safe.
#ifndef NIANBAO_SERVICES_VALIDATION_IMPORT_CORE_H_
#define NIANBAO_SERVICES_VALIDATION_IMPORT_CORE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "nianbao/v1/validation.pb.h"
#include "services/validation/validation_core.h"

namespace nianbao::validation {

// Room for the request's fields other than `content` (file name, media type, framing): a request
// up to max_import_bytes plus this reaches the handler, so that an oversized document is refused
// with a detail naming `content` rather than by the transport.
inline constexpr int64_t kImportRequestOverheadBytes = 64 * 1024;

// The media types ImportDocument reads, each with the codec's format; parameters (";
// charset=...") and letter case aside.
inline constexpr absl::string_view kDocxMediaType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// Checks the request before reading anything (content present and within
// limits.max_import_bytes, media type known), imports the document, and validates the report at
// the drafting stage. Errors:
//   INVALID_ARGUMENT, BadRequest naming `content`: empty, or unreadable (a scanned PDF, a damaged
//     Word file, not a report), with the codec's message (Chinese, then English);
//   INVALID_ARGUMENT naming `media_type` or `file_name`: an unknown media type, an overlong value;
//   RESOURCE_EXHAUSTED, BadRequest naming `content`: larger than limits.max_import_bytes.
[[nodiscard]] absl::Status ImportDocumentCore(const nianbao::v1::ImportDocumentRequest& request,
                                              const ValidationLimits& limits,
                                              nianbao::v1::ImportDocumentResponse* response);

// RESOURCE_EXHAUSTED naming `content`, for a document of `size` bytes over `limit` (also used by
// the handler on the raw request before it is parsed).
[[nodiscard]] absl::Status DocumentTooLargeError(int64_t size, int64_t limit);

}  // namespace nianbao::validation

#endif  // NIANBAO_SERVICES_VALIDATION_IMPORT_CORE_H_
