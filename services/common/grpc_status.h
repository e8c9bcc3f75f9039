// The one mapping between absl::Status (what our libraries return) and grpc::Status (what our
// servers send), with google.rpc error details so that every gRPC client can read which field was
// wrong and why, in Chinese and English. Details are attached with error_details.h; ToGrpcStatus
// turns each into a google.protobuf.Any in a google.rpc.Status carried as the grpc::Status's binary
// error details (the "grpc-status-details-bin" trailer).
#ifndef NIANBAO_SERVICES_COMMON_GRPC_STATUS_H_
#define NIANBAO_SERVICES_COMMON_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/common/error_details.h"

namespace nianbao::service {

// The project's single absl -> gRPC mapping. Same code and message; every payload whose type URL
// starts with "type.googleapis.com/" becomes an Any detail; a zh-CN LocalizedMessage is added when
// the status has none and its message contains Chinese. Details are first compacted
// (error_compaction.h) so they fit in gRPC's trailers. OK maps to OK with no details.
//
// Every non-OK result carries a google.rpc.ErrorInfo with domain "nianbao.gov.cn" and an
// UPPER_SNAKE_CASE reason (AIP-193): the one its source attached, or, when it attached none (or
// one not in that form), the canonical code's name, e.g. "INVALID_ARGUMENT".
grpc::Status ToGrpcStatus(const absl::Status& status);

// `status` as sent, when it already carries that ErrorInfo; otherwise re-encoded through
// ToGrpcStatus (for statuses that did not come from it: gRPC's own, or a handler's literal one).
grpc::Status WithErrorDetails(const grpc::Status& status);

// The reverse, for clients and tests: the google.rpc.Status a grpc::Status carries (decoded from
// its error details; code and message alone when it carries none or they do not parse).
google::rpc::Status RpcStatusFromGrpc(const grpc::Status& status);

// Back to absl::Status with the details as payloads (so a client can hand errors on unchanged).
absl::Status FromGrpcStatus(const grpc::Status& status);

// The first detail of type T in `status`, if any (T is one of the google.rpc detail messages).
template <typename T>
std::optional<T> FindDetail(const google::rpc::Status& status) {
  for (const auto& any : status.details()) {
    T detail;
    if (any.Is<T>() && any.UnpackTo(&detail)) return detail;
  }
  return std::nullopt;
}

}  // namespace nianbao::service

#endif  // NIANBAO_SERVICES_COMMON_GRPC_STATUS_H_
