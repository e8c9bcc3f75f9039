// The PDF layout's lines and its table grid, shared by pdf_layout.cc and pdf_table_grid.cc.
#ifndef NIANBAO_SERVICES_CODEC_PDF_LAYOUT_INTERNAL_H_
#define NIANBAO_SERVICES_CODEC_PDF_LAYOUT_INTERNAL_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/codec/pdf_layout.h"
#include "services/codec/source_document.h"

namespace nianbao::codec::pdf {

// One line of a page: its runs merged into cells, left to right.
struct Line {
  std::vector<TextBox> segments;
  std::vector<TextBox> runs;  // as the PDF placed them, left to right, before merging into cells
  int page = 0;               // 1-based
  int number = 0;             // 1-based on its page
  double y0 = 0;
  double y1 = 0;
  std::string Where() const { return absl::StrCat("第", page, "页第", number, "行"); }
  double Height() const { return y1 - y0; }
  double CentreY() const { return (y0 + y1) / 2; }
};

// A figure: digits, perhaps a decimal part, perhaps with thousands separators (full-width digits
// too); `clean` (may be null) gets it without separators, in ASCII.
bool IsFigure(absl::string_view text, std::string* clean);

// The table of `lines` (in reading order).
SourceBlock BuildTable(const std::vector<const Line*>& lines);

// The pieces of BuildTable's grid (pdf_table_grid.cc) that pdf_table_pages.cc shares.

// How a line of the table takes part in the grid: a line with figures anchors a row, a line of
// two cells or more (a header) is a row of its own, a single label run joins the row beside it.
enum class Role { kAnchor, kOwnRow, kLabel };

// One row of the grid as it is gathered.
struct TableRow {
  const Line* line = nullptr;
  std::vector<std::string> titles;  // a header row of stacked titles, cell by cell
  std::vector<TextBox> labels;
  std::vector<TextBox> figures;
};

// Whether a label begins a row of its own: "一、", "（一）", "1.".
bool StartsEnumerated(absl::string_view text);

// Column centres from the header's titles above `first_anchor` when blank columns leave
// `figure_columns` short; else `figure_columns`. (pdf_table_pages.cc)
std::vector<double> HeaderColumns(const std::vector<const Line*>& lines,
                                  const std::vector<Role>& roles, std::size_t first_anchor,
                                  std::size_t end, std::vector<double> figure_columns);

// Joins a group's merged label cut by a page break to its part on the page before.
// (pdf_table_pages.cc)
void JoinGroupLabelsCutByPages(const std::vector<const Line*>& lines,
                               const std::vector<Role>& roles, std::vector<TableRow>* rows);

// Drops running headers and footers: a line at the top or foot of a page (its outer 12%) whose
// text (digits aside) stands at the same height on at least half the pages, and at least two.
// `lines` holds each page's lines, `pages` the pages they came from. (pdf_page_furniture.cc)
void DropRunningLines(const std::vector<Page>& pages, std::vector<std::vector<Line>>* lines);

// A portal's attribute list printed without its grid: a label (名称, 索引号, 发布机构, ...) with
// its value beside it, or on the next line indented, becomes one line "名称：value", as the text
// layout writes it; several values are joined by ideographic spaces. (pdf_page_furniture.cc)
void JoinAttributeLines(std::vector<Line>* lines);

}  // namespace nianbao::codec::pdf

#endif  // NIANBAO_SERVICES_CODEC_PDF_LAYOUT_INTERNAL_H_
