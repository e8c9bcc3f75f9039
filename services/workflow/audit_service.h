// The gRPC face of the audit trail (nianbao.v1.AuditService): each handler authenticates the bearer
// token, calls AuditCore and maps its status with services/common/grpc_status.h. AuditCheckpointer
// signs the chain head at an interval in the background.
#ifndef NIANBAO_SERVICES_WORKFLOW_AUDIT_SERVICE_H_
#define NIANBAO_SERVICES_WORKFLOW_AUDIT_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "nianbao/v1/audit.grpc.pb.h"
#include "services/workflow/audit_service_core.h"
#include "workflow/principals.h"

namespace nianbao::workflow_service {

class AuditServiceImpl final : public nianbao::v1::AuditService::Service {
 public:
  // Borrows both; they must outlive the service.
  AuditServiceImpl(AuditCore* core, const nianbao::workflow::PrincipalDirectory* principals)
      : core_(core), principals_(principals) {}

  grpc::Status ListAuditEvents(grpc::ServerContext* context,
                               const nianbao::v1::ListAuditEventsRequest* request,
                               nianbao::v1::ListAuditEventsResponse* response) override;
  grpc::Status StreamAuditEvents(
      grpc::ServerContext* context, const nianbao::v1::StreamAuditEventsRequest* request,
      grpc::ServerWriter<nianbao::v1::StreamAuditEventsResponse>* writer) override;
  grpc::Status GetCheckpoint(grpc::ServerContext* context,
                             const nianbao::v1::GetCheckpointRequest* request,
                             nianbao::v1::GetCheckpointResponse* response) override;
  grpc::Status VerifyChain(grpc::ServerContext* context,
                           const nianbao::v1::VerifyChainRequest* request,
                           nianbao::v1::VerifyChainResponse* response) override;
  grpc::Status GetPublicKey(grpc::ServerContext* context,
                            const nianbao::v1::GetPublicKeyRequest* request,
                            nianbao::v1::GetPublicKeyResponse* response) override;

 private:
  AuditCore* const core_;
  const nianbao::workflow::PrincipalDirectory* const principals_;
};

// Calls AuditCore::SignPeriodicCheckpoint once at start and then every `interval` until Stop() or
// destruction. Stop it before the store closes.
class AuditCheckpointer {
 public:
  AuditCheckpointer(AuditCore* core, absl::Duration interval);
  ~AuditCheckpointer();
  AuditCheckpointer(const AuditCheckpointer&) = delete;
  AuditCheckpointer& operator=(const AuditCheckpointer&) = delete;
  void Stop();

 private:
  void Run();
  AuditCore* const core_;
  const absl::Duration interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_AUDIT_SERVICE_H_
