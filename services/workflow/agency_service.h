// The gRPC face of AgencyCore (nianbao.v1.AgencyService): each handler authenticates the bearer
// token as the workflow service does (any authenticated principal may read the registry, and
// learn who it is with GetCaller), calls the core and maps its status
// (services/common/grpc_status.h).
#ifndef NIANBAO_SERVICES_WORKFLOW_AGENCY_SERVICE_H_
#define NIANBAO_SERVICES_WORKFLOW_AGENCY_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "nianbao/v1/agency.grpc.pb.h"
#include "services/workflow/agency_service_core.h"
#include "workflow/principals.h"

namespace nianbao::workflow_service {

class AgencyServiceImpl final : public nianbao::v1::AgencyService::Service {
 public:
  // Borrows both; they must outlive the service.
  AgencyServiceImpl(const AgencyCore* core, const nianbao::workflow::PrincipalDirectory* principals)
      : core_(core), principals_(principals) {}

  grpc::Status GetAgency(grpc::ServerContext* context, const nianbao::v1::GetAgencyRequest* request,
                         nianbao::v1::Agency* response) override;
  grpc::Status ListAgencies(grpc::ServerContext* context,
                            const nianbao::v1::ListAgenciesRequest* request,
                            nianbao::v1::ListAgenciesResponse* response) override;
  grpc::Status GetCaller(grpc::ServerContext* context, const nianbao::v1::GetCallerRequest* request,
                         nianbao::v1::Caller* response) override;

 private:
  const AgencyCore* const core_;
  const nianbao::workflow::PrincipalDirectory* const principals_;
};

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_AGENCY_SERVICE_H_
