#include "services/common/grpc_bytes.h"

#include <grpc/slice.h>

#include <utility>
#include <vector>

namespace nianbao::service {

absl::Status ReadByteBuffer(const grpc::ByteBuffer& buffer, std::string* storage,
                            absl::string_view* bytes) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) {
    return absl::InternalError("无法读取请求 (cannot read the request)");
  }
  if (slices.size() == 1) {
    *bytes = absl::string_view(reinterpret_cast<const char*>(slices[0].begin()), slices[0].size());
    // The slice shares the buffer's memory, which outlives this call.
    return absl::OkStatus();
  }
  storage->clear();
  storage->reserve(buffer.Length());
  for (const grpc::Slice& slice : slices) {
    storage->append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  *bytes = *storage;
  return absl::OkStatus();
}

grpc::ByteBuffer ToByteBuffer(std::string bytes) {
  auto* owned = new std::string(std::move(bytes));
  grpc::Slice slice(
      grpc_slice_new_with_user_data(
          owned->data(), owned->size(),
          [](void* user_data) { delete static_cast<std::string*>(user_data); }, owned),
      grpc::Slice::STEAL_REF);
  return grpc::ByteBuffer(&slice, 1);
}

}  // namespace nianbao::service
