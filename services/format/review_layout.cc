#include "services/format/review_layout.h"

namespace nianbao::format {
namespace {

using nianbao::v1::CaseOutcomes;
using Table = nianbao::v1::ReviewLitigationTable;

#define NIANBAO_CASE_GROUP(id, name, label_zh, name_zh, name_en)                              \
  CaseGroup {                                                                                 \
    NIANBAO_FORMAT_FIELD(Table, "review_litigation.table.", name), CaseGroupId::id, label_zh, \
        name_zh, name_en                                                                      \
  }
#define NIANBAO_OUTCOME_COLUMN(name, name_zh, name_en) \
  NIANBAO_FORMAT_COUNT_COLUMN(CaseOutcomes, name, name_zh, name_en)

constexpr CaseGroup kGroups[] = {
    NIANBAO_CASE_GROUP(kAdministrativeReview, administrative_review, "行政复议", "行政复议",
                       "administrative review"),
    NIANBAO_CASE_GROUP(kLitigationDirect, litigation_direct, "未经复议直接起诉",
                       "行政诉讼（未经复议直接起诉）", "litigation without prior review"),
    NIANBAO_CASE_GROUP(kLitigationAfterReview, litigation_after_review, "复议后起诉",
                       "行政诉讼（复议后起诉）", "litigation after review"),
};
static_assert(sizeof(kGroups) / sizeof(kGroups[0]) == kCaseGroupCount);

constexpr OutcomeColumn kColumns[] = {
    NIANBAO_OUTCOME_COLUMN(upheld, "结果维持", "upheld"),
    NIANBAO_OUTCOME_COLUMN(corrected, "结果纠正", "corrected"),
    NIANBAO_OUTCOME_COLUMN(other, "其他结果", "other"),
    NIANBAO_OUTCOME_COLUMN(pending, "尚未审结", "pending"),
    NIANBAO_OUTCOME_COLUMN(total, "总计", "total"),
};
static_assert(sizeof(kColumns) / sizeof(kColumns[0]) == kOutcomeColumnCount);

#undef NIANBAO_OUTCOME_COLUMN
#undef NIANBAO_CASE_GROUP

}  // namespace

absl::Span<const CaseGroup> CaseGroups() { return kGroups; }

absl::Span<const OutcomeColumn> OutcomeColumns() { return kColumns; }

}  // namespace nianbao::format
