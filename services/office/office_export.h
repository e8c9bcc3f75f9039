// ExportSheet (nianbao.v1.OfficeService): one of the office's views, every page of it, laid out by
// office_sheets.h and written by office_xlsx.h — the very code `nianbao office … --xlsx` uses, so
// that the workbook a browser downloads is the one the CLI writes. gRPC-free; the handler
// (office_service.h) authenticates and calls it.
#ifndef NIANBAO_SERVICES_OFFICE_OFFICE_EXPORT_H_
#define NIANBAO_SERVICES_OFFICE_OFFICE_EXPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nianbao/v1/office.pb.h"
#include "services/office/office_service_core.h"
#include "services/office/office_sheets.h"

namespace nianbao::office {

inline constexpr char kXlsxMediaType[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The view `request.sheet()` names, read through `core` with the caller's access (every page),
// as sheets. Errors: INVALID_ARGUMENT naming `sheet` when unspecified or unknown; the view's own
// errors otherwise (parent, report_year, PERMISSION_DENIED).
[[nodiscard]] absl::StatusOr<std::vector<Sheet>> ExportedSheets(
    OfficeCore& core, const nianbao::workflow_service::CallContext& call,
    const nianbao::v1::ExportSheetRequest& request);

// `sheets` as the bytes of an XLSX workbook (written through a private temporary file, as
// libxlsxwriter writes only to files). Errors as WriteXlsx's.
[[nodiscard]] absl::StatusOr<std::string> XlsxBytes(const std::vector<Sheet>& sheets);

// ExportedSheets, then XlsxBytes, with a file name "{agency_id}-{year}-{view}.xlsx".
[[nodiscard]] absl::Status ExportSheet(OfficeCore& core,
                                       const nianbao::workflow_service::CallContext& call,
                                       const nianbao::v1::ExportSheetRequest& request,
                                       nianbao::v1::ExportSheetResponse* response);

}  // namespace nianbao::office

#endif  // NIANBAO_SERVICES_OFFICE_OFFICE_EXPORT_H_
