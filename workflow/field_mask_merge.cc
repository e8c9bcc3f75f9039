#include "workflow/field_mask_merge.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace nianbao::workflow {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Replaces `field` of `destination` with its value in `source`.
void ReplaceField(const Message& source, const FieldDescriptor* field, Message* destination) {
  const Reflection* from = source.GetReflection();
  const Reflection* to = destination->GetReflection();
  if (field->is_repeated()) {
    to->ClearField(destination, field);
    const int size = from->FieldSize(source, field);
    for (int i = 0; i < size; ++i) {
      switch (field->cpp_type()) {
#define NIANBAO_ADD_REPEATED(TYPE, Name)                                          \
  case FieldDescriptor::CPPTYPE_##TYPE:                                           \
    to->Add##Name(destination, field, from->GetRepeated##Name(source, field, i)); \
    break;
        NIANBAO_ADD_REPEATED(INT32, Int32)
        NIANBAO_ADD_REPEATED(INT64, Int64)
        NIANBAO_ADD_REPEATED(UINT32, UInt32)
        NIANBAO_ADD_REPEATED(UINT64, UInt64)
        NIANBAO_ADD_REPEATED(DOUBLE, Double)
        NIANBAO_ADD_REPEATED(FLOAT, Float)
        NIANBAO_ADD_REPEATED(BOOL, Bool)
        NIANBAO_ADD_REPEATED(ENUM, EnumValue)
        NIANBAO_ADD_REPEATED(STRING, String)
#undef NIANBAO_ADD_REPEATED
        case FieldDescriptor::CPPTYPE_MESSAGE:
          to->AddMessage(destination, field)->CopyFrom(from->GetRepeatedMessage(source, field, i));
          break;
      }
    }
    return;
  }
  if (!from->HasField(source, field)) {
    to->ClearField(destination, field);
    return;
  }
  switch (field->cpp_type()) {
#define NIANBAO_SET_SINGULAR(TYPE, Name)                               \
  case FieldDescriptor::CPPTYPE_##TYPE:                                \
    to->Set##Name(destination, field, from->Get##Name(source, field)); \
    break;
    NIANBAO_SET_SINGULAR(INT32, Int32)
    NIANBAO_SET_SINGULAR(INT64, Int64)
    NIANBAO_SET_SINGULAR(UINT32, UInt32)
    NIANBAO_SET_SINGULAR(UINT64, UInt64)
    NIANBAO_SET_SINGULAR(DOUBLE, Double)
    NIANBAO_SET_SINGULAR(FLOAT, Float)
    NIANBAO_SET_SINGULAR(BOOL, Bool)
    NIANBAO_SET_SINGULAR(ENUM, EnumValue)
    NIANBAO_SET_SINGULAR(STRING, String)
#undef NIANBAO_SET_SINGULAR
    case FieldDescriptor::CPPTYPE_MESSAGE:
      to->MutableMessage(destination, field)->CopyFrom(from->GetMessage(source, field));
      break;
  }
}

}  // namespace

absl::StatusOr<ResolvedFieldMask> ResolvedFieldMask::Resolve(
    const Descriptor* type, const google::protobuf::FieldMask& mask) {
  ResolvedFieldMask resolved;
  for (const std::string& path : mask.paths()) {
    Path fields;
    const Descriptor* within = type;
    for (absl::string_view name : absl::StrSplit(path, '.')) {
      const FieldDescriptor* field =
          within == nullptr ? nullptr : within->FindFieldByName(std::string(name));
      if (field == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat("field mask path does not resolve: ", path));
      }
      fields.push_back(field);
      // Only a singular message field can be descended into.
      within = !field->is_repeated() && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
                   ? field->message_type()
                   : nullptr;
    }
    resolved.paths_.push_back(std::move(fields));
  }
  resolved.Normalize();
  return resolved;
}

ResolvedFieldMask ResolvedFieldMask::AllFieldsExcept(const Descriptor* type, int excluded) {
  ResolvedFieldMask resolved;
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->number() != excluded) resolved.paths_.push_back({type->field(i)});
  }
  return resolved;
}

void ResolvedFieldMask::Normalize() {
  // Shorter paths first, so that each path is checked against every path that could cover it.
  std::stable_sort(paths_.begin(), paths_.end(),
                   [](const Path& a, const Path& b) { return a.size() < b.size(); });
  std::vector<Path> kept;
  for (Path& path : paths_) {
    const bool covered = std::any_of(kept.begin(), kept.end(), [&](const Path& shorter) {
      return std::equal(shorter.begin(), shorter.end(), path.begin());
    });
    if (!covered) kept.push_back(std::move(path));
  }
  paths_ = std::move(kept);
}

void ResolvedFieldMask::MergeReplacing(const Message& source, Message* destination) const {
  for (const Path& path : paths_) {
    const Message* from = &source;
    Message* to = destination;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      from = &from->GetReflection()->GetMessage(*from, path[i]);
      to = to->GetReflection()->MutableMessage(to, path[i]);
    }
    ReplaceField(*from, path.back(), to);
  }
}

std::vector<int> ResolvedFieldMask::TopLevelFieldNumbers() const {
  std::vector<int> numbers;
  for (const Path& path : paths_) numbers.push_back(path.front()->number());
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  return numbers;
}

}  // namespace nianbao::workflow
