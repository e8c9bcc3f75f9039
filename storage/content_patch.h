// Backward patches of a report's content (content_patches family), so that a draft edit's request
// record can reference the content of the row it writes instead of holding it (request_record.h).
//
// When a commit replaces a report row whose etag is E with one whose etag is E', it writes in the
// same batch, under ContentPatchKey(report, E), a patch that rebuilds E's content from E''s: the
// bytes both share at the front and at the back, and E's bytes between them. A masked edit of one
// field changes a few hundred bytes, so its patch is that small; a whole replacement stores what
// really changed. The content of any version still referenced is then rebuilt from the current row
// by walking E -> E' -> ... to the row's etag and applying the patches backward. Nothing is written
// when the etag does not change (no lifecycle step does that; a record then keeps its content).
//
// Value: the dated header of a format-1 request record (0x01, write time as uint64 µs), so that the
// requests family's TTL compaction filter drops it after request_ttl; then the newer etag (uint64
// length, bytes), the shared prefix and suffix lengths (uint64 each), and the older version's
// middle bytes to the end. A patch for version E is written when E is replaced, after every record
// that references E (those are written when E is), so it expires after them; records are read as
// absent once expired, whether or not compaction has dropped them, so no live record needs a
// dropped patch.
#ifndef NIANBAO_STORAGE_CONTENT_PATCH_H_
#define NIANBAO_STORAGE_CONTENT_PATCH_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nianbao::storage {

struct ContentPatch {
  int64_t write_micros = 0;
  std::string newer_etag;  // the version this patch rebuilds the older one from
  uint64_t prefix = 0;     // bytes the older content shares with the newer at the front
  uint64_t suffix = 0;     // and at the back
  std::string middle;      // the older content's bytes between them
};

// The patch that rebuilds `older` from `newer`.
std::string EncodeContentPatch(int64_t write_micros, absl::string_view newer_etag,
                               absl::string_view older, absl::string_view newer);
// DATA_LOSS when malformed.
[[nodiscard]] absl::StatusOr<ContentPatch> DecodeContentPatch(absl::string_view value);
// The older content; DATA_LOSS when `newer` is too short for the patch.
[[nodiscard]] absl::StatusOr<std::string> ApplyContentPatch(const ContentPatch& patch,
                                                            absl::string_view newer);

// The stored patch of a report's version (nullopt: none).
using ContentPatchReader =
    std::function<absl::StatusOr<std::optional<std::string>>(absl::string_view etag)>;
// At most this many patches are walked: a longer chain (a report edited this often within one
// request_ttl) or a cycle is DATA_LOSS.
inline constexpr int kMaxContentPatchChain = 1 << 20;
// The content of the version `etag` of a report whose current row is `current_row`: the row's own
// content when its etag is `etag`, else rebuilt through the patches. DATA_LOSS, in both languages,
// when a patch is missing or malformed or the chain does not reach the row. (The caller checks the
// result's length and checksum.)
[[nodiscard]] absl::StatusOr<std::string> RebuildContent(absl::string_view etag,
                                                         absl::string_view current_row,
                                                         const ContentPatchReader& read_patch);

}  // namespace nianbao::storage

#endif  // NIANBAO_STORAGE_CONTENT_PATCH_H_
