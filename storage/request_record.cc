#include "storage/request_record.h"

#include <xxhash.h>

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/compaction_filter.h"
#include "storage/key_encoding.h"
#include "workflow/wire_fields.h"

namespace nianbao::storage {
namespace {

constexpr char kFormat1 = '\x01';
constexpr char kLiteralPiece = 'L';
constexpr char kRevisionPiece = 'R';
constexpr char kContentPiece = 'C';
// Field numbers (resources.proto): ReportRevision.content; Report.content and etag.
constexpr uint64_t kRevisionContentField = 5;
constexpr uint64_t kReportContentField = 6;
constexpr uint64_t kReportEtagField = 7;

absl::Status Malformed(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("malformed stored request record: ", what));
}

// Calls `visit` with the number and bytes of each top-level length-delimited field of a serialized
// message, stepping over the others; DATA_LOSS when the bytes are not a well-formed message.
template <typename Visit>
absl::Status ForEachLengthDelimitedField(absl::string_view message, Visit visit) {
  for (nianbao::workflow::WireField field; !message.empty();) {
    if (!nianbao::workflow::NextTopLevelField(&message, &field)) {
      return Malformed("message field");
    }
    if (field.length_delimited) visit(static_cast<uint64_t>(field.number), field.payload);
  }
  return absl::OkStatus();
}

// Where a match of a revision's (or the row's) content lies in the response.
struct Match {
  size_t position = 0;
  size_t length = 0;
  int64_t revision = 0;
  int kind = 0;
  const ReportRowFields* row = nullptr;  // set for a match of the row's content
};

bool IsLiteral(const ResponsePiece& piece) { return piece.revision == 0 && piece.etag.empty(); }

void AppendLiteral(absl::string_view bytes, std::vector<ResponsePiece>* pieces) {
  if (bytes.empty()) return;
  if (!pieces->empty() && IsLiteral(pieces->back())) {
    pieces->back().literal.append(bytes.data(), bytes.size());
    return;
  }
  ResponsePiece piece;
  piece.literal = std::string(bytes);
  pieces->push_back(std::move(piece));
}

// Drops request records older than the TTL when compaction meets them, so that the requests family
// holds about one TTL's worth of records. Reads check the age themselves (ReadRequestRecord), so
// when compaction runs changes only the bytes on disk, never an answer. A record it cannot date
// (format 0, from older builds) is kept.
class ExpiredRequestFilter : public rocksdb::CompactionFilter {
 public:
  ExpiredRequestFilter(std::function<absl::Time()> clock, absl::Duration ttl)
      : now_micros_(absl::ToUnixMicros(clock())), ttl_micros_(absl::ToInt64Microseconds(ttl)) {}
  const char* Name() const override { return "nianbao.ExpiredRequestFilter"; }
  bool Filter(int /*level*/, const rocksdb::Slice& /*key*/, const rocksdb::Slice& value,
              std::string* /*new_value*/, bool* /*value_changed*/) const override {
    std::optional<int64_t> written =
        RequestRecordWriteMicros(absl::string_view(value.data(), value.size()));
    return written.has_value() && now_micros_ - *written >= ttl_micros_;
  }

 private:
  const int64_t now_micros_;  // one clock reading per compaction
  const int64_t ttl_micros_;
};

class ExpiredRequestFilterFactory : public rocksdb::CompactionFilterFactory {
 public:
  ExpiredRequestFilterFactory(std::function<absl::Time()> clock, absl::Duration ttl)
      : clock_(std::move(clock)), ttl_(ttl) {}
  const char* Name() const override { return "nianbao.ExpiredRequestFilterFactory"; }
  std::unique_ptr<rocksdb::CompactionFilter> CreateCompactionFilter(
      const rocksdb::CompactionFilter::Context& /*context*/) override {
    return std::make_unique<ExpiredRequestFilter>(clock_, ttl_);
  }

 private:
  const std::function<absl::Time()> clock_;
  const absl::Duration ttl_;
};

}  // namespace

std::shared_ptr<rocksdb::CompactionFilterFactory> NewExpiredRequestFilterFactory(
    std::function<absl::Time()> clock, absl::Duration ttl) {
  return std::make_shared<ExpiredRequestFilterFactory>(std::move(clock), ttl);
}

