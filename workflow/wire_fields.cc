#include "workflow/wire_fields.h"

#include <cstdint>

namespace nianbao::workflow {
namespace {

// Reads a base-128 varint from the front of `bytes`; nullopt when it runs off the end or is longer
// than ten bytes.
std::optional<uint64_t> ConsumeVarint(absl::string_view* bytes) {
  uint64_t value = 0;
  for (int shift = 0; shift < 70 && !bytes->empty(); shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(bytes->front());
    bytes->remove_prefix(1);
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

// Steps over one field's value of `wire_type`; false when malformed. Sets `*payload` for a
// length-delimited field.
bool SkipValue(uint64_t wire_type, absl::string_view* bytes, absl::string_view* payload) {
  switch (wire_type) {
    case 0:
      return ConsumeVarint(bytes).has_value();
    case 1:
    case 5: {
      const size_t width = wire_type == 1 ? 8 : 4;
      if (bytes->size() < width) return false;
      bytes->remove_prefix(width);
      return true;
    }
    case 2: {
      const std::optional<uint64_t> length = ConsumeVarint(bytes);
      if (!length || *length > bytes->size()) return false;
      *payload = bytes->substr(0, static_cast<size_t>(*length));
      bytes->remove_prefix(static_cast<size_t>(*length));
      return true;
    }
    default:  // groups (3, 4) and invalid types
      return false;
  }
}

}  // namespace

bool NextTopLevelField(absl::string_view* rest, WireField* field) {
  const char* start = rest->data();
  const std::optional<uint64_t> tag = ConsumeVarint(rest);
  const uint64_t number = tag ? *tag >> 3 : 0;
  if (number == 0 || number > 536870911) return false;  // 2^29 - 1, the largest
  *field = WireField();
  field->number = static_cast<int>(number);
  field->length_delimited = (*tag & 7) == 2;
  if (!SkipValue(*tag & 7, rest, &field->payload)) return false;
  field->record = absl::string_view(start, static_cast<size_t>(rest->data() - start));
  return true;
}

std::optional<std::vector<WireField>> SplitTopLevelFields(absl::string_view message) {
  std::vector<WireField> fields;
  for (WireField field; !message.empty(); fields.push_back(field)) {
    if (!NextTopLevelField(&message, &field)) return std::nullopt;
  }
  return fields;
}

bool SplitOffField(absl::string_view message, int number, std::string* rest,
                   absl::string_view* payload, int* occurrences) {
  const std::optional<std::vector<WireField>> fields = SplitTopLevelFields(message);
  if (!fields) return false;
  rest->clear();
  *payload = absl::string_view();
  *occurrences = 0;
  for (const WireField& field : *fields) {
    if (field.number == number) {
      *payload = field.payload;
      ++*occurrences;
    } else {
      rest->append(field.record.data(), field.record.size());
    }
  }
  return true;
}

}  // namespace nianbao::workflow
