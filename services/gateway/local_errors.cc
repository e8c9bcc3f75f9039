#include "services/gateway/local_errors.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <utility>

#include "services/common/grpc_status.h"
#include "services/gateway/transcoder.h"

namespace nianbao::gateway {
namespace {

std::string StatusCodeName(absl::StatusCode code) {
  return absl::StatusCodeToString(code);  // "NOT_FOUND", as google.rpc.Code names it.
}

}  // namespace

HttpResponse JsonResponse(http::status status, std::string body) {
  HttpResponse response(status, 11);
  response.set(http::field::content_type, "application/json; charset=utf-8");
  response.body() = std::move(body);
  return response;
}

HttpResponse LocalError(http::status http_status, absl::StatusCode code, absl::string_view reason,
                        absl::string_view message) {
  // Built as a Struct so that the message (Chinese, quotes) is escaped by the JSON printer.
  google::protobuf::Struct body;
  google::protobuf::Struct& error = *(*body.mutable_fields())["error"].mutable_struct_value();
  auto& fields = *error.mutable_fields();
  fields["code"].set_number_value(static_cast<int>(http_status));
  fields["message"].set_string_value(std::string(message));
  fields["status"].set_string_value(StatusCodeName(code));
  google::protobuf::Struct& info =
      *fields["details"].mutable_list_value()->add_values()->mutable_struct_value();
  (*info.mutable_fields())["@type"].set_string_value("type.googleapis.com/google.rpc.ErrorInfo");
  (*info.mutable_fields())["reason"].set_string_value(std::string(reason));
  (*info.mutable_fields())["domain"].set_string_value("nianbao.gov.cn");
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(body, &json);
  return JsonResponse(http_status, std::move(json));
}

HttpResponse ErrorFromGrpc(int grpc_code, absl::string_view message,
                           absl::string_view status_details, bool connect) {
  const HttpError error = connect ? ConnectErrorFor(grpc_code, message, status_details)
                                  : HttpErrorFor(grpc_code, message, status_details);
  return JsonResponse(static_cast<http::status>(error.http_status), error.json_body);
}

HttpResponse ErrorFromStatus(const absl::Status& status, bool connect) {
  const grpc::Status grpc_status = service::ToGrpcStatus(status);
  return ErrorFromGrpc(grpc_status.error_code(), grpc_status.error_message(),
                       grpc_status.error_details(), connect);
}

}  // namespace nianbao::gateway
