// The gateway's transcoder: HTTP/JSON <-> gRPC messages, generic over protobuf descriptors.
//
// It reads the services' descriptors and their google.api.http annotations (AIP-127) and turns
// them into routes; it builds a request message from a matched path, a query string and a JSON
// body, and writes a response message back as JSON (the proto3 JSON mapping); it maps gRPC codes to
// HTTP statuses and error bodies (AIP-193, and the Connect protocol's own format); it frames
// Connect streams; it describes the routes as an OpenAPI 3.0 document. It knows no method by name
// and holds no HTTP library and no gRPC channel: the server (nianbao-gatewayd) owns the sockets and
// calls the backends with gRPC's generic stub using the bytes this library produces.
//
// With DescriptorPool::generated_pool(), the binary must link the generated code of the services
// it serves (refer to e.g. nianbao::v1::WorkflowService::descriptor() once): a static library's
// unreferenced .pb.cc objects are dropped by the linker, and the pool would lack their files.
//
// Thread safety: a RouteTable is immutable after FromPool and may be used from any number of
// threads at once; every free function below is thread-safe.
#ifndef NIANBAO_SERVICES_GATEWAY_TRANSCODER_H_
#define NIANBAO_SERVICES_GATEWAY_TRANSCODER_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nianbao::gateway {

// One RPC the gateway may call, with the prototypes it needs to build and read its messages.
// Owned by the RouteTable; pointers stay valid as long as the table lives.
struct RpcMethod {
  const google::protobuf::MethodDescriptor* descriptor = nullptr;
  const google::protobuf::Message* request_prototype = nullptr;
  const google::protobuf::Message* response_prototype = nullptr;
  // "/nianbao.v1.WorkflowService/GetReport": the gRPC :path, and the Connect route.
  std::string grpc_path;
  bool server_streaming = false;
  bool client_streaming = false;
};

// A variable's value taken from a matched path, percent-decoded, for the request field at
// `field_path` (dotted original proto names, e.g. "report.name").
struct PathVariableBinding {
  std::string field_path;
  std::string value;
};

// A parsed AIP-127 path template: "/" literal segments, `{field}` and `{field.sub=pattern}`
// variables whose pattern is made of literals, `*` (one segment) and `**` (the rest of the path,
// last only), and an optional ":verb" suffix.
class PathTemplate {
 public:
  struct Segment {
    enum class Kind { kLiteral, kSingle, kMulti };
    Kind kind = Kind::kLiteral;
    std::string literal;  // kLiteral only.
  };
  struct Variable {
    std::string field_path;    // Dotted original names.
    size_t first_segment = 0;  // Index into segments().
    size_t end_segment = 0;    // One past its last segment.
  };

  // INVALID_ARGUMENT naming the template for anything AIP-127 does not allow (nested or unnamed
  // variables, `**` not last, an empty segment, a missing leading "/").
  [[nodiscard]] static absl::StatusOr<PathTemplate> Parse(absl::string_view text);

  // The bindings when `path` (as received: percent-encoded, without the query string) fits the
  // template, else nullopt. A `*` segment is fully decoded and never holds a "/" (an encoded %2F
  // decoding to "/" does not match); a `**` segment keeps %2F encoded so that the value's segments
  // stay what the client sent. Malformed percent escapes do not match.
  std::optional<std::vector<PathVariableBinding>> Match(absl::string_view path) const;

  // The template as OpenAPI writes paths: every `*` of a variable becomes its own parameter named
  // after the literal before it ("agencies/*" -> "{agency}"), `**` a parameter named after the
  // field. `parameters` receives, in order, each parameter's name and the field it belongs to.
  std::string OpenApiPath(std::vector<std::pair<std::string, std::string>>* parameters) const;

  const std::string& text() const { return text_; }
  const std::vector<Segment>& segments() const { return segments_; }
  const std::vector<Variable>& variables() const { return variables_; }
  const std::string& verb() const { return verb_; }
  // More literal segments (and a verb) make a route more specific when two templates fit a path.
  int Specificity() const;

 private:
  std::string text_;
  std::vector<Segment> segments_;
  std::vector<Variable> variables_;
  std::string verb_;
};

// One REST binding of a method: a google.api.http rule or one of its additional_bindings.
struct RestRoute {
  std::string http_verb;  // "GET", "POST", "PUT", "PATCH", "DELETE" or a custom kind.
  PathTemplate path;
  // "" (no body: every non-path field comes from the query), "*" (the whole request is the body;
  // no query parameters) or a top-level request field's original name.
  std::string body;
  // "" (the whole response) or a top-level response field's original name.
  std::string response_body;
  const RpcMethod* method = nullptr;
};

// A request matched to a route, with its path variables.
struct RestMatch {
  const RestRoute* route = nullptr;
  const RpcMethod* method = nullptr;
  std::vector<PathVariableBinding> bindings;
};

