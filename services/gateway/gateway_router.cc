#include "services/gateway/gateway_router.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/gateway/local_errors.h"
#include "services/gateway/static_files.h"
#include "services/gateway/stream_relay.h"

namespace nianbao::gateway {
namespace {

constexpr absl::Duration kHealthTimeout = absl::Seconds(2);
constexpr char kAllowedHeaders[] =
    "authorization, content-type, connect-protocol-version, connect-timeout-ms, last-event-id, "
    "x-user-agent, x-grpc-web, grpc-timeout";
constexpr char kExposedHeaders[] = "content-type, grpc-status, grpc-message";

std::string Header(const HttpRequest& request, http::field field) {
  const auto it = request.find(field);
  return it == request.end() ? "" : std::string(it->value().data(), it->value().size());
}

std::string Header(const HttpRequest& request, absl::string_view name) {
  const auto it = request.find(boost::beast::string_view(name.data(), name.size()));
  return it == request.end() ? "" : std::string(it->value().data(), it->value().size());
}

// The request with its string field `cursor` set, for EventSource's Last-Event-ID: the feed
// resumes after the last event the client saw, whatever the URL's cursor said.
std::string WithCursor(const RpcMethod& method, const std::string& request,
                       const std::string& cursor) {
  std::unique_ptr<google::protobuf::Message> message(method.request_prototype->New());
  const google::protobuf::FieldDescriptor* field =
      message->GetDescriptor()->FindFieldByName("cursor");
  if (field == nullptr || field->is_repeated() ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      !message->ParseFromString(request)) {
    return request;
  }
  message->GetReflection()->SetString(message.get(), field, cursor);
  return message->SerializeAsString();
}

// What an error may quote of a request: its first 64 bytes, ASCII only (the rest "?"), as the
// servers quote what they were sent.
std::string Quoted(absl::string_view text) {
  std::string quoted(text.substr(0, 64));
  for (char& c : quoted) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
  }
  return text.size() > 64 ? quoted + "…" : quoted;
}

HttpResponse UnsupportedMediaType(absl::string_view given, absl::string_view wanted, bool connect) {
  const std::string message =
      absl::StrCat("不支持的内容类型 \"", Quoted(given), "\"，应为 ", wanted,
                   " (unsupported Content-Type \"", Quoted(given), "\"; expected ", wanted, ")");
  if (connect) {
    return LocalConnectError(http::status::unsupported_media_type,
                             absl::StatusCode::kInvalidArgument, "UNSUPPORTED_MEDIA_TYPE", message);
  }
  return LocalError(http::status::unsupported_media_type, absl::StatusCode::kInvalidArgument,
                    "UNSUPPORTED_MEDIA_TYPE", message);
}

}  // namespace

struct GatewayRouter::Call {
  std::shared_ptr<HttpExchange> exchange;
  HttpRequest request;
  std::string verb;
  std::string path;
  std::string query;
  std::string origin;  // The request's Origin when it is allowed, else "".
};

GatewayRouter::GatewayRouter(const GatewayOptions* options, const RouteTable* routes,
                             BackendClient* backend, std::string openapi_json)
    : options_(options),
      routes_(routes),
      backend_(backend),
      openapi_json_(std::move(openapi_json)) {}

bool GatewayRouter::OriginAllowed(const std::string& origin) const {
  if (origin.empty()) return false;
  const auto& allowed = options_->cors_allowed_origins;
  return std::find(allowed.begin(), allowed.end(), origin) != allowed.end() ||
         std::find(allowed.begin(), allowed.end(), "*") != allowed.end();
}

void GatewayRouter::Handle(std::shared_ptr<HttpExchange> exchange, HttpRequest request) const {
  Call call;
  call.exchange = std::move(exchange);
  const absl::string_view target(request.target().data(), request.target().size());
  const size_t question = target.find('?');
  call.path = std::string(target.substr(0, question));
  if (question != absl::string_view::npos) call.query = std::string(target.substr(question + 1));
  call.verb = std::string(request.method_string());
  if (const std::string origin = Header(request, http::field::origin); OriginAllowed(origin)) {
    call.origin = origin;
  }
  call.request = std::move(request);
  if (call.verb == "OPTIONS" &&
      call.request.find(http::field::access_control_request_method) != call.request.end()) {
    return Preflight(call);
  }
  if (call.path == "/healthz" && call.verb == "GET") return Health(call);
  if (call.path == "/openapi.json" && call.verb == "GET") {
    return Reply(call, JsonResponse(http::status::ok, openapi_json_));
  }
  if (Connect(call)) return;
  Rest(call);
}

