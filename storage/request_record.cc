#include "storage/request_record.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/compaction_filter.h"
#include "storage/key_encoding.h"

namespace nianbao::storage {
namespace {

constexpr char kFormat1 = '\x01';
constexpr char kLiteralPiece = 'L';
constexpr char kRevisionPiece = 'R';
// ReportRevision.content's field number (resources.proto).
constexpr uint64_t kRevisionContentField = 5;

absl::Status Malformed(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("malformed stored request record: ", what));
}

std::optional<uint64_t> ConsumeVarint(absl::string_view* in) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64 && !in->empty(); shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

// Where a match of a revision's content lies in the response.
struct Match {
  size_t position = 0;
  size_t length = 0;
  int64_t revision = 0;
  int kind = 0;
};

void AppendLiteral(absl::string_view bytes, std::vector<ResponsePiece>* pieces) {
  if (bytes.empty()) return;
  if (!pieces->empty() && pieces->back().revision == 0) {
    pieces->back().literal.append(bytes.data(), bytes.size());
    return;
  }
  pieces->push_back(ResponsePiece{std::string(bytes), 0, 0});
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
                            const std::vector<RevisionBytes>& revisions) {
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
  std::sort(matches.begin(), matches.end(),
            [](const Match& a, const Match& b) { return a.position < b.position; });
  size_t done = 0;
  for (const Match& match : matches) {
    if (match.position < done) continue;  // overlaps one taken (two revisions of one content)
    AppendLiteral(response.substr(done, match.position - done), &record.pieces);
    record.pieces.push_back(ResponsePiece{"", match.revision, match.kind});
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
    record.pieces.push_back(ResponsePiece{std::move(old->response), 0, 0});
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
    if (tag == kLiteralPiece) {
      if (*number > value.size()) return Malformed("literal length");
      record.pieces.push_back(ResponsePiece{std::string(value.substr(0, *number)), 0, 0});
      value.remove_prefix(*number);
    } else if (tag == kRevisionPiece) {
      if (value.empty() || *number == 0) return Malformed("revision reference");
      record.pieces.push_back(
          ResponsePiece{"", static_cast<int64_t>(*number), static_cast<uint8_t>(value.front())});
      value.remove_prefix(1);
    } else {
      return Malformed("piece tag");
    }
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

absl::StatusOr<absl::string_view> RevisionContentBytes(absl::string_view revision) {
  absl::string_view content;
  while (!revision.empty()) {
    std::optional<uint64_t> tag = ConsumeVarint(&revision);
    if (!tag) return Malformed("revision field tag");
    switch (*tag & 7) {
      case 0:
        if (!ConsumeVarint(&revision)) return Malformed("revision varint");
        break;
      case 1:
      case 5: {
        const size_t width = (*tag & 7) == 1 ? 8 : 4;
        if (revision.size() < width) return Malformed("revision fixed field");
        revision.remove_prefix(width);
        break;
      }
      case 2: {
        std::optional<uint64_t> length = ConsumeVarint(&revision);
        if (!length || *length > revision.size()) return Malformed("revision field length");
        if ((*tag >> 3) == kRevisionContentField) content = revision.substr(0, *length);
        revision.remove_prefix(*length);
        break;
      }
      default:
        return Malformed("revision wire type");
    }
  }
  return content;
}

absl::StatusOr<std::string> JoinResponse(const StoredRequest& record,
                                         const RevisionReader& read_revision) {
  std::string response;
  for (const ResponsePiece& piece : record.pieces) {
    if (piece.revision == 0) {
      response += piece.literal;
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
