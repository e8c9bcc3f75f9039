#include "services/common/error_compaction.h"

#include <set>
#include <string>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "workflow/status_details.h"

namespace nianbao::service {
namespace {

// gRPC refuses trailers over 8 KiB. They carry the message percent-encoded (a Chinese character
// grows from 3 to 9 bytes) and the details base64-encoded (4/3), so both are budgeted.
constexpr size_t kMaxMessageBytes = 600;
constexpr size_t kMaxDetailsBytes = 3584;
constexpr size_t kMaxDescriptionBytes = 160;
// What a TRUNCATED entry and the Any wrapping of each payload may add.
constexpr size_t kReserveBytes = 160;

// Cuts UTF-8 text at a character boundary, marking the cut.
std::string Truncate(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "…";
}

// One violation per (type, subject) — one per rule code, which is what acknowledging warnings
// needs — while they fit in `budget` bytes; then one TRUNCATED entry counting the rest.
google::rpc::PreconditionFailure ReduceViolations(const google::rpc::PreconditionFailure& failure,
                                                  size_t budget) {
  google::rpc::PreconditionFailure reduced;
  std::set<std::pair<std::string, std::string>> seen;
  int omitted = 0;
  for (const auto& violation : failure.violations()) {
    if (!seen.insert({violation.type(), violation.subject()}).second) continue;
    google::rpc::PreconditionFailure::Violation kept;
    kept.set_type(violation.type());
    kept.set_subject(violation.subject());
    kept.set_description(Truncate(violation.description(), kMaxDescriptionBytes));
    if (omitted > 0 || reduced.ByteSizeLong() + kept.ByteSizeLong() + 4 > budget) {
      ++omitted;
      continue;
    }
    *reduced.add_violations() = std::move(kept);
  }
  if (omitted > 0) {
    auto* more = reduced.add_violations();
    more->set_type("TRUNCATED");
    more->set_description(absl::StrCat("另有 ", omitted, " 项未列出 (", omitted, " more omitted)"));
  }
  return reduced;
}

}  // namespace

absl::Status CompactErrorDetails(const absl::Status& status) {
  if (status.ok()) return status;
  absl::Status compact(status.code(), Truncate(std::string(status.message()), kMaxMessageBytes));
  size_t used = kReserveBytes;
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    if (type_url == nianbao::workflow::kPreconditionFailureTypeUrl) return;
    if (type_url == nianbao::workflow::kLocalizedMessageTypeUrl) {
      google::rpc::LocalizedMessage localized;
      if (localized.ParseFromString(std::string(payload))) {
        localized.set_message(Truncate(localized.message(), kMaxMessageBytes));
        nianbao::workflow::SetDetail(compact, type_url, localized);
        used += localized.ByteSizeLong() + type_url.size();
        return;
      }
    }
    compact.SetPayload(type_url, payload);
    used += payload.size() + type_url.size();
  });
  google::rpc::PreconditionFailure failure;
  if (nianbao::workflow::GetDetail(status, nianbao::workflow::kPreconditionFailureTypeUrl,
                                   failure)) {
    const size_t budget = used < kMaxDetailsBytes ? kMaxDetailsBytes - used : 0;
    nianbao::workflow::SetDetail(compact, nianbao::workflow::kPreconditionFailureTypeUrl,
                                 ReduceViolations(failure, budget));
  }
  return compact;
}

}  // namespace nianbao::service
