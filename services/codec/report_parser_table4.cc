// Table 4 (政府信息公开行政复议、行政诉讼情况): header rows, then either one row of fifteen values
// (the national layout) or one row of five values per group, labelled 行政复议 / 未经复议直接起诉 /
// 复议后起诉.
#include <array>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/codec/parse_error.h"
#include "services/codec/report_cells.h"
#include "services/codec/report_parser_tables.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::CaseOutcomes;
using nianbao::v1::ReviewLitigationTable;

constexpr std::size_t kGroupValues = 5;
constexpr std::size_t kRowValues = 15;

constexpr std::array<absl::string_view, 11> kHeaderWords = {
    "行政复议", "行政诉讼",         "结果维持",   "结果纠正", "其他结果", "尚未审结",
    "总计",     "未经复议直接起诉", "复议后起诉", "其他",     "结果"};

bool IsHeaderWord(absl::string_view label) {
  for (absl::string_view word : kHeaderWords) {
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
  absl::Status AddRow(const SourceRow& row) {
    const std::vector<std::string> labels = NormalizedCells(row);
    const bool blank = IsBlankRow(labels);
    if (blank && row.cells.size() < kRowValues) return absl::OkStatus();
    if (!blank && IsHeaderRow(labels)) return absl::OkStatus();
    if (std::optional<CaseOutcomes*> group = LabelledGroup(labels); group.has_value()) {
      if (row.cells.size() < kGroupValues + 1) {
        return TooFewCellsError(row, 4, row.cells.front().text, kGroupValues);
      }
      return FillGroup(row, row.cells.size() - kGroupValues, *group);
    }
    if (row.cells.size() < kRowValues) {
      return TooFewCellsError(row, 4, "行政复议、行政诉讼", kRowValues);
    }
    const std::size_t first = row.cells.size() - kRowValues;
    if (absl::Status s = FillGroup(row, first, table_.mutable_administrative_review()); !s.ok()) {
      return s;
    }
    if (absl::Status s = FillGroup(row, first + 5, table_.mutable_litigation_direct()); !s.ok()) {
      return s;
    }
    return FillGroup(row, first + 10, table_.mutable_litigation_after_review());
  }

  std::optional<ReviewLitigationTable> Finish() {
    if (!has_data_) return std::nullopt;
    return std::move(table_);
  }

 private:
  // A row led by a group's name holds that group's five values.
  std::optional<CaseOutcomes*> LabelledGroup(const std::vector<std::string>& labels) {
    for (const std::string& label : labels) {
      if (label == "行政复议") return table_.mutable_administrative_review();
      if (absl::StrContains(label, "直接起诉")) return table_.mutable_litigation_direct();
      if (label == "复议后起诉" || label == "行政诉讼复议后起诉") {
        return table_.mutable_litigation_after_review();
      }
    }
    return std::nullopt;
  }

  absl::Status FillGroup(const SourceRow& row, std::size_t first, CaseOutcomes* group) {
    if (!filled_.insert(group).second) {
      return InputError(RowLocation(row), "表4的数据重复出现（已有一行数值）",
                        "table 4 holds its values twice");
    }
    has_data_ = true;
    const std::array<v1::CountCell*, kGroupValues> cells = {
        group->mutable_upheld(), group->mutable_corrected(), group->mutable_other(),
        group->mutable_pending(), group->mutable_total()};
    for (std::size_t i = 0; i < kGroupValues; ++i) {
      absl::StatusOr<v1::CountCell> cell = ParseCountCell(row.cells[first + i]);
      if (!cell.ok()) return cell.status();
      *cells[i] = *std::move(cell);
    }
    return absl::OkStatus();
  }

  ReviewLitigationTable table_;
  std::set<const CaseOutcomes*> filled_;
  bool has_data_ = false;
};

}  // namespace

absl::StatusOr<std::optional<ReviewLitigationTable>> ParseReviewLitigationTable(
    const std::vector<const SourceRow*>& rows) {
  Table4Builder builder;
  for (const SourceRow* row : rows) {
    if (absl::Status status = builder.AddRow(*row); !status.ok()) return status;
  }
  return builder.Finish();
}

}  // namespace nianbao::codec
