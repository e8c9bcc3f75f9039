// Collects the import warnings (nianbao.v1.ImportWarning, proto/nianbao/v1/import.proto) the
// report parser raises while it reads a SourceDocument: what it left out, and what it read in a way
// the user should check. Positions come from the document itself: block, table, row and column from
// where the row or cell sits in it, page and line from the reader's location text ("第72行",
// "第3页第12行"), which every reader writes in that vocabulary (source_document.h).
#ifndef NIANBAO_SERVICES_CODEC_IMPORT_WARNINGS_H_
#define NIANBAO_SERVICES_CODEC_IMPORT_WARNINGS_H_

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/strings/string_view.h"
#include "nianbao/v1/import.pb.h"
#include "services/codec/source_document.h"

namespace nianbao::codec {

// The stable codes of import.proto's ImportWarning.code.
inline constexpr absl::string_view kUnplacedRow = "UNPLACED_ROW";
inline constexpr absl::string_view kUnplacedTable = "UNPLACED_TABLE";
inline constexpr absl::string_view kCellOutsideGrid = "CELL_OUTSIDE_GRID";
inline constexpr absl::string_view kMixedFormatTable = "MIXED_FORMAT_TABLE";
inline constexpr absl::string_view kFormat2019Row = "FORMAT_2019_ROW";
inline constexpr absl::string_view kFormat2019Label = "FORMAT_2019_LABEL";
inline constexpr absl::string_view kTooManyWarnings = "TOO_MANY_WARNINGS";

// A hostile document could raise one warning per row: the list stops here, its last entry saying
// so.
inline constexpr std::size_t kMaxImportWarnings = 500;
// Bytes of the document's text a warning quotes at most (cut at a character boundary).
inline constexpr std::size_t kMaxWarningTextBytes = 200;

// Not thread-safe; one per parse. `document` must outlive the sink, and rows and cells passed in
// must be the document's own (their addresses locate them).
class ImportWarningSink {
 public:
  explicit ImportWarningSink(const SourceDocument& document);

  // Messages name no place: the sink writes the position's description in front of them.
  // A warning about a whole row (position: its table and row, the line of its first cell).
  void AddRow(absl::string_view code, const SourceRow& row, absl::string_view message_zh,
              absl::string_view message_en);
  // A warning about one cell of a row.
  void AddCell(absl::string_view code, const SourceRow& row, std::size_t cell,
               absl::string_view message_zh, absl::string_view message_en);
  // A warning about a whole block (a table the parser left out).
  void AddBlock(absl::string_view code, const SourceBlock& block, absl::string_view message_zh,
                absl::string_view message_en);
  // A FORMAT_2019_ROW warning about a row read in the 2019 format, held until the report's format
  // is known: a row of a report wholly in the 2019 format is as expected, one of a mixed report is
  // worth a warning.
  void AddFormat2019Row(const SourceRow& row, std::string message_zh, std::string message_en);
  // Raises the held FORMAT_2019_ROW warnings when `report_is_mixed`, else drops them.
  void ResolveFormat2019Rows(bool report_is_mixed);

  // The warnings in document order (by block, row and column; a TOO_MANY_WARNINGS last).
  std::vector<nianbao::v1::ImportWarning> Take();

 private:
  struct RowIndex {
    int block = 0;  // 1-based, among all blocks
    int table = 0;  // 1-based, among table blocks
    int row = 0;    // 1-based, within the block
    const SourceBlock* source = nullptr;
  };

  // A new warning, or nullptr once the list is full.
  nianbao::v1::ImportWarning* Add(absl::string_view code);
  // Fills the position of `row` (and `cell`, when not npos) and the messages, led by the position.
  void Place(const SourceRow& row, std::size_t cell, absl::string_view message_zh,
             absl::string_view message_en, nianbao::v1::ImportWarning* warning) const;

  struct HeldRow {
    const SourceRow* row;
    std::string message_zh;
    std::string message_en;
  };

  std::unordered_map<const SourceRow*, RowIndex> rows_;
  std::vector<HeldRow> format_2019_rows_;
  std::unordered_map<const SourceBlock*, RowIndex> blocks_;
  std::vector<nianbao::v1::ImportWarning> warnings_;
};

// Page and line read from a reader's location text: "第3页第12行" gives 3 and 12, "第72行" 0 and
// 72; anything else (a Word or web page's "第2个表格第5行第3列", "第4段") 0 and 0.
void FillPageAndLine(absl::string_view where, nianbao::v1::ImportPosition* position);

// A row's non-blank cells joined with " | ", cut to kMaxWarningTextBytes.
std::string RowText(const SourceRow& row);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_IMPORT_WARNINGS_H_
