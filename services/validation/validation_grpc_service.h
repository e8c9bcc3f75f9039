// The ValidationService gRPC handlers: thin wrappers over validation_core.h and import_core.h.
// Validate reads the raw request bytes itself so that a malformed request is answered with
// INVALID_ARGUMENT naming the field (gRPC's own parser would answer INTERNAL, naming nothing); so
// do ListRules, for which gRPC's callback handler would answer UNIMPLEMENTED, and ImportDocument,
// which also refuses an oversized request before parsing it. Thread-safe; no state beyond the
// limits.
#ifndef NIANBAO_SERVICES_VALIDATION_VALIDATION_GRPC_SERVICE_H_
#define NIANBAO_SERVICES_VALIDATION_VALIDATION_GRPC_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "nianbao/v1/validation.grpc.pb.h"
#include "services/validation/validation_core.h"

namespace nianbao::validation {

class ValidationGrpcService final
    : public nianbao::v1::ValidationService::WithRawCallbackMethod_Validate<
          nianbao::v1::ValidationService::WithRawCallbackMethod_ListRules<
              nianbao::v1::ValidationService::WithRawCallbackMethod_ImportDocument<
                  nianbao::v1::ValidationService::Service>>> {
 public:
  explicit ValidationGrpcService(ValidationLimits limits) : limits_(limits) {}

  grpc::ServerUnaryReactor* Validate(grpc::CallbackServerContext* context,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListRules(grpc::CallbackServerContext* context,
                                      const grpc::ByteBuffer* request,
                                      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ImportDocument(grpc::CallbackServerContext* context,
                                           const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) override;

 private:
  const ValidationLimits limits_;
};

}  // namespace nianbao::validation

#endif  // NIANBAO_SERVICES_VALIDATION_VALIDATION_GRPC_SERVICE_H_
