// Table 2 (主动公开政府信息情况): item rows ("第二十条第（五）项"), column header rows ("信息内容 |
// 本年处理决定数量") and data rows. Each item's columns decide whether its rows follow the 2021 or
// the 2019 format; without a header the row label and the number of value cells decide. Rows,
// labels, headers and the cells they fill come from the format layout (services/format).
#include <array>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "services/codec/import_warnings.h"
#include "services/codec/parse_error.h"
#include "services/codec/report_cells.h"
#include "services/codec/report_parser_tables.h"
#include "services/codec/text_normalize.h"
#include "services/format/disclosure_layout.h"

namespace nianbao::codec {
namespace {

using format::DisclosureItem;
using format::DisclosureRow;
using nianbao::v1::ActiveDisclosureTable;
using nianbao::v1::FormatVersion;

// Column headers the layout does not print but documents write.
constexpr std::array<absl::string_view, 1> kHeaderVariants2021 = {"本年处理绝对数量"};
constexpr std::array<absl::string_view, 1> kHeaderVariants2019 = {"本年增减"};

// The labels that announce a format in a column header row: the layout's headers and column
// names (both normalised, as cells are) and the variants above.
std::set<std::string> HeaderLabels(absl::Span<const format::DisclosureBlock> blocks,
                                   absl::Span<const absl::string_view> variants) {
  std::set<std::string> labels(variants.begin(), variants.end());
  for (const format::DisclosureBlock& block : blocks) {
    for (const format::DisclosureColumn& column : block.columns) {
      labels.insert(NormalizeLabel(column.header_zh));
      labels.insert(NormalizeLabel(column.name_zh));
    }
  }
  return labels;
}

// The format a column header row announces, UNSPECIFIED when it is not a header row.
FormatVersion HeaderVersion(const std::vector<std::string>& labels) {
  static const std::set<std::string>* const kHeaders2021 =
      new std::set<std::string>(HeaderLabels(format::DisclosureBlocks2021(), kHeaderVariants2021));
  static const std::set<std::string>* const kHeaders2019 =
      new std::set<std::string>(HeaderLabels(format::DisclosureBlocks2019(), kHeaderVariants2019));
  bool new_format = false;
  bool old_format = false;
  for (const std::string& label : labels) {
    new_format = new_format || kHeaders2021->count(label) > 0;
    old_format = old_format || kHeaders2019->count(label) > 0;
  }
  if (new_format && old_format) return v1::FORMAT_VERSION_MIXED;
  if (new_format) return v1::FORMAT_VERSION_2021;
  if (old_format) return v1::FORMAT_VERSION_2019;
  return v1::FORMAT_VERSION_UNSPECIFIED;
}

struct FoundLabel {
  DisclosureItem item;
  std::size_t index;  // of the label cell
};

// The item a cell names with a row label of either format (规范性文件 is the 2019 label of 行政规
// 范性文件; both name the same item).
std::optional<DisclosureItem> ItemLabelled(absl::string_view label) {
  for (const auto& blocks : {format::DisclosureBlocks2021(), format::DisclosureBlocks2019()}) {
    for (const format::DisclosureBlock& block : blocks) {
      for (const DisclosureRow& row : block.rows) {
        if (label == row.label_zh) return row.item;
      }
    }
  }
  return std::nullopt;
}

std::optional<FoundLabel> FindRowLabel(const std::vector<std::string>& labels) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (std::optional<DisclosureItem> item = ItemLabelled(labels[i]); item.has_value()) {
      return FoundLabel{*item, i};
    }
  }
  return std::nullopt;
}

class Table2Builder {
 public:
  explicit Table2Builder(ImportWarningSink& warnings) : warnings_(warnings) {}

  absl::Status AddRow(const SourceRow& row) {
    const std::vector<std::string> labels = NormalizedCells(row);
    if (IsBlankRow(labels)) return absl::OkStatus();
    const bool names_item = StartItem(labels);
    if (const FormatVersion header = HeaderVersion(labels);
        header != v1::FORMAT_VERSION_UNSPECIFIED) {
      header_version_ = header;
      // A header row holds titles only: a figure among them is read nowhere.
      WarnCellsOutsideGrid(row, labels, 0, labels.size(), 2, false, warnings_);
      return absl::OkStatus();
    }
    const std::optional<FoundLabel> found = FindRowLabel(labels);
    if (found.has_value()) return AddDataRow(row, labels, *found);
    if (names_item || labels.front() == format::kItemContentHeader) {
      WarnCellsOutsideGrid(row, labels, 0, labels.size(), 2, false, warnings_);
      return absl::OkStatus();
    }
    warnings_.AddRow(kUnplacedRow, row,
                     absl::StrCat("表2中无法识别的行“", RowText(row), "”，未导入"),
                     absl::StrCat("unknown row in table 2: \"", RowText(row), "\"; left out"));
    return absl::OkStatus();
  }

  std::optional<ActiveDisclosureTable> Finish() {
    if (!has_data_) return std::nullopt;
    const bool new_format = versions_.count(v1::FORMAT_VERSION_2021) > 0;
    const bool old_format = versions_.count(v1::FORMAT_VERSION_2019) > 0;
    table_.set_format_version(new_format && old_format ? v1::FORMAT_VERSION_MIXED
                              : new_format             ? v1::FORMAT_VERSION_2021
                                                       : v1::FORMAT_VERSION_2019);
    if (new_format && old_format) WarnMixed();
    HoldFormat2019Rows();
    return std::move(table_);
  }

