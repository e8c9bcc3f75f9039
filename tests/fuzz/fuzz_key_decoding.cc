// The store's key and record decoding (storage/key_encoding.h): any bytes decode or give
// DATA_LOSS, and what decodes encodes back to the same bytes (the encoding is canonical, so two
// keys never name one report).
#include <cstddef>
#include <cstdint>
#include <string>

#include "storage/key_encoding.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

void RequireDataLoss(const absl::Status& status) {
  nianbao::fuzz::Require(status.code() == absl::StatusCode::kDataLoss,
                         "a malformed key is not DATA_LOSS: " + status.ToString());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nianbao::fuzz::Require;
  namespace storage = nianbao::storage;
  const absl::string_view bytes = nianbao::fuzz::AsView(data, size);

  absl::StatusOr<storage::ReportKeyParts> row = storage::DecodeReportRowKey(bytes);
  if (row.ok()) {
    Require(storage::ReportRowKey(row->agency_id, row->report_year) == bytes,
            "a report key does not encode back to itself");
  } else {
    RequireDataLoss(row.status());
  }

  absl::StatusOr<int64_t> audit = storage::DecodeAuditKey(bytes);
  if (audit.ok()) {
    Require(storage::AuditKey(*audit) == bytes, "an audit key does not encode back to itself");
  } else {
    RequireDataLoss(audit.status());
  }

  absl::StatusOr<storage::RequestRecord> record = storage::DecodeRequestRecordValue(bytes);
  if (record.ok()) {
    Require(storage::RequestRecordValue(record->fingerprint, record->response) == bytes,
            "a request record does not encode back to itself");
  } else {
    RequireDataLoss(record.status());
  }

  absl::StatusOr<storage::SignedHead> signed_head = storage::DecodeSignedHeadValue(bytes);
  if (signed_head.ok()) {
    Require(storage::SignedHeadValue(signed_head->sequence, signed_head->hash) == bytes,
            "a signed head does not encode back to itself");
  } else {
    RequireDataLoss(signed_head.status());
  }

  // A composite key read part by part, as the scans do: strings until one does not decode.
  absl::string_view rest = bytes;
  while (!rest.empty()) {
    const size_t before = rest.size();
    absl::StatusOr<std::string> part = storage::ConsumeString(&rest);
    if (!part.ok()) {
      RequireDataLoss(part.status());
      break;
    }
    Require(rest.size() < before, "ConsumeString consumed nothing");
  }

  const std::string successor = storage::PrefixSuccessor(bytes);
  Require(successor.empty() || absl::string_view(successor) > bytes,
          "PrefixSuccessor is not greater than its prefix");
  return 0;
}