void GatewayRouter::Reply(const Call& call, HttpResponse response) const {
  if (!call.origin.empty()) {
    response.set(http::field::access_control_allow_origin, call.origin);
    response.set(http::field::access_control_expose_headers, kExposedHeaders);
    // Added to a Vary already set (a static file's Accept-Encoding), not in its place.
    const auto vary = response.find(http::field::vary);
    std::string value = "Origin";
    if (vary != response.end()) value = std::string(vary->value()) + ", Origin";
    response.set(http::field::vary, value);
  }
  call.exchange->Send(std::move(response));
}

void GatewayRouter::Preflight(const Call& call) const {
  if (call.origin.empty()) {
    // No CORS headers: the browser withholds the call from a page of another origin.
    return call.exchange->Send(LocalError(
        http::status::forbidden, absl::StatusCode::kPermissionDenied, "ORIGIN_NOT_ALLOWED",
        absl::StrCat("来源不在允许列表中 (origin not allowed): ",
                     Quoted(Header(call.request, http::field::origin)))));
  }
  HttpResponse response(http::status::no_content, 11);
  response.set(http::field::access_control_allow_methods, "GET, POST, PUT, PATCH, DELETE");
  response.set(http::field::access_control_allow_headers, kAllowedHeaders);
  response.set(http::field::access_control_max_age, "600");
  Reply(call, std::move(response));
}

void GatewayRouter::Health(const Call& call) const {
  backend_->CheckHealth(kHealthTimeout, [this, call](const BackendHealth& health) {
    const bool serving = health.workflow_serving && health.validation_serving;
    google::protobuf::Struct body;
    auto& fields = *body.mutable_fields();
    fields["status"].set_string_value(serving ? "SERVING" : "NOT_SERVING");
    fields["workflow"].set_string_value(health.workflow_detail);
    fields["validation"].set_string_value(health.validation_detail);
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(body, &json);
    Reply(call, JsonResponse(serving ? http::status::ok : http::status::service_unavailable,
                             std::move(json)));
  });
}

BackendCall GatewayRouter::BackendCallFor(const Call& call, const RpcMethod& method,
                                          bool stream) const {
  BackendCall backend_call;
  backend_call.service = method.descriptor->service()->full_name();
  backend_call.method = method.grpc_path;
  if (std::string authorization = Header(call.request, http::field::authorization);
      !authorization.empty()) {
    backend_call.metadata.emplace_back("authorization", std::move(authorization));
  }
  backend_call.metadata.emplace_back(kClientAddressMetadata, call.exchange->client_address());
  if (!stream) {
    backend_call.timeout = options_->request_timeout;
    int64_t connect_timeout_ms = 0;
    if (absl::SimpleAtoi(Header(call.request, "connect-timeout-ms"), &connect_timeout_ms) &&
        connect_timeout_ms > 0) {
      backend_call.timeout = std::min(backend_call.timeout, absl::Milliseconds(connect_timeout_ms));
    }
  }
  return backend_call;
}

