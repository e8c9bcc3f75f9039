#include "storage/key_encoding.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace nianbao::storage {
namespace {

constexpr char kEscape = '\x00';
constexpr char kEscapedZero = '\xFF';
constexpr char kTerminator = '\x01';

absl::Status Malformed(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("malformed stored key: ", what));
}

}  // namespace

void AppendUint64(std::string* out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

void AppendInt32(std::string* out, int32_t value) {
  // Flipping the sign bit maps INT32_MIN..INT32_MAX onto 0..UINT32_MAX in order.
  const uint32_t biased = static_cast<uint32_t>(value) ^ 0x80000000u;
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((biased >> shift) & 0xFF));
  }
}

void AppendString(std::string* out, absl::string_view value) {
  for (char c : value) {
    out->push_back(c);
    if (c == kEscape) out->push_back(kEscapedZero);
  }
  out->push_back(kEscape);
  out->push_back(kTerminator);
}

absl::StatusOr<uint64_t> ConsumeUint64(absl::string_view* in) {
  if (in->size() < 8) return Malformed("truncated uint64");
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<uint8_t>((*in)[i]);
  in->remove_prefix(8);
  return value;
}

absl::StatusOr<int32_t> ConsumeInt32(absl::string_view* in) {
  if (in->size() < 4) return Malformed("truncated int32");
  uint32_t biased = 0;
  for (int i = 0; i < 4; ++i) biased = (biased << 8) | static_cast<uint8_t>((*in)[i]);
  in->remove_prefix(4);
  return static_cast<int32_t>(biased ^ 0x80000000u);
}

absl::StatusOr<std::string> ConsumeString(absl::string_view* in) {
  std::string value;
  size_t i = 0;
  while (i < in->size()) {
    const char c = (*in)[i];
    if (c != kEscape) {
      value.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= in->size()) return Malformed("truncated string escape");
    const char next = (*in)[i + 1];
    if (next == kTerminator) {
      in->remove_prefix(i + 2);
      return value;
    }
    if (next != kEscapedZero) return Malformed("bad string escape");
    value.push_back(kEscape);
    i += 2;
  }
  return Malformed("unterminated string");
}

std::string PrefixSuccessor(absl::string_view prefix) {
  std::string successor(prefix);
  while (!successor.empty()) {
    if (static_cast<uint8_t>(successor.back()) != 0xFF) {
      successor.back() = static_cast<char>(static_cast<uint8_t>(successor.back()) + 1);
      return successor;
    }
    successor.pop_back();
  }
  return successor;
}

std::string ReportRowKey(absl::string_view agency_id, int32_t report_year) {
  std::string key;
  AppendString(&key, agency_id);
  AppendInt32(&key, report_year);
  return key;
}

std::string ContentPatchKey(absl::string_view agency_id, int32_t report_year,
                            absl::string_view etag) {
  std::string key = ReportRowKey(agency_id, report_year);
  AppendString(&key, etag);
  return key;
}

absl::StatusOr<ReportKeyParts> DecodeReportRowKey(absl::string_view key) {
  ReportKeyParts parts;
  absl::StatusOr<std::string> agency = ConsumeString(&key);
  if (!agency.ok()) return agency.status();
  absl::StatusOr<int32_t> year = ConsumeInt32(&key);
  if (!year.ok()) return year.status();
  if (!key.empty()) return Malformed("trailing bytes after report key");
  parts.agency_id = *std::move(agency);
  parts.report_year = *year;
  return parts;
}

std::string RevisionPrefix(absl::string_view agency_id, int32_t report_year) {
  return ReportRowKey(agency_id, report_year);
}

std::string RevisionKey(absl::string_view agency_id, int32_t report_year, int64_t revision,
                        int kind) {
  std::string key = RevisionPrefix(agency_id, report_year);
  AppendUint64(&key, static_cast<uint64_t>(revision));
  key.push_back(static_cast<char>(kind));
  return key;
}

std::string AuditKey(int64_t sequence) {
  std::string key;
  AppendUint64(&key, static_cast<uint64_t>(sequence));
  return key;
}

absl::StatusOr<int64_t> DecodeAuditKey(absl::string_view key) {
  absl::StatusOr<uint64_t> sequence = ConsumeUint64(&key);
  if (!sequence.ok()) return sequence.status();
  if (!key.empty()) return Malformed("trailing bytes after audit key");
  return static_cast<int64_t>(*sequence);
}

std::string ReportAuditPrefix(absl::string_view report_name) {
  std::string key;
  AppendString(&key, report_name);
  return key;
}

std::string ReportAuditKey(absl::string_view report_name, int64_t report_sequence) {
  std::string key = ReportAuditPrefix(report_name);
  AppendUint64(&key, static_cast<uint64_t>(report_sequence));
  return key;
}

std::string AgencyAuditPrefix(absl::string_view agency_id) {
  std::string key;
  AppendString(&key, agency_id);
  return key;
}

std::string AgencyAuditKey(absl::string_view agency_id, int64_t agency_sequence) {
  std::string key = AgencyAuditPrefix(agency_id);
  AppendUint64(&key, static_cast<uint64_t>(agency_sequence));
  return key;
}

std::string SignedHeadValue(int64_t sequence, absl::string_view hash) {
  std::string value;
  AppendUint64(&value, static_cast<uint64_t>(sequence));
  value.append(hash.data(), hash.size());
  return value;
}

absl::StatusOr<SignedHead> DecodeSignedHeadValue(absl::string_view value) {
  absl::StatusOr<uint64_t> sequence = ConsumeUint64(&value);
  if (!sequence.ok()) return sequence.status();
  return SignedHead{static_cast<int64_t>(*sequence), std::string(value)};
}

std::string YearIndexKey(int32_t report_year, absl::string_view agency_id) {
  std::string key(1, kYearIndexTag);
  AppendInt32(&key, report_year);
  AppendString(&key, agency_id);
  return key;
}

std::string ContributionPrefix(int32_t report_year) {
  std::string key(1, kContributionTag);
  AppendInt32(&key, report_year);
  return key;
}

std::string ContributionKey(int32_t report_year, absl::string_view agency_id) {
  std::string key = ContributionPrefix(report_year);
  AppendString(&key, agency_id);
  return key;
}

std::string StateIndexKey(int state, absl::string_view agency_id, int32_t report_year) {
  std::string key(1, kStateIndexTag);
  key.push_back(static_cast<char>(state));
  key += ReportRowKey(agency_id, report_year);
  return key;
}

std::string UpdateTimeIndexKey(int64_t update_micros, absl::string_view agency_id,
                               int32_t report_year) {
  std::string key(1, kUpdateTimeIndexTag);
  // Times before 1970 do not occur; the cast keeps later times in order.
  AppendUint64(&key, static_cast<uint64_t>(update_micros < 0 ? 0 : update_micros));
  key += ReportRowKey(agency_id, report_year);
  return key;
}

std::string RequestRecordValue(absl::string_view fingerprint, absl::string_view response) {
  std::string value;
  AppendUint64(&value, fingerprint.size());
  absl::StrAppend(&value, fingerprint, response);
  return value;
}

absl::StatusOr<RequestRecord> DecodeRequestRecordValue(absl::string_view value) {
  absl::StatusOr<uint64_t> length = ConsumeUint64(&value);
  if (!length.ok()) return length.status();
  if (*length > value.size()) return Malformed("request record fingerprint length");
  RequestRecord record;
  record.fingerprint = std::string(value.substr(0, *length));
  record.response = std::string(value.substr(*length));
  return record;
}

}  // namespace nianbao::storage
