#include "workflow/status_details.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace nianbao::workflow {

absl::Status MakeStatus(absl::StatusCode code, const BilingualMessage& message,
                        absl::string_view reason,
                        const std::vector<std::pair<std::string, std::string>>& metadata) {
  absl::Status status(code, absl::StrCat(message.zh, " (", message.en, ")"));
  google::rpc::LocalizedMessage localized;
  localized.set_locale("zh-CN");
  localized.set_message(message.zh);
  SetDetail(status, kLocalizedMessageTypeUrl, localized);
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(std::string(kErrorDomain));
  for (const auto& [key, value] : metadata) (*info.mutable_metadata())[key] = value;
  SetDetail(status, kErrorInfoTypeUrl, info);
  return status;
}

void SetDetail(absl::Status& status, absl::string_view type_url,
               const google::protobuf::MessageLite& detail) {
  status.SetPayload(type_url, absl::Cord(detail.SerializeAsString()));
}

void SetResourceInfo(absl::Status& status, absl::string_view resource_type,
                     absl::string_view resource_name) {
  google::rpc::ResourceInfo info;
  info.set_resource_type(std::string(resource_type));
  info.set_resource_name(std::string(resource_name));
  SetDetail(status, kResourceInfoTypeUrl, info);
}

bool GetDetail(const absl::Status& status, absl::string_view type_url,
               google::protobuf::MessageLite& detail) {
  absl::optional<absl::Cord> payload = status.GetPayload(type_url);
  if (!payload.has_value()) return false;
  return detail.ParseFromString(std::string(*payload));
}

absl::Status PreconditionFailed(const BilingualMessage& message, absl::string_view reason,
                                absl::string_view violation_type, absl::string_view subject,
                                absl::string_view description) {
  absl::Status status = MakeStatus(absl::StatusCode::kFailedPrecondition, message, reason);
  google::rpc::PreconditionFailure failure;
  google::rpc::PreconditionFailure::Violation* violation = failure.add_violations();
  violation->set_type(std::string(violation_type));
  violation->set_subject(std::string(subject));
  violation->set_description(std::string(description));
  SetDetail(status, kPreconditionFailureTypeUrl, failure);
  return status;
}

absl::Status InvalidField(absl::string_view field, const BilingualMessage& message) {
  absl::Status status = MakeStatus(absl::StatusCode::kInvalidArgument, message, "INVALID_FIELD",
                                   {{"field", std::string(field)}});
  google::rpc::BadRequest bad_request;
  google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
  violation->set_field(std::string(field));
  // In both languages, as every description we send (a client may show only the details).
  violation->set_description(absl::StrCat(message.zh, " (", message.en, ")"));
  SetDetail(status, kBadRequestTypeUrl, bad_request);
  return status;
}

}  // namespace nianbao::workflow
