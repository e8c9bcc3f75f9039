// A field mask resolved once to field descriptors, then merged without looking any name up.
//
// Why: FieldMaskUtil::MergeMessageTo parses its mask into a tree of names and finds every field by
// name again on each call, about 24,000 instructions for a one-path mask on a report (callgrind,
// workflow_core_bench). An update merges twice: the report's fields but its content into the next
// report, and the request's masked content fields into the current content.
#ifndef NIANBAO_WORKFLOW_FIELD_MASK_MERGE_H_
#define NIANBAO_WORKFLOW_FIELD_MASK_MERGE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace nianbao::workflow {

class ResolvedFieldMask {
 public:
  // Resolves each path of `mask` (dot-separated field names; every name but the last a singular
  // message field) against `type`. INVALID_ARGUMENT names the first path that does not resolve.
  // Paths covered by a shorter one ("metadata" covers "metadata.title") are dropped, as
  // FieldMaskUtil does.
  static absl::StatusOr<ResolvedFieldMask> Resolve(const google::protobuf::Descriptor* type,
                                                   const google::protobuf::FieldMask& mask);
  // Every top-level field of `type` except the one numbered `excluded`.
  static ResolvedFieldMask AllFieldsExcept(const google::protobuf::Descriptor* type, int excluded);

  // Sets each masked field of `destination` to its value in `source`, as MergeMessageTo does with
  // replace_message_fields and replace_repeated_fields: a message or repeated field is replaced
  // whole, and a field `source` does not have is cleared. Both must be of the resolved type.
  void MergeReplacing(const google::protobuf::Message& source,
                      google::protobuf::Message* destination) const;

  bool empty() const { return paths_.empty(); }
  // The numbers of the top-level fields the paths start with, ascending, each once: the only
  // fields MergeReplacing reads or changes at the top level.
  std::vector<int> TopLevelFieldNumbers() const;

 private:
  using Path = std::vector<const google::protobuf::FieldDescriptor*>;
  void Normalize();

  std::vector<Path> paths_;
};

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_FIELD_MASK_MERGE_H_
