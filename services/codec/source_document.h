// A document as read from any source (the plain-text layout, a .docx), reduced to what the report
// parser needs: paragraphs in order, and tables as rows of cells. Readers produce it; the report
// parser (report_parser.h) consumes it, so every source format shares one parser.
#ifndef NIANBAO_SERVICES_CODEC_SOURCE_DOCUMENT_H_
#define NIANBAO_SERVICES_CODEC_SOURCE_DOCUMENT_H_

#include <string>
#include <vector>

namespace nianbao::codec {

// One table cell. `text` may hold '\n' where a label was broken over lines ("商业\n企业").
struct SourceCell {
  std::string text;
  // Where the cell is, for error messages in Chinese: "第72行" (text layout), "第3页第12行" (PDF)
  // or "第2个表格第5行第3列" (Word, web page). Import warnings read page and line back from the
  // first two forms (import_warnings.h), so readers keep to them.
  std::string where;
};

// One table row, cells left to right. Merged cells appear as they were flattened: a cell spanning
// columns appears once; a vertically merged continuation appears as an empty cell.
struct SourceRow {
  std::vector<SourceCell> cells;
};

// A paragraph or a table, in document order.
struct SourceBlock {
  enum class Kind { kParagraph, kTable };
  Kind kind = Kind::kParagraph;
  std::string text;             // kParagraph: the paragraph's text.
  std::vector<SourceRow> rows;  // kTable: the rows.
  std::string where;            // Location of the block's start, as in SourceCell::where.
};

struct SourceDocument {
  std::vector<SourceBlock> blocks;
};

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_SOURCE_DOCUMENT_H_
