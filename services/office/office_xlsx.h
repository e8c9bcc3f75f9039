// Writing the office's sheets (office_sheets.h) as an XLSX workbook to send upward: one worksheet
// per sheet, merged header cells, numbers as numbers, blank cells blank, thin borders as the
// format's printed tables have. libxlsxwriter (Debian's libxlsxwriter-dev).
#ifndef NIANBAO_SERVICES_OFFICE_OFFICE_XLSX_H_
#define NIANBAO_SERVICES_OFFICE_OFFICE_XLSX_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/office/office_sheets.h"

namespace nianbao::office {

// Writes `sheets`, in order, to a new workbook at `path` (replacing a file there). Errors:
// INVALID_ARGUMENT for no sheets or a sheet name XLSX refuses (too long, []:*?/\ or a duplicate);
// UNAVAILABLE when the file cannot be written. The message is "中文 (English)".
[[nodiscard]] absl::Status WriteXlsx(const std::vector<Sheet>& sheets, const std::string& path);

}  // namespace nianbao::office

#endif  // NIANBAO_SERVICES_OFFICE_OFFICE_XLSX_H_
