// Rebuilds a report's paragraphs and tables from a PDF's positioned text boxes. Pure geometry, no
// poppler types, so that it is tested with hand-placed boxes. Private to the codec (pdf_reader.cc
// feeds it).
#ifndef NIANBAO_SERVICES_CODEC_PDF_LAYOUT_H_
#define NIANBAO_SERVICES_CODEC_PDF_LAYOUT_H_

#include <string>
#include <vector>

#include "services/codec/source_document.h"

namespace nianbao::codec::pdf {

// A run of text as the PDF places it: top-left origin, y growing downwards, in points.
struct TextBox {
  std::string text;
  double x0 = 0;
  double y0 = 0;
  double x1 = 0;
  double y1 = 0;
};

struct Page {
  double width = 0;
  double height = 0;
  std::vector<TextBox> boxes;
};

// Rows by baseline (boxes whose vertical centres fall within each other's height), cells where a
// gap wider than the line's height separates runs. Page numbers ("-3-", "第3页", a lone number at
// the foot or head of the page) are dropped. Runs of single lines make paragraphs: a paragraph
// ends at an indented line, a section heading, a line ending short of the right margin, or a wide
// vertical gap. A line of two or more cells starts a table, which runs (across pages too) until a
// section heading or a paragraph line as wide as the text; its grid: columns of figures where the
// table's numbers stand (thousands separators removed), each row anchored on a line with figures,
// label runs without figures joined to the nearest row (a label wrapped over lines becomes one
// cell, its lines joined with '\n'), a column without a figure in a row kept as a blank cell.
// Header lines before the first row of figures are rows of their own, one cell per run. Locations
// read "第2页第5行".
SourceDocument LayOut(const std::vector<Page>& pages);

}  // namespace nianbao::codec::pdf

#endif  // NIANBAO_SERVICES_CODEC_PDF_LAYOUT_H_
