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
// the start of a block). INVALID_ARGUMENT naming the block when a table has text but no label of
// any of the three tables.
[[nodiscard]] absl::StatusOr<TableRowsByKind> SortTableRows(const SourceDocument& document);

// Each parser returns nullopt when the rows hold no data row (for example only a header), and
// INVALID_ARGUMENT naming the cell for an unknown or repeated row label, a row with fewer cells
// than its values, or a value cell holding misplaced text.
[[nodiscard]] absl::StatusOr<std::optional<nianbao::v1::ActiveDisclosureTable>>
ParseActiveDisclosureTable(const std::vector<const SourceRow*>& rows);
[[nodiscard]] absl::StatusOr<std::optional<nianbao::v1::ApplicationTable>> ParseApplicationTable(
    const std::vector<const SourceRow*>& rows);
[[nodiscard]] absl::StatusOr<std::optional<nianbao::v1::ReviewLitigationTable>>
ParseReviewLitigationTable(const std::vector<const SourceRow*>& rows);

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
