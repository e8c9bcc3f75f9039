// The OpenAPI 3.0 description of the REST routes, from the same descriptors that route them.
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/status.pb.h"
#include "services/gateway/json_body.h"
#include "services/gateway/openapi_schema.h"
#include "services/gateway/transcoder.h"

namespace nianbao::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using internal::JsonArray;
using internal::JsonBool;
using internal::JsonObject;
using internal::JsonString;
using internal::SchemaSet;
using internal::SetMember;
using internal::Value;

// Query parameters reach into nested messages this deep ("a.b.c"): enough for the API, and a
// bound on recursive messages.
constexpr int kMaxQueryDepth = 3;

bool IsOpenApiVerb(absl::string_view verb) {
  for (absl::string_view known : {"get", "put", "post", "delete", "patch", "options", "head"}) {
    if (verb == known) return true;
  }
  return false;
}

// Messages a query parameter sets as one value (their JSON form is a string or a scalar).
bool IsQueryValueMessage(const Descriptor& message) {
  const std::string& name = message.full_name();
  return name == "google.protobuf.FieldMask" || name == "google.protobuf.Timestamp" ||
         name == "google.protobuf.Duration" ||
         (absl::StartsWith(name, "google.protobuf.") && absl::EndsWith(name, "Value") &&
          message.field_count() == 1);
}

struct QueryContext {
  const RestRoute* route;
  std::set<std::string> bound;  // Field paths the path variables set.
  SchemaSet* schemas;
  std::vector<Value>* out;
};

void AddQueryParameters(const Descriptor& message, const std::string& proto_prefix,
                        const std::string& json_prefix, int depth, QueryContext& context) {
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor& field = *message.field(i);
    const std::string proto_path = absl::StrCat(proto_prefix, field.name());
    const std::string json_path = absl::StrCat(json_prefix, field.json_name());
    if (context.bound.count(proto_path) > 0 || field.is_map()) continue;
    if (depth == 0 && field.name() == context.route->body) continue;
    const Descriptor* nested = field.message_type();
    if (nested != nullptr && !IsQueryValueMessage(*nested)) {
      if (!field.is_repeated() && depth + 1 < kMaxQueryDepth) {
        AddQueryParameters(*nested, proto_path + ".", json_path + ".", depth + 1, context);
      }
      continue;
    }
    Value parameter = JsonObject({{"name", JsonString(json_path)},
                                  {"in", JsonString("query")},
                                  {"schema", context.schemas->FieldSchema(field)}});
    if (std::string comment = internal::CommentOf(field); !comment.empty()) {
      SetMember(parameter, "description", JsonString(comment));
    }
    context.out->push_back(std::move(parameter));
  }
}

std::vector<Value> Parameters(const RestRoute& route,
                              const std::vector<std::pair<std::string, std::string>>& path_params,
                              SchemaSet& schemas) {
  std::vector<Value> parameters;
  QueryContext context{&route, {}, &schemas, &parameters};
  for (const auto& [name, field] : path_params) {
    context.bound.insert(field);
    parameters.push_back(JsonObject(
        {{"name", JsonString(name)},
         {"in", JsonString("path")},
         {"required", JsonBool(true)},
         {"schema", JsonObject({{"type", JsonString("string")}})},
         {"description",
          JsonString(absl::StrCat("路径中 ", field, " 的一段 (a segment of ", field, ")"))}}));
  }
  if (route.body != "*") {
    AddQueryParameters(*route.method->descriptor->input_type(), "", "", 0, context);
  }
  return parameters;
}

Value RequestBody(const RestRoute& route, SchemaSet& schemas) {
  const Descriptor& input = *route.method->descriptor->input_type();
  Value schema = route.body == "*" ? schemas.MessageSchema(input)
                                   : schemas.FieldSchema(*input.FindFieldByName(route.body));
  return JsonObject(
      {{"content", JsonObject({{"application/json", JsonObject({{"schema", schema}})}})}});
}

