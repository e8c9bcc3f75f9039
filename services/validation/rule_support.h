// What the rule files share: the sink findings go to, how a cell's content is read, and which
// format a table follows. The tables themselves are described by the format layout
// (services/format), so that each rule is a loop over a table description rather than 25
// hand-written lines. Internal to the library.
#ifndef NIANBAO_SERVICES_VALIDATION_RULE_SUPPORT_H_
#define NIANBAO_SERVICES_VALIDATION_RULE_SUPPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nianbao/v1/report.pb.h"
#include "services/validation/finding.h"
#include "services/validation/rule_catalog.h"

namespace nianbao::validation {

// Collects findings into *out, giving each the severity its rule has at the check's stage.
// The findings already in *out are overwritten from the first one on, and Finish() drops those
// left over: a caller that validates many reports with one vector (the benchmark, a batch) then
// reuses the findings' strings, and a rule that writes its texts in place (Next) allocates nothing
// once they have grown to fit.
class FindingSink {
 public:
  FindingSink(Stage stage, std::vector<Finding>* out) : stage_(stage), out_(out) {}
  // The next finding, with its code and severity set and its texts empty (their capacity kept).
  Finding& Next(RuleId rule);
  void Add(RuleId rule, std::string field_path, std::string column, std::string message_zh,
           std::string message_en, std::string expected = {}, std::string actual = {});
  // Drops the findings of *out not written by this sink. Call once, after the last rule.
  void Finish() { out_->erase(out_->begin() + static_cast<std::ptrdiff_t>(used_), out_->end()); }

 private:
  Stage stage_;
  std::vector<Finding>* out_;
  size_t used_ = 0;
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

// Whether a table follows the 2019 trial format, from the importer's verdict or, when that is
// unset (a report built by a program), from which fields are filled.
bool Table2IsTrial2019(const nianbao::v1::ActiveDisclosureTable& table);
bool Table3IsTrial2019(const nianbao::v1::ApplicationTable& table);

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
