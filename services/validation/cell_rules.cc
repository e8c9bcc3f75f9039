// CELL_NOT_NUMBER: every cell of tables 2–4 that should hold a number does. Reported once per table
// row, naming the offending columns, so a table left blank where agencies mean 0 gives one finding
// per row rather than one per cell.
#include <array>

#include "absl/container/inlined_vector.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "services/format/application_layout.h"
#include "services/format/disclosure_layout.h"
#include "services/format/review_layout.h"
#include "services/validation/rules.h"
#include "services/validation/text_builder.h"

namespace nianbao::validation {
namespace {

using nianbao::v1::AmountCell;
using nianbao::v1::AnnualReport;
using nianbao::v1::CountCell;

// A column of tables 3 and 4 as a finding's texts name it, measured once per process, with the
// whole text of its blank cell: a table left blank has five to seven such cells on each row.
struct ColumnText {
  std::string field;     // natural_person
  std::string name_zh;   // 自然人
  std::string blank_zh;  // 自然人（空白）
  std::string blank_en;  // natural_person (blank)
};

template <typename Column, size_t N>
std::array<ColumnText, N> ColumnTextsOf(absl::Span<const Column> columns) {
  std::array<ColumnText, N> texts;
  for (size_t i = 0; i < N && i < columns.size(); ++i) {
    texts[i] = {columns[i].field, columns[i].name_zh, absl::StrCat(columns[i].name_zh, "（空白）"),
                absl::StrCat(columns[i].field, " (blank)")};
  }
  return texts;
}

const std::array<ColumnText, format::kApplicantColumnCount>& ApplicantTexts() {
  static const auto* texts = new std::array<ColumnText, format::kApplicantColumnCount>(
      ColumnTextsOf<format::ApplicantColumn, format::kApplicantColumnCount>(
          format::ApplicantColumns()));
  return *texts;
}

const std::array<ColumnText, format::kOutcomeColumnCount>& OutcomeTexts() {
  static const auto* texts = new std::array<ColumnText, format::kOutcomeColumnCount>(
      ColumnTextsOf<format::OutcomeColumn, format::kOutcomeColumnCount>(format::OutcomeColumns()));
  return *texts;
}

// A cell to check and how its column is named: by `column_text` (tables 3 and 4), or by the
// layout's C strings (table 2, whose columns change from block to block), measured only for a
// finding.
struct CellRef {
  const char* field;
  const char* name_zh;
  const ColumnText* column_text;  // Null for table 2.
  const CountCell* cell;
  bool may_be_negative;  // 2019 format's 本年增/减.
};

bool IsBad(const CellRef& ref) {
  const CellValue value = ReadCount(*ref.cell);
  return value.state != CellState::kNumber || (value.value < 0 && !ref.may_be_negative);
}

// A row's path and label in parts, joined only when a finding is made (the hot path allocates
// nothing for a clean row): 表三“label”行, 表四“label”, 表二“label”column. A one-cell row's path
// names the cell itself and no column is given. The parts are the layout's C strings, measured
// only then: every row of a clean report gets a RowName too.
struct RowName {
  const char* path;
  const char* table_zh;  // "表二"
  const char* label;
  const char* column_zh;  // After the quoted label: a one-cell row's column.
  const char* suffix_zh;  // "行" for table 3.
};

std::string LabelOf(const RowName& name) {
  return absl::StrCat(name.table_zh, "“", name.label, "”", name.column_zh, name.suffix_zh);
}

// One offending cell, in the pieces its finding's texts quote. Numbers are formatted into `digits`
// so that describing a cell allocates nothing.
struct BadCell {
  absl::string_view field;
  absl::string_view name_zh;
  const ColumnText* column;  // Null for table 2.
  absl::string_view text;    // The cell's text when it has one.
  enum class Kind { kNumber, kText, kBlank } kind;
  char digits[absl::numbers_internal::kFastToBufferSize];
  size_t digits_size = 0;

  explicit BadCell(const CellRef& ref)
      : field(ref.column_text != nullptr ? absl::string_view(ref.column_text->field) : ref.field),
        name_zh(ref.column_text != nullptr ? absl::string_view(ref.column_text->name_zh)
                                           : ref.name_zh),
        column(ref.column_text) {
    const CountCell& cell = *ref.cell;
    if (cell.has_number()) {
      kind = Kind::kNumber;
      digits_size = static_cast<size_t>(
          absl::numbers_internal::FastIntToBuffer(cell.number(), digits) - digits);
    } else if (cell.has_text()) {
      kind = Kind::kText;
      text = cell.text();
    } else {
      kind = Kind::kBlank;
    }
  }
  absl::string_view number() const { return absl::string_view(digits, digits_size); }

