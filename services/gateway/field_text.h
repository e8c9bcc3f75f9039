// Internal to the transcoder: request fields set from text (path variables, query parameters).
#ifndef NIANBAO_SERVICES_GATEWAY_FIELD_TEXT_H_
#define NIANBAO_SERVICES_GATEWAY_FIELD_TEXT_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace nianbao::gateway::internal {

// The fields a dotted path names from `message`, each part matched by original name or, when
// `json_names`, by its proto3 JSON (lowerCamelCase) name too. Empty when a part names no field or
// an inner part is not a singular message.
std::vector<const google::protobuf::FieldDescriptor*> ResolveFieldPath(
    const google::protobuf::Descriptor& message, absl::string_view dotted, bool json_names);

// Sets (or, for a repeated field, appends) the field at the end of `path` in `message` from its
// text form: numbers in decimal, bools "true"/"false", enums by name or number, bytes in base64
// (standard or URL-safe), strings as valid UTF-8; FieldMask, Timestamp and Duration in their JSON
// string forms and wrappers by their value. `name` is what errors call the field (the parameter as
// the client wrote it). INVALID_ARGUMENT with a BadRequest naming it when the text does not fit,
// or the field is a map, or a message of another kind.
[[nodiscard]] absl::Status SetFieldFromText(
    google::protobuf::Message* message,
    const std::vector<const google::protobuf::FieldDescriptor*>& path, absl::string_view text,
    absl::string_view name);

// Decodes a query string component: "%XX" escapes, and "+" as a space (HTML forms, and what
// curl -G --data-urlencode writes). nullopt for a malformed escape.
std::optional<std::string> DecodeQueryComponent(absl::string_view text);

}  // namespace nianbao::gateway::internal

#endif  // NIANBAO_SERVICES_GATEWAY_FIELD_TEXT_H_
