// gRPC statuses as HTTP errors: AIP-193 bodies on REST routes, the Connect protocol's own on
// Connect routes (unary bodies and end-of-stream messages).
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/gateway/json_body.h"
#include "services/gateway/transcoder.h"

namespace nianbao::gateway {
namespace {

struct CodeInfo {
  const char* name;  // google.rpc.Code's name.
  int http_status;   // google/rpc/code.proto's HTTP mapping, which the Connect spec now follows.
};

// Indexed by the gRPC code (0 to 16).
constexpr std::array<CodeInfo, 17> kCodes = {{
    {"OK", 200},
    {"CANCELLED", 499},
    {"UNKNOWN", 500},
    {"INVALID_ARGUMENT", 400},
    {"DEADLINE_EXCEEDED", 504},
    {"NOT_FOUND", 404},
    {"ALREADY_EXISTS", 409},
    {"PERMISSION_DENIED", 403},
    {"RESOURCE_EXHAUSTED", 429},
    {"FAILED_PRECONDITION", 400},
    {"ABORTED", 409},
    {"OUT_OF_RANGE", 400},
    {"UNIMPLEMENTED", 501},
    {"INTERNAL", 500},
    {"UNAVAILABLE", 503},
    {"DATA_LOSS", 500},
    {"UNAUTHENTICATED", 401},
}};

// An unknown code is UNKNOWN, as gRPC itself treats it.
const CodeInfo& InfoFor(int grpc_code) {
  if (grpc_code < 0 || grpc_code >= static_cast<int>(kCodes.size())) return kCodes[2];
  return kCodes[grpc_code];
}

// The details the trailer carries; none when it is empty or does not parse (the code and message
// are what the caller must get in any case).
google::rpc::Status DecodeDetails(absl::string_view status_details) {
  google::rpc::Status status;
  if (!status_details.empty() &&
      !status.ParseFromArray(status_details.data(), static_cast<int>(status_details.size()))) {
    status.Clear();
  }
  return status;
}

// "type.googleapis.com/google.rpc.BadRequest" -> "google.rpc.BadRequest".
absl::string_view TypeName(absl::string_view type_url) {
  const size_t slash = type_url.rfind('/');
  return slash == absl::string_view::npos ? type_url : type_url.substr(slash + 1);
}

std::string Base64Unpadded(absl::string_view bytes) {
  std::string encoded = absl::Base64Escape(bytes);
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  return encoded;
}

// A Connect detail: type, base64 value, and (for people reading it) the message as JSON.
std::string ConnectDetailJson(const google::protobuf::Any& any) {
  std::string json = absl::StrCat("{\"type\":", internal::JsonQuote(TypeName(any.type_url())),
                                  ",\"value\":\"", Base64Unpadded(any.value()), "\"");
  absl::StatusOr<std::string> printed = internal::PrintJson(any);
  if (printed.ok()) {
    // The Any's JSON without its "@type" member is the detail's own JSON.
    const size_t comma = printed->find(',');
    if (comma != std::string::npos)
      absl::StrAppend(&json, ",\"debug\":{", printed->substr(comma + 1));
  }
  absl::StrAppend(&json, "}");
  return json;
}

std::string ConnectErrorJson(int grpc_code, absl::string_view message,
                             absl::string_view status_details) {
  std::string json = absl::StrCat("{\"code\":", internal::JsonQuote(ConnectCodeName(grpc_code)),
                                  ",\"message\":", internal::JsonQuote(message));
  const google::rpc::Status status = DecodeDetails(status_details);
  if (status.details_size() > 0) {
    std::vector<std::string> details;
    for (const google::protobuf::Any& any : status.details())
      details.push_back(ConnectDetailJson(any));
    absl::StrAppend(&json, ",\"details\":[", absl::StrJoin(details, ","), "]");
  }
  absl::StrAppend(&json, "}");
  return json;
}

}  // namespace

int HttpStatusForGrpcCode(int grpc_code) { return InfoFor(grpc_code).http_status; }

HttpError HttpErrorFor(int grpc_code, absl::string_view message, absl::string_view status_details) {
  const CodeInfo& info = InfoFor(grpc_code);
  std::vector<std::string> details;
  const google::rpc::Status status = DecodeDetails(status_details);
  for (const google::protobuf::Any& any : status.details()) {
    // An Any of a type this binary does not know cannot be printed; the others still can.
    absl::StatusOr<std::string> printed = internal::PrintJson(any);
    if (printed.ok()) details.push_back(*std::move(printed));
  }
  HttpError error;
  error.http_status = info.http_status;
  error.json_body = absl::StrCat("{\"error\":{\"code\":", info.http_status,
                                 ",\"message\":", internal::JsonQuote(message), ",\"status\":\"",
                                 info.name, "\",\"details\":[", absl::StrJoin(details, ","), "]}}");
  return error;
}

std::string ConnectCodeName(int grpc_code) {
  if (grpc_code == 1) return "canceled";  // Connect spells it with one "l".
  return absl::AsciiStrToLower(InfoFor(grpc_code).name);
}

int ConnectHttpStatusForGrpcCode(int grpc_code) { return InfoFor(grpc_code).http_status; }

HttpError ConnectErrorFor(int grpc_code, absl::string_view message,
                          absl::string_view status_details) {
  return HttpError{ConnectHttpStatusForGrpcCode(grpc_code),
                   ConnectErrorJson(grpc_code, message, status_details)};
}

std::string ConnectEndOfStream(int grpc_code, absl::string_view message,
                               absl::string_view status_details) {
  const std::string json =
      grpc_code == 0
          ? "{}"
          : absl::StrCat("{\"error\":", ConnectErrorJson(grpc_code, message, status_details), "}");
  return ConnectEnvelope(kConnectEndStreamFlag, json);
}

}  // namespace nianbao::gateway