// What MatchRest found: a route, no route for the path (404), or routes for the path but none for
// the verb (405, with the verbs that would have matched, sorted, for the Allow header).
struct RestLookup {
  enum class Outcome { kMatched, kNotFound, kMethodNotAllowed };
  Outcome outcome = Outcome::kNotFound;
  RestMatch match;                         // kMatched only.
  std::vector<std::string> allowed_verbs;  // kMethodNotAllowed only.
};

// Every route of the given services. Built once at start-up.
class RouteTable {
 public:
  // Every method of the named services (full names, e.g. "nianbao.v1.WorkflowService") gets a
  // Connect route; those with a google.api.http option (and its additional_bindings) get REST
  // routes. `pool` must outlive the table (DescriptorPool::generated_pool(), or one built from the
  // installed descriptor set, whose comments then describe the OpenAPI document). NOT_FOUND naming
  // a service the pool lacks; INVALID_ARGUMENT naming the method for a malformed template, a
  // variable or body naming no field, or a client-streaming method with a REST rule.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<RouteTable>> FromPool(
      const google::protobuf::DescriptorPool* pool, const std::vector<std::string>& service_names);

  RouteTable(const RouteTable&) = delete;
  RouteTable& operator=(const RouteTable&) = delete;

  // `http_verb` as sent ("GET", ...; HEAD is not mapped); `path` as received, without the query.
  // When several routes fit, a route with a ":verb" suffix wins, then the one with more literal
  // segments.
  RestLookup MatchRest(absl::string_view http_verb, absl::string_view path) const;

  // The method for a Connect path "/{package.Service}/{Method}", or nullptr.
  const RpcMethod* MatchConnect(absl::string_view path) const;

  const std::vector<RestRoute>& rest_routes() const { return rest_routes_; }
  // Every method, in the order of service_names then declaration order.
  const std::deque<RpcMethod>& methods() const { return methods_; }
  const google::protobuf::DescriptorPool* pool() const { return pool_; }

 private:
  explicit RouteTable(const google::protobuf::DescriptorPool* pool);

  const google::protobuf::DescriptorPool* pool_;
  // Builds messages of any type of the pool (generated classes when the pool is the generated
  // one). GetPrototype is thread-safe; prototypes live as long as the factory.
  google::protobuf::DynamicMessageFactory factory_;
  std::deque<RpcMethod> methods_;  // A deque: RestRoute and the Connect map point into it.
  std::vector<RestRoute> rest_routes_;
  std::map<std::string, const RpcMethod*, std::less<>> connect_routes_;
};

// A pool of the files of a serialized google.protobuf.FileDescriptorSet (protoc
// --include_imports; e.g. the installed share/nianbao/nianbao-v1.binpb, whose comments then
// describe the OpenAPI document). INVALID_ARGUMENT naming the file that does not build.
[[nodiscard]] absl::StatusOr<std::unique_ptr<google::protobuf::DescriptorPool>>
DescriptorPoolFromSet(absl::string_view serialized_set);

// ---- Requests and responses (REST) ----

// Whether a Content-Type is JSON ("application/json", any parameters, case-insensitive). The server
// answers 415 for a body of any other type before calling BuildRequest.
bool IsJsonContentType(absl::string_view content_type);

// The request message, serialized, from a REST call: the body (JSON, proto3 mapping, unknown
// fields refused) by the route's body rule, then the path variables, then the query parameters
// (`query_string` without the "?"; proto3 JSON or original names, dotted for nested fields; a
// repeated field by repetition; enums by name, by name without the enum's prefix (view=BASIC
// for REPORT_VIEW_BASIC) or by number; FieldMask, Timestamp, Duration and
// wrappers in their JSON string forms). A body where the rule says none, a query parameter naming
// no field (or with body "*"), a value that does not parse or malformed JSON are INVALID_ARGUMENT
// with a google.rpc.BadRequest naming the field (the parameter, or "body" and the JSON position
// as "line L, column C" for malformed JSON), in the project's payload convention
// (services/common/error_details.h). An empty body is an empty message.
[[nodiscard]] absl::StatusOr<std::string> BuildRequest(const RestMatch& match,
                                                       absl::string_view query_string,
                                                       absl::string_view body);

// `response_bytes` (a serialized response of `method`) as proto3 JSON: lowerCamelCase names,
// int64 as strings, enums by name, default values omitted. With a `response_body` field name, that
// field alone. INTERNAL when the bytes do not parse.
[[nodiscard]] absl::StatusOr<std::string> ResponseToJson(const RpcMethod& method,
                                                         absl::string_view response_bytes,
                                                         absl::string_view response_body = "");

// ---- Errors ----

struct HttpError {
  int http_status = 500;
  std::string json_body;
};

