// Table 3 (收到和处理政府信息公开申请情况) as the national format lays it out: its rows (25 in the
// 2021 format, 23 in the 2019 trial format, whose 三（六）其他处理 is one row) with their labels
// and roles, and its seven 申请人情况 columns. Each row and column carries its proto field path and
// plain function pointers to read and write it, so that the importer, the renderers and the
// validation rules walk the same description.
#ifndef NIANBAO_SERVICES_FORMAT_APPLICATION_LAYOUT_H_
#define NIANBAO_SERVICES_FORMAT_APPLICATION_LAYOUT_H_

#include <array>
#include <cstddef>

#include "absl/types/span.h"
#include "nianbao/v1/report.pb.h"
#include "services/format/field_access.h"

namespace nianbao::format {

// Every row of both formats, in the format's order; ApplicationRows()[id] is the row of id.
enum class ApplicationRowId {
  kNewApplications,  // 一
  kCarriedOver,      // 二
  kDisclosed,        // 三（一）
  kPartiallyDisclosed,
  kStateSecret,  // 三（三）1–8
  kProhibitedByLaw,
  kEndangersSecurityStability,
  kThirdPartyRights,
  kInternalAffairs,
  kProcessInformation,
  kLawEnforcementFiles,
  kAdministrativeQuery,
  kNotHeld,  // 三（四）1–3
  kNeedsCreation,
  kUnclearAfterCorrection,
  kPetitionComplaint,  // 三（五）1–5
  kRepeated,
  kPublicationRequested,
  kMassRepeated,
  kConfirmationRequested,
  kCorrectionOverdue,  // 三（六）1–3, 2021 format
  kFeeUnpaid,
  kOtherHandlingOther,
  kOtherHandling2019,  // 三（六） as one row, 2019 format
  kResultsTotal,       // 三（七）
  kCarriedForward,     // 四
};
inline constexpr std::size_t kApplicationRowCount = 26;

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

// A row of table 3: where it is (path and field, has/get/mutable_get taking the table; the
// mutable one creates the row and its parents) and how the format labels it.
struct ApplicationRow : FieldAccess<nianbao::v1::ApplicationTable, nianbao::v1::ApplicantCounts> {
  ApplicationRowId id;
  // The format's three label levels: the part ("三、本年度办理结果"), under 三 the group
  // ("（三）不予公开"), under （三）–（六） of the 2021 format the item ("1.属于国家秘密"); a level
  // the row does not have is "".
  const char* part_zh;
  const char* group_zh;
  const char* item_zh;
  // The row as a finding names it, part and group folded in: "三（三）1.属于国家秘密".
  const char* name_zh;
  RowRole role;
};

// All 26 rows, in the format's order (the 2021 format's 三（六）1–3 before the 2019 format's
// single 三（六）). Static data: no allocation, safe from any thread.
absl::Span<const ApplicationRow> ApplicationRows();
inline const ApplicationRow& ApplicationRowFor(ApplicationRowId id) {
  return ApplicationRows()[static_cast<std::size_t>(id)];
}
// Whether a row belongs to the 2019 (`trial_2019`) or the 2021 format.
bool RowInFormat(const ApplicationRow& row, bool trial_2019);

// One of the seven 申请人情况 columns ("自然人" … "其他", "总计"); the last is 总计.
using ApplicantColumn = CountColumn<nianbao::v1::ApplicantCounts>;
inline constexpr std::size_t kApplicantColumnCount = 7;
inline constexpr std::size_t kTotalColumn = 6;
absl::Span<const ApplicantColumn> ApplicantColumns();

// A row's seven cells in ApplicantColumns() order, read without indirection (the validation
// rules read every cell of table 3 several times per report).
using ApplicantCells = std::array<const nianbao::v1::CountCell*, kApplicantColumnCount>;
inline ApplicantCells CellsOf(const nianbao::v1::ApplicantCounts& row) {
  return {&row.natural_person(),
          &row.commercial_enterprise(),
          &row.research_institution(),
          &row.public_interest_organization(),
          &row.legal_service_institution(),
          &row.other_organization(),
          &row.total()};
}

// The column headers above the seven columns: 申请人情况 over all, 法人或其他组织 over the five
// between 自然人 and 总计.
inline constexpr char kApplicantHeader[] = "申请人情况";
inline constexpr char kOrganisationHeader[] = "法人或其他组织";
inline constexpr std::size_t kFirstOrganisationColumn = 1;
inline constexpr std::size_t kOrganisationColumnCount = 5;
// The note the format prints in table 3's corner.
inline constexpr char kBalanceNote[] =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

}  // namespace nianbao::format

#endif  // NIANBAO_SERVICES_FORMAT_APPLICATION_LAYOUT_H_
