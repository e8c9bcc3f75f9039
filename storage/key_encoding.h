// Order-preserving key encoding for the RocksDB column families of storage/. Every composite key is
// a concatenation of encoded parts whose bytewise order equals the order of the values, so that
// RocksDB's default comparator and range scans serve list and audit queries in order.
//
// Encodings:
//   uint64  8 bytes big-endian.
//   int32   4 bytes big-endian with the sign bit flipped (negative years sort first).
//   string  bytes with 0x00 escaped as 0x00 0xFF, then the terminator 0x00 0x01: a string sorts
//           before every longer string it is a prefix of, and the parts after it cannot bleed
//           into its order.
#ifndef NIANBAO_STORAGE_KEY_ENCODING_H_
#define NIANBAO_STORAGE_KEY_ENCODING_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nianbao::storage {

// Appends the encodings to `out`.
void AppendUint64(std::string* out, uint64_t value);
void AppendInt32(std::string* out, int32_t value);
void AppendString(std::string* out, absl::string_view value);

// Reads one encoded part from the front of `in` and advances it. Fail with DATA_LOSS on
// truncated or malformed input (a stored key that does not decode is corruption).
[[nodiscard]] absl::StatusOr<uint64_t> ConsumeUint64(absl::string_view* in);
[[nodiscard]] absl::StatusOr<int32_t> ConsumeInt32(absl::string_view* in);
[[nodiscard]] absl::StatusOr<std::string> ConsumeString(absl::string_view* in);

// The smallest key greater than every key starting with `prefix` (for exclusive upper bounds);
// empty when no such key exists (the prefix is all 0xFF).
std::string PrefixSuccessor(absl::string_view prefix);

// The keys of each column family. Reports are identified by (agency_id, report_year).
struct ReportKeyParts {
  std::string agency_id;
  int32_t report_year = 0;
};

// reports: agency_id, report_year.
std::string ReportRowKey(absl::string_view agency_id, int32_t report_year);
[[nodiscard]] absl::StatusOr<ReportKeyParts> DecodeReportRowKey(absl::string_view key);
// revisions: report row key, revision, kind (one byte).
std::string RevisionKey(absl::string_view agency_id, int32_t report_year, int64_t revision,
                        int kind);
// The prefix of all revisions of one report.
std::string RevisionPrefix(absl::string_view agency_id, int32_t report_year);
// audit: global sequence.
std::string AuditKey(int64_t sequence);
[[nodiscard]] absl::StatusOr<int64_t> DecodeAuditKey(absl::string_view key);
// audit_by_report: report resource name, report sequence. The value is AuditKey(global sequence).
std::string ReportAuditKey(absl::string_view report_name, int64_t report_sequence);
std::string ReportAuditPrefix(absl::string_view report_name);
// audit_by_agency: agency_id, agency sequence. The value is AuditKey(global sequence).
std::string AgencyAuditKey(absl::string_view agency_id, int64_t agency_sequence);
std::string AgencyAuditPrefix(absl::string_view agency_id);
// indexes: one tag byte per index, then the ordering value, then the report row key.
inline constexpr char kYearIndexTag = 'Y';        // year, agency_id
inline constexpr char kStateIndexTag = 'S';       // state, agency_id, year
inline constexpr char kUpdateTimeIndexTag = 'T';  // update time (µs), agency_id, year
std::string YearIndexKey(int32_t report_year, absl::string_view agency_id);
std::string StateIndexKey(int state, absl::string_view agency_id, int32_t report_year);
std::string UpdateTimeIndexKey(int64_t update_micros, absl::string_view agency_id,
                               int32_t report_year);
// The office's roll-up contributions live in the indexes family too: tag, year, agency_id, so that
// a year's contributions are one short range. The value is a nianbao.storage.v1.RollupRecord.
inline constexpr char kContributionTag = 'C';
std::string ContributionKey(int32_t report_year, absl::string_view agency_id);
// The prefix of every contribution of one year.
std::string ContributionPrefix(int32_t report_year);
// meta keys.
inline constexpr absl::string_view kSchemaVersionKey = "schema_version";
// The last checkpoint the server signed: SignedHeadValue(sequence, head hash).
inline constexpr absl::string_view kSignedCheckpointKey = "signed_checkpoint";
// Present once the roll-up contributions were built for every published report (a database from
// before the office kept them is rebuilt once, at open); its value is what they were built as (the
// office's cell layout; "1" from before that was recorded).
inline constexpr absl::string_view kContributionsBuiltKey = "rollup_contributions_built";
std::string SignedHeadValue(int64_t sequence, absl::string_view hash);
struct SignedHead {
  int64_t sequence = 0;
  std::string hash;
};
[[nodiscard]] absl::StatusOr<SignedHead> DecodeSignedHeadValue(absl::string_view value);

// content_patches: report row key, etag (content_patch.h).
std::string ContentPatchKey(absl::string_view agency_id, int32_t report_year,
                            absl::string_view etag);

// requests: request_id -> fingerprint and stored response.
std::string RequestRecordValue(absl::string_view fingerprint, absl::string_view response);
struct RequestRecord {
  std::string fingerprint;
  std::string response;
};
[[nodiscard]] absl::StatusOr<RequestRecord> DecodeRequestRecordValue(absl::string_view value);

}  // namespace nianbao::storage

#endif  // NIANBAO_STORAGE_KEY_ENCODING_H_
