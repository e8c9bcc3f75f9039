// Request records (request_record.h): reading one back and joining its first response from the
// revisions and report versions it references, and writing the content patches those references
// need (content_patch.h) when a commit replaces a report row.
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/content_patch.h"
#include "storage/key_encoding.h"
#include "storage/request_record.h"
#include "storage/rocks_report_store.h"
#include "workflow/status_details.h"

namespace nianbao::storage {

bool RocksReportStore::RequestExpired(int64_t write_micros) const {
  return write_micros > 0 && options_.request_ttl > absl::ZeroDuration() &&
         NowMicros() - write_micros >= absl::ToInt64Microseconds(options_.request_ttl);
}

std::optional<ReportRowFields> RocksReportStore::PutContentPatch(
    const ReportId& id, const std::optional<std::string>& old_row, absl::string_view new_row,
    int64_t now_micros, rocksdb::WriteBatch& batch) {
  absl::StatusOr<ReportRowFields> next = ReportRowFieldsOf(new_row);
  if (!next.ok() || next->etag.empty()) return std::nullopt;
  if (!old_row) return *next;
  absl::StatusOr<ReportRowFields> old = ReportRowFieldsOf(*old_row);
  // An old row that does not scan has no reference to it (none could be made when it was written).
  if (!old.ok() || old->etag.empty()) return *next;
  // The same etag for other content would make the records that reference the old version read
  // this one: no patch can be keyed apart, and a reference to the new row could not be told from
  // those. Their checksum turns them into DATA_LOSS; this commit's record keeps its content.
  if (old->etag == next->etag) return std::nullopt;
  batch.Put(cf(kContentPatches), ContentPatchKey(id.agency_id, id.report_year, old->etag),
            EncodeContentPatch(now_micros, next->etag, old->content, next->content));
  return *next;
}

absl::StatusOr<std::optional<RequestRecord>> RocksReportStore::ReadRequestRecord(
    const std::string& request_id) {
  absl::StatusOr<std::optional<std::string>> bytes = Get(kRequests, request_id, nullptr);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::optional<RequestRecord>();
  absl::StatusOr<StoredRequest> stored = DecodeRequestRecord(**bytes);
  if (!stored.ok()) return stored.status();
  // An expired record is absent whether or not a compaction has dropped it yet.
  if (RequestExpired(stored->write_micros)) return std::optional<RequestRecord>();
  const std::string& agency = stored->agency_id;
  const int32_t year = stored->report_year;
  auto read_revision = [&](int64_t revision, int kind) -> absl::StatusOr<std::string> {
    absl::StatusOr<std::optional<std::string>> row =
        Get(kRevisions, RevisionKey(agency, year, revision, kind), nullptr);
    if (!row.ok()) return row.status();
    if (!row->has_value()) {
      return absl::DataLossError(
          absl::StrCat("request record ", request_id, " references a missing revision ", revision));
    }
    return **std::move(row);
  };
  // A version's content: the report row as it is now, and the patches back from it (the row is
  // read before the patches; a patch, once written, never changes, and the one a newer row needs
  // was written in the same batch as that row).
  std::optional<std::string> row;
  auto read_content = [&](const ResponsePiece& piece) -> absl::StatusOr<std::string> {
    if (!row) {
      absl::StatusOr<std::optional<std::string>> current =
          Get(kReports, ReportRowKey(agency, year), nullptr);
      if (!current.ok()) return current.status();
      if (!current->has_value()) {
        return absl::DataLossError(absl::StrCat("请求记录 ", request_id,
                                                " 引用的报告不存在 (request record ", request_id,
                                                " references a report that does not exist)"));
      }
      row = **std::move(current);
    }
    return RebuildContent(
        piece.etag, *row,
        [&](absl::string_view etag) -> absl::StatusOr<std::optional<std::string>> {
          return Get(kContentPatches, ContentPatchKey(agency, year, etag), nullptr);
        });
  };
  absl::StatusOr<std::string> response = JoinResponse(*stored, read_revision, read_content);
  // A compaction that began after the record was read may have dropped a patch it needs when the
  // record expired meanwhile: at the TTL's edge, absent rather than DATA_LOSS.
  if (!response.ok() && RequestExpired(stored->write_micros)) {
    return std::optional<RequestRecord>();
  }
  if (!response.ok()) return response.status();
  return std::optional<RequestRecord>(
      RequestRecord{std::move(stored->fingerprint), *std::move(response)});
}

absl::StatusOr<std::string> RocksReportStore::FirstResponse(
    RequestRecord record, const std::string& request_id, const std::string& request_fingerprint) {
  if (record.fingerprint != request_fingerprint) {
    return nianbao::workflow::InvalidField(
        "request_id",
        {"该请求标识已用于另一个请求",
         absl::StrCat("request_id '", request_id, "' was already used for a different request")});
  }
  return std::move(record.response);
}

absl::StatusOr<std::optional<std::string>> RocksReportStore::GetRequestResponse(
    const std::string& request_id, const std::string& request_fingerprint) {
  absl::StatusOr<std::optional<RequestRecord>> record = ReadRequestRecord(request_id);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return std::optional<std::string>();
  absl::StatusOr<std::string> first =
      FirstResponse(**std::move(record), request_id, request_fingerprint);
  if (!first.ok()) return first.status();
  return std::optional<std::string>(*std::move(first));
}

}  // namespace nianbao::storage
