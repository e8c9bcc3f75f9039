#include "services/common/error_details.h"

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"

namespace nianbao::service {
namespace {

using nianbao::workflow::SetDetail;

// Every nianbao status message reads "中文 (English)", as workflow/status_details.h writes them.
std::string BilingualText(absl::string_view zh, absl::string_view en) {
  return absl::StrCat(zh, " (", en, ")");
}

}  // namespace

absl::Status BadRequestError(absl::string_view message_zh, absl::string_view message_en,
                             const std::vector<FieldViolation>& violations) {
  absl::Status status(absl::StatusCode::kInvalidArgument, BilingualText(message_zh, message_en));
  google::rpc::BadRequest bad_request;
  for (const FieldViolation& violation : violations) {
    auto* field = bad_request.add_field_violations();
    field->set_field(violation.field);
    field->set_description(violation.description);
  }
  SetDetail(status, kBadRequestTypeUrl, bad_request);
  AttachChineseMessage(status, message_zh);
  // The reason workflow/status_details.h's InvalidField gives, so clients see one reason for a
  // bad field from either server.
  AttachErrorInfo(status, "INVALID_FIELD",
                  violations.empty()
                      ? std::map<std::string, std::string>{}
                      : std::map<std::string, std::string>{{"field", violations.front().field}});
  return status;
}

absl::Status PreconditionFailedError(absl::string_view message_zh, absl::string_view message_en,
                                     const std::vector<PreconditionViolation>& violations) {
  absl::Status status(absl::StatusCode::kFailedPrecondition, BilingualText(message_zh, message_en));
  google::rpc::PreconditionFailure failure;
  for (const PreconditionViolation& violation : violations) {
    auto* entry = failure.add_violations();
    entry->set_type(violation.type);
    entry->set_subject(violation.subject);
    entry->set_description(violation.description);
  }
  SetDetail(status, kPreconditionFailureTypeUrl, failure);
  AttachChineseMessage(status, message_zh);
  return status;
}

void AttachErrorInfo(absl::Status& status, absl::string_view reason,
                     const std::map<std::string, std::string>& metadata) {
  if (status.ok()) return;
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(std::string(kErrorDomain));
  for (const auto& [key, value] : metadata) (*info.mutable_metadata())[key] = value;
  SetDetail(status, kErrorInfoTypeUrl, info);
}

void AttachChineseMessage(absl::Status& status, absl::string_view message_zh) {
  if (status.ok() || message_zh.empty()) return;
  google::rpc::LocalizedMessage localized;
  localized.set_locale("zh-CN");
  localized.set_message(std::string(message_zh));
  SetDetail(status, kLocalizedMessageTypeUrl, localized);
}

}  // namespace nianbao::service
