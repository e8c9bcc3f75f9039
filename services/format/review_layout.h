// Table 4 (政府信息公开行政复议、行政诉讼情况) as the national format lays it out: three case
// groups (行政复议, and under 行政诉讼 未经复议直接起诉 and 复议后起诉) of five outcome columns
// each, written as one row of fifteen numbers. Each group and column carries its proto field and
// plain function pointers to read and write it, so that the importer, the renderers and the
// validation rules walk the same description.
#ifndef NIANBAO_SERVICES_FORMAT_REVIEW_LAYOUT_H_
#define NIANBAO_SERVICES_FORMAT_REVIEW_LAYOUT_H_

#include <cstddef>

#include "absl/types/span.h"
#include "nianbao/v1/report.pb.h"
#include "services/format/field_access.h"

namespace nianbao::format {

// The groups in the format's order; CaseGroups()[id] is the group of id.
enum class CaseGroupId { kAdministrativeReview, kLitigationDirect, kLitigationAfterReview };

// A group of table 4: where it is (path and field, has/get/mutable_get taking the table; the
// mutable one creates the group) and how the format names it.
struct CaseGroup : FieldAccess<nianbao::v1::ReviewLitigationTable, nianbao::v1::CaseOutcomes> {
  CaseGroupId id;
  // The group's header in the format ("未经复议直接起诉", under 行政诉讼 for the last two).
  const char* label_zh;
  // The group named on its own, as findings and flat headers name it:
  // "行政诉讼（未经复议直接起诉）".
  const char* name_zh;
  const char* name_en;
};
inline constexpr std::size_t kCaseGroupCount = 3;
// Static data: no allocation, safe from any thread.
absl::Span<const CaseGroup> CaseGroups();
inline const CaseGroup& CaseGroupFor(CaseGroupId id) {
  return CaseGroups()[static_cast<std::size_t>(id)];
}

// One of a group's five outcome columns ("结果维持" … "尚未审结", "总计"); the last is 总计.
using OutcomeColumn = CountColumn<nianbao::v1::CaseOutcomes>;
inline constexpr std::size_t kOutcomeColumnCount = 5;
absl::Span<const OutcomeColumn> OutcomeColumns();

// The header over the two litigation groups.
inline constexpr char kLitigationHeader[] = "行政诉讼";

}  // namespace nianbao::format

#endif  // NIANBAO_SERVICES_FORMAT_REVIEW_LAYOUT_H_
