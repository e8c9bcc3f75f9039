#include "services/format/application_layout.h"

namespace nianbao::format {
namespace {

using nianbao::v1::ApplicantCounts;
using Id = ApplicationRowId;
using Table = nianbao::v1::ApplicationTable;

// A row at table.name or table.group.name (field_access.h).
#define NIANBAO_TOP_ROW(name) NIANBAO_FORMAT_FIELD(Table, "applications.table.", name)
#define NIANBAO_SUB_ROW(group, name) \
  NIANBAO_FORMAT_SUBFIELD(Table, "applications.table.", group, name)

constexpr char kResults[] = "三、本年度办理结果";
constexpr char kWithheld[] = "（三）不予公开";
constexpr char kUnavailable[] = "（四）无法提供";
constexpr char kNotProcessed[] = "（五）不予处理";
constexpr char kOtherHandling[] = "（六）其他处理";

constexpr ApplicationRow kRows[] = {
    {NIANBAO_TOP_ROW(new_applications), Id::kNewApplications, "一、本年新收政府信息公开申请数量",
     "", "", "一、本年新收政府信息公开申请数量", RowRole::kNew},
    {NIANBAO_TOP_ROW(carried_over), Id::kCarriedOver, "二、上年结转政府信息公开申请数量", "", "",
     "二、上年结转政府信息公开申请数量", RowRole::kCarriedOver},
    {NIANBAO_TOP_ROW(disclosed), Id::kDisclosed, kResults, "（一）予以公开", "", "三（一）予以公开",
     RowRole::kResult},
    {NIANBAO_TOP_ROW(partially_disclosed), Id::kPartiallyDisclosed, kResults,
     "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", "三（二）部分公开",
     RowRole::kResult},
    {NIANBAO_SUB_ROW(withheld, state_secret), Id::kStateSecret, kResults, kWithheld,
     "1.属于国家秘密", "三（三）1.属于国家秘密", RowRole::kResult},
    {NIANBAO_SUB_ROW(withheld, prohibited_by_law), Id::kProhibitedByLaw, kResults, kWithheld,
     "2.其他法律行政法规禁止公开", "三（三）2.其他法律行政法规禁止公开", RowRole::kResult},
    {NIANBAO_SUB_ROW(withheld, endangers_security_stability), Id::kEndangersSecurityStability,
     kResults, kWithheld, "3.危及“三安全一稳定”", "三（三）3.危及“三安全一稳定”", RowRole::kResult},
    {NIANBAO_SUB_ROW(withheld, third_party_rights), Id::kThirdPartyRights, kResults, kWithheld,
     "4.保护第三方合法权益", "三（三）4.保护第三方合法权益", RowRole::kResult},
    {NIANBAO_SUB_ROW(withheld, internal_affairs), Id::kInternalAffairs, kResults, kWithheld,
     "5.属于三类内部事务信息", "三（三）5.属于三类内部事务信息", RowRole::kResult},
    {NIANBAO_SUB_ROW(withheld, process_information), Id::kProcessInformation, kResults, kWithheld,
     "6.属于四类过程性信息", "三（三）6.属于四类过程性信息", RowRole::kResult},
    {NIANBAO_SUB_ROW(withheld, law_enforcement_files), Id::kLawEnforcementFiles, kResults,
     kWithheld, "7.属于行政执法案卷", "三（三）7.属于行政执法案卷", RowRole::kResult},
    {NIANBAO_SUB_ROW(withheld, administrative_query), Id::kAdministrativeQuery, kResults, kWithheld,
     "8.属于行政查询事项", "三（三）8.属于行政查询事项", RowRole::kResult},
    {NIANBAO_SUB_ROW(unavailable, not_held), Id::kNotHeld, kResults, kUnavailable,
     "1.本机关不掌握相关政府信息", "三（四）1.本机关不掌握相关政府信息", RowRole::kResult},
    {NIANBAO_SUB_ROW(unavailable, needs_creation), Id::kNeedsCreation, kResults, kUnavailable,
     "2.没有现成信息需要另行制作", "三（四）2.没有现成信息需要另行制作", RowRole::kResult},
    {NIANBAO_SUB_ROW(unavailable, unclear_after_correction), Id::kUnclearAfterCorrection, kResults,
     kUnavailable, "3.补正后申请内容仍不明确", "三（四）3.补正后申请内容仍不明确",
     RowRole::kResult},
    {NIANBAO_SUB_ROW(not_processed, petition_complaint), Id::kPetitionComplaint, kResults,
     kNotProcessed, "1.信访举报投诉类申请", "三（五）1.信访举报投诉类申请", RowRole::kResult},
    {NIANBAO_SUB_ROW(not_processed, repeated), Id::kRepeated, kResults, kNotProcessed, "2.重复申请",
     "三（五）2.重复申请", RowRole::kResult},
    {NIANBAO_SUB_ROW(not_processed, publication_requested), Id::kPublicationRequested, kResults,
     kNotProcessed, "3.要求提供公开出版物", "三（五）3.要求提供公开出版物", RowRole::kResult},
    {NIANBAO_SUB_ROW(not_processed, mass_repeated), Id::kMassRepeated, kResults, kNotProcessed,
     "4.无正当理由大量反复申请", "三（五）4.无正当理由大量反复申请", RowRole::kResult},
    {NIANBAO_SUB_ROW(not_processed, confirmation_requested), Id::kConfirmationRequested, kResults,
     kNotProcessed, "5.要求行政机关确认或重新出具已获取信息",
     "三（五）5.要求行政机关确认或重新出具已获取信息", RowRole::kResult},
    {NIANBAO_SUB_ROW(other_handling, correction_overdue), Id::kCorrectionOverdue, kResults,
     kOtherHandling, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "三（六）1.申请人逾期不补正", RowRole::kResult2021Only},
    {NIANBAO_SUB_ROW(other_handling, fee_unpaid), Id::kFeeUnpaid, kResults, kOtherHandling,
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     "三（六）2.申请人逾期未缴纳费用", RowRole::kResult2021Only},
    {NIANBAO_SUB_ROW(other_handling, other), Id::kOtherHandlingOther, kResults, kOtherHandling,
     "3.其他", "三（六）3.其他", RowRole::kResult2021Only},
    {NIANBAO_TOP_ROW(other_handling_2019), Id::kOtherHandling2019, kResults, kOtherHandling, "",
     "三（六）其他处理", RowRole::kResult2019Only},
    {NIANBAO_TOP_ROW(results_total), Id::kResultsTotal, kResults, "（七）总计", "", "三（七）总计",
     RowRole::kResultsTotal},
    {NIANBAO_TOP_ROW(carried_forward), Id::kCarriedForward, "四、结转下年度继续办理", "", "",
     "四、结转下年度继续办理", RowRole::kCarriedForward},
};
static_assert(sizeof(kRows) / sizeof(kRows[0]) == kApplicationRowCount);

#undef NIANBAO_SUB_ROW
#undef NIANBAO_TOP_ROW

#define NIANBAO_APPLICANT_COLUMN(name, name_zh, name_en) \
  NIANBAO_FORMAT_COUNT_COLUMN(ApplicantCounts, name, name_zh, name_en)

constexpr ApplicantColumn kColumns[] = {
    NIANBAO_APPLICANT_COLUMN(natural_person, "自然人", "natural persons"),
    NIANBAO_APPLICANT_COLUMN(commercial_enterprise, "商业企业", "commercial enterprises"),
    NIANBAO_APPLICANT_COLUMN(research_institution, "科研机构", "research institutions"),
    NIANBAO_APPLICANT_COLUMN(public_interest_organization, "社会公益组织",
                             "public-interest organisations"),
    NIANBAO_APPLICANT_COLUMN(legal_service_institution, "法律服务机构",
                             "legal service institutions"),
    NIANBAO_APPLICANT_COLUMN(other_organization, "其他", "other organisations"),
    NIANBAO_APPLICANT_COLUMN(total, "总计", "total"),
};
static_assert(sizeof(kColumns) / sizeof(kColumns[0]) == kApplicantColumnCount);

#undef NIANBAO_APPLICANT_COLUMN

}  // namespace

absl::Span<const ApplicationRow> ApplicationRows() { return kRows; }

bool RowInFormat(const ApplicationRow& row, bool trial_2019) {
  if (row.role == RowRole::kResult2021Only) return !trial_2019;
  if (row.role == RowRole::kResult2019Only) return trial_2019;
  return true;
}

absl::Span<const ApplicantColumn> ApplicantColumns() { return kColumns; }

}  // namespace nianbao::format
