// Table 4 (政府信息公开行政复议、行政诉讼情况): each group's 总计 is the sum of its four outcomes.
#include "absl/strings/str_cat.h"
#include "services/format/review_layout.h"
#include "services/validation/rules.h"

namespace nianbao::validation {

void CheckT4GroupTotal(const nianbao::v1::AnnualReport& report, const ValidationContext&,
                       FindingSink& sink) {
  if (!report.has_review_litigation() || !report.review_litigation().has_table()) return;
  const auto& table = report.review_litigation().table();
  const auto outcomes = format::OutcomeColumns();
  const size_t total_index = outcomes.size() - 1;
  for (const format::CaseGroup& group : format::CaseGroups()) {
    const auto& cells = group.get(table);
    const CellValue total = ReadCount(outcomes[total_index].get(cells));
    // A blank total is CELL_NOT_NUMBER's to report.
    if (!total.known() || total.state == CellState::kBlank) continue;
    int64_t sum = 0;
    bool known = true;
    bool any_filled = false;
    for (size_t i = 0; i < total_index; ++i) {
      const CellValue part = ReadCount(outcomes[i].get(cells));
      known = known && part.known();
      any_filled = any_filled || part.state != CellState::kBlank;
      sum += part.value;
    }
    if (!known || !any_filled || sum == total.value) continue;
    sink.Add(RuleId::kT4GroupTotal, absl::StrCat(group.path, ".total"), "total",
             absl::StrCat("表四“", group.name_zh, "”：结果维持+结果纠正+其他结果+尚未审结=", sum,
                          "，总计=", total.value),
             absl::StrCat("Table 4, ", group.name_en, ": upheld + corrected + other + pending = ",
                          sum, " but total = ", total.value),
             absl::StrCat(sum), absl::StrCat(total.value));
  }
}

}  // namespace nianbao::validation
