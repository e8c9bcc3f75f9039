// A walk over the wire format guided by the descriptor: only length-delimited fields the
// descriptor declares as strings or messages are looked into; everything else is skipped as
// protobuf would skip it.
#include "services/gateway/wire_strings.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/common.h>
#include <google/protobuf/wire_format_lite.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/gateway/json_body.h"

namespace nianbao::gateway::internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

// protobuf's default recursion limit: deeper input fails its parse anyway.
constexpr int kMaxDepth = 100;

// Why a walk stopped early.
enum class WalkEnd { kDone, kMalformed, kInvalidUtf8 };

class WireWalker {
 public:
  explicit WireWalker(absl::string_view wire)
      : input_(reinterpret_cast<const uint8_t*>(wire.data()), static_cast<int>(wire.size())) {
    // A limit at the end, so that a length can always be checked against what remains.
    input_.PushLimit(static_cast<int>(wire.size()));
  }

  // Walks one message up to the end of the input's current limit; `path` names the message.
  WalkEnd Walk(const Descriptor& descriptor, const std::string& path, int depth) {
    std::map<int, int> occurrences;  // Repeated fields' indexes, by field number.
    while (true) {
      const uint32_t tag = input_.ReadTag();
      if (tag == 0) {
        // The end of this message, or bytes that are no tag (a zero tag, a broken varint).
        return input_.ConsumedEntireMessage() && input_.BytesUntilLimit() == 0
                   ? WalkEnd::kDone
                   : WalkEnd::kMalformed;
      }
      const FieldDescriptor* field =
          descriptor.FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
      const bool delimited =
          WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
      if (field == nullptr || !delimited ||
          (field->type() != FieldDescriptor::TYPE_STRING &&
           field->type() != FieldDescriptor::TYPE_MESSAGE)) {
        if (!WireFormatLite::SkipField(&input_, tag)) return WalkEnd::kMalformed;
        continue;
      }
      std::string name = path.empty() ? field->name() : absl::StrCat(path, ".", field->name());
      if (field->is_repeated() && !field->is_map()) {
        absl::StrAppend(&name, "[", occurrences[field->number()]++, "]");
      }
      uint32_t length = 0;
      if (!input_.ReadVarint32(&length) ||
          length > static_cast<uint32_t>(input_.BytesUntilLimit())) {
        return WalkEnd::kMalformed;
      }
      if (field->type() == FieldDescriptor::TYPE_STRING) {
        std::string value;
        if (!input_.ReadString(&value, static_cast<int>(length))) return WalkEnd::kMalformed;
        if (!google::protobuf::internal::IsStructurallyValidUTF8(value.data(),
                                                                 static_cast<int>(value.size()))) {
          invalid_field_ = std::move(name);
          return WalkEnd::kInvalidUtf8;
        }
        continue;
      }
      if (depth + 1 >= kMaxDepth) return WalkEnd::kMalformed;
      const CodedInputStream::Limit limit = input_.PushLimit(static_cast<int>(length));
      const WalkEnd inner = Walk(*field->message_type(), name, depth + 1);
      if (inner != WalkEnd::kDone) return inner;
      if (input_.BytesUntilLimit() != 0) return WalkEnd::kMalformed;
      input_.PopLimit(limit);
    }
  }

  const std::string& invalid_field() const { return invalid_field_; }

 private:
  CodedInputStream input_;
  std::string invalid_field_;
};

}  // namespace

absl::Status CheckWireStringsUtf8(const Descriptor& descriptor, absl::string_view wire) {
  WireWalker walker(wire);
  if (walker.Walk(descriptor, "", 0) != WalkEnd::kInvalidUtf8) return absl::OkStatus();
  return InvalidRequestField(walker.invalid_field(), "字符串字段含无效的 UTF-8 字节",
                             "a string field holds bytes that are not valid UTF-8");
}

}  // namespace nianbao::gateway::internal
