// The figures offices compare (同比指标) from a report's tables or a roll-up's, this year against
// last, and how much of a report's text repeats last year's (重复率). Pure functions over the
// protos of office.proto; thread-safe.
#ifndef NIANBAO_SERVICES_OFFICE_OFFICE_INDICATORS_H_
#define NIANBAO_SERVICES_OFFICE_OFFICE_INDICATORS_H_

#include "nianbao/v1/office.pb.h"
#include "nianbao/v1/report.pb.h"

namespace nianbao::office {

// The indicators of `tables` (a report, a contribution or a roll-up: only tables 2, 3 and 4 are
// read). A count is its row's 总计 cell; when that is blank or text, the sum of the row's six
// applicant cells (2019-style tables leave 总计 blank in detail rows); a blank or text cell counts
// as 0. A rate whose denominator is 0 is left unset.
nianbao::v1::OfficeIndicators IndicatorsOf(const nianbao::v1::AnnualReport& tables);

// A comparison of `current` with `previous` (either may be null: nothing published that year):
// both copied, and when both are there the change (counts and, where both years have one, rates in
// fraction points) and the relative change of each count whose previous value is not 0. Agency and
// display name are left to the caller.
nianbao::v1::IndicatorComparison CompareIndicators(const nianbao::v1::OfficeIndicators* current,
                                                   const nianbao::v1::OfficeIndicators* previous);

// How much of `report`'s sections 一 and 五 repeat `previous` (last year's published report), by
// the REPEAT_LAST_YEAR measure (services/validation/repetition_measure.h) against last year's whole
// text: together and each on its own, as fractions; 0 for a section without text. Sets only the
// three shares.
nianbao::v1::AgencyRepetition RepetitionOf(const nianbao::v1::AnnualReport& report,
                                           const nianbao::v1::AnnualReport& previous);

// The order of ListRepetition: highest repeated_share first, ties by agency name.
bool RepeatsMore(const nianbao::v1::AgencyRepetition& a, const nianbao::v1::AgencyRepetition& b);

}  // namespace nianbao::office

#endif  // NIANBAO_SERVICES_OFFICE_OFFICE_INDICATORS_H_