  // As a message quotes it: 12, “/”, 空白.
  template <typename Out>
  void Describe(Out& out) const {
    switch (kind) {
      case Kind::kNumber:
        return out.Put(number());
      case Kind::kText:
        return out.Put("“", text, "”");
      case Kind::kBlank:
        return out.Put("空白");
    }
  }
  // In English: 12, "/", blank.
  template <typename Out>
  void DescribeEn(Out& out) const {
    switch (kind) {
      case Kind::kNumber:
        return out.Put(number());
      case Kind::kText:
        return out.Put("\"", text, "\"");
      case Kind::kBlank:
        return out.Put("blank");
    }
  }
  // The cell named by its column: 商业企业（空白）, and natural_person (blank). A blank cell of
  // tables 3 and 4, the common case, is its column's text written out once per process.
  template <typename Out>
  void PutNamedZh(Out& out) const {
    if (kind == Kind::kBlank && column != nullptr) return out.Put(column->blank_zh);
    out.Put(name_zh, "（");
    Describe(out);
    out.Put("）");
  }
  template <typename Out>
  void PutNamedEn(Out& out) const {
    if (kind == Kind::kBlank && column != nullptr) return out.Put(column->blank_en);
    out.Put(field, " (");
    DescribeEn(out);
    out.Put(")");
  }
};

// The finding on one row's offending cells:
// 表三“label”行：商业企业（空白）、科研机构（“/”）不是有效数字…
void AddRowFinding(const RowName& name, absl::Span<const BadCell> bad, bool name_columns,
                   FindingSink& sink) {
  const absl::string_view path = name.path, table_zh = name.table_zh, label = name.label,
                          column_zh = name.column_zh, suffix_zh = name.suffix_zh;
  // Writes each cell with `cell_text`, separated by `separator`.
  const auto each_cell = [bad](auto& out, absl::string_view separator, const auto& cell_text) {
    for (size_t i = 0; i < bad.size(); ++i) {
      if (i > 0) out.Put(separator);
      cell_text(out, bad[i]);
    }
  };
  // Written in place: a finding reused from an earlier validation keeps its strings' room.
  Finding& finding = sink.Next(RuleId::kCellNotNumber);
  finding.field_path.assign(path.data(), path.size());
  if (name_columns) {
    BuildTextInto(&finding.column, [&](auto& out) {
      each_cell(out, ",", [](auto& o, const BadCell& cell) { o.Put(cell.field); });
    });
  }
  BuildTextInto(&finding.message_zh, [&](auto& out) {
    out.Put(table_zh, "“", label, "”", column_zh, suffix_zh, "：");
    each_cell(out, "、", [](auto& o, const BadCell& cell) { cell.PutNamedZh(o); });
    out.Put("不是有效数字；应填写不小于0的整数（没有的填0）");
  });
  BuildTextInto(&finding.message_en, [&](auto& out) {
    out.Put(path, ": ");
    each_cell(out, ", ", [](auto& o, const BadCell& cell) { cell.PutNamedEn(o); });
    out.Put(" not a valid number; write a whole number >= 0 (0 where there are none)");
  });
  BuildTextInto(&finding.actual, [&](auto& out) {
    each_cell(out, ",", [](auto& o, const BadCell& cell) { cell.Describe(o); });
  });
}

void CheckRow(const RowName& name, absl::Span<const CellRef> cells, FindingSink& sink) {
  // Rows have at most 7 cells (table 3): the pieces live on the stack.
  absl::InlinedVector<BadCell, format::kApplicantColumnCount> bad;
  for (const CellRef& ref : cells) {
    if (IsBad(ref)) bad.emplace_back(ref);
  }
  if (bad.empty()) return;
  AddRowFinding(name, bad, /*name_columns=*/cells.size() > 1, sink);
}

void CheckAmount(const RowName& name, const AmountCell& cell, FindingSink& sink) {
  std::string described;
  if (cell.has_amount()) {
    // A decimal's billionths are 0..999,999,999 here (the amount is >= 0): nanos 2,000,000,000
    // would otherwise read as "1.2" for units 1 when rendered.
    const int64_t units = cell.amount().units();
    const int32_t nanos = cell.amount().nanos();
    if (units >= 0 && nanos >= 0 && nanos <= 999'999'999) return;
    // Both parts as stored: a rendering as one decimal would hide what is wrong with them.
    described = nanos == 0 ? absl::StrCat(units) : absl::StrCat(units, " (nanos ", nanos, ")");
  } else {
    described = cell.has_text() ? absl::StrCat("“", cell.text(), "”") : "空白";
  }
  sink.Add(RuleId::kCellNotNumber, std::string(name.path), "",
           absl::StrCat(LabelOf(name), "：", described,
                        "不是有效金额；应填写不小于0的万元数（没有的填0）"),
           absl::StrCat(name.path, ": ", described,
                        " is not a valid amount; write a decimal >= 0 in 万元 (0 where none)"),
           "", described);
}

// One row of table 2: its count cells in one finding (a row with a single count cell is named by
// that cell and its column), and its amount when `check_amounts`.
void CheckDisclosureRow(const format::DisclosureBlock& block, const format::DisclosureRow& row,
                        const nianbao::v1::ActiveDisclosureTable& t, bool check_amounts,
                        FindingSink& sink) {
  std::array<CellRef, format::kMaxDisclosureColumns> counts;
  size_t used = 0;
  RowName one_cell{"", "表二", row.label_zh, "", ""};
  for (size_t i = 0; i < row.cells.size(); ++i) {
    const format::DisclosureCell& cell = row.cells[i];
    const format::DisclosureColumn& column = block.columns[i];
    if (cell.kind == format::CellKind::kAmount) {
      if (check_amounts) {
        CheckAmount({cell.path, "表二", row.label_zh, column.name_zh, ""}, cell.amount(t), sink);
      }
      continue;
    }
    // A one-number row (licensing_decisions) is its own cell: the row's field names it.
    const char* field = *column.field != '\0' ? column.field : row.field;
    counts[used++] = {field, column.name_zh, nullptr, &cell.count(t), column.may_be_negative};
    one_cell.path = cell.path;
    one_cell.column_zh = column.name_zh;
  }
  const absl::Span<const CellRef> refs = absl::MakeConstSpan(counts.data(), used);
  if (used == 1) {
    CheckRow(one_cell, refs, sink);
  } else if (used > 1) {
    CheckRow({row.path, "表二", row.label_zh, "", ""}, refs, sink);
  }
}

// Table 2 row by row in the layout of its format. The rule's amount is the 2021 format's fee
// (report-format.md: "the fee a decimal >= 0 in 万元"); the trial format's 采购总金额 is left as
// written, and only its 采购项目数量 is checked.
void CheckTable2(const nianbao::v1::ActiveDisclosureTable& t, FindingSink& sink) {
  const bool trial = Table2IsTrial2019(t);
  for (const format::DisclosureBlock& block :
       trial ? format::DisclosureBlocks2019() : format::DisclosureBlocks2021()) {
    for (const format::DisclosureRow& row : block.rows) {
      CheckDisclosureRow(block, row, t, /*check_amounts=*/!trial, sink);
    }
  }
}

void CheckTable3(const nianbao::v1::ApplicationTable& table, FindingSink& sink) {
  const bool trial = Table3IsTrial2019(table);
  const auto& columns = ApplicantTexts();
  for (const format::ApplicationRow& row : format::ApplicationRows()) {
    if (!format::RowInFormat(row, trial)) continue;
    const format::ApplicantCells row_cells = format::CellsOf(row.get(table));
    std::array<CellRef, format::kApplicantColumnCount> cells;
    for (size_t i = 0; i < cells.size(); ++i) {
      cells[i] = {nullptr, nullptr, &columns[i], row_cells[i], false};
    }
    CheckRow({row.path, "表三", row.name_zh, "", "行"}, cells, sink);
  }
}

void CheckTable4(const nianbao::v1::ReviewLitigationTable& table, FindingSink& sink) {
  const auto outcomes = format::OutcomeColumns();
  const auto& texts = OutcomeTexts();
  for (const format::CaseGroup& group : format::CaseGroups()) {
    const auto& cases = group.get(table);
    std::array<CellRef, format::kOutcomeColumnCount> cells;
    for (size_t i = 0; i < cells.size(); ++i) {
      cells[i] = {nullptr, nullptr, &texts[i], &outcomes[i].get(cases), false};
    }
    CheckRow({group.path, "表四", group.name_zh, "", ""}, cells, sink);
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
