#include "services/workflow/validation_client.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <iostream>
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
    // gRPC's own message names the internal address it tried: it goes to the server's log, not
    // to a caller outside, who learns only that validation is unavailable.
    std::cerr << "validation service " << options_.address
              << " unavailable: " << last.error_message() << std::endl;
    return nianbao::workflow::MakeStatus(
        absl::StatusCode::kUnavailable,
        {"校验服务暂不可用，报告未提交、仍为草稿，请稍后重试",
         "the validation service is unavailable; the report was not submitted and stays a draft: "
         "retry later"},
        "VALIDATION_UNAVAILABLE");
  }
  return nianbao::service::FromGrpcStatus(last);
}

}  // namespace nianbao::workflow_service
