#include "services/workflow/agency_service.h"

#include "services/common/grpc_status.h"
#include "services/workflow/workflow_service.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = nianbao::v1;

template <typename Request, typename Response>
grpc::Status Handle(const AgencyCore* core, const nianbao::workflow::PrincipalDirectory& principals,
                    grpc::ServerContext* context, const Request& request, Response* response,
                    absl::Status (AgencyCore::*method)(const Request&, Response*) const) {
  // Who reads does not change the answer, but an unknown token still may not read.
  absl::StatusOr<CallContext> call = AuthenticateCall(*context, principals);
  if (!call.ok()) return service::ToGrpcStatus(call.status());
  return service::ToGrpcStatus((core->*method)(request, response));
}

}  // namespace

grpc::Status AgencyServiceImpl::GetAgency(grpc::ServerContext* context,
                                          const v1::GetAgencyRequest* request,
                                          v1::Agency* response) {
  return Handle(core_, *principals_, context, *request, response, &AgencyCore::GetAgency);
}

grpc::Status AgencyServiceImpl::ListAgencies(grpc::ServerContext* context,
                                             const v1::ListAgenciesRequest* request,
                                             v1::ListAgenciesResponse* response) {
  return Handle(core_, *principals_, context, *request, response, &AgencyCore::ListAgencies);
}

grpc::Status AgencyServiceImpl::GetCaller(grpc::ServerContext* context,
                                          const v1::GetCallerRequest* request,
                                          v1::Caller* response) {
  absl::StatusOr<CallContext> call = AuthenticateCall(*context, *principals_);
  if (!call.ok()) return service::ToGrpcStatus(call.status());
  return service::ToGrpcStatus(core_->GetCaller(call->principal, *request, response));
}

}  // namespace nianbao::workflow_service
