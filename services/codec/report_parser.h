// The report parser: turns a SourceDocument (from any reader) into a nianbao.v1.AnnualReport.
//
// What it reads: header attributes ("索引号：…　分类：…"), the title (possibly over two lines, the
// agency on the first), the opening paragraphs and the facts they state (legal basis, statistics
// period, portal, contact), the six sections by their headings' keywords, subheadings and body
// paragraphs, tables 2, 3 and 4 by their labels (each classified 2021, 2019 or mixed on its own),
// and the signature block at the end.
#ifndef NIANBAO_SERVICES_CODEC_REPORT_PARSER_H_
#define NIANBAO_SERVICES_CODEC_REPORT_PARSER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "nianbao/v1/import.pb.h"
#include "nianbao/v1/report.pb.h"
#include "services/codec/source_document.h"

namespace nianbao::codec {

// INVALID_ARGUMENT (Chinese, then English, naming the line or cell and what was expected) when the
// document has no title with a year, a table section has no recognisable table, or a table row
// is repeated, short of cells or holds misplaced text. What it leaves out (a table or row it does
// not recognise, a cell outside the format's grid) and what it reads in the 2019 format within a
// 2021 table goes to `warnings` (when not null; replaced) as import warnings with their positions
// (import_warnings.h). Linear in the document's size.
[[nodiscard]] absl::StatusOr<nianbao::v1::AnnualReport> ParseReport(
    const SourceDocument& document, std::vector<nianbao::v1::ImportWarning>* warnings = nullptr);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_REPORT_PARSER_H_
