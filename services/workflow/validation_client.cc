#include "services/workflow/validation_client.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/common/grpc_status.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {

ValidationClient::ValidationClient(ValidationClientOptions options)
    : options_(std::move(options)),
      stub_(nianbao::v1::ValidationService::NewStub(
          grpc::CreateChannel(options_.address, options_.credentials != nullptr
                                                    ? options_.credentials
                                                    : grpc::InsecureChannelCredentials()))) {}

absl::StatusOr<nianbao::v1::ValidateResponse> ValidationClient::Validate(
    const nianbao::v1::ValidateRequest& request) {
  absl::Duration backoff = options_.initial_backoff;
  grpc::Status last;
  const int attempts = std::max(1, options_.attempts);
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + options_.deadline));
    nianbao::v1::ValidateResponse response;
    last = stub_->Validate(&context, request, &response);
    if (last.ok()) return response;
    if (last.error_code() != grpc::StatusCode::UNAVAILABLE) break;
    if (attempt < attempts) {
      std::this_thread::sleep_for(absl::ToChronoNanoseconds(backoff));
      backoff *= 2;
    }
  }
  if (last.error_code() == grpc::StatusCode::UNAVAILABLE ||
      last.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return nianbao::workflow::MakeStatus(
        absl::StatusCode::kUnavailable,
        {absl::StrCat("校验服务暂不可用，报告未提交、仍为草稿：", last.error_message()),
         absl::StrCat("the validation service is unavailable; the report was not submitted and "
                      "stays a draft: ",
                      last.error_message())},
        "VALIDATION_UNAVAILABLE", {{"validation_address", options_.address}});
  }
  return nianbao::service::FromGrpcStatus(last);
}

}  // namespace nianbao::workflow_service
