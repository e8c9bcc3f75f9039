// Random annual reports for property tests: every field the parser fills, in the form the parser
// produces it (derived fields consistent with the text they are derived from), so that rendering
// one and importing the result must give it back unchanged.
#ifndef NIANBAO_TESTS_UNIT_CODEC_REPORT_GENERATOR_H_
#define NIANBAO_TESTS_UNIT_CODEC_REPORT_GENERATOR_H_

#include <random>

#include "nianbao/v1/report.pb.h"

namespace nianbao::codec_testing {

// Deterministic for a given engine state. Tables follow the 2021 format, the 2019 format or a mix
// of both; cells are numbers, blanks, text ("/", "—", "5件" …) and exact decimals with or without
// a unit; sections may be missing, out of order, or lack a heading while their table is present.
nianbao::v1::AnnualReport GenerateReport(std::mt19937& rng);

}  // namespace nianbao::codec_testing

#endif  // NIANBAO_TESTS_UNIT_CODEC_REPORT_GENERATOR_H_
