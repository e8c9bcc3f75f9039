// CELL_NOT_NUMBER: every cell of tables 2–4 that should hold a number does. Reported once per table
// row, naming the offending columns, so a table left blank where agencies mean 0 gives one finding
// per row rather than one per cell.
#include <array>
#include <string_view>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "services/validation/rules.h"

namespace nianbao::validation {
namespace {

using nianbao::v1::AmountCell;
using nianbao::v1::AnnualReport;
using nianbao::v1::CountCell;

struct CellRef {
  const char* field;
  const char* name_zh;
  const CountCell* cell;
  bool may_be_negative;  // 2019 format's 本年增/减.
};

bool IsBad(const CellRef& ref) {
  const CellValue value = ReadCount(*ref.cell);
  return value.state != CellState::kNumber || (value.value < 0 && !ref.may_be_negative);
}

// A row's path and label in parts, joined only when a finding is made (the hot path allocates
// nothing for a clean row). A one-cell row's path names the cell itself and no column is given.
struct RowName {
  absl::string_view path_prefix;
  absl::string_view field;
  absl::string_view label_prefix;
  absl::string_view label;
  absl::string_view label_suffix;
};

void CheckRow(const RowName& name, absl::Span<const CellRef> cells, FindingSink& sink) {
  bool any_bad = false;
  for (const CellRef& ref : cells) any_bad = any_bad || IsBad(ref);
  if (!any_bad) return;
  const std::string path = absl::StrCat(name.path_prefix, name.field);
  const std::string label_zh = absl::StrCat(name.label_prefix, name.label, name.label_suffix);
  std::string columns, listed_zh, listed_en, actual;
  for (const CellRef& ref : cells) {
    if (!IsBad(ref)) continue;
    const std::string described = DescribeCell(*ref.cell);
    const char* sep = columns.empty() ? "" : ",";
    if (cells.size() > 1) absl::StrAppend(&columns, sep, ref.field);
    absl::StrAppend(&listed_zh, listed_zh.empty() ? "" : "、", ref.name_zh, "（", described, "）");
    absl::StrAppend(&listed_en, listed_en.empty() ? "" : ", ", ref.field, " (",
                    ref.cell->has_number() ? absl::StrCat(ref.cell->number())
                    : ref.cell->has_text() ? absl::StrCat("\"", ref.cell->text(), "\"")
                                           : std::string("blank"),
                    ")");
    absl::StrAppend(&actual, actual.empty() ? "" : ",", described);
  }
  sink.Add(
      RuleId::kCellNotNumber, path, columns,
      absl::StrCat(label_zh, "：", listed_zh, "不是有效数字；应填写不小于0的整数（没有的填0）"),
      absl::StrCat(path, ": ", listed_en,
                   " not a valid number; write a whole number >= 0 (0 where there are none)"),
      "", actual);
}

void CheckAmount(absl::string_view path, absl::string_view label_zh, const AmountCell& cell,
                 FindingSink& sink) {
  std::string described;
  if (cell.has_amount()) {
    if (cell.amount().units() >= 0 && cell.amount().nanos() >= 0) return;
    described = absl::StrCat(cell.amount().units());
  } else {
    described = cell.has_text() ? absl::StrCat("“", cell.text(), "”") : "空白";
  }
  sink.Add(
      RuleId::kCellNotNumber, std::string(path), "",
      absl::StrCat(label_zh, "：", described, "不是有效金额；应填写不小于0的万元数（没有的填0）"),
      absl::StrCat(path, ": ", described,
                   " is not a valid amount; write a decimal >= 0 in 万元 (0 where none)"),
      "", described);
}

void CheckTable2(const nianbao::v1::ActiveDisclosureTable& t, FindingSink& sink) {
  if (Table2IsTrial2019(t)) {
    const auto& o = t.trial_2019();
    for (const auto& [field, name, row] :
         {std::tuple("rules", "规章", &o.rules()),
          std::tuple("normative_documents", "规范性文件", &o.normative_documents())}) {
      const std::array<CellRef, 3> cells = {
          {{"made", "本年新制作数量", &row->made(), false},
           {"disclosed", "本年新公开数量", &row->disclosed(), false},
           {"total_disclosed", "对外公开总数量", &row->total_disclosed(), false}}};
      CheckRow({"active_disclosure.table.trial_2019.", field, "表二“", name, "”"}, cells, sink);
    }
    for (const auto& [field, name, row] :
         {std::tuple("licensing", "行政许可", &o.licensing()),
          std::tuple("other_external_services", "其他对外管理服务事项",
                     &o.other_external_services()),
          std::tuple("punishment", "行政处罚", &o.punishment()),
          std::tuple("coercion", "行政强制", &o.coercion()),
          std::tuple("fees", "行政事业性收费", &o.fees())}) {
      const std::array<CellRef, 3> cells = {
          {{"previous_items", "上一年项目数量", &row->previous_items(), false},
           {"change", "本年增/减", &row->change(), true},
           {"decisions", "处理决定数量", &row->decisions(), false}}};
      // 行政事业性收费 has no 处理决定数量 column in the 2019 format.
      const size_t used = std::string_view(field) == "fees" ? 2 : 3;
      CheckRow({"active_disclosure.table.trial_2019.", field, "表二“", name, "”"},
               absl::MakeConstSpan(cells.data(), used), sink);
    }
    const std::array<CellRef, 1> projects = {
        {{"projects", "采购项目数量", &o.centralized_procurement().projects(), false}}};
    CheckRow({"active_disclosure.table.trial_2019.", "centralized_procurement.projects", "",
              "表二“政府集中采购”采购项目数量", ""},
             projects, sink);
    return;
  }
  for (const auto& [field, name, row] :
       {std::tuple("rules", "规章", &t.rules()),
        std::tuple("normative_documents", "行政规范性文件", &t.normative_documents())}) {
    const std::array<CellRef, 3> cells = {{{"issued", "本年制发件数", &row->issued(), false},
                                           {"repealed", "本年废止件数", &row->repealed(), false},
                                           {"in_force", "现行有效件数", &row->in_force(), false}}};
    CheckRow({"active_disclosure.table.", field, "表二“", name, "”"}, cells, sink);
  }
  for (const auto& [field, name, cell] :
       {std::tuple("licensing_decisions", "表二“行政许可”本年处理决定数量",
                   &t.licensing_decisions()),
        std::tuple("punishment_decisions", "表二“行政处罚”本年处理决定数量",
                   &t.punishment_decisions()),
        std::tuple("coercion_decisions", "表二“行政强制”本年处理决定数量",
                   &t.coercion_decisions())}) {
    const std::array<CellRef, 1> cells = {{{field, "本年处理决定数量", cell, false}}};
    CheckRow({"active_disclosure.table.", field, "", name, ""}, cells, sink);
  }
  CheckAmount("active_disclosure.table.fee_amount", "表二“行政事业性收费”本年收费金额",
              t.fee_amount(), sink);
}

void CheckTable3(const nianbao::v1::ApplicationTable& table, FindingSink& sink) {
  const bool trial = Table3IsTrial2019(table);
  const auto columns = ApplicantColumns();
  for (const ApplicationRow& row : ApplicationRows()) {
    if (!RowInFormat(row, trial)) continue;
    const RowCells row_cells = CellsOf(row.get(table));
    std::array<CellRef, 7> cells;
    for (size_t i = 0; i < cells.size(); ++i) {
      cells[i] = {columns[i].field, columns[i].name_zh, row_cells[i], false};
    }
    CheckRow({kTable3Path, row.field, "表三“", row.label_zh, "”行"}, cells, sink);
  }
}

void CheckTable4(const nianbao::v1::ReviewLitigationTable& table, FindingSink& sink) {
  const auto outcomes = OutcomeColumns();
  for (const CaseGroup& group : CaseGroups()) {
    const auto& cases = group.get(table);
    std::array<CellRef, 5> cells;
    for (size_t i = 0; i < cells.size(); ++i) {
      cells[i] = {outcomes[i].field, outcomes[i].name_zh, &outcomes[i].get(cases), false};
    }
    CheckRow({kTable4Path, group.field, "表四“", group.name_zh, "”"}, cells, sink);
  }
}

}  // namespace

void CheckCellNotNumber(const AnnualReport& report, const ValidationContext&, FindingSink& sink) {
  if (report.has_active_disclosure() && report.active_disclosure().has_table()) {
    CheckTable2(report.active_disclosure().table(), sink);
  }
  if (report.has_applications() && report.applications().has_table()) {
    CheckTable3(report.applications().table(), sink);
  }
  if (report.has_review_litigation() && report.review_litigation().has_table()) {
    CheckTable4(report.review_litigation().table(), sink);
  }
}

}  // namespace nianbao::validation
