// The gRPC face of AdminCore (nianbao.v1.AdminService): each handler authenticates the bearer token
// as the workflow service does, calls the core and maps its status (services/common/grpc_status.h).
#ifndef NIANBAO_SERVICES_WORKFLOW_ADMIN_SERVICE_H_
#define NIANBAO_SERVICES_WORKFLOW_ADMIN_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "nianbao/v1/admin.grpc.pb.h"
#include "services/workflow/admin_service_core.h"
#include "workflow/principals.h"

namespace nianbao::workflow_service {

class AdminServiceImpl final : public nianbao::v1::AdminService::Service {
 public:
  // Borrows both; they must outlive the service.
  AdminServiceImpl(AdminCore* core, const nianbao::workflow::PrincipalDirectory* principals)
      : core_(core), principals_(principals) {}

  grpc::Status CreateBackup(grpc::ServerContext* context,
                            const nianbao::v1::CreateBackupRequest* request,
                            nianbao::v1::CreateBackupResponse* response) override;
  grpc::Status ListBackups(grpc::ServerContext* context,
                           const nianbao::v1::ListBackupsRequest* request,
                           nianbao::v1::ListBackupsResponse* response) override;

 private:
  AdminCore* const core_;
  const nianbao::workflow::PrincipalDirectory* const principals_;
};

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_ADMIN_SERVICE_H_
