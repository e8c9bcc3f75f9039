#include "services/workflow/error_compaction.h"

#include <set>
#include <string>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {
namespace {

constexpr size_t kMaxMessageBytes = 1024;
constexpr int kMaxViolations = 40;
constexpr size_t kMaxDescriptionBytes = 160;

// Cuts UTF-8 text at a character boundary, marking the cut.
std::string Truncate(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "…";
}

}  // namespace

absl::Status CompactErrorDetails(const absl::Status& status) {
  if (status.ok()) return status;
  absl::Status compact(status.code(), Truncate(std::string(status.message()), kMaxMessageBytes));
  status.ForEachPayload([&compact](absl::string_view type_url, const absl::Cord& payload) {
    compact.SetPayload(type_url, payload);
  });
  google::rpc::PreconditionFailure failure;
  if (!nianbao::workflow::GetDetail(status, nianbao::workflow::kPreconditionFailureTypeUrl,
                                    failure)) {
    return compact;
  }
  google::rpc::PreconditionFailure reduced;
  std::set<std::pair<std::string, std::string>> seen;
  int omitted = 0;
  for (const auto& violation : failure.violations()) {
    if (!seen.insert({violation.type(), violation.subject()}).second) continue;
    if (reduced.violations_size() == kMaxViolations) {
      ++omitted;
      continue;
    }
    auto* kept = reduced.add_violations();
    kept->set_type(violation.type());
    kept->set_subject(violation.subject());
    kept->set_description(Truncate(violation.description(), kMaxDescriptionBytes));
  }
  if (omitted > 0) {
    auto* more = reduced.add_violations();
    more->set_type("TRUNCATED");
    more->set_description(absl::StrCat("另有 ", omitted, " 项未列出 (", omitted, " more omitted)"));
  }
  nianbao::workflow::SetDetail(compact, nianbao::workflow::kPreconditionFailureTypeUrl, reduced);
  return compact;
}

}  // namespace nianbao::workflow_service
