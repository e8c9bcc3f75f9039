// Request fields from the text of a path variable or a query parameter.
#include "services/gateway/field_text.h"

#include <google/protobuf/stubs/common.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/gateway/json_body.h"

namespace nianbao::gateway::internal {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Errors quote at most this much of a value, as the rest of the API does.
constexpr size_t kQuotedValueBytes = 64;

absl::Status BadValue(absl::string_view name, absl::string_view text, absl::string_view expected) {
  return InvalidRequestField(name, absl::StrCat("参数 ", name, " 的值无效"),
                             absl::StrCat("invalid value \"", text.substr(0, kQuotedValueBytes),
                                          "\" for ", name, ": expected ", expected));
}

bool IsWrapper(absl::string_view full_name) {
  for (absl::string_view wrapper :
       {"DoubleValue", "FloatValue", "Int64Value", "UInt64Value", "Int32Value", "UInt32Value",
        "BoolValue", "StringValue", "BytesValue"}) {
    if (full_name == absl::StrCat("google.protobuf.", wrapper)) return true;
  }
  return false;
}

// The message the field holds (a new element when repeated).
Message* MutableTarget(Message* message, const FieldDescriptor* field) {
  const Reflection* reflection = message->GetReflection();
  return field->is_repeated() ? reflection->AddMessage(message, field)
                              : reflection->MutableMessage(message, field);
}

absl::Status SetMessageFromText(Message* message, const FieldDescriptor* field,
                                absl::string_view text, absl::string_view name) {
  const std::string& type = field->message_type()->full_name();
  if (IsWrapper(type)) {
    Message* wrapper = MutableTarget(message, field);
    const FieldDescriptor* value = wrapper->GetDescriptor()->FindFieldByName("value");
    return SetFieldFromText(wrapper, {value}, text, name);
  }
  if (type == "google.protobuf.FieldMask" || type == "google.protobuf.Timestamp" ||
      type == "google.protobuf.Duration") {
    // Their JSON form is a string; protobuf's parser knows it.
    absl::Status parsed = ParseJsonInto(JsonQuote(text), MutableTarget(message, field), "");
    if (!parsed.ok()) return BadValue(name, text, absl::StrCat("a ", type, " in its JSON form"));
    return absl::OkStatus();
  }
  return InvalidRequestField(
      name, absl::StrCat("参数 ", name, " 是消息，须指明其子字段"),
      absl::StrCat(name, " is a message: name one of its fields (", name, ".field)"));
}

// "ReportView" -> "REPORT_VIEW", the prefix of its values by the protobuf style guide.
std::string UpperSnake(absl::string_view camel) {
  std::string out;
  for (size_t i = 0; i < camel.size(); ++i) {
    if (i > 0 && absl::ascii_isupper(static_cast<unsigned char>(camel[i]))) out.push_back('_');
    out.push_back(absl::ascii_toupper(static_cast<unsigned char>(camel[i])));
  }
  return out;
}

absl::Status SetEnumFromText(Message* message, const FieldDescriptor* field, absl::string_view text,
                             absl::string_view name) {
  const google::protobuf::EnumDescriptor* type = field->enum_type();
  const google::protobuf::EnumValueDescriptor* value = type->FindValueByName(std::string(text));
  if (value == nullptr) {
    // "view=BASIC" for REPORT_VIEW_BASIC: the style guide's prefix is noise in a URL.
    value = type->FindValueByName(absl::StrCat(UpperSnake(type->name()), "_", text));
  }
  int number = 0;
  if (value == nullptr && absl::SimpleAtoi(text, &number)) value = type->FindValueByNumber(number);
  if (value == nullptr) return BadValue(name, text, absl::StrCat("a value of ", type->name()));
  const Reflection* reflection = message->GetReflection();
  if (field->is_repeated()) {
    reflection->AddEnumValue(message, field, value->number());
  } else {
    reflection->SetEnumValue(message, field, value->number());
  }
  return absl::OkStatus();
}

absl::Status SetStringFromText(Message* message, const FieldDescriptor* field,
                               absl::string_view text, absl::string_view name) {
  std::string value;
  if (field->type() == FieldDescriptor::TYPE_BYTES) {
    if (!absl::Base64Unescape(text, &value) && !absl::WebSafeBase64Unescape(text, &value)) {
      return BadValue(name, text, "base64");
    }
  } else {
    if (!google::protobuf::internal::IsStructurallyValidUTF8(text.data(),
                                                             static_cast<int>(text.size()))) {
      return BadValue(name, "", "UTF-8 text");
    }
    value = std::string(text);
  }
  const Reflection* reflection = message->GetReflection();
  if (field->is_repeated()) {
    reflection->AddString(message, field, std::move(value));
  } else {
    reflection->SetString(message, field, std::move(value));
  }
  return absl::OkStatus();
}

// Parses a number of type T and stores it with Set or Add.
template <typename T, typename SetFn, typename AddFn>
absl::Status SetNumber(Message* message, const FieldDescriptor* field, absl::string_view text,
                       absl::string_view name, bool parsed, T value, SetFn set, AddFn add) {
  if (!parsed) return BadValue(name, text, absl::StrCat("a number (", field->type_name(), ")"));
  const Reflection* reflection = message->GetReflection();
  if (field->is_repeated()) {
    (reflection->*add)(message, field, value);
  } else {
    (reflection->*set)(message, field, value);
  }
  return absl::OkStatus();
}

absl::Status SetScalarFromText(Message* message, const FieldDescriptor* field,
                               absl::string_view text, absl::string_view name) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t v = 0;
      const bool parsed = absl::SimpleAtoi(text, &v);  // Before v is passed by value.
      return SetNumber(message, field, text, name, parsed, v, &Reflection::SetInt32,
                       &Reflection::AddInt32);
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t v = 0;
      const bool parsed = absl::SimpleAtoi(text, &v);  // Before v is passed by value.
      return SetNumber(message, field, text, name, parsed, v, &Reflection::SetInt64,
                       &Reflection::AddInt64);
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t v = 0;
      const bool parsed = absl::SimpleAtoi(text, &v);  // Before v is passed by value.
      return SetNumber(message, field, text, name, parsed, v, &Reflection::SetUInt32,
                       &Reflection::AddUInt32);
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t v = 0;
      const bool parsed = absl::SimpleAtoi(text, &v);  // Before v is passed by value.
      return SetNumber(message, field, text, name, parsed, v, &Reflection::SetUInt64,
                       &Reflection::AddUInt64);
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double v = 0;
      const bool parsed = absl::SimpleAtod(text, &v);  // Before v is passed by value.
      return SetNumber(message, field, text, name, parsed, v, &Reflection::SetDouble,
                       &Reflection::AddDouble);
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      float v = 0;
      const bool parsed = absl::SimpleAtof(text, &v);  // Before v is passed by value.
      return SetNumber(message, field, text, name, parsed, v, &Reflection::SetFloat,
                       &Reflection::AddFloat);
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      const bool valid = text == "true" || text == "false";
      if (!valid) return BadValue(name, text, "true or false");
      return SetNumber(message, field, text, name, true, text == "true", &Reflection::SetBool,
                       &Reflection::AddBool);
    }
    case FieldDescriptor::CPPTYPE_ENUM:
      return SetEnumFromText(message, field, text, name);
    case FieldDescriptor::CPPTYPE_STRING:
      return SetStringFromText(message, field, text, name);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return SetMessageFromText(message, field, text, name);
  }
  return BadValue(name, text, "a supported type");
}

}  // namespace

