#include "tests/unit/format/field_path.h"

#include <vector>

#include "absl/strings/str_split.h"

namespace nianbao::format::reflection {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// The singular message field `name` of `type`, or nullptr.
const FieldDescriptor* MessageField(const Descriptor& type, absl::string_view name) {
  const FieldDescriptor* field = type.FindFieldByName(std::string(name));
  if (field == nullptr || field->is_repeated() ||
      field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return nullptr;
  }
  return field;
}

}  // namespace

Message* MutableMessageAt(Message& root, absl::string_view path) {
  Message* message = &root;
  for (absl::string_view name : absl::StrSplit(path, '.')) {
    const FieldDescriptor* field = MessageField(*message->GetDescriptor(), name);
    if (field == nullptr) return nullptr;
    message = message->GetReflection()->MutableMessage(message, field);
  }
  return message;
}

bool HasMessageAt(const Message& root, absl::string_view path) {
  const Message* message = &root;
  for (absl::string_view name : absl::StrSplit(path, '.')) {
    const FieldDescriptor* field = MessageField(*message->GetDescriptor(), name);
    if (field == nullptr || !message->GetReflection()->HasField(*message, field)) return false;
    message = &message->GetReflection()->GetMessage(*message, field);
  }
  return true;
}

std::string MessageTypeAt(const Descriptor& root, absl::string_view path) {
  const Descriptor* type = &root;
  for (absl::string_view name : absl::StrSplit(path, '.')) {
    const FieldDescriptor* field = MessageField(*type, name);
    if (field == nullptr) return "";
    type = field->message_type();
  }
  return type->full_name();
}

}  // namespace nianbao::format::reflection
