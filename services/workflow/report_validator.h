// What the workflow core needs from the validation service: one call that checks a report. The gRPC
// client (validation_client.h) implements it; the core never sees gRPC.
#ifndef NIANBAO_SERVICES_WORKFLOW_REPORT_VALIDATOR_H_
#define NIANBAO_SERVICES_WORKFLOW_REPORT_VALIDATOR_H_

#include "absl/status/statusor.h"
#include "nianbao/v1/validation.pb.h"

namespace nianbao::workflow_service {

class ReportValidator {
 public:
  virtual ~ReportValidator() = default;
  // The findings for `request`. UNAVAILABLE when the validation service cannot be reached (after
  // any retries); other errors as the service returned them. Thread-safe.
  [[nodiscard]] virtual absl::StatusOr<nianbao::v1::ValidateResponse> Validate(
      const nianbao::v1::ValidateRequest& request) = 0;
};

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_REPORT_VALIDATOR_H_
