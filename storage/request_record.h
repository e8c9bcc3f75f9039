// The request record (requests family): what a retry of a request gets back, kept without the
// report content the store holds elsewhere, and dated so that it can expire.
//
// A response that carries a revision's content (SubmitReport's and PublishReport's carry it twice:
// in the revision and in the report) is stored as pieces: literal bytes, and references to the
// content of a revision of the same report, which is never overwritten nor deleted. A retry's
// response is joined from them, byte for byte the first response: a reference is made only where
// the response holds exactly the bytes the revision row holds for its content.
//
// A draft edit's response (CreateReport, UpdateReport: the report itself) references the content
// of the report row it writes, by the row's etag ('C' piece): the row is written once, in the
// same batch. The next edit overwrites that row, and writes in its batch a backward patch
// (content_patch.h) that rebuilds the replaced version's content from the new one; a retry reads
// the current row and walks the patches back to the etag it references. The piece also holds the
// content's length and a checksum of its bytes (ContentChecksum), checked after the rebuild: a
// missing or damaged patch, or a version overwritten in place under the same etag (which no
// lifecycle step does: etags are unique per version), is DATA_LOSS, never other bytes.
//
// Format 1 (written by this build):
//   0x01, write time (uint64 µs since the epoch), fingerprint (uint64 length, bytes),
//   agency_id (string), report_year (int32), then pieces to the end, each
//   'L' uint64 length, bytes        literal bytes
//   'R' uint64 revision, kind byte  the content of that revision of the report
//   'C' uint64 content length, uint64 checksum, etag (uint64 length, bytes)
//                                   the content of the report's version with that etag
// Builds before 'C' pieces read a record holding one as malformed (DATA_LOSS): a downgrade loses
// the retries of the draft edits written since, for at most one request_ttl.
// Format 0 (older builds, key_encoding.h's RequestRecordValue): the fingerprint's uint64 length
// (its first byte is therefore 0x00), the fingerprint, the whole response. It has no time and
// never expires.
#ifndef NIANBAO_STORAGE_REQUEST_RECORD_H_
#define NIANBAO_STORAGE_REQUEST_RECORD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "rocksdb/compaction_filter.h"

namespace nianbao::storage {

// One piece of a stored response: literal bytes, or (revision > 0) the content of a revision, or
// (etag not empty) the content of the report's version with that etag.
struct ResponsePiece {
  std::string literal;
  int64_t revision = 0;
  int kind = 0;
  std::string etag;
  uint64_t content_length = 0;    // of the content an etag reference stands for
  uint64_t content_checksum = 0;  // ContentChecksum of that content
};

// A request record as stored.
struct StoredRequest {
  std::string fingerprint;
  // When it was written (µs since the epoch); 0 for a format-0 record.
  int64_t write_micros = 0;
  // The report whose revisions the pieces reference.
  std::string agency_id;
  int32_t report_year = 0;
  std::vector<ResponsePiece> pieces;
};

// The serialized revision a response may reference: its number, kind and row bytes.
struct RevisionBytes {
  int64_t revision = 0;
  int kind = 0;
  absl::string_view bytes;
};

// The fields of a serialized Report row a record and a content patch need, as views into it (the
// last occurrence of each, as a parse would keep it; empty when absent).
struct ReportRowFields {
  absl::string_view content;  // field 6's bytes
  absl::string_view etag;     // field 7
};
// DATA_LOSS when the bytes are not a well-formed message. Steps over the content by its length.
[[nodiscard]] absl::StatusOr<ReportRowFields> ReportRowFieldsOf(absl::string_view row);

// A 64-bit checksum of content bytes (libxxhash's XXH64, seed 0), stored in etag references: it
// must never change, and it catches accidental change, not forgery.
uint64_t ContentChecksum(absl::string_view bytes);

// The bytes of the last top-level length-delimited field `field_number` of a serialized message
// (empty when it has none); DATA_LOSS when the bytes are not a well-formed message.
[[nodiscard]] absl::StatusOr<absl::string_view> TopLevelFieldBytes(absl::string_view message,
                                                                   uint64_t field_number);

// The record of `response`, with every occurrence of a revision's content bytes (at least
// kMinReferencedBytes of them) replaced by a reference, and then every occurrence of `row`'s
// content bytes (the report row this commit writes; null: none) by an etag reference. Where both
// match the same bytes the revision is referenced: it is never overwritten.
inline constexpr size_t kMinReferencedBytes = 256;
StoredRequest SplitResponse(std::string fingerprint, int64_t write_micros, std::string agency_id,
                            int32_t report_year, absl::string_view response,
                            const std::vector<RevisionBytes>& revisions,
                            const ReportRowFields* row = nullptr);

std::string EncodeRequestRecord(const StoredRequest& record);
// Either format. DATA_LOSS when malformed.
[[nodiscard]] absl::StatusOr<StoredRequest> DecodeRequestRecord(absl::string_view value);
// The write time of a format-1 record without decoding the rest; nullopt for format 0 or when too
// short (for the compaction filter, which keeps what it cannot date).
std::optional<int64_t> RequestRecordWriteMicros(absl::string_view value);

// The bytes of a stored ReportRevision's content field (empty when it has none); DATA_LOSS when
// the bytes are not a well-formed message.
[[nodiscard]] absl::StatusOr<absl::string_view> RevisionContentBytes(absl::string_view revision);

// The response the pieces make; `read_revision` returns a referenced revision's row bytes,
// `read_content` the content bytes of the report version an etag piece references (null: a record
// with such a piece is DATA_LOSS). DATA_LOSS when a content is not of the length the piece says.
using RevisionReader = std::function<absl::StatusOr<std::string>(int64_t revision, int kind)>;
using ContentReader = std::function<absl::StatusOr<std::string>(const ResponsePiece& piece)>;
[[nodiscard]] absl::StatusOr<std::string> JoinResponse(const StoredRequest& record,
                                                       const RevisionReader& read_revision,
                                                       const ContentReader& read_content = nullptr);

// The requests family's compaction filter: drops format-1 records written `ttl` or longer before
// the compaction's start (by `clock`); keeps the rest. The content_patches family uses it too
// (its values begin with the same dated header).
std::shared_ptr<rocksdb::CompactionFilterFactory> NewExpiredRequestFilterFactory(
    std::function<absl::Time()> clock, absl::Duration ttl);

}  // namespace nianbao::storage

#endif  // NIANBAO_STORAGE_REQUEST_RECORD_H_
