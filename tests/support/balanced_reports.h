// Random annual reports whose tables balance: table 3's 勾稽关系, results sum and row totals, and
// table 4's group totals hold, so that the validation rules find no table error. Built on the
// format layout, in the 2021 or the 2019 format, with some zero cells left blank. For property
// tests of code that sums or re-arranges tables (the office roll-up).
#ifndef NIANBAO_TESTS_SUPPORT_BALANCED_REPORTS_H_
#define NIANBAO_TESTS_SUPPORT_BALANCED_REPORTS_H_

#include <random>

#include "nianbao/v1/report.pb.h"

namespace nianbao::testing {

// Tables 2, 3 and 4 only, every row of `version`'s format (FORMAT_VERSION_2021 or _2019), numbers
// up to `max_count` per cell; report_year set from `version` (2024 or 2020). With `blank_zeros`,
// some zero cells are left blank (as agencies do; a blank is refused at submission, so reports
// that go through the workflow want false). Deterministic for a given engine state.
nianbao::v1::AnnualReport RandomBalancedReport(std::mt19937& rng,
                                               nianbao::v1::FormatVersion version,
                                               int max_count = 20, bool blank_zeros = true);

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_SUPPORT_BALANCED_REPORTS_H_
