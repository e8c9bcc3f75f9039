#include "services/office/office_service.h"

#include "services/common/grpc_status.h"
#include "services/office/office_export.h"
#include "services/workflow/workflow_service.h"

namespace nianbao::office {
namespace {

namespace v1 = ::nianbao::v1;
using nianbao::workflow_service::CallContext;

template <typename Request, typename Response>
grpc::Status Handle(OfficeCore* core, const nianbao::workflow::PrincipalDirectory& principals,
                    grpc::ServerContext* context, const Request& request, Response* response,
                    absl::Status (OfficeCore::*method)(const CallContext&, const Request&,
                                                       Response*)) {
  absl::StatusOr<CallContext> call =
      nianbao::workflow_service::AuthenticateCall(*context, principals);
  if (!call.ok()) return service::ToGrpcStatus(call.status());
  return service::ToGrpcStatus((core->*method)(*call, request, response));
}

}  // namespace

grpc::Status OfficeServiceImpl::GetFilingStatus(grpc::ServerContext* context,
                                                const v1::GetFilingStatusRequest* request,
                                                v1::GetFilingStatusResponse* response) {
  return Handle(core_, *principals_, context, *request, response, &OfficeCore::GetFilingStatus);
}

grpc::Status OfficeServiceImpl::GetRollup(grpc::ServerContext* context,
                                          const v1::GetRollupRequest* request,
                                          v1::GetRollupResponse* response) {
  return Handle(core_, *principals_, context, *request, response, &OfficeCore::GetRollup);
}

grpc::Status OfficeServiceImpl::CompareYears(grpc::ServerContext* context,
                                             const v1::CompareYearsRequest* request,
                                             v1::CompareYearsResponse* response) {
  return Handle(core_, *principals_, context, *request, response, &OfficeCore::CompareYears);
}

grpc::Status OfficeServiceImpl::ListRepetition(grpc::ServerContext* context,
                                               const v1::ListRepetitionRequest* request,
                                               v1::ListRepetitionResponse* response) {
  return Handle(core_, *principals_, context, *request, response, &OfficeCore::ListRepetition);
}

grpc::Status OfficeServiceImpl::ExportSheet(grpc::ServerContext* context,
                                            const v1::ExportSheetRequest* request,
                                            v1::ExportSheetResponse* response) {
  absl::StatusOr<CallContext> call =
      nianbao::workflow_service::AuthenticateCall(*context, *principals_);
  if (!call.ok()) return service::ToGrpcStatus(call.status());
  return service::ToGrpcStatus(office::ExportSheet(*core_, *call, *request, response));
}

}  // namespace nianbao::office
