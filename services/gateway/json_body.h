// Internal to the transcoder: JSON request bodies into messages, with errors a caller can act on.
//
// protobuf's JSON parser reports where a value is wrong by field path but a syntax error only by a
// caret under a snippet; the syntax is therefore checked first here, by a small scanner that
// knows lines and columns, and the parser's own messages are turned into BadRequest field paths.
#ifndef NIANBAO_SERVICES_GATEWAY_JSON_BODY_H_
#define NIANBAO_SERVICES_GATEWAY_JSON_BODY_H_

#include <google/protobuf/message.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nianbao::gateway::internal {

// OK when `json` is one well-formed JSON value (RFC 8259) nested at most 100 deep; else
// INVALID_ARGUMENT with a BadRequest on field "body" whose description gives the line, the column
// (in characters) and the byte offset of the first error.
[[nodiscard]] absl::Status CheckJsonSyntax(absl::string_view json);

// Parses `json` (proto3 JSON mapping, unknown fields refused) into `message`, replacing its
// contents. Errors are INVALID_ARGUMENT with a BadRequest naming the field: `field_prefix` (the
// request field the body fills, "" for the whole request) then the path protobuf reports, e.g.
// "report.content.metadata.bogus".
[[nodiscard]] absl::Status ParseJsonInto(absl::string_view json, google::protobuf::Message* message,
                                         absl::string_view field_prefix);

// `message` in the proto3 JSON mapping as the API answers: lowerCamelCase names, int64 as
// strings, enums by name, default values omitted. INTERNAL when protobuf cannot print it (an Any
// of a type the pool does not know).
[[nodiscard]] absl::StatusOr<std::string> PrintJson(const google::protobuf::Message& message);

// `text` as a JSON string literal (quoted, escaped).
std::string JsonQuote(absl::string_view text);

// One BadRequest violation, with the message in Chinese then English.
absl::Status InvalidRequestField(absl::string_view field, absl::string_view description_zh,
                                 absl::string_view description_en);

}  // namespace nianbao::gateway::internal

#endif  // NIANBAO_SERVICES_GATEWAY_JSON_BODY_H_
