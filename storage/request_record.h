// The request record (requests family): what a retry of a request gets back, kept without the
// report content a frozen revision already holds, and dated so that it can expire.
//
// A response that carries a revision's content (SubmitReport's and PublishReport's carry it twice:
// in the revision and in the report) is stored as pieces: literal bytes, and references to the
// content of a revision of the same report, which is never overwritten nor deleted. A retry's
// response is joined from them, byte for byte the first response: a reference is made only where
// the response holds exactly the bytes the revision row holds for its content.
//
// A draft edit's response (CreateReport, UpdateReport: the report itself) keeps its content in the
// record. The only other copy is the report's row, which the next edit overwrites while the record
// must still answer a retry for its whole lifetime (request_ttl); moving the content into the
// record when the row is overwritten would write it again then, so it is written once now.
//
// Format 1 (written by this build):
//   0x01, write time (uint64 µs since the epoch), fingerprint (uint64 length, bytes),
//   agency_id (string), report_year (int32), then pieces to the end, each
//   'L' uint64 length, bytes        literal bytes
//   'R' uint64 revision, kind byte  the content of that revision of the report
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

// One piece of a stored response: literal bytes, or (revision > 0) the content of a revision.
struct ResponsePiece {
  std::string literal;
  int64_t revision = 0;
  int kind = 0;
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

// The record of `response`, with every occurrence of a revision's content bytes (at least
// kMinReferencedBytes of them) replaced by a reference.
inline constexpr size_t kMinReferencedBytes = 256;
StoredRequest SplitResponse(std::string fingerprint, int64_t write_micros, std::string agency_id,
                            int32_t report_year, absl::string_view response,
                            const std::vector<RevisionBytes>& revisions);

std::string EncodeRequestRecord(const StoredRequest& record);
// Either format. DATA_LOSS when malformed.
[[nodiscard]] absl::StatusOr<StoredRequest> DecodeRequestRecord(absl::string_view value);
// The write time of a format-1 record without decoding the rest; nullopt for format 0 or when too
// short (for the compaction filter, which keeps what it cannot date).
std::optional<int64_t> RequestRecordWriteMicros(absl::string_view value);

// The bytes of a stored ReportRevision's content field (empty when it has none); DATA_LOSS when
// the bytes are not a well-formed message.
[[nodiscard]] absl::StatusOr<absl::string_view> RevisionContentBytes(absl::string_view revision);

// The response the pieces make; `read_revision` returns a referenced revision's row bytes.
using RevisionReader = std::function<absl::StatusOr<std::string>(int64_t revision, int kind)>;
[[nodiscard]] absl::StatusOr<std::string> JoinResponse(const StoredRequest& record,
                                                       const RevisionReader& read_revision);

// The requests family's compaction filter: drops format-1 records written `ttl` or longer before
// the compaction's start (by `clock`); keeps the rest.
std::shared_ptr<rocksdb::CompactionFilterFactory> NewExpiredRequestFilterFactory(
    std::function<absl::Time()> clock, absl::Duration ttl);

}  // namespace nianbao::storage

#endif  // NIANBAO_STORAGE_REQUEST_RECORD_H_