StoredRequest SplitResponse(std::string fingerprint, int64_t write_micros, std::string agency_id,
                            int32_t report_year, absl::string_view response,
                            const std::vector<RevisionBytes>& revisions,
                            const ReportRowFields* row) {
  StoredRequest record;
  record.fingerprint = std::move(fingerprint);
  record.write_micros = write_micros;
  record.agency_id = std::move(agency_id);
  record.report_year = report_year;
  std::vector<Match> matches;
  for (const RevisionBytes& revision : revisions) {
    absl::StatusOr<absl::string_view> content = RevisionContentBytes(revision.bytes);
    if (!content.ok() || content->size() < kMinReferencedBytes) continue;
    for (size_t at = response.find(*content); at != absl::string_view::npos;
         at = response.find(*content, at + content->size())) {
      matches.push_back(Match{at, content->size(), revision.revision, revision.kind});
    }
  }
  if (row != nullptr && !row->etag.empty() && row->content.size() >= kMinReferencedBytes) {
    const absl::string_view content = row->content;
    for (size_t at = response.find(content); at != absl::string_view::npos;
         at = response.find(content, at + content.size())) {
      matches.push_back(Match{at, content.size(), 0, 0, row});
    }
  }
  // Stable: at one position a revision's match, found first, is taken over the row's.
  std::stable_sort(matches.begin(), matches.end(),
                   [](const Match& a, const Match& b) { return a.position < b.position; });
  size_t done = 0;
  for (const Match& match : matches) {
    if (match.position < done) continue;  // overlaps one taken (two revisions of one content)
    AppendLiteral(response.substr(done, match.position - done), &record.pieces);
    ResponsePiece piece;
    if (match.row != nullptr) {
      piece.etag = std::string(match.row->etag);
      piece.content_length = match.length;
      piece.content_checksum = ContentChecksum(match.row->content);
    } else {
      piece.revision = match.revision;
      piece.kind = match.kind;
    }
    record.pieces.push_back(std::move(piece));
    done = match.position + match.length;
  }
  AppendLiteral(response.substr(done), &record.pieces);
  return record;
}

std::string EncodeRequestRecord(const StoredRequest& record) {
  std::string value(1, kFormat1);
  AppendUint64(&value, static_cast<uint64_t>(record.write_micros));
  AppendUint64(&value, record.fingerprint.size());
  value += record.fingerprint;
  AppendString(&value, record.agency_id);
  AppendInt32(&value, record.report_year);
  for (const ResponsePiece& piece : record.pieces) {
    if (piece.revision > 0) {
      value.push_back(kRevisionPiece);
      AppendUint64(&value, static_cast<uint64_t>(piece.revision));
      value.push_back(static_cast<char>(piece.kind));
    } else if (!piece.etag.empty()) {
      value.push_back(kContentPiece);
      AppendUint64(&value, piece.content_length);
      AppendUint64(&value, piece.content_checksum);
      AppendUint64(&value, piece.etag.size());
      value += piece.etag;
    } else {
      value.push_back(kLiteralPiece);
      AppendUint64(&value, piece.literal.size());
      value += piece.literal;
    }
  }
  return value;
}

