// A REST call's request message: the body by the route's rule, then the query, then the path.
#include <memory>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/gateway/field_text.h"
#include "services/gateway/json_body.h"
#include "services/gateway/transcoder.h"

namespace nianbao::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using internal::InvalidRequestField;

absl::Status ApplyBody(const RestRoute& route, absl::string_view body, Message* request) {
  if (route.body.empty()) {
    if (body.empty()) return absl::OkStatus();
    return InvalidRequestField(
        "body", "此方法不接受请求体，参数请放在查询串中",
        "this method takes no request body: send fields as query parameters");
  }
  if (body.empty()) return absl::OkStatus();
  if (route.body == "*") return internal::ParseJsonInto(body, request, "");
  const FieldDescriptor* field = request->GetDescriptor()->FindFieldByName(route.body);
  if (field->message_type() != nullptr && !field->is_repeated()) {
    Message* target = request->GetReflection()->MutableMessage(request, field);
    return internal::ParseJsonInto(body, target, route.body);
  }
  // A repeated or scalar body field: parsed as the value of that field in a request object, after
  // the syntax is checked on the body as sent (so that positions are the client's).
  if (absl::Status syntax = internal::CheckJsonSyntax(body); !syntax.ok()) return syntax;
  const std::string wrapped =
      absl::StrCat("{", internal::JsonQuote(field->json_name()), ":", body, "}");
  return internal::ParseJsonInto(wrapped, request, "");
}

// Whether `path` (original names) lies in the body field, where a query parameter may not reach.
bool InBody(const RestRoute& route, const std::vector<const FieldDescriptor*>& path) {
  return !route.body.empty() && (route.body == "*" || path.front()->name() == route.body);
}

absl::Status ApplyQuery(const RestRoute& route, absl::string_view query, Message* request) {
  for (absl::string_view pair : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(pair, '=');
    std::optional<std::string> name = internal::DecodeQueryComponent(parts.first);
    std::optional<std::string> value = internal::DecodeQueryComponent(parts.second);
    if (name && name->empty()) {
      return InvalidRequestField("query", "查询参数缺少名称", "a query parameter has no name");
    }
    if (!name || !value) {
      return InvalidRequestField(name.value_or("query"), "查询串中的百分号编码无效",
                                 "malformed percent-encoding in the query string");
    }
    std::vector<const FieldDescriptor*> path =
        internal::ResolveFieldPath(*request->GetDescriptor(), *name, /*json_names=*/true);
    if (path.empty() || InBody(route, path)) {
      return InvalidRequestField(
          *name, absl::StrCat("未知的查询参数 ", *name),
          route.body == "*"
              ? absl::StrCat("unknown query parameter ", *name, ": this method takes a JSON body")
              : absl::StrCat("unknown query parameter ", *name));
    }
    if (absl::Status set = internal::SetFieldFromText(request, path, *value, *name); !set.ok()) {
      return set;
    }
  }
  return absl::OkStatus();
}

// Path variables last: the path names the resource, whatever the body or the query say.
absl::Status ApplyBindings(const RestMatch& match, Message* request) {
  for (const PathVariableBinding& binding : match.bindings) {
    std::vector<const FieldDescriptor*> path =
        internal::ResolveFieldPath(*request->GetDescriptor(), binding.field_path, false);
    if (path.empty()) {
      return absl::InternalError(
          absl::StrCat("path variable names no field: ", binding.field_path));
    }
    if (absl::Status set =
            internal::SetFieldFromText(request, path, binding.value, binding.field_path);
        !set.ok()) {
      return set;
    }
  }
  return absl::OkStatus();
}

}  // namespace

bool IsJsonContentType(absl::string_view content_type) {
  absl::string_view media = content_type.substr(0, content_type.find(';'));
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(media), "application/json");
}

absl::StatusOr<std::string> BuildRequest(const RestMatch& match, absl::string_view query_string,
                                         absl::string_view body) {
  std::unique_ptr<Message> request(match.method->request_prototype->New());
  if (absl::Status status = ApplyBody(*match.route, body, request.get()); !status.ok()) {
    return status;
  }
  if (absl::Status status = ApplyQuery(*match.route, query_string, request.get()); !status.ok()) {
    return status;
  }
  if (absl::Status status = ApplyBindings(match, request.get()); !status.ok()) return status;
  return request->SerializeAsString();
}

}  // namespace nianbao::gateway