Value Responses(const RestRoute& route, SchemaSet& schemas) {
  const Descriptor& output = *route.method->descriptor->output_type();
  Value schema = route.response_body.empty()
                     ? schemas.MessageSchema(output)
                     : schemas.FieldSchema(*output.FindFieldByName(route.response_body));
  Value content = JsonObject({{"application/json", JsonObject({{"schema", schema}})}});
  std::string description = "成功 (OK)";
  if (route.method->server_streaming) {
    description = "消息流：每条变更一个 SSE 事件 (a stream: one Server-Sent Event per message)";
    SetMember(content, "text/event-stream",
              JsonObject({{"schema", JsonObject({{"type", JsonString("string")}})}}));
  }
  Value error = JsonObject(
      {{"description", JsonString("错误，AIP-193 (error, AIP-193)")},
       {"content",
        JsonObject(
            {{"application/json",
              JsonObject({{"schema", JsonObject({{"$ref", JsonString("#/components/schemas/"
                                                                     "ErrorResponse")}})}})}})}});
  return JsonObject(
      {{"200", JsonObject({{"description", JsonString(description)}, {"content", content}})},
       {"default", error}});
}

Value Operation(const RestRoute& route,
                const std::vector<std::pair<std::string, std::string>>& path_params,
                SchemaSet& schemas, std::map<std::string, int>& operation_ids) {
  const google::protobuf::MethodDescriptor& method = *route.method->descriptor;
  std::string id = absl::StrCat(method.service()->name(), "_", method.name());
  if (const int seen = operation_ids[id]++; seen > 0) absl::StrAppend(&id, "_", seen + 1);
  Value operation = JsonObject({{"operationId", JsonString(id)},
                                {"summary", JsonString(method.name())},
                                {"tags", JsonArray({JsonString(method.service()->name())})},
                                {"parameters", JsonArray(Parameters(route, path_params, schemas))},
                                {"responses", Responses(route, schemas)}});
  if (std::string comment = internal::CommentOf(method); !comment.empty()) {
    SetMember(operation, "description", JsonString(comment));
  }
  if (!route.body.empty()) SetMember(operation, "requestBody", RequestBody(route, schemas));
  return operation;
}

// AIP-193's body: {"error": google.rpc.Status with the HTTP code and the code's name as status}.
Value ErrorResponseSchema(const RouteTable& table, SchemaSet& schemas) {
  Value status = JsonObject(
      {{"type", JsonString("object")},
       {"properties", JsonObject({{"status", JsonObject({{"type", JsonString("string")}})}})}});
  // The table's pool may lack google/rpc (a service's files need not import it); the body is
  // ours, so the generated declaration describes it either way.
  const Descriptor* rpc_status = table.pool()->FindMessageTypeByName("google.rpc.Status");
  if (rpc_status == nullptr) rpc_status = google::rpc::Status::descriptor();
  if (rpc_status != nullptr)
    status = JsonObject({{"allOf", JsonArray({schemas.MessageSchema(*rpc_status), status})}});
  return JsonObject(
      {{"type", JsonString("object")}, {"properties", JsonObject({{"error", status}})}});
}

}  // namespace

absl::StatusOr<std::string> OpenApiDocument(const RouteTable& table, const OpenApiInfo& info) {
  SchemaSet schemas;
  Value paths = JsonObject({});
  std::map<std::string, int> operation_ids;
  for (const RestRoute& route : table.rest_routes()) {
    const std::string verb = absl::AsciiStrToLower(route.http_verb);
    if (!IsOpenApiVerb(verb)) continue;  // A custom HTTP kind has no place in OpenAPI.
    std::vector<std::pair<std::string, std::string>> path_params;
    const std::string path = route.path.OpenApiPath(&path_params);
    Value operation = Operation(route, path_params, schemas, operation_ids);
    Value& item = (*paths.mutable_struct_value()->mutable_fields())[path];
    if (!item.has_struct_value()) item = JsonObject({});
    SetMember(item, verb, std::move(operation));
  }
  Value error_response = ErrorResponseSchema(table, schemas);
  Value components_schemas = schemas.Components();
  SetMember(components_schemas, "ErrorResponse", std::move(error_response));
  Value info_value =
      JsonObject({{"title", JsonString(info.title)}, {"version", JsonString(info.version)}});
  if (!info.description.empty()) SetMember(info_value, "description", JsonString(info.description));
  Value document = JsonObject(
      {{"openapi", JsonString("3.0.3")},
       {"info", info_value},
       {"paths", paths},
       {"components",
        JsonObject(
            {{"schemas", components_schemas},
             {"securitySchemes",
              JsonObject({{"bearerAuth", JsonObject({{"type", JsonString("http")},
                                                     {"scheme", JsonString("bearer")}})}})}})},
       {"security", JsonArray({JsonObject({{"bearerAuth", JsonArray({})}})})}});
  return internal::PrintJson(document);
}

}  // namespace nianbao::gateway
