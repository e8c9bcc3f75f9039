// The rows and columns of tables 2, 3 and 4 as the national format lays them out, with each data
// cell's value and proto field path. Shared by the HTML and Markdown renderers so both show the
// same rows in the same order (the format's, whether or not the document had every row).
#ifndef NIANBAO_SERVICES_CODEC_HTML_TABLE_ROWS_H_
#define NIANBAO_SERVICES_CODEC_HTML_TABLE_ROWS_H_

#include <array>
#include <string>
#include <vector>

#include "nianbao/v1/report.pb.h"

namespace nianbao::codec::table_rows {

// One data cell: what to show and where it lives in the report.
struct Value {
  enum class Kind { kBlank, kNumber, kText };
  Kind kind = Kind::kBlank;
  std::string text;   // As written; "" when blank.
  std::string field;  // Proto field path, e.g. "applications.table.disclosed.total".
};
Value CountValue(const nianbao::v1::CountCell& cell, std::string field);
Value AmountValue(const nianbao::v1::AmountCell& cell, std::string field);

// Table 2: one block per 第二十条 item, e.g. 第二十条第（一）项 with columns 信息内容, 本年制发件数
// …
struct DisclosureRow {
  std::string label;  // 信息内容, e.g. "规章".
  std::vector<Value> values;
};
struct DisclosureBlock {
  std::string title;                 // "第二十条第（一）项".
  std::vector<std::string> columns;  // Value columns after 信息内容.
  std::vector<DisclosureRow> rows;
};
// The four blocks of the 2021 format, and the five of the 2019 trial format.
std::vector<DisclosureBlock> DisclosureBlocks2021(const nianbao::v1::ActiveDisclosureTable& table);
std::vector<DisclosureBlock> DisclosureBlocks2019(const nianbao::v1::ActiveDisclosureTable& table);
// Which layouts a table needs: the 2021 one unless the table is purely 2019, the 2019 one when
// the table holds 2019 data (both for a mixed table).
bool ShowsDisclosure2021(const nianbao::v1::ActiveDisclosureTable& table);
bool ShowsDisclosure2019(const nianbao::v1::ActiveDisclosureTable& table);

// Table 3: the seven 申请人情况 columns.
inline constexpr int kApplicantColumns = 7;
struct ApplicantColumn {
  const char* label;  // "自然人", "商业企业" … "总计".
  const char* field;  // "natural_person" …
};
const std::array<ApplicantColumn, kApplicantColumns>& ApplicantColumns();

// One row of table 3 with its three label levels.
struct ApplicationRow {
  std::string part;  // "一、本年新收政府信息公开申请数量", "三、本年度办理结果", …
  std::string group;  // Under 三: "（一）予以公开" … "（七）总计"; else empty.
  std::string item;   // Under （三）–（六）: "1.属于国家秘密"; else empty.
  std::vector<Value> values;  // kApplicantColumns values.
};
// True when table 3 is in the 2019 layout (（六）其他处理 as one row).
bool ApplicationIs2019(const nianbao::v1::ApplicationTable& table);
// 25 rows in the 2021 format, 23 in the 2019 format.
std::vector<ApplicationRow> ApplicationRows(const nianbao::v1::ApplicationTable& table);

// Table 4: three groups of five outcomes.
inline constexpr std::array<const char*, 5> kOutcomeLabels = {"结果维持", "结果纠正", "其他结果",
                                                              "尚未审结", "总计"};
struct CaseGroup {
  std::string label;          // "行政复议", "未经复议直接起诉", "复议后起诉".
  std::vector<Value> values;  // Five, in kOutcomeLabels order.
};
std::array<CaseGroup, 3> CaseGroups(const nianbao::v1::ReviewLitigationTable& table);

// The note the format prints in table 3's corner.
inline constexpr char kBalanceNote[] =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

}  // namespace nianbao::codec::table_rows

#endif  // NIANBAO_SERVICES_CODEC_HTML_TABLE_ROWS_H_
