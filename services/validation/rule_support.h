// What the rule files share: the sink findings go to, how a cell's content is read, and the layout
// of tables 3 and 4 as data (rows, columns, their field paths and Chinese names), so that each rule
// is a loop over a table description rather than 25 hand-written lines. Internal to the library.
#ifndef NIANBAO_SERVICES_VALIDATION_RULE_SUPPORT_H_
#define NIANBAO_SERVICES_VALIDATION_RULE_SUPPORT_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nianbao/v1/report.pb.h"
#include "services/validation/finding.h"
#include "services/validation/rule_catalog.h"

namespace nianbao::validation {

// Collects findings, giving each the severity its rule has at the check's stage.
class FindingSink {
 public:
  FindingSink(Stage stage, std::vector<Finding>* out) : stage_(stage), out_(out) {}
  void Add(RuleId rule, std::string field_path, std::string column, std::string message_zh,
           std::string message_en, std::string expected = {}, std::string actual = {});

 private:
  Stage stage_;
  std::vector<Finding>* out_;
};

// How a number cell was filled in.
enum class CellState {
  kNumber,      // A number (possibly negative, which CELL_NOT_NUMBER reports).
  kBlank,       // Nothing: agencies usually mean 0.
  kZeroMark,    // "/", "—", "-", "无": meant as 0, but not a number.
  kTextNumber,  // Text that still reads as a number: "5件", "十二", "２".
  kText,        // Text with no number in it.
};

struct CellValue {
  int64_t value = 0;  // 0 for blanks and zero marks; meaningless for kText.
  CellState state = CellState::kBlank;
  // Whether arithmetic rules can use the value.
  bool known() const { return state != CellState::kText; }
};

// Reads a cell. Inline for the common case (a number or a blank): the table rules read every cell
// of tables 3 and 4 several times per validation.
CellValue ReadCountText(absl::string_view text);
inline CellValue ReadCount(const nianbao::v1::CountCell& cell) {
  switch (cell.content_case()) {
    case nianbao::v1::CountCell::kNumber:
      return {cell.number(), CellState::kNumber};
    case nianbao::v1::CountCell::CONTENT_NOT_SET:
      return {0, CellState::kBlank};
    default:
      break;
  }
  return ReadCountText(cell.text());
}
// "12", "空白", "“/”" — how a cell is quoted in a message.
std::string DescribeCell(const nianbao::v1::CountCell& cell);

// Table 3's seven columns (申请人情况); the last is 总计.
struct ApplicantColumn {
  const char* field;
  const char* name_zh;
  const char* name_en;
  const nianbao::v1::CountCell& (*get)(const nianbao::v1::ApplicantCounts&);
};
inline constexpr size_t kTotalColumn = 6;
absl::Span<const ApplicantColumn> ApplicantColumns();

// A table 3 row's seven cells, in ApplicantColumns() order, read without indirection.
using RowCells = std::array<const nianbao::v1::CountCell*, 7>;
inline RowCells CellsOf(const nianbao::v1::ApplicantCounts& row) {
  return {&row.natural_person(),
          &row.commercial_enterprise(),
          &row.research_institution(),
          &row.public_interest_organization(),
          &row.legal_service_institution(),
          &row.other_organization(),
          &row.total()};
}

// What part of table 3 a row belongs to.
enum class RowRole {
  kNew,             // 一
  kCarriedOver,     // 二
  kResult,          // an item under 三（一）…（六） in both formats
  kResult2021Only,  // 三（六）1–3
  kResult2019Only,  // 三（六） as one row
  kResultsTotal,    // 三（七）
  kCarriedForward,  // 四
};

struct ApplicationRow {
  const char* field;  // Relative to applications.table, e.g. "withheld.state_secret".
  const char* label_zh;
  RowRole role;
  bool (*has)(const nianbao::v1::ApplicationTable&);
  const nianbao::v1::ApplicantCounts& (*get)(const nianbao::v1::ApplicationTable&);
};
absl::Span<const ApplicationRow> ApplicationRows();
inline constexpr char kTable3Path[] = "applications.table.";

// Whether a table follows the 2019 trial format, from the importer's verdict or, when that is
// unset (a report built by a program), from which fields are filled.
bool Table2IsTrial2019(const nianbao::v1::ActiveDisclosureTable& table);
bool Table3IsTrial2019(const nianbao::v1::ApplicationTable& table);
// Whether a row of table 3 belongs to the table's own format.
bool RowInFormat(const ApplicationRow& row, bool trial_2019);

// Table 4's groups and the five outcome columns (the last is 总计).
struct CaseGroup {
  const char* field;  // Relative to review_litigation.table.
  const char* name_zh;
  const char* name_en;
  const nianbao::v1::CaseOutcomes& (*get)(const nianbao::v1::ReviewLitigationTable&);
};
absl::Span<const CaseGroup> CaseGroups();
struct OutcomeColumn {
  const char* field;
  const char* name_zh;
  const nianbao::v1::CountCell& (*get)(const nianbao::v1::CaseOutcomes&);
};
absl::Span<const OutcomeColumn> OutcomeColumns();
inline constexpr char kTable4Path[] = "review_litigation.table.";

// Substring search for the text rules, tuned for short Chinese needles in UTF-8 text (where a
// first-byte search stops every third byte, and glibc's memmem pays a table set-up per call).
size_t FindText(absl::string_view text, absl::string_view needle, size_t pos = 0);
inline bool HasText(absl::string_view text, absl::string_view needle) {
  return FindText(text, needle) != absl::string_view::npos;
}

// The paragraphs of a text section joined by newlines (for keyword rules).
std::string SectionText(const nianbao::v1::TextSection& section);
bool ContainsAny(absl::string_view text, absl::Span<const absl::string_view> needles);

}  // namespace nianbao::validation

#endif  // NIANBAO_SERVICES_VALIDATION_RULE_SUPPORT_H_
