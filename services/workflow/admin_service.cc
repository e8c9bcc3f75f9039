#include "services/workflow/admin_service.h"

#include "services/common/grpc_status.h"
#include "services/workflow/workflow_service.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = nianbao::v1;

template <typename Request, typename Response>
grpc::Status Handle(AdminCore* core, const nianbao::workflow::PrincipalDirectory& principals,
                    grpc::ServerContext* context, const Request& request, Response* response,
                    absl::Status (AdminCore::*method)(const CallContext&, const Request&,
                                                      Response*)) {
  absl::StatusOr<CallContext> call = AuthenticateCall(*context, principals);
  if (!call.ok()) return service::ToGrpcStatus(call.status());
  return service::ToGrpcStatus((core->*method)(*call, request, response));
}

}  // namespace

grpc::Status AdminServiceImpl::CreateBackup(grpc::ServerContext* context,
                                            const v1::CreateBackupRequest* request,
                                            v1::CreateBackupResponse* response) {
  return Handle(core_, *principals_, context, *request, response, &AdminCore::CreateBackup);
}

grpc::Status AdminServiceImpl::ListBackups(grpc::ServerContext* context,
                                           const v1::ListBackupsRequest* request,
                                           v1::ListBackupsResponse* response) {
  return Handle(core_, *principals_, context, *request, response, &AdminCore::ListBackups);
}

}  // namespace nianbao::workflow_service
