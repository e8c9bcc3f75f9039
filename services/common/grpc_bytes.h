// Raw message bytes in and out of gRPC, for handlers that parse requests themselves (into an arena,
// or with their own limits) and answer with bytes already serialized (a response stored for retries
// goes to the wire as it is, not parsed and serialized again).
#ifndef NIANBAO_SERVICES_COMMON_GRPC_BYTES_H_
#define NIANBAO_SERVICES_COMMON_GRPC_BYTES_H_

#include <grpcpp/support/byte_buffer.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace nianbao::service {

// The bytes of a received message. A message in one slice (the usual case for moderate sizes) is
// read where it lies; one in several is joined into `storage`. `bytes` is valid as long as both.
[[nodiscard]] absl::Status ReadByteBuffer(const grpc::ByteBuffer& buffer, std::string* storage,
                                          absl::string_view* bytes);

// A message to send, taking over `bytes` without copying them.
grpc::ByteBuffer ToByteBuffer(std::string bytes);

}  // namespace nianbao::service

#endif  // NIANBAO_SERVICES_COMMON_GRPC_BYTES_H_
