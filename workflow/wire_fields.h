// The top-level fields of a serialized protobuf message, found by reading tags and lengths only:
// nothing inside a field is parsed. What lets an edit of one part of a report's content, or a read
// of a report without its content, step over the rest of the bytes (serialized_merge.h, the
// store's planning).
#ifndef NIANBAO_WORKFLOW_WIRE_FIELDS_H_
#define NIANBAO_WORKFLOW_WIRE_FIELDS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace nianbao::workflow {

// One top-level field as written.
struct WireField {
  int number = 0;
  absl::string_view record;   // tag, length (if any) and value: the field's whole bytes
  absl::string_view payload;  // a length-delimited field's value; empty for other wire types
  bool length_delimited = false;
};

// Reads the next top-level field from the front of `*rest` into `*field` and steps over it; false
// when `*rest` does not start with a well-formed field. For a scan that allocates nothing:
//   for (WireField f; !rest.empty();) { if (!NextTopLevelField(&rest, &f)) ...; use(f); }
bool NextTopLevelField(absl::string_view* rest, WireField* field);

// `message`'s top-level fields in the order they are written (a repeated field gives one entry per
// element); nullopt when the bytes are not well-formed wire format (a bad tag, a length past the
// end, a group: no message of ours has groups).
std::optional<std::vector<WireField>> SplitTopLevelFields(absl::string_view message);

// `message` without its top-level field `number`, and that field's payload in `*payload` (the
// last one written; empty when absent); `*occurrences` says how many times it was written (a
// parser merges repeated occurrences of a message field, so a caller needing the one value checks
// it is at most 1). False when the bytes are not well-formed.
bool SplitOffField(absl::string_view message, int number, std::string* rest,
                   absl::string_view* payload, int* occurrences);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_WIRE_FIELDS_H_
