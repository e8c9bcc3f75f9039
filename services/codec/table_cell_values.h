// The values of tables 2, 3 and 4 along the format layout (services/format): for each cell, what to
// show and its proto field path. Shared by the HTML and Markdown renderers so both show the same
// rows in the same order (the format's, whether or not the document had every row); the labels,
// columns and headers are the layout's.
#ifndef NIANBAO_SERVICES_CODEC_TABLE_CELL_VALUES_H_
#define NIANBAO_SERVICES_CODEC_TABLE_CELL_VALUES_H_

#include <string>
#include <vector>

#include "nianbao/v1/report.pb.h"
#include "services/format/application_layout.h"
#include "services/format/disclosure_layout.h"
#include "services/format/review_layout.h"

namespace nianbao::codec::cell_values {

// One data cell: what to show and where it lives in the report.
struct Value {
  enum class Kind { kBlank, kNumber, kText };
  Kind kind = Kind::kBlank;
  std::string text;   // As written; "" when blank.
  std::string field;  // Proto field path, e.g. "applications.table.disclosed.total".
};
Value CountValue(const nianbao::v1::CountCell& cell, std::string field);
Value AmountValue(const nianbao::v1::AmountCell& cell, std::string field);

// Table 2: the values of a layout row, one per column of its block.
std::vector<Value> DisclosureValues(const format::DisclosureRow& row,
                                    const nianbao::v1::ActiveDisclosureTable& table);
// Which layouts a table needs: the 2021 one unless the table is purely 2019, the 2019 one when
// the table holds 2019 data (both for a mixed table).
bool ShowsDisclosure2021(const nianbao::v1::ActiveDisclosureTable& table);
bool ShowsDisclosure2019(const nianbao::v1::ActiveDisclosureTable& table);

// Table 3: true when the table is in the 2019 layout (（六）其他处理 as one row).
bool ApplicationIs2019(const nianbao::v1::ApplicationTable& table);
// The rows of the table's layout: 25 in the 2021 format, 23 in the 2019 format.
std::vector<const format::ApplicationRow*> ApplicationRows(
    const nianbao::v1::ApplicationTable& table);
// A row's seven values, in format::ApplicantColumns() order.
std::vector<Value> ApplicantValues(const format::ApplicationRow& row,
                                   const nianbao::v1::ApplicationTable& table);

// Table 4: a group's five values, in format::OutcomeColumns() order.
std::vector<Value> OutcomeValues(const format::CaseGroup& group,
                                 const nianbao::v1::ReviewLitigationTable& table);

}  // namespace nianbao::codec::cell_values

#endif  // NIANBAO_SERVICES_CODEC_TABLE_CELL_VALUES_H_
