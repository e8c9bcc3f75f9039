// OpenAPI schemas of messages, enums and fields as the proto3 JSON mapping writes them.
#include "services/gateway/openapi_schema.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace nianbao::gateway::internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

Value Ref(absl::string_view full_name) {
  return JsonObject({{"$ref", JsonString(absl::StrCat("#/components/schemas/", full_name))}});
}

Value Typed(absl::string_view type, absl::string_view format = "") {
  Value schema = JsonObject({{"type", JsonString(type)}});
  if (!format.empty()) SetMember(schema, "format", JsonString(format));
  return schema;
}

// Well-known types have their own JSON forms (RFC 3339 strings, "a.b,c" masks, plain values).
std::optional<Value> WellKnownSchema(const Descriptor& message) {
  const std::string& name = message.full_name();
  if (!absl::StartsWith(name, "google.protobuf.")) return std::nullopt;
  if (name == "google.protobuf.Timestamp") return Typed("string", "date-time");
  if (name == "google.protobuf.Duration") return Typed("string", "duration");
  if (name == "google.protobuf.FieldMask") return Typed("string", "field-mask");
  if (name == "google.protobuf.Struct") return Typed("object");
  if (name == "google.protobuf.ListValue")
    return JsonObject({{"type", JsonString("array")}, {"items", JsonObject({})}});
  if (name == "google.protobuf.Value") return JsonObject({});
  if (name == "google.protobuf.Empty") return Typed("object");
  if (name == "google.protobuf.Any") {
    Value schema = JsonObject(
        {{"type", JsonString("object")}, {"properties", JsonObject({{"@type", Typed("string")}})}});
    SetMember(schema, "additionalProperties", JsonBool(true));
    return schema;
  }
  return std::nullopt;  // Wrappers are resolved by MessageSchema through their value field.
}

bool IsWrapper(const Descriptor& message) {
  return absl::StartsWith(message.full_name(), "google.protobuf.") &&
         absl::EndsWith(message.full_name(), "Value") && message.field_count() == 1 &&
         message.field(0)->name() == "value";
}

}  // namespace

Value JsonString(absl::string_view text) {
  Value value;
  value.set_string_value(std::string(text));
  return value;
}

Value JsonNumber(double number) {
  Value value;
  value.set_number_value(number);
  return value;
}

Value JsonBool(bool flag) {
  Value value;
  value.set_bool_value(flag);
  return value;
}

Value JsonObject(std::initializer_list<std::pair<std::string, Value>> members) {
  Value value;
  google::protobuf::Struct* object = value.mutable_struct_value();
  for (const auto& [name, member] : members) (*object->mutable_fields())[name] = member;
  return value;
}

Value JsonArray(std::vector<Value> items) {
  Value value;
  google::protobuf::ListValue* list = value.mutable_list_value();
  for (Value& item : items) *list->add_values() = std::move(item);
  return value;
}

void SetMember(Value& object, const std::string& name, Value value) {
  (*object.mutable_struct_value()->mutable_fields())[name] = std::move(value);
}

Value SchemaSet::MessageSchema(const Descriptor& message) {
  if (std::optional<Value> known = WellKnownSchema(message)) return *known;
  if (IsWrapper(message)) return SingularSchema(*message.field(0));
  AddMessage(message);
  return Ref(message.full_name());
}

Value SchemaSet::SingularSchema(const FieldDescriptor& field) {
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return Typed("integer", "int32");
    case FieldDescriptor::CPPTYPE_UINT32: {
      Value schema = Typed("integer", "int64");
      SetMember(schema, "minimum", JsonNumber(0));
      return schema;
    }
    case FieldDescriptor::CPPTYPE_INT64:  // proto3 JSON writes 64-bit integers as strings.
      return Typed("string", "int64");
    case FieldDescriptor::CPPTYPE_UINT64:
      return Typed("string", "uint64");
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return Typed("number", "double");
    case FieldDescriptor::CPPTYPE_FLOAT:
      return Typed("number", "float");
    case FieldDescriptor::CPPTYPE_BOOL:
      return Typed("boolean");
    case FieldDescriptor::CPPTYPE_STRING:
      return field.type() == FieldDescriptor::TYPE_BYTES ? Typed("string", "byte")
                                                         : Typed("string");
    case FieldDescriptor::CPPTYPE_ENUM:
      return EnumSchema(*field.enum_type());
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return MessageSchema(*field.message_type());
  }
  return JsonObject({});
}

Value SchemaSet::FieldSchema(const FieldDescriptor& field) {
  if (field.is_map()) {
    Value schema = Typed("object");
    SetMember(schema, "additionalProperties", SingularSchema(*field.message_type()->map_value()));
    return schema;
  }
  if (field.is_repeated()) {
    return JsonObject({{"type", JsonString("array")}, {"items", SingularSchema(field)}});
  }
  return SingularSchema(field);
}

Value SchemaSet::EnumSchema(const google::protobuf::EnumDescriptor& type) {
  if (schemas_.fields().count(type.full_name()) == 0) {
    std::vector<Value> names;
    for (int i = 0; i < type.value_count(); ++i) names.push_back(JsonString(type.value(i)->name()));
    Value schema = JsonObject({{"type", JsonString("string")}, {"enum", JsonArray(names)}});
    if (std::string comment = CommentOf(type); !comment.empty()) {
      SetMember(schema, "description", JsonString(comment));
    }
    (*schemas_.mutable_fields())[type.full_name()] = std::move(schema);
  }
  return Ref(type.full_name());
}

void SchemaSet::AddMessage(const Descriptor& message) {
  if (schemas_.fields().count(message.full_name()) > 0) return;
  // Recorded before its fields are, so that a recursive message refers to itself and stops.
  (*schemas_.mutable_fields())[message.full_name()] = Typed("object");
  Value properties = JsonObject({});
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor& field = *message.field(i);
    Value schema = FieldSchema(field);
    const std::string comment = CommentOf(field);
    // In OpenAPI 3.0 a $ref ignores its siblings: a description goes on inline schemas only.
    if (!comment.empty() && schema.struct_value().fields().count("$ref") == 0) {
      SetMember(schema, "description", JsonString(comment));
    }
    SetMember(properties, field.json_name(), std::move(schema));
  }
  Value schema = Typed("object");
  SetMember(schema, "properties", std::move(properties));
  if (std::string comment = CommentOf(message); !comment.empty()) {
    SetMember(schema, "description", JsonString(comment));
  }
  (*schemas_.mutable_fields())[message.full_name()] = std::move(schema);
}

Value SchemaSet::Components() const {
  Value value;
  *value.mutable_struct_value() = schemas_;
  return value;
}

}  // namespace nianbao::gateway::internal
