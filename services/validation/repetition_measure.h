// The REPEAT_LAST_YEAR measure on its own: how much of a report's text repeats last year's, section
// by section, so that the office's repetition list (services/office) and the validation rule count
// the same thing. Thread-safe (a thread-local bitmap), no allocation.
#ifndef NIANBAO_SERVICES_VALIDATION_REPETITION_MEASURE_H_
#define NIANBAO_SERVICES_VALIDATION_REPETITION_MEASURE_H_

#include <array>
#include <cstdint>

#include "nianbao/v1/report.pb.h"

namespace nianbao::validation {

// The text sections the measure reads, in this order in RepetitionBySection.
enum class RepetitionSection { kOverview = 0, kProblems = 1, kOtherMatters = 2 };  // 一, 五, 六

struct RepetitionCount {
  int64_t shingles = 0;  // This year's 8-character shingles.
  int64_t repeated = 0;  // Of those, the ones that occur anywhere in last year's 一, 五 and 六.
};
using RepetitionBySection = std::array<RepetitionCount, 3>;

// For each of `report`'s sections 一, 五 and 六: its shingles and how many of them last year's text
// has. The text is read as one run (a shingle spanning two sections counts for the later one), so
// the three counts add up to the measure of the whole text.
RepetitionBySection MeasureRepetition(const nianbao::v1::AnnualReport& report,
                                      const nianbao::v1::AnnualReport& previous);

// Below this many shingles there is too little text to judge (the rule stays silent).
inline constexpr int64_t kRepetitionMinimumShingles = 40;

}  // namespace nianbao::validation

#endif  // NIANBAO_SERVICES_VALIDATION_REPETITION_MEASURE_H_