absl::StatusOr<StoredRequest> DecodeRequestRecord(absl::string_view value) {
  if (value.empty() || value.front() != kFormat1) {
    absl::StatusOr<RequestRecord> old = DecodeRequestRecordValue(value);
    if (!old.ok()) return old.status();
    StoredRequest record;
    record.fingerprint = std::move(old->fingerprint);
    ResponsePiece whole;
    whole.literal = std::move(old->response);
    record.pieces.push_back(std::move(whole));
    return record;
  }
  value.remove_prefix(1);
  StoredRequest record;
  absl::StatusOr<uint64_t> micros = ConsumeUint64(&value);
  if (!micros.ok()) return micros.status();
  record.write_micros = static_cast<int64_t>(*micros);
  absl::StatusOr<uint64_t> length = ConsumeUint64(&value);
  if (!length.ok()) return length.status();
  if (*length > value.size()) return Malformed("fingerprint length");
  record.fingerprint = std::string(value.substr(0, *length));
  value.remove_prefix(*length);
  absl::StatusOr<std::string> agency = ConsumeString(&value);
  if (!agency.ok()) return agency.status();
  record.agency_id = *std::move(agency);
  absl::StatusOr<int32_t> year = ConsumeInt32(&value);
  if (!year.ok()) return year.status();
  record.report_year = *year;
  while (!value.empty()) {
    const char tag = value.front();
    value.remove_prefix(1);
    absl::StatusOr<uint64_t> number = ConsumeUint64(&value);
    if (!number.ok()) return number.status();
    ResponsePiece piece;
    if (tag == kLiteralPiece) {
      if (*number > value.size()) return Malformed("literal length");
      piece.literal = std::string(value.substr(0, *number));
      value.remove_prefix(*number);
    } else if (tag == kRevisionPiece) {
      if (value.empty() || *number == 0) return Malformed("revision reference");
      piece.revision = static_cast<int64_t>(*number);
      piece.kind = static_cast<uint8_t>(value.front());
      value.remove_prefix(1);
    } else if (tag == kContentPiece) {
      piece.content_length = *number;
      absl::StatusOr<uint64_t> checksum = ConsumeUint64(&value);
      if (!checksum.ok()) return checksum.status();
      piece.content_checksum = *checksum;
      absl::StatusOr<uint64_t> length = ConsumeUint64(&value);
      if (!length.ok()) return length.status();
      if (*length == 0 || *length > value.size()) return Malformed("content reference etag");
      piece.etag = std::string(value.substr(0, *length));
      value.remove_prefix(*length);
    } else {
      return Malformed("piece tag");
    }
    record.pieces.push_back(std::move(piece));
  }
  return record;
}

std::optional<int64_t> RequestRecordWriteMicros(absl::string_view value) {
  if (value.size() < 9 || value.front() != kFormat1) return std::nullopt;
  value.remove_prefix(1);
  absl::StatusOr<uint64_t> micros = ConsumeUint64(&value);
  if (!micros.ok()) return std::nullopt;
  return static_cast<int64_t>(*micros);
}

uint64_t ContentChecksum(absl::string_view bytes) {
  return XXH64(bytes.data(), bytes.size(), /*seed=*/0);
}

absl::StatusOr<absl::string_view> TopLevelFieldBytes(absl::string_view message,
                                                     uint64_t field_number) {
  absl::string_view bytes;
  absl::Status status =
      ForEachLengthDelimitedField(message, [&](uint64_t field, absl::string_view value) {
        if (field == field_number) bytes = value;
      });
  if (!status.ok()) return status;
  return bytes;
}

absl::StatusOr<absl::string_view> RevisionContentBytes(absl::string_view revision) {
  return TopLevelFieldBytes(revision, kRevisionContentField);
}

absl::StatusOr<ReportRowFields> ReportRowFieldsOf(absl::string_view row) {
  ReportRowFields fields;
  absl::Status status =
      ForEachLengthDelimitedField(row, [&](uint64_t field, absl::string_view value) {
        if (field == kReportContentField) fields.content = value;
        if (field == kReportEtagField) fields.etag = value;
      });
  if (!status.ok()) return status;
  return fields;
}

absl::StatusOr<std::string> JoinResponse(const StoredRequest& record,
                                         const RevisionReader& read_revision,
                                         const ContentReader& read_content) {
  std::string response;
  for (const ResponsePiece& piece : record.pieces) {
    if (IsLiteral(piece)) {
      response += piece.literal;
      continue;
    }
    if (!piece.etag.empty()) {
      if (!read_content) return Malformed("content reference with no reader");
      absl::StatusOr<std::string> content = read_content(piece);
      if (!content.ok()) return content.status();
      // Checked here, whatever the reader did: other bytes than the first response's are never
      // joined.
      if (content->size() != piece.content_length ||
          ContentChecksum(*content) != piece.content_checksum) {
        return absl::DataLossError(absl::StrCat(
            "请求记录引用的报告内容（版本 ", piece.etag,
            "）与首次应答不符，无法重放首次应答 (the report content version ", piece.etag,
            " a request record references does not match the first response: ", content->size(),
            " bytes against ", piece.content_length, ", or another checksum)"));
      }
      response += *content;
      continue;
    }
    absl::StatusOr<std::string> bytes = read_revision(piece.revision, piece.kind);
    if (!bytes.ok()) return bytes.status();
    absl::StatusOr<absl::string_view> content = RevisionContentBytes(*bytes);
    if (!content.ok()) return content.status();
    response.append(content->data(), content->size());
  }
  return response;
}

}  // namespace nianbao::storage
