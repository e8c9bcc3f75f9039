// The arithmetic of an office's roll-up (汇总): what one report contributes (tables 2, 3 and 4) and
// how contributions add up and come off again. Pure functions of the report's content, no state:
// the workflow core computes a report's contribution when it publishes or corrects it and writes it
// in the same batch, and the office core sums contributions over a subtree.
#ifndef NIANBAO_SERVICES_OFFICE_ROLLUP_MATH_H_
#define NIANBAO_SERVICES_OFFICE_ROLLUP_MATH_H_

#include "absl/status/status.h"
#include "nianbao/v1/report.pb.h"

namespace nianbao::office {

// The part of `content` that a roll-up sums: tables 2, 3 and 4 (with their format_version), every
// row the report has, and nothing else (no metadata, headings or notes). A cell that holds text
// ("/", "5件") contributes as blank: it is not a number, and a published report has none (blank and
// text cells are errors at submission). An amount keeps its value but not its written form.
nianbao::v1::AnnualReport RollupContribution(const nianbao::v1::AnnualReport& content);

// Adds (`sign` = +1) or subtracts (`sign` = -1) `part`, a contribution, into `*total`, cell by
// cell over every row and column of the three tables (protobuf reflection, so a row added to
// report.proto is summed without a change here). 2019-format rows add into their own rows. A blank
// cell of `part` leaves the total's cell as it is, so a cell blank in every contribution stays
// blank; a number added to a blank total cell sets it. Subtraction takes the numbers back exactly,
// but cannot tell which cells were blank before: a cell only the subtracted part filled reads 0.
// Adding tables with different format versions makes the total's version MIXED.
// Errors, leaving `*total` unchanged: INVALID_ARGUMENT for a sign other than ±1 or an amount whose
// nanos are out of range; OUT_OF_RANGE when a count leaves int32 or an amount leaves int64 units.
[[nodiscard]] absl::Status AddContribution(const nianbao::v1::AnnualReport& part, int sign,
                                           nianbao::v1::AnnualReport* total);

}  // namespace nianbao::office

#endif  // NIANBAO_SERVICES_OFFICE_ROLLUP_MATH_H_
