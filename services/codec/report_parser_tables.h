// The three tables of the report, read label by label: which rows belong to which table, and each
// table's parser. Tables are recognised by their labels, never by their position in the document
// or by the section they appear under, and a row's values are its trailing cells, so merged or
// split cells in front of them do not matter.
#ifndef NIANBAO_SERVICES_CODEC_REPORT_PARSER_TABLES_H_
#define NIANBAO_SERVICES_CODEC_REPORT_PARSER_TABLES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nianbao/v1/report.pb.h"
#include "services/codec/import_warnings.h"
#include "services/codec/source_document.h"

namespace nianbao::codec {

// The rows of the document's tables, sorted by the table they belong to, in document order.
struct TableRowsByKind {
  std::vector<const SourceRow*> active_disclosure;  // table 2
  std::vector<const SourceRow*> applications;       // table 3
  std::vector<const SourceRow*> review_litigation;  // table 4
};

// Sorts every row of every table block of `document` (which must outlive the result). A row with
// no label of its own belongs to the table of the rows before it in the same block (or after, at
// the start of a block). A table with text but no label of any of the three tables is left out
// with an UNPLACED_TABLE warning.
TableRowsByKind SortTableRows(const SourceDocument& document, ImportWarningSink& warnings);

// Each parser returns nullopt when the rows hold no data row (for example only a header), and
// INVALID_ARGUMENT naming the cell for a repeated row label, a row with fewer cells than its
// values, or a value cell holding misplaced text. A row whose label matches no row of the format
// is left out with an UNPLACED_ROW warning, a figure beside the label and values with
// CELL_OUTSIDE_GRID; rows of the 2019 format in a table that is otherwise 2021, and 2019 labels
// read as 2021 rows, are read and reported (MIXED_FORMAT_TABLE, FORMAT_2019_ROW,
// FORMAT_2019_LABEL).
[[nodiscard]] absl::StatusOr<std::optional<nianbao::v1::ActiveDisclosureTable>>
ParseActiveDisclosureTable(const std::vector<const SourceRow*>& rows, ImportWarningSink& warnings);
[[nodiscard]] absl::StatusOr<std::optional<nianbao::v1::ApplicationTable>> ParseApplicationTable(
    const std::vector<const SourceRow*>& rows, ImportWarningSink& warnings);
[[nodiscard]] absl::StatusOr<std::optional<nianbao::v1::ReviewLitigationTable>>
ParseReviewLitigationTable(const std::vector<const SourceRow*>& rows, ImportWarningSink& warnings);

// Helpers shared by the table parsers.
// Feeds each row to `builder` (AddRow, stopping at the first error), then returns its Finish().
template <typename Builder>
auto BuildTable(Builder builder, const std::vector<const SourceRow*>& rows)
    -> absl::StatusOr<decltype(builder.Finish())> {
  for (const SourceRow* row : rows) {
    if (absl::Status status = builder.AddRow(*row); !status.ok()) return status;
  }
  return builder.Finish();
}
// Whether a cell's normalised text is a figure ("12", "3.5", "1,234"): a value out of place when
// it stands where no value is read.
bool IsFigureLabel(absl::string_view label);
// Warns CELL_OUTSIDE_GRID for each cell of `row` in [begin, end) that holds a figure (or, with
// `any_text`, any text): cells the parser does not read.
void WarnCellsOutsideGrid(const SourceRow& row, const std::vector<std::string>& labels,
                          std::size_t begin, std::size_t end, int table_number, bool any_text,
                          ImportWarningSink& warnings);
// Each cell's NormalizeLabel.
std::vector<std::string> NormalizedCells(const SourceRow& row);
// Whether every cell is blank.
bool IsBlankRow(const std::vector<std::string>& labels);
// The location of a row: that of its first cell.
std::string RowLocation(const SourceRow& row);
// INVALID_ARGUMENT: row `label` of table `table_number` needs `expected` value cells.
[[nodiscard]] absl::Status TooFewCellsError(const SourceRow& row, int table_number,
                                            absl::string_view label, std::size_t expected);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_REPORT_PARSER_TABLES_H_
