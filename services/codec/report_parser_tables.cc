#include "services/codec/report_parser_tables.h"

#include <array>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/codec/parse_error.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec {
namespace {

enum class TableKind { kUnknown, kActiveDisclosure, kApplications, kReviewLitigation };

// Label fragments that only one table uses; a row holding one belongs to that table.
constexpr std::array<absl::string_view, 16> kActiveDisclosureSignals = {
    "第二十条",       "信息内容",         "规章",
    "规范性文件",     "行政许可",         "其他对外管理服务事项",
    "行政处罚",       "行政强制",         "行政事业性收费",
    "政府集中采购",   "本年制发件数",     "本年新制作数量",
    "上一年项目数量", "本年处理决定数量", "本年收费金额",
    "采购项目数量"};
constexpr std::array<absl::string_view, 16> kApplicationSignals = {
    "申请人情况", "自然人",         "勾稽关系",   "商业企业",        "法人或其他组织", "本年新收",
    "上年结转",   "本年度办理结果", "予以公开",   "部分公开",        "不予公开",       "无法提供",
    "不予处理",   "其他处理",       "结转下年度", "政府信息公开申请"};
constexpr std::array<absl::string_view, 6> kReviewSignals = {"行政复议", "行政诉讼", "结果维持",
                                                             "结果纠正", "尚未审结", "复议后起诉"};

template <std::size_t N>
bool ContainsAny(absl::string_view label, const std::array<absl::string_view, N>& fragments) {
  for (absl::string_view fragment : fragments) {
    if (absl::StrContains(label, fragment)) return true;
  }
  return false;
}

TableKind RowSignal(const SourceRow& row) {
  for (const SourceCell& cell : row.cells) {
    if (cell.text.size() > 600) continue;  // a label is short; do not scan pasted prose
    const std::string label = NormalizeLabel(cell.text);
    if (label.empty()) continue;
    if (ContainsAny(label, kReviewSignals)) return TableKind::kReviewLitigation;
    if (ContainsAny(label, kApplicationSignals)) return TableKind::kApplications;
    if (ContainsAny(label, kActiveDisclosureSignals)) return TableKind::kActiveDisclosure;
  }
  return TableKind::kUnknown;
}

bool RowHasText(const SourceRow& row) {
  for (const SourceCell& cell : row.cells) {
    if (!TrimSpaces(cell.text).empty()) return true;
  }
  return false;
}

void AddRow(TableKind kind, const SourceRow* row, TableRowsByKind& sorted) {
  switch (kind) {
    case TableKind::kActiveDisclosure:
      sorted.active_disclosure.push_back(row);
      break;
    case TableKind::kApplications:
      sorted.applications.push_back(row);
      break;
    case TableKind::kReviewLitigation:
      sorted.review_litigation.push_back(row);
      break;
    case TableKind::kUnknown:
      break;
  }
}

void SortBlockRows(const SourceBlock& block, TableRowsByKind& sorted, ImportWarningSink& warnings) {
  TableKind current = TableKind::kUnknown;
  std::vector<const SourceRow*> pending;  // rows before the block's first label
  bool pending_has_text = false;
  for (const SourceRow& row : block.rows) {
    const TableKind signal = RowSignal(row);
    if (signal != TableKind::kUnknown) current = signal;
    if (current == TableKind::kUnknown) {
      pending.push_back(&row);
      pending_has_text = pending_has_text || RowHasText(row);
      continue;
    }
    for (const SourceRow* earlier : pending) AddRow(current, earlier, sorted);
    pending.clear();
    AddRow(current, &row, sorted);
  }
  // A table of the agency's own (contacts, a list of documents) is not the report's: it is left
  // out, and said so, rather than failing the whole import.
  if (pending_has_text) {
    warnings.AddBlock(kUnplacedTable, block,
                      absl::StrCat("无法识别的表格，不含表2（主动公开）、表3（依申请公开）或表4（"
                                   "行政复议、行政诉讼）的任何标签，未导入"),
                      absl::StrCat("unrecognised table holding no label of table 2 (proactive "
                                   "disclosure), table 3 (applications) or table 4 (review and "
                                   "litigation); left out"));
  }
}

}  // namespace

TableRowsByKind SortTableRows(const SourceDocument& document, ImportWarningSink& warnings) {
  TableRowsByKind sorted;
  for (const SourceBlock& block : document.blocks) {
    if (block.kind != SourceBlock::Kind::kTable) continue;
    SortBlockRows(block, sorted, warnings);
  }
  return sorted;
}

std::vector<std::string> NormalizedCells(const SourceRow& row) {
  std::vector<std::string> labels;
  labels.reserve(row.cells.size());
  for (const SourceCell& cell : row.cells) labels.push_back(NormalizeLabel(cell.text));
  return labels;
}

bool IsBlankRow(const std::vector<std::string>& labels) {
  for (const std::string& label : labels) {
    if (!label.empty()) return false;
  }
  return true;
}

std::string RowLocation(const SourceRow& row) {
  return row.cells.empty() ? std::string("表格") : row.cells.front().where;
}

absl::Status TooFewCellsError(const SourceRow& row, int table_number, absl::string_view label,
                              std::size_t expected) {
  return InputError(RowLocation(row),
                    absl::StrCat("表", table_number, "的“", label, "”行应有标签和", expected,
                                 "个数值单元格，实际只有", row.cells.size(), "个单元格"),
                    absl::StrCat("table ", table_number, " row \"", label, "\" needs a label and ",
                                 expected, " value cells, found ", row.cells.size(), " cells"));
}

bool IsFigureLabel(absl::string_view label) {
  bool digit = false;
  for (const char c : label) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != '.' && c != ',' && c != '-' && c != '+') {
      return false;
    }
  }
  return digit;
}

void WarnCellsOutsideGrid(const SourceRow& row, const std::vector<std::string>& labels,
                          std::size_t begin, std::size_t end, int table_number, bool any_text,
                          ImportWarningSink& warnings) {
  for (std::size_t i = begin; i < end && i < labels.size(); ++i) {
    if (labels[i].empty() || !(any_text || IsFigureLabel(labels[i]))) continue;
    warnings.AddCell(kCellOutsideGrid, row, i,
                     absl::StrCat("表", table_number, "中“", labels[i],
                                  "”不在格式的行列之内（该行多出单元格），未导入"),
                     absl::StrCat("\"", labels[i], "\" lies outside table ", table_number,
                                  "'s grid (the row has a cell too many); left out"));
  }
}

}  // namespace nianbao::codec
