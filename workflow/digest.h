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

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_DIGEST_H_
