// Responses as JSON (the proto3 JSON mapping), whole or one field of them.
#include <google/protobuf/util/json_util.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/gateway/json_body.h"
#include "services/gateway/transcoder.h"

namespace nianbao::gateway {

absl::StatusOr<std::string> internal::PrintJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = false;
  options.preserve_proto_field_names = false;
  std::string json;
  const google::protobuf::util::Status printed =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!printed.ok()) {
    return absl::InternalError(
        absl::StrCat("JSON 输出失败 (cannot print JSON): ", std::string(printed.message())));
  }
  return json;
}

namespace {

// One field of a response (response_body): a message prints as itself, a repeated message field
// as an array; any other field prints inside its message, which then is the answer.
absl::StatusOr<std::string> FieldToJson(const google::protobuf::Message& response,
                                        const google::protobuf::FieldDescriptor& field) {
  const google::protobuf::Reflection* reflection = response.GetReflection();
  if (field.message_type() == nullptr || field.is_map()) return internal::PrintJson(response);
  if (!field.is_repeated()) return internal::PrintJson(reflection->GetMessage(response, &field));
  std::vector<std::string> items;
  for (int i = 0; i < reflection->FieldSize(response, &field); ++i) {
    absl::StatusOr<std::string> item =
        internal::PrintJson(reflection->GetRepeatedMessage(response, &field, i));
    if (!item.ok()) return item.status();
    items.push_back(*std::move(item));
  }
  return absl::StrCat("[", absl::StrJoin(items, ","), "]");
}

}  // namespace

absl::StatusOr<std::string> ResponseToJson(const RpcMethod& method,
                                           absl::string_view response_bytes,
                                           absl::string_view response_body) {
  std::unique_ptr<google::protobuf::Message> response(method.response_prototype->New());
  if (!response->ParseFromArray(response_bytes.data(), static_cast<int>(response_bytes.size()))) {
    return absl::InternalError(absl::StrCat(
        "后端应答无法解析 (the backend's response does not parse) for ", method.grpc_path));
  }
  if (response_body.empty()) return internal::PrintJson(*response);
  const google::protobuf::FieldDescriptor* field =
      response->GetDescriptor()->FindFieldByName(std::string(response_body));
  if (field == nullptr) return internal::PrintJson(*response);
  return FieldToJson(*response, *field);
}

}  // namespace nianbao::gateway
