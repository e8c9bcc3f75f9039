// Table 4 (政府信息公开行政复议、行政诉讼情况): header rows, then either one row of fifteen values
// (the national layout) or one row of five values per group, labelled 行政复议 / 未经复议直接起诉 /
// 复议后起诉. Groups, outcome columns and their header words come from the format layout
// (services/format).
#include <array>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/codec/import_warnings.h"
#include "services/codec/parse_error.h"
#include "services/codec/report_cells.h"
#include "services/codec/report_parser_tables.h"
#include "services/format/review_layout.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::CaseOutcomes;
using nianbao::v1::ReviewLitigationTable;

constexpr std::size_t kGroupValues = format::kOutcomeColumnCount;
constexpr std::size_t kRowValues = format::kCaseGroupCount * kGroupValues;

// Header words documents write besides the layout's own (group and outcome names, 行政诉讼).
constexpr std::array<absl::string_view, 2> kHeaderVariants = {"其他", "结果"};

bool IsHeaderWord(absl::string_view label) {
  if (label == format::kLitigationHeader) return true;
  for (const format::CaseGroup& group : format::CaseGroups()) {
    if (label == group.label_zh) return true;
  }
  for (const format::OutcomeColumn& column : format::OutcomeColumns()) {
    if (label == column.name_zh) return true;
  }
  for (absl::string_view word : kHeaderVariants) {
    if (label == word) return true;
  }
  return false;
}

// Header rows hold nothing but header words and blanks.
bool IsHeaderRow(const std::vector<std::string>& labels) {
  for (const std::string& label : labels) {
    if (!label.empty() && !IsHeaderWord(label)) return false;
  }
  return true;
}

class Table4Builder {
 public:
  explicit Table4Builder(ImportWarningSink& warnings) : warnings_(warnings) {}

  absl::Status AddRow(const SourceRow& row) {
    const std::vector<std::string> labels = NormalizedCells(row);
    const bool blank = IsBlankRow(labels);
    if (blank && row.cells.size() < kRowValues) return absl::OkStatus();
    if (!blank && IsHeaderRow(labels)) return absl::OkStatus();
    if (std::optional<CaseOutcomes*> group = LabelledGroup(labels); group.has_value()) {
      if (row.cells.size() < kGroupValues + 1) {
        return TooFewCellsError(row, 4, row.cells.front().text, kGroupValues);
      }
      WarnCellsOutsideGrid(row, labels, 0, row.cells.size() - kGroupValues, 4, false, warnings_);
      return FillGroup(row, labels, row.cells.size() - kGroupValues, *group);
    }
    if (row.cells.size() < kRowValues) {
      // A row led by a label that names no group is no row of the format; one of figures only
      // is the national row with cells missing.
      if (!labels.front().empty() && !IsFigureLabel(labels.front())) {
        warnings_.AddRow(kUnplacedRow, row,
                         absl::StrCat("表4中无法识别的行“", RowText(row), "”，未导入"),
                         absl::StrCat("unknown row in table 4: \"", RowText(row), "\"; left out"));
        return absl::OkStatus();
      }
      return TooFewCellsError(row, 4, "行政复议、行政诉讼", kRowValues);
    }
    // The national layout: the groups' values side by side, in the layout's group order.
    std::size_t first = row.cells.size() - kRowValues;
    WarnCellsOutsideGrid(row, labels, 0, first, 4, false, warnings_);
    for (const format::CaseGroup& group : format::CaseGroups()) {
      if (absl::Status s = FillGroup(row, labels, first, group.mutable_get(table_)); !s.ok()) {
        return s;
      }
      first += kGroupValues;
    }
    return absl::OkStatus();
  }

  std::optional<ReviewLitigationTable> Finish() {
    if (!has_data_) return std::nullopt;
    return std::move(table_);
  }

 private:
  // A row led by a group's name holds that group's five values.
  std::optional<CaseOutcomes*> LabelledGroup(const std::vector<std::string>& labels) {
    for (const std::string& label : labels) {
      if (std::optional<format::CaseGroupId> id = GroupNamed(label); id.has_value()) {
        return format::CaseGroupFor(*id).mutable_get(table_);
      }
    }
    return std::nullopt;
  }

  // How documents name a group in a row label: the layout's label, or a variant.
  static std::optional<format::CaseGroupId> GroupNamed(absl::string_view label) {
    using format::CaseGroupFor;
    using format::CaseGroupId;
    if (label == CaseGroupFor(CaseGroupId::kAdministrativeReview).label_zh) {
      return CaseGroupId::kAdministrativeReview;
    }
    if (absl::StrContains(label, "直接起诉")) return CaseGroupId::kLitigationDirect;
    if (label == CaseGroupFor(CaseGroupId::kLitigationAfterReview).label_zh ||
        label == "行政诉讼复议后起诉") {
      return CaseGroupId::kLitigationAfterReview;
    }
    return std::nullopt;
  }

  absl::Status FillGroup(const SourceRow& row, const std::vector<std::string>& labels,
                         std::size_t first, CaseOutcomes* group) {
    if (!filled_.insert(group).second) {
      return InputError(RowLocation(row), "表4的数据重复出现（已有一行数值）",
                        "table 4 holds its values twice");
    }
    has_data_ = true;
    for (std::size_t i = 0; i < kGroupValues; ++i) {
      // A header word or a group's name where a value belongs means the table's rows or cells are
      // shifted. Kept as a text value, it would also change how the row reads once the report is
      // written out, so that the values vanished on the next import (fuzz_text_layout_reader).
      if (IsHeaderWord(labels[first + i]) || GroupNamed(labels[first + i]).has_value()) {
        const std::string& word = labels[first + i];
        return InputError(
            row.cells[first + i].where,
            absl::StrCat("此处应为数值，实际为表头文字“", word, "”（该行的单元格可能缺失或错位）"),
            absl::StrCat("expected a number here, found the header word \"", word,
                         "\" (the row's cells may be missing or shifted)"));
      }
      absl::StatusOr<v1::CountCell> cell = ParseCountCell(row.cells[first + i]);
      if (!cell.ok()) return cell.status();
      *format::OutcomeColumns()[i].mutable_get(*group) = *std::move(cell);
    }
    return absl::OkStatus();
  }

  ImportWarningSink& warnings_;
  ReviewLitigationTable table_;
  std::set<const CaseOutcomes*> filled_;
  bool has_data_ = false;
};

}  // namespace

absl::StatusOr<std::optional<ReviewLitigationTable>> ParseReviewLitigationTable(
    const std::vector<const SourceRow*>& rows, ImportWarningSink& warnings) {
  return BuildTable(Table4Builder(warnings), rows);
}

}  // namespace nianbao::codec
