#include "services/validation/validation_grpc_service.h"

#include <google/protobuf/arena.h>

#include <string>

#include "services/common/error_details.h"
#include "services/common/grpc_bytes.h"
#include "services/common/grpc_status.h"
#include "services/validation/import_core.h"

namespace nianbao::validation {
namespace {

absl::Status ValidateBytes(const grpc::ByteBuffer& request_bytes, const ValidationLimits& limits,
                           grpc::ByteBuffer* response_bytes) {
  std::string joined;
  absl::string_view bytes;
  if (absl::Status status = service::ReadByteBuffer(request_bytes, &joined, &bytes); !status.ok()) {
    return status;
  }
  // A report is a few hundred small messages: an arena turns their allocations into a few blocks
  // freed at once.
  google::protobuf::ArenaOptions arena_options;
  arena_options.start_block_size = 16 * 1024;
  google::protobuf::Arena arena(arena_options);
  auto* request = google::protobuf::Arena::CreateMessage<nianbao::v1::ValidateRequest>(&arena);
  if (absl::Status status = ParseValidateRequest(bytes, limits, request); !status.ok()) {
    return status;
  }
  auto* response = google::protobuf::Arena::CreateMessage<nianbao::v1::ValidateResponse>(&arena);
  if (absl::Status status = ValidateReportRequest(*request, limits, response); !status.ok()) {
    return status;
  }
  *response_bytes = service::ToByteBuffer(response->SerializeAsString());
  return absl::OkStatus();
}

absl::Status ListRulesBytes(const grpc::ByteBuffer& request_bytes,
                            grpc::ByteBuffer* response_bytes) {
  std::string joined;
  absl::string_view bytes;
  if (absl::Status status = service::ReadByteBuffer(request_bytes, &joined, &bytes); !status.ok()) {
    return status;
  }
  nianbao::v1::ListRulesRequest request;
  if (!request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return service::BadRequestError("请求不是有效的ListRulesRequest编码",
                                    "the request is not a valid serialized ListRulesRequest",
                                    {{"(request)", "请求无法解析 (the request does not parse)"}});
  }
  nianbao::v1::ListRulesResponse response;
  if (absl::Status status = ListValidationRules(request, &response); !status.ok()) return status;
  *response_bytes = service::ToByteBuffer(response.SerializeAsString());
  return absl::OkStatus();
}

absl::Status ImportDocumentBytes(const grpc::ByteBuffer& request_bytes,
                                 const ValidationLimits& limits, grpc::ByteBuffer* response_bytes) {
  // Refused before the bytes are joined or parsed: the transport admits a little more than the
  // document limit (kImportRequestOverheadBytes) so that this answer, naming `content`, is the one
  // a caller sees.
  const int64_t size = static_cast<int64_t>(request_bytes.Length());
  if (size > limits.max_import_bytes + kImportRequestOverheadBytes) {
    return DocumentTooLargeError(size, limits.max_import_bytes);
  }
  std::string joined;
  absl::string_view bytes;
  if (absl::Status status = service::ReadByteBuffer(request_bytes, &joined, &bytes); !status.ok()) {
    return status;
  }
  nianbao::v1::ImportDocumentRequest request;
  if (!request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return service::BadRequestError(
        "请求不是有效的ImportDocumentRequest编码",
        "the request is not a valid serialized ImportDocumentRequest",
        {{"(request)",
          "请求无法解析（文件名与媒体类型须为UTF-8） (the request does not parse; "
          "file name and media type must be UTF-8)"}});
  }
  nianbao::v1::ImportDocumentResponse response;
  if (absl::Status status = ImportDocumentCore(request, limits, &response); !status.ok()) {
    return status;
  }
  *response_bytes = service::ToByteBuffer(response.SerializeAsString());
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* ValidationGrpcService::ImportDocument(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(nianbao::service::ToGrpcStatus(ImportDocumentBytes(*request, limits_, response)));
  return reactor;
}

grpc::ServerUnaryReactor* ValidationGrpcService::Validate(grpc::CallbackServerContext* context,
                                                          const grpc::ByteBuffer* request,
                                                          grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(nianbao::service::ToGrpcStatus(ValidateBytes(*request, limits_, response)));
  return reactor;
}

grpc::ServerUnaryReactor* ValidationGrpcService::ListRules(grpc::CallbackServerContext* context,
                                                           const grpc::ByteBuffer* request,
                                                           grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(nianbao::service::ToGrpcStatus(ListRulesBytes(*request, response)));
  return reactor;
}

}  // namespace nianbao::validation