// google/rpc/code.proto's HTTP mapping (OK 200, INVALID_ARGUMENT 400, ... DEADLINE_EXCEEDED 504;
// an unknown code 500).
int HttpStatusForGrpcCode(int grpc_code);

// AIP-193: the HTTP status for the code and a body {"error": {"code": the HTTP status, "message",
// "status": the gRPC code's name, "details": [...]}}, the details decoded from `status_details`
// (the serialized google.rpc.Status of the "grpc-status-details-bin" trailer; may be empty) as
// JSON objects with "@type". Details of a type this binary does not link are dropped, never the
// error. Bytes of a message that are not UTF-8 become '?': the body is always JSON.
HttpError HttpErrorFor(int grpc_code, absl::string_view message, absl::string_view status_details);

// The Connect protocol's error code name for a gRPC code ("not_found", ...).
std::string ConnectCodeName(int grpc_code);

// The Connect protocol's HTTP status for a unary error (not_found 404, unavailable 503, ...).
int ConnectHttpStatusForGrpcCode(int grpc_code);

// A Connect unary error: that HTTP status and {"code":..., "message":..., "details":[{"type":
// "google.rpc.BadRequest", "value": base64 without padding}]}.
HttpError ConnectErrorFor(int grpc_code, absl::string_view message,
                          absl::string_view status_details);

// ---- The Connect protocol ----

enum class ConnectCodec { kJson, kProto };

struct ConnectContentType {
  ConnectCodec codec = ConnectCodec::kJson;
  bool streaming = false;  // application/connect+json or application/connect+proto.
};

// "application/json" / "application/proto" (unary) and "application/connect+json" /
// "application/connect+proto" (streams), parameters ignored; nullopt for anything else (415).
std::optional<ConnectContentType> ParseConnectContentType(absl::string_view content_type);

// The request of a Connect unary POST, serialized. JSON bodies follow BuildRequest's rules for
// errors (unknown fields refused, positions of malformed JSON); proto bodies must parse.
[[nodiscard]] absl::StatusOr<std::string> DecodeConnectUnaryRequest(const RpcMethod& method,
                                                                    ConnectCodec codec,
                                                                    absl::string_view body);

// The request of a Connect unary GET: query "message=...&encoding=json|proto[&base64=1]" (the
// message percent-encoded, or base64url when base64=1; "compression" other than identity refused).
[[nodiscard]] absl::StatusOr<std::string> DecodeConnectGetRequest(const RpcMethod& method,
                                                                  absl::string_view query_string);

// The request of a Connect server-stream call: the body holds exactly one uncompressed envelope.
[[nodiscard]] absl::StatusOr<std::string> DecodeConnectStreamRequest(const RpcMethod& method,
                                                                     ConnectCodec codec,
                                                                     absl::string_view body);

// A response message in the codec (a unary body, or a stream envelope's payload): JSON as
// ResponseToJson writes it, or the bytes as they are.
[[nodiscard]] absl::StatusOr<std::string> EncodeConnectMessage(const RpcMethod& method,
                                                               ConnectCodec codec,
                                                               absl::string_view response_bytes);

inline constexpr uint8_t kConnectCompressedFlag = 0x01;
inline constexpr uint8_t kConnectEndStreamFlag = 0x02;

// One envelope: the flags byte, the payload's length as 4 bytes big-endian, the payload.
std::string ConnectEnvelope(uint8_t flags, absl::string_view payload);

struct ConnectFrame {
  uint8_t flags = 0;
  std::string payload;
};

// Splits bytes into envelopes; INVALID_ARGUMENT for a truncated one.
[[nodiscard]] absl::StatusOr<std::vector<ConnectFrame>> ParseConnectEnvelopes(
    absl::string_view bytes);

// The end-of-stream envelope: flag 0x02 and JSON "{}" when `grpc_code` is 0, else
// {"error": {code, message, details}} as ConnectErrorFor writes them.
std::string ConnectEndOfStream(int grpc_code, absl::string_view message,
                               absl::string_view status_details);

// ---- OpenAPI ----

struct OpenApiInfo {
  std::string title = "nianbao API";
  std::string version = "v1";
  std::string description;
};

// An OpenAPI 3.0.3 document (JSON) of every REST route: paths with their path and query
// parameters, request bodies by the body rule, responses (and the google.rpc.Status error body of
// AIP-193 as "default"), components/schemas per message and enum, a bearer security scheme.
// Descriptions come from the proto comments when the pool holds source info.
[[nodiscard]] absl::StatusOr<std::string> OpenApiDocument(const RouteTable& table,
                                                          const OpenApiInfo& info = {});

}  // namespace nianbao::gateway

#endif  // NIANBAO_SERVICES_GATEWAY_TRANSCODER_H_
