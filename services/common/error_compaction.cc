#include "services/common/error_compaction.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
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
std::string Truncate(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(text.substr(0, end), "…");
}

bool HasChinese(absl::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0xE4 && c <= 0xE9) return true;
  }
  return false;
}

// Cuts "中文 (English)" so that both languages survive: a long Chinese text cut alone would leave
// no English at all. Each part is cut at a character boundary; text of another form is cut as a
// whole.
std::string TruncateBilingual(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  if (!absl::EndsWith(text, ")")) return Truncate(text, max_bytes);
  // The first " (" whose Chinese part precedes it and whose English part's parentheses balance.
  for (size_t open = text.find(" ("); open != absl::string_view::npos;
       open = text.find(" (", open + 1)) {
    const absl::string_view zh = text.substr(0, open);
    const absl::string_view en = text.substr(open + 2, text.size() - open - 3);
    if (!HasChinese(zh) ||
        std::count(en.begin(), en.end(), '(') != std::count(en.begin(), en.end(), ')')) {
      continue;
    }
    // Room for " (", ")" and two "…"; the English keeps up to two fifths, more if the Chinese
    // needs less.
    const size_t room = max_bytes > 9 ? max_bytes - 9 : 0;
    size_t en_budget = std::min(en.size(), room * 2 / 5);
    const size_t zh_budget = std::min(zh.size(), room - en_budget);
    en_budget = std::min(en.size(), room - zh_budget);
    return absl::StrCat(Truncate(zh, zh_budget), " (", Truncate(en, en_budget), ")");
  }
  return Truncate(text, max_bytes);
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
    kept.set_description(TruncateBilingual(violation.description(), kMaxDescriptionBytes));
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

// A BadRequest whose fields and descriptions are cut to kMaxDescriptionBytes, as many violations as
// fit in `budget` bytes: a field's description may quote what the caller sent, and that can be
// megabytes.
google::rpc::BadRequest ReduceFieldViolations(const google::rpc::BadRequest& bad_request,
                                              size_t budget) {
  google::rpc::BadRequest reduced;
  for (const auto& violation : bad_request.field_violations()) {
    google::rpc::BadRequest::FieldViolation kept;
    kept.set_field(Truncate(violation.field(), kMaxDescriptionBytes));
    kept.set_description(TruncateBilingual(violation.description(), kMaxDescriptionBytes));
    if (reduced.ByteSizeLong() + kept.ByteSizeLong() + 4 > budget) break;
    *reduced.add_field_violations() = std::move(kept);
  }
  return reduced;
}

// An ErrorInfo's reason and metadata values cut to kMaxDescriptionBytes each.
google::rpc::ErrorInfo ReduceErrorInfo(const google::rpc::ErrorInfo& info) {
  google::rpc::ErrorInfo reduced;
  reduced.set_reason(Truncate(info.reason(), kMaxDescriptionBytes));
  reduced.set_domain(Truncate(info.domain(), kMaxDescriptionBytes));
  for (const auto& [key, value] : info.metadata()) {
    if (reduced.ByteSizeLong() > kMaxDetailsBytes / 2) break;
    (*reduced.mutable_metadata())[Truncate(key, kMaxDescriptionBytes)] =
        Truncate(value, kMaxDescriptionBytes);
  }
  return reduced;
}

}  // namespace

absl::Status CompactErrorDetails(const absl::Status& status) {
  if (status.ok()) return status;
  absl::Status compact(status.code(), TruncateBilingual(status.message(), kMaxMessageBytes));
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
    if (type_url == nianbao::workflow::kBadRequestTypeUrl) return;  // fitted last, below
    if (type_url == nianbao::workflow::kErrorInfoTypeUrl) {
      google::rpc::ErrorInfo info;
      if (info.ParseFromString(std::string(payload))) {
        const google::rpc::ErrorInfo reduced = ReduceErrorInfo(info);
        nianbao::workflow::SetDetail(compact, type_url, reduced);
        used += reduced.ByteSizeLong() + type_url.size();
        return;
      }
    }
    // Any other detail is kept only while it fits: the status must always reach the client.
    if (used + payload.size() + type_url.size() > kMaxDetailsBytes) return;
    compact.SetPayload(type_url, payload);
    used += payload.size() + type_url.size();
  });
  google::rpc::BadRequest bad_request;
  if (nianbao::workflow::GetDetail(status, nianbao::workflow::kBadRequestTypeUrl, bad_request)) {
    const size_t budget = used < kMaxDetailsBytes ? kMaxDetailsBytes - used : 0;
    const google::rpc::BadRequest reduced = ReduceFieldViolations(bad_request, budget);
    nianbao::workflow::SetDetail(compact, nianbao::workflow::kBadRequestTypeUrl, reduced);
    used += reduced.ByteSizeLong() + nianbao::workflow::kBadRequestTypeUrl.size();
  }
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
