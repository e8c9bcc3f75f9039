#include "services/common/grpc_status.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/error_compaction.h"

namespace nianbao::service {
namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com/";

// An explicit switch rather than a cast: the two enums agree today, and this is where it would be
// caught if they ever did not.
grpc::StatusCode ToGrpcCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return grpc::StatusCode::OK;
    case absl::StatusCode::kCancelled:
      return grpc::StatusCode::CANCELLED;
    case absl::StatusCode::kUnknown:
      return grpc::StatusCode::UNKNOWN;
    case absl::StatusCode::kInvalidArgument:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case absl::StatusCode::kDeadlineExceeded:
      return grpc::StatusCode::DEADLINE_EXCEEDED;
    case absl::StatusCode::kNotFound:
      return grpc::StatusCode::NOT_FOUND;
    case absl::StatusCode::kAlreadyExists:
      return grpc::StatusCode::ALREADY_EXISTS;
    case absl::StatusCode::kPermissionDenied:
      return grpc::StatusCode::PERMISSION_DENIED;
    case absl::StatusCode::kResourceExhausted:
      return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case absl::StatusCode::kFailedPrecondition:
      return grpc::StatusCode::FAILED_PRECONDITION;
    case absl::StatusCode::kAborted:
      return grpc::StatusCode::ABORTED;
    case absl::StatusCode::kOutOfRange:
      return grpc::StatusCode::OUT_OF_RANGE;
    case absl::StatusCode::kUnimplemented:
      return grpc::StatusCode::UNIMPLEMENTED;
    case absl::StatusCode::kInternal:
      return grpc::StatusCode::INTERNAL;
    case absl::StatusCode::kUnavailable:
      return grpc::StatusCode::UNAVAILABLE;
    case absl::StatusCode::kDataLoss:
      return grpc::StatusCode::DATA_LOSS;
    case absl::StatusCode::kUnauthenticated:
      return grpc::StatusCode::UNAUTHENTICATED;
    default:
      break;
  }
  return grpc::StatusCode::UNKNOWN;
}

absl::StatusCode FromGrpcCode(int code) {
  if (code < 0 || code > static_cast<int>(absl::StatusCode::kUnauthenticated)) {
    return absl::StatusCode::kUnknown;
  }
  return static_cast<absl::StatusCode>(code);  // Range-checked above; values are identical.
}

// AIP-193's form of a reason: UPPER_SNAKE_CASE, at most 63 characters.
bool IsUpperSnake(absl::string_view reason) {
  if (reason.empty() || reason.size() > 63 || !absl::ascii_isupper(reason.front()) ||
      reason.back() == '_') {
    return false;
  }
  for (char c : reason) {
    if (!absl::ascii_isupper(c) && !absl::ascii_isdigit(c) && c != '_') return false;
  }
  return true;
}

// Every error that leaves a server carries an ErrorInfo in our domain, so that a client can
// branch on `reason` whichever library made the status: the specific reason its source set, or
// else the canonical code's name ("INVALID_ARGUMENT", ...).
void EnsureErrorInfo(absl::Status& status) {
  google::rpc::ErrorInfo info;
  const bool present = nianbao::workflow::GetDetail(status, kErrorInfoTypeUrl, info);
  if (present && IsUpperSnake(info.reason()) && info.domain() == kErrorDomain) return;
  if (!IsUpperSnake(info.reason())) {
    const std::string code_name = absl::StatusCodeToString(status.code());
    info.set_reason(IsUpperSnake(code_name) ? code_name : "UNKNOWN");
  }
  info.set_domain(std::string(kErrorDomain));
  nianbao::workflow::SetDetail(status, kErrorInfoTypeUrl, info);
}

// Chinese (CJK Unified Ideographs, U+4E00..U+9FFF, lead bytes E4..E9 in UTF-8) anywhere in text.
bool HasChinese(absl::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0xE4 && c <= 0xE9) return true;
  }
  return false;
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status_in) {
  if (status_in.ok()) return grpc::Status::OK;
  // Every server's details must fit in gRPC's trailers, whichever library produced them.
  absl::Status status = CompactErrorDetails(status_in);
  EnsureErrorInfo(status);
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(ToGrpcCode(status.code())));
  rpc_status.set_message(std::string(status.message()));
  bool has_localized = false;
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    if (!absl::StartsWith(type_url, kTypeUrlPrefix)) return;
    has_localized = has_localized || type_url == kLocalizedMessageTypeUrl;
    auto* any = rpc_status.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  if (!has_localized && HasChinese(status.message())) {
    google::rpc::LocalizedMessage localized;
    localized.set_locale("zh-CN");
    localized.set_message(std::string(status.message()));
    rpc_status.add_details()->PackFrom(localized);
  }
  return grpc::Status(ToGrpcCode(status.code()), std::string(status.message()),
                      rpc_status.SerializeAsString());
}

grpc::Status WithErrorDetails(const grpc::Status& status) {
  if (status.ok()) return status;
  const auto info = FindDetail<google::rpc::ErrorInfo>(RpcStatusFromGrpc(status));
  if (info.has_value() && IsUpperSnake(info->reason()) && info->domain() == kErrorDomain) {
    return status;
  }
  return ToGrpcStatus(FromGrpcStatus(status));
}

google::rpc::Status RpcStatusFromGrpc(const grpc::Status& status) {
  google::rpc::Status rpc_status;
  if (!status.error_details().empty() && rpc_status.ParseFromString(status.error_details())) {
    return rpc_status;
  }
  rpc_status.Clear();
  rpc_status.set_code(static_cast<int>(status.error_code()));
  rpc_status.set_message(status.error_message());
  return rpc_status;
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const google::rpc::Status rpc_status = RpcStatusFromGrpc(status);
  absl::Status result(FromGrpcCode(static_cast<int>(status.error_code())), status.error_message());
  for (const auto& any : rpc_status.details()) {
    result.SetPayload(any.type_url(), absl::Cord(any.value()));
  }
  return result;
}

}  // namespace nianbao::service