bool GatewayRouter::Connect(const Call& call) const {
  const RpcMethod* method = routes_->MatchConnect(call.path);
  if (method == nullptr) return false;
  if (call.verb == "GET" && !method->server_streaming) {
    absl::StatusOr<std::string> request = DecodeConnectGetRequest(*method, call.query);
    if (!request.ok()) return Reply(call, ErrorFromStatus(request.status(), true)), true;
    const bool json = !absl::StrContains(call.query, "encoding=proto");
    backend_->CallUnary(BackendCallFor(call, *method, false), *request,
                        [this, call, method, json](const grpc::Status& status, std::string bytes) {
                          // Re-enters ConnectUnary's answer path with the codec of the query.
                          if (!status.ok()) {
                            return Reply(call,
                                         ErrorFromGrpc(status.error_code(), status.error_message(),
                                                       status.error_details(), true));
                          }
                          absl::StatusOr<std::string> body = EncodeConnectMessage(
                              *method, json ? ConnectCodec::kJson : ConnectCodec::kProto, bytes);
                          if (!body.ok()) return Reply(call, ErrorFromStatus(body.status(), true));
                          HttpResponse response = JsonResponse(http::status::ok, *std::move(body));
                          if (!json) response.set(http::field::content_type, "application/proto");
                          Reply(call, std::move(response));
                        });
    return true;
  }
  if (call.verb != "POST") {
    HttpResponse response =
        LocalConnectError(http::status::method_not_allowed, absl::StatusCode::kUnimplemented,
                          "METHOD_NOT_ALLOWED", "Connect 调用须使用 POST (Connect calls use POST)");
    response.set(http::field::allow, method->server_streaming ? "POST" : "GET, POST");
    return Reply(call, std::move(response)), true;
  }
  const std::string content_type = Header(call.request, http::field::content_type);
  const std::optional<ConnectContentType> type = ParseConnectContentType(content_type);
  if (!type || type->streaming != method->server_streaming) {
    const char* wanted = method->server_streaming
                             ? "application/connect+json 或/or application/connect+proto"
                             : "application/json 或/or application/proto";
    return Reply(call, UnsupportedMediaType(content_type, wanted, /*connect=*/true)), true;
  }
  if (method->server_streaming) {
    ConnectStream(call, *method, type->codec == ConnectCodec::kJson);
  } else {
    ConnectUnary(call, *method);
  }
  return true;
}

void GatewayRouter::ConnectUnary(const Call& call, const RpcMethod& method) const {
  const ConnectContentType type =
      *ParseConnectContentType(Header(call.request, http::field::content_type));
  absl::StatusOr<std::string> request =
      DecodeConnectUnaryRequest(method, type.codec, call.request.body());
  if (!request.ok()) return Reply(call, ErrorFromStatus(request.status(), true));
  const RpcMethod* method_ptr = &method;
  backend_->CallUnary(
      BackendCallFor(call, method, false), *std::move(request),
      [this, call, method_ptr, codec = type.codec](const grpc::Status& status, std::string bytes) {
        if (!status.ok()) {
          return Reply(call, ErrorFromGrpc(status.error_code(), status.error_message(),
                                           status.error_details(), true));
        }
        absl::StatusOr<std::string> body = EncodeConnectMessage(*method_ptr, codec, bytes);
        if (!body.ok()) return Reply(call, ErrorFromStatus(body.status(), true));
        HttpResponse response = JsonResponse(http::status::ok, *std::move(body));
        if (codec == ConnectCodec::kProto) {
          response.set(http::field::content_type, "application/proto");
        }
        Reply(call, std::move(response));
      });
}

void GatewayRouter::ConnectStream(const Call& call, const RpcMethod& method, bool json) const {
  const ConnectCodec codec = json ? ConnectCodec::kJson : ConnectCodec::kProto;
  absl::StatusOr<std::string> request =
      DecodeConnectStreamRequest(method, codec, call.request.body());
  if (!request.ok()) return Reply(call, ConnectStreamError(request.status(), json));
  HttpStreamHeader header;
  if (!call.origin.empty()) {
    header.set(http::field::access_control_allow_origin, call.origin);
    header.set(http::field::vary, "Origin");
  }
  auto relay = std::make_shared<StreamRelay>(
      call.exchange, &method, json ? StreamForm::kConnectJson : StreamForm::kConnectProto,
      std::move(header));
  relay->Start(backend_, BackendCallFor(call, method, true), *std::move(request));
}

