// The gRPC face of OfficeCore (nianbao.v1.OfficeService), served by nianbao-workflowd: each
// handler authenticates the bearer token as the workflow service does, calls the core and maps its
// status (services/common/grpc_status.h).
#ifndef NIANBAO_SERVICES_OFFICE_OFFICE_SERVICE_H_
#define NIANBAO_SERVICES_OFFICE_OFFICE_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "nianbao/v1/office.grpc.pb.h"
#include "services/office/office_service_core.h"
#include "workflow/principals.h"

namespace nianbao::office {

class OfficeServiceImpl final : public nianbao::v1::OfficeService::Service {
 public:
  // Borrows both; they must outlive the service.
  OfficeServiceImpl(OfficeCore* core, const nianbao::workflow::PrincipalDirectory* principals)
      : core_(core), principals_(principals) {}

  grpc::Status GetFilingStatus(grpc::ServerContext* context,
                               const nianbao::v1::GetFilingStatusRequest* request,
                               nianbao::v1::GetFilingStatusResponse* response) override;
  grpc::Status GetRollup(grpc::ServerContext* context, const nianbao::v1::GetRollupRequest* request,
                         nianbao::v1::GetRollupResponse* response) override;
  grpc::Status CompareYears(grpc::ServerContext* context,
                            const nianbao::v1::CompareYearsRequest* request,
                            nianbao::v1::CompareYearsResponse* response) override;
  grpc::Status ListRepetition(grpc::ServerContext* context,
                              const nianbao::v1::ListRepetitionRequest* request,
                              nianbao::v1::ListRepetitionResponse* response) override;
  // The workbook of office_export.h.
  grpc::Status ExportSheet(grpc::ServerContext* context,
                           const nianbao::v1::ExportSheetRequest* request,
                           nianbao::v1::ExportSheetResponse* response) override;

 private:
  OfficeCore* const core_;
  const nianbao::workflow::PrincipalDirectory* const principals_;
};

}  // namespace nianbao::office

#endif  // NIANBAO_SERVICES_OFFICE_OFFICE_SERVICE_H_
