// Renders an AnnualReport as one standalone, printable HTML5 page (UTF-8, inline CSS for screen
// and A4 print) that lays tables 2, 3 and 4 out as the national format does, with merged header
// cells.
#ifndef NIANBAO_SERVICES_CODEC_HTML_RENDERER_H_
#define NIANBAO_SERVICES_CODEC_HTML_RENDERER_H_

#include <string>

#include "nianbao/v1/report.pb.h"

namespace nianbao::codec {

// Every text is HTML-escaped. Tables carry id="table-2", "table-3", "table-4"; each data cell
// carries data-field="<proto field path>" (e.g. "applications.table.new_applications.total"), a
// stable hook for tests and portals.
std::string RenderHtml(const nianbao::v1::AnnualReport& report);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_HTML_RENDERER_H_