void GatewayRouter::Rest(const Call& call) const {
  const RestLookup lookup = routes_->MatchRest(call.verb, call.path);
  switch (lookup.outcome) {
    case RestLookup::Outcome::kMatched:
      if (lookup.match.method->server_streaming) return RestStream(call, lookup.match);
      return RestUnary(call, lookup.match);
    case RestLookup::Outcome::kMethodNotAllowed: {
      HttpResponse response = LocalError(
          http::status::method_not_allowed, absl::StatusCode::kUnimplemented, "METHOD_NOT_ALLOWED",
          absl::StrCat("此路径不支持 ", Quoted(call.verb), "，可用 ",
                       absl::StrJoin(lookup.allowed_verbs, ", "), " (method ", Quoted(call.verb),
                       " not allowed here; allowed: ", absl::StrJoin(lookup.allowed_verbs, ", "),
                       ")"));
      response.set(http::field::allow, absl::StrJoin(lookup.allowed_verbs, ", "));
      return Reply(call, std::move(response));
    }
    case RestLookup::Outcome::kNotFound:
      return NotFound(call);
  }
}

void GatewayRouter::RestUnary(const Call& call, const RestMatch& match) const {
  const std::string content_type = Header(call.request, http::field::content_type);
  if (!call.request.body().empty() && !IsJsonContentType(content_type)) {
    return Reply(call, UnsupportedMediaType(content_type, "application/json", false));
  }
  absl::StatusOr<std::string> request = BuildRequest(match, call.query, call.request.body());
  if (!request.ok()) return Reply(call, ErrorFromStatus(request.status(), false));
  const RestRoute* route = match.route;
  backend_->CallUnary(BackendCallFor(call, *match.method, false), *std::move(request),
                      [this, call, route](const grpc::Status& status, std::string bytes) {
                        if (!status.ok()) {
                          return Reply(call,
                                       ErrorFromGrpc(status.error_code(), status.error_message(),
                                                     status.error_details(), false));
                        }
                        absl::StatusOr<std::string> json =
                            ResponseToJson(*route->method, bytes, route->response_body);
                        if (!json.ok()) return Reply(call, ErrorFromStatus(json.status(), false));
                        Reply(call, JsonResponse(http::status::ok, *std::move(json)));
                      });
}

void GatewayRouter::RestStream(const Call& call, const RestMatch& match) const {
  absl::StatusOr<std::string> request = BuildRequest(match, call.query, call.request.body());
  if (!request.ok()) return Reply(call, ErrorFromStatus(request.status(), false));
  const bool sse =
      absl::StrContains(Header(call.request, http::field::accept), "text/event-stream");
  if (const std::string last_event_id = Header(call.request, "last-event-id");
      sse && !last_event_id.empty()) {
    *request = WithCursor(*match.method, *request, last_event_id);
  }
  HttpStreamHeader header;
  if (!call.origin.empty()) {
    header.set(http::field::access_control_allow_origin, call.origin);
    header.set(http::field::vary, "Origin");
  }
  auto relay = std::make_shared<StreamRelay>(
      call.exchange, match.method, sse ? StreamForm::kServerSentEvents : StreamForm::kJsonLines,
      std::move(header), options_->sse_heartbeat);
  relay->Start(backend_, BackendCallFor(call, *match.method, true), *std::move(request));
}

void GatewayRouter::NotFound(const Call& call) const {
  if (call.verb == "GET" && !options_->static_root.empty() &&
      !absl::StartsWith(call.path, "/v1/")) {
    if (std::optional<StaticFile> file =
            ReadStaticFile(options_->static_root, call.path,
                           AcceptsGzip(Header(call.request, http::field::accept_encoding)))) {
      return Reply(call, StaticFileResponse(call.request, *std::move(file)));
    }
  }
  if (IsConnectShaped(call.request)) {
    // Connect's code for a procedure the server does not have.
    return Reply(call,
                 LocalConnectError(
                     http::status::not_found, absl::StatusCode::kUnimplemented, "METHOD_NOT_FOUND",
                     absl::StrCat("没有这个方法 (no such method): ", Quoted(call.path.substr(1)))));
  }
  Reply(call, LocalError(http::status::not_found, absl::StatusCode::kNotFound, "ROUTE_NOT_FOUND",
                         absl::StrCat("没有这个路径 (no such route): ", Quoted(call.verb), " ",
                                      Quoted(call.path))));
}

}  // namespace nianbao::gateway