std::vector<const FieldDescriptor*> ResolveFieldPath(const google::protobuf::Descriptor& message,
                                                     absl::string_view dotted, bool json_names) {
  std::vector<const FieldDescriptor*> path;
  const google::protobuf::Descriptor* current = &message;
  for (absl::string_view part : absl::StrSplit(dotted, '.')) {
    // Only singular messages may be walked through: "a.b" where a is repeated names no one field.
    if (current == nullptr || (!path.empty() && path.back()->is_repeated())) return {};
    const FieldDescriptor* field = current->FindFieldByName(std::string(part));
    for (int i = 0; field == nullptr && json_names && i < current->field_count(); ++i) {
      if (current->field(i)->json_name() == part) field = current->field(i);
    }
    if (field == nullptr) return {};
    path.push_back(field);
    current = field->message_type();
  }
  return path;
}

namespace {
int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_tolower(static_cast<unsigned char>(c));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}
}  // namespace

std::optional<std::string> DecodeQueryComponent(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] != '%') {
      out.push_back(text[i]);
    } else {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = HexDigit(text[i + 1]);
      const int low = HexDigit(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    }
  }
  return out;
}

absl::Status SetFieldFromText(Message* message, const std::vector<const FieldDescriptor*>& path,
                              absl::string_view text, absl::string_view name) {
  Message* target = message;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    target = target->GetReflection()->MutableMessage(target, path[i]);
  }
  const FieldDescriptor* field = path.back();
  if (field->is_map()) {
    return InvalidRequestField(name, absl::StrCat("参数 ", name, " 是映射，须在请求体中给出"),
                               absl::StrCat(name, " is a map: send it in the body"));
  }
  return SetScalarFromText(target, field, text, name);
}

}  // namespace nianbao::gateway::internal
