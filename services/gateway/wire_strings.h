// Internal to the transcoder: the string fields of a binary (wire format) request checked as UTF-8
// before protobuf parses it.
//
// protobuf's parser refuses a proto3 string field holding invalid UTF-8, but only by returning
// false, after printing an ERROR line to stderr that names the field's type, not where it sits in
// the request: the client learns nothing it can act on and the operator's log fills with lines
// about other people's bytes. Checked here first, the client gets the field's path and the log
// stays quiet.
#ifndef NIANBAO_SERVICES_GATEWAY_WIRE_STRINGS_H_
#define NIANBAO_SERVICES_GATEWAY_WIRE_STRINGS_H_

#include <google/protobuf/descriptor.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace nianbao::gateway::internal {

// INVALID_ARGUMENT with a BadRequest naming the first string field of `wire` (a serialized
// `descriptor` message, nested messages and repeated fields included) whose value is not valid
// UTF-8, by its path of field names, e.g. "report.content.other_matters.paragraphs[0].text"
// (a map entry's key or value as "labels.key" / "labels.value"). OK otherwise, including when the
// bytes are not a well-formed message or nest deeper than protobuf's default recursion limit:
// the parser refuses those without printing anything.
[[nodiscard]] absl::Status CheckWireStringsUtf8(const google::protobuf::Descriptor& descriptor,
                                                absl::string_view wire);

}  // namespace nianbao::gateway::internal

#endif  // NIANBAO_SERVICES_GATEWAY_WIRE_STRINGS_H_
