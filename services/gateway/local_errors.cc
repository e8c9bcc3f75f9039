#include "services/gateway/local_errors.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <optional>
#include <utility>

#include "services/common/error_details.h"
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

HttpResponse LocalConnectError(http::status http_status, absl::StatusCode code,
                               absl::string_view reason, absl::string_view message,
                               ConnectForm form) {
  absl::Status status(code, message);
  service::AttachErrorInfo(status, reason);
  if (form != ConnectForm::kUnary) {
    return ConnectStreamError(status, form == ConnectForm::kStreamJson);
  }
  HttpResponse response = ErrorFromStatus(status, /*connect=*/true);
  // Connect's code -> HTTP table has no 405, 413 or 415; the body carries the code, the status
  // line what HTTP says happened.
  response.result(http_status);
  return response;
}

HttpResponse ConnectStreamError(const absl::Status& status, bool json) {
  const grpc::Status grpc_status = service::ToGrpcStatus(status);
  HttpResponse response(http::status::ok, 11);
  response.set(http::field::content_type,
               json ? "application/connect+json" : "application/connect+proto");
  response.body() = ConnectEndOfStream(grpc_status.error_code(), grpc_status.error_message(),
                                       grpc_status.error_details());
  return response;
}

ConnectForm ConnectFormOf(const HttpRequest& request) {
  const auto header = request.find(http::field::content_type);
  if (header == request.end()) return ConnectForm::kUnary;
  const std::optional<ConnectContentType> type =
      ParseConnectContentType(absl::string_view(header->value().data(), header->value().size()));
  if (!type || !type->streaming) return ConnectForm::kUnary;
  return type->codec == ConnectCodec::kJson ? ConnectForm::kStreamJson : ConnectForm::kStreamProto;
}

bool IsConnectShaped(const HttpRequest& request) {
  if (request.find("connect-protocol-version") != request.end()) return true;
  if (request.method() != http::verb::post) return false;
  const absl::string_view target(request.target().data(), request.target().size());
  const absl::string_view path = target.substr(0, target.find('?'));
  if (path.size() < 2 || path[0] != '/') return false;
  const size_t slash = path.find('/', 1);
  if (slash == absl::string_view::npos || slash + 1 == path.size()) return false;
  const absl::string_view service = path.substr(1, slash - 1);
  return service.find('.') != absl::string_view::npos &&
         path.find('/', slash + 1) == absl::string_view::npos;
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
