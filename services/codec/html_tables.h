// Tables 2, 3 and 4 as HTML in the national format's layout (merged header cells with rowspan and
// colspan), and the HTML escaping the page uses. Private to html_renderer.cc.
#ifndef NIANBAO_SERVICES_CODEC_HTML_TABLES_H_
#define NIANBAO_SERVICES_CODEC_HTML_TABLES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "nianbao/v1/report.pb.h"

namespace nianbao::codec::html {

// Escapes & < > " ' so any text is safe in element content and in quoted attributes; '\n' becomes
// <br> when `line_breaks`.
std::string Escape(absl::string_view text, bool line_breaks = false);

// <table id="table-2" …>: one block per 第二十条 item, 4 grid columns; a mixed table is followed by
// its 2019 part as <table id="table-2-2019">.
std::string ActiveDisclosureTableHtml(const nianbao::v1::ActiveDisclosureTable& table);
// <table id="table-3">: 3 label columns and 7 申请人情况 columns; 3 header rows, then 25 rows
// (23 in the 2019 format).
std::string ApplicationTableHtml(const nianbao::v1::ApplicationTable& table);
// <table id="table-4">: 15 columns; 3 header rows and one row of numbers.
std::string ReviewLitigationTableHtml(const nianbao::v1::ReviewLitigationTable& table);

}  // namespace nianbao::codec::html

#endif  // NIANBAO_SERVICES_CODEC_HTML_TABLES_H_
