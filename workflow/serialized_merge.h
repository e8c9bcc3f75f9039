// A masked update merged into a message's serialized bytes: only the top-level fields the mask
// names are parsed, merged and serialized again; every other field's bytes are copied as they are.
//
// Why: an edit of a report's draft names one part of its content (a title, a table) but the content
// is thousands of small messages. Parsing it whole to merge one field, copying it, serializing it
// again and freeing it was most of an edit's CPU in nianbao-workflowd (docs/benchmarks.md).
//
// The result is byte for byte what DeterministicSerialize (digest.h) gives for the message merged
// whole, since that writes the top-level fields in field-number order, each field's bytes
// depending on that field alone. Stored bytes not in that order (an unknown field, a field written
// twice out of order) are merged the whole way instead, with the same result.
#ifndef NIANBAO_WORKFLOW_SERIALIZED_MERGE_H_
#define NIANBAO_WORKFLOW_SERIALIZED_MERGE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "workflow/field_mask_merge.h"

namespace nianbao::workflow {

// The deterministic serialization of the message `stored` holds (a serialized message of
// `update`'s type) after mask.MergeReplacing(update, &message). DATA_LOSS when `stored` does not
// parse.
[[nodiscard]] absl::StatusOr<std::string> MergeReplacingSerialized(
    const ResolvedFieldMask& mask, const google::protobuf::Message& update,
    absl::string_view stored);

// Parses into `*message` only the top-level fields of `serialized` numbered in `numbers`
// (ascending): e.g. a report content's metadata without its tables. DATA_LOSS when the bytes do
// not parse.
[[nodiscard]] absl::Status ParseTopLevelFields(absl::string_view serialized,
                                               const std::vector<int>& numbers,
                                               google::protobuf::Message* message);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_SERIALIZED_MERGE_H_
