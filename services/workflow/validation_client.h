// ReportValidator over gRPC: calls nianbao-validatord with a deadline per attempt and retries with
// exponential backoff while it is UNAVAILABLE. When it stays down the call fails UNAVAILABLE, and
// the workflow leaves the draft untouched.
#ifndef NIANBAO_SERVICES_WORKFLOW_VALIDATION_CLIENT_H_
#define NIANBAO_SERVICES_WORKFLOW_VALIDATION_CLIENT_H_

#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "nianbao/v1/validation.grpc.pb.h"
#include "services/workflow/report_validator.h"

namespace nianbao::workflow_service {

struct ValidationClientOptions {
  std::string address;                                       // "host:port" of nianbao-validatord
  absl::Duration deadline = absl::Seconds(5);                // per attempt
  int attempts = 3;                                          // tries while UNAVAILABLE
  absl::Duration initial_backoff = absl::Milliseconds(100);  // doubled after each try
  // TLS (service::MakeChannelCredentials) or plaintext; null: plaintext.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
};

class ValidationClient final : public ReportValidator {
 public:
  explicit ValidationClient(ValidationClientOptions options);
  absl::StatusOr<nianbao::v1::ValidateResponse> Validate(
      const nianbao::v1::ValidateRequest& request) override;

 private:
  ValidationClientOptions options_;
  std::unique_ptr<nianbao::v1::ValidationService::Stub> stub_;
};

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_VALIDATION_CLIENT_H_
