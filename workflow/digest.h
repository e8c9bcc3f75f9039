// SHA-256 digests and the deterministic serialization they are taken over. Every hash the workflow
// computes (content digests, ETags, audit chain links, token digests) goes through here so that
// they all agree on the bytes hashed.
#ifndef NIANBAO_WORKFLOW_DIGEST_H_
#define NIANBAO_WORKFLOW_DIGEST_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"

namespace nianbao::workflow {

// Size of a SHA-256 digest in bytes.
inline constexpr size_t kSha256Size = 32;

// The raw 32-byte SHA-256 of `data`.
std::string Sha256(absl::string_view data);

// Lowercase hex of `bytes`.
std::string HexEncode(absl::string_view bytes);

// Serializes `message` deterministically (map entries sorted), so that equal messages give equal
// bytes within one protobuf version. Unknown fields are kept as they are.
std::string DeterministicSerialize(const google::protobuf::MessageLite& message);

// Appends to `bytes` (a serialized message) field `field_number` holding the serialized message or
// string `value`, as a parser reads it: the wire format allows fields in any order. This lets a
// message that embeds an already serialized part (a report's content, a response's report) be
// written without serializing that part again.
void AppendLengthDelimitedField(int field_number, absl::string_view value, std::string* bytes);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_DIGEST_H_
