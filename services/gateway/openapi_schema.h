// Internal to the transcoder: OpenAPI 3.0 schemas of protobuf types, by their proto3 JSON form,
// built as google.protobuf.Value trees (printed by protobuf's JSON printer: no JSON hand-written).
#ifndef NIANBAO_SERVICES_GATEWAY_OPENAPI_SCHEMA_H_
#define NIANBAO_SERVICES_GATEWAY_OPENAPI_SCHEMA_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace nianbao::gateway::internal {

using google::protobuf::Value;

Value JsonString(absl::string_view text);
Value JsonNumber(double number);
Value JsonBool(bool value);
Value JsonObject(std::initializer_list<std::pair<std::string, Value>> members);
Value JsonArray(std::vector<Value> items);
// Adds (or replaces) a member of an object value.
void SetMember(Value& object, const std::string& name, Value value);

// The comment above a descriptor when its pool holds source info, else "".
template <typename Descriptor>
std::string CommentOf(const Descriptor& descriptor) {
  google::protobuf::SourceLocation location;
  if (!descriptor.GetSourceLocation(&location)) return "";
  std::string comment = location.leading_comments;
  while (!comment.empty() && (comment.back() == '\n' || comment.back() == ' ')) comment.pop_back();
  while (!comment.empty() && comment.front() == ' ') comment.erase(0, 1);
  return comment;
}

// Collects the component schemas (messages and enums, by full name) reachable from messages.
class SchemaSet {
 public:
  // A reference to the message's schema ("#/components/schemas/nianbao.v1.Report"), or an inline
  // schema for well-known types; records it (and what it reaches) for components().
  Value MessageSchema(const google::protobuf::Descriptor& message);
  // The schema of one field's JSON value (arrays for repeated, objects for maps).
  Value FieldSchema(const google::protobuf::FieldDescriptor& field);
  // The schema of a single (non-repeated) value of the field's type.
  Value SingularSchema(const google::protobuf::FieldDescriptor& field);
  // components/schemas: every recorded message and enum.
  Value Components() const;

 private:
  Value EnumSchema(const google::protobuf::EnumDescriptor& type);
  void AddMessage(const google::protobuf::Descriptor& message);

  google::protobuf::Struct schemas_;
};

}  // namespace nianbao::gateway::internal

#endif  // NIANBAO_SERVICES_GATEWAY_OPENAPI_SCHEMA_H_
