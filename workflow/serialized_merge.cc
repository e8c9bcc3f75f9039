#include "workflow/serialized_merge.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "workflow/digest.h"
#include "workflow/wire_fields.h"

namespace nianbao::workflow {
namespace {

absl::Status DoesNotParse() { return absl::DataLossError("stored message does not parse"); }

bool Contains(const std::vector<int>& sorted, int number) {
  return std::binary_search(sorted.begin(), sorted.end(), number);
}

// Whether `fields` are as DeterministicSerialize writes them: known fields only, in ascending
// field-number order (the elements of a repeated field next to each other).
bool InSerializerOrder(const std::vector<WireField>& fields,
                       const google::protobuf::Descriptor* type) {
  int previous = 0;
  for (const WireField& field : fields) {
    if (field.number < previous || type->FindFieldByNumber(field.number) == nullptr) return false;
    previous = field.number;
  }
  return true;
}

// The whole way: parse everything, merge, serialize everything.
absl::StatusOr<std::string> MergeWhole(const ResolvedFieldMask& mask,
                                       const google::protobuf::Message& update,
                                       absl::string_view stored) {
  std::unique_ptr<google::protobuf::Message> message(update.New());
  if (!message->ParseFromArray(stored.data(), static_cast<int>(stored.size()))) {
    return DoesNotParse();
  }
  mask.MergeReplacing(update, message.get());
  return DeterministicSerialize(*message);
}

// Parses into `*message` the `fields` numbered in `numbers`.
absl::Status ParseSelected(const std::vector<WireField>& fields, const std::vector<int>& numbers,
                           google::protobuf::Message* message) {
  std::string selected;
  for (const WireField& field : fields) {
    if (Contains(numbers, field.number)) selected.append(field.record.data(), field.record.size());
  }
  if (!message->ParseFromString(selected)) return DoesNotParse();
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseTopLevelFields(absl::string_view serialized, const std::vector<int>& numbers,
                                 google::protobuf::Message* message) {
  const std::optional<std::vector<WireField>> fields = SplitTopLevelFields(serialized);
  if (!fields) return DoesNotParse();
  return ParseSelected(*fields, numbers, message);
}

absl::StatusOr<std::string> MergeReplacingSerialized(const ResolvedFieldMask& mask,
                                                     const google::protobuf::Message& update,
                                                     absl::string_view stored) {
  const std::optional<std::vector<WireField>> fields = SplitTopLevelFields(stored);
  if (!fields) return DoesNotParse();
  if (!InSerializerOrder(*fields, update.GetDescriptor())) return MergeWhole(mask, update, stored);
  const std::vector<int> touched = mask.TopLevelFieldNumbers();
  std::unique_ptr<google::protobuf::Message> part(update.New());
  if (absl::Status s = ParseSelected(*fields, touched, part.get()); !s.ok()) return s;
  mask.MergeReplacing(update, part.get());
  const std::string merged = DeterministicSerialize(*part);
  const std::optional<std::vector<WireField>> merged_fields = SplitTopLevelFields(merged);
  if (!merged_fields) return absl::InternalError("a serialized message does not split");
  // Both lists are in field-number order: interleave the untouched stored fields with the merged.
  std::string out;
  out.reserve(stored.size() + merged.size());
  auto next_merged = merged_fields->begin();
  for (const WireField& field : *fields) {
    if (Contains(touched, field.number)) continue;
    for (; next_merged != merged_fields->end() && next_merged->number < field.number;
         ++next_merged) {
      out.append(next_merged->record.data(), next_merged->record.size());
    }
    out.append(field.record.data(), field.record.size());
  }
  for (; next_merged != merged_fields->end(); ++next_merged) {
    out.append(next_merged->record.data(), next_merged->record.size());
  }
  return out;
}

}  // namespace nianbao::workflow