 private:
  // The format of a data row: the item's header if it has one, else the label and cell count.
  FormatVersion RowVersion(const FoundLabel& found, std::size_t cells_after_label) const {
    const DisclosureRow* row_2021 = format::FindDisclosureRow(found.item, false);
    if (row_2021 == nullptr) return v1::FORMAT_VERSION_2019;  // an item of the 2019 format only
    if (header_version_ == v1::FORMAT_VERSION_2021 || header_version_ == v1::FORMAT_VERSION_2019) {
      return header_version_;
    }
    const std::size_t cells_2019 = format::FindDisclosureRow(found.item, true)->cells.size();
    // 规章 and 规范性文件 have three columns in both formats (and 规范性文件 is also written under
    // 2021 columns): without a header the current format is assumed. Other items have more
    // columns in the 2019 format, so a row with that many values is one.
    if (cells_2019 == row_2021->cells.size()) return v1::FORMAT_VERSION_2021;
    return cells_after_label >= cells_2019 ? v1::FORMAT_VERSION_2019 : v1::FORMAT_VERSION_2021;
  }

  absl::Status AddDataRow(const SourceRow& row, const std::vector<std::string>& labels,
                          const FoundLabel& found) {
    const std::size_t after = row.cells.size() - found.index - 1;
    const FormatVersion version = RowVersion(found, after);
    const DisclosureRow& layout =
        *format::FindDisclosureRow(found.item, version == v1::FORMAT_VERSION_2019);
    const std::size_t count = layout.cells.size();
    if (after < count) {
      return TooFewCellsError(row, 2, row.cells[found.index].text, count);
    }
    if (!filled_.insert(&layout).second) {
      return InputError(
          RowLocation(row), absl::StrCat("表2中“", row.cells[found.index].text, "”行重复出现"),
          absl::StrCat("table 2 row \"", row.cells[found.index].text, "\" appears twice"));
    }
    versions_.insert(version);
    has_data_ = true;
    if (first_row_ == nullptr) first_row_ = &row;
    if (version == v1::FORMAT_VERSION_2019) rows_2019_.push_back(&row);
    // Values are the trailing cells: a figure in front of the label, or anything between the label
    // and the values, is not read.
    WarnCellsOutsideGrid(row, labels, 0, found.index, 2, false, warnings_);
    WarnCellsOutsideGrid(row, labels, found.index + 1, row.cells.size() - count, 2, true,
                         warnings_);
    if (version != v1::FORMAT_VERSION_2019 && labels[found.index] != layout.label_zh) {
      const std::string& label = labels[found.index];
      warnings_.AddCell(
          kFormat2019Label, row, found.index,
          absl::StrCat("表2的“", label, "”是2019年格式的行标签，按2021年格式的“", layout.label_zh,
                       "”行导入"),
          absl::StrCat("table 2's \"", label,
                       "\" is the 2019 format's row label; imported as the 2021 format's row \"",
                       layout.label_zh, "\""));
    }
    return FillRow(layout, absl::MakeConstSpan(row.cells).last(count));
  }

  // A table with rows of both formats: said once for the table; its 2019 rows are said once the
  // report's format is known (a mixed table makes a mixed report).
  void WarnMixed() {
    warnings_.AddRow(kMixedFormatTable, *first_row_,
                     absl::StrCat("表2（主动公开政府信息情况）混合使用2021年格式和2019年格式的行"),
                     absl::StrCat("table 2 (proactive disclosure) mixes rows of the 2021 and "
                                  "the 2019 format"));
  }

  void HoldFormat2019Rows() {
    for (const SourceRow* row : rows_2019_) {
      warnings_.AddFormat2019Row(
          *row, absl::StrCat("表2的此行按2019年格式导入"),
          absl::StrCat("this row of table 2 is imported in the 2019 format"));
    }
  }

  // A cell naming a 第二十条 item starts that item, whose columns come with it. Merged cells
  // repeat the item's name on its rows; only a different name starts a new item.
  bool StartItem(const std::vector<std::string>& labels) {
    for (const std::string& label : labels) {
      if (!absl::StrContains(label, "第二十条")) continue;
      if (label != current_item_) header_version_ = v1::FORMAT_VERSION_UNSPECIFIED;
      current_item_ = label;
      return true;
    }
    return false;
  }

  // Reads `values` into the row's cells, in the layout's column order.
  absl::Status FillRow(const DisclosureRow& row, absl::Span<const SourceCell> values) {
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      const format::DisclosureCell& cell = row.cells[i];
      if (cell.kind == format::CellKind::kAmount) {
        absl::StatusOr<v1::AmountCell> amount = ParseAmountCell(values[i]);
        if (!amount.ok()) return amount.status();
        *cell.mutable_amount(table_) = *std::move(amount);
      } else {
        absl::StatusOr<v1::CountCell> count = ParseCountCell(values[i]);
        if (!count.ok()) return count.status();
        *cell.mutable_count(table_) = *std::move(count);
      }
    }
    return absl::OkStatus();
  }

  ImportWarningSink& warnings_;
  ActiveDisclosureTable table_;
  const SourceRow* first_row_ = nullptr;     // the first data row, where the table's warning goes
  std::vector<const SourceRow*> rows_2019_;  // data rows read in the 2019 format
  FormatVersion header_version_ = v1::FORMAT_VERSION_UNSPECIFIED;
  std::string current_item_;
  std::set<FormatVersion> versions_;
  std::set<const DisclosureRow*> filled_;
  bool has_data_ = false;
};

}  // namespace

absl::StatusOr<std::optional<ActiveDisclosureTable>> ParseActiveDisclosureTable(
    const std::vector<const SourceRow*>& rows, ImportWarningSink& warnings) {
  return BuildTable(Table2Builder(warnings), rows);
}

}  // namespace nianbao::codec
