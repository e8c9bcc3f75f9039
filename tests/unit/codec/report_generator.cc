#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/codec/report_cells.h"
#include "tests/unit/codec/report_generator_parts.h"

namespace nianbao::codec_testing {
namespace {

void FillTable2New(Generator& g, v1::ActiveDisclosureTable& t) {
  bool any = false;
  while (!any) {
    if (g.Chance(70)) {
      any = true;
      g.FillCounts({t.mutable_rules()->mutable_issued(), t.mutable_rules()->mutable_repealed(),
                    t.mutable_rules()->mutable_in_force()});
    }
    if (g.Chance(70)) {
      any = true;
      v1::DocumentCounts* d = t.mutable_normative_documents();
      g.FillCounts({d->mutable_issued(), d->mutable_repealed(), d->mutable_in_force()});
    }
    if (g.Chance(70)) {
      any = true;
      g.FillCount(t.mutable_licensing_decisions());
    }
    if (g.Chance(70)) {
      any = true;
      g.FillCount(t.mutable_punishment_decisions());
    }
    if (g.Chance(70)) {
      any = true;
      g.FillCount(t.mutable_coercion_decisions());
    }
    if (g.Chance(70)) {
      any = true;
      g.FillAmount(t.mutable_fee_amount());
    }
  }
}

void FillTrialItems(Generator& g, v1::TrialItemCounts* items, bool with_decisions) {
  g.FillCounts({items->mutable_previous_items(), items->mutable_change()});
  if (with_decisions) g.FillCount(items->mutable_decisions());
}

void FillTable2Trial(Generator& g, v1::ActiveDisclosureTable2019& t) {
  bool any = false;
  while (!any) {
    for (v1::TrialDocumentCounts* d : {t.mutable_rules(), t.mutable_normative_documents()}) {
      g.FillCounts({d->mutable_made(), d->mutable_disclosed(), d->mutable_total_disclosed()});
    }
    if (g.Chance(50)) t.clear_normative_documents();
    any = true;
    if (g.Chance(70)) FillTrialItems(g, t.mutable_licensing(), true);
    if (g.Chance(70)) FillTrialItems(g, t.mutable_other_external_services(), true);
    if (g.Chance(70)) FillTrialItems(g, t.mutable_punishment(), true);
    if (g.Chance(70)) FillTrialItems(g, t.mutable_coercion(), true);
    if (g.Chance(70)) FillTrialItems(g, t.mutable_fees(), false);
    if (g.Chance(70)) {
      g.FillCount(t.mutable_centralized_procurement()->mutable_projects());
      g.FillAmount(t.mutable_centralized_procurement()->mutable_total_amount());
    }
  }
}

}  // namespace

v1::FormatVersion FillTable2(Generator& g, v1::ActiveDisclosureTable& t) {
  const int version = g.Uniform(1, 3);
  if (version != 2) FillTable2New(g, t);
  if (version != 1) FillTable2Trial(g, *t.mutable_trial_2019());
  const v1::FormatVersion format = version == 1   ? v1::FORMAT_VERSION_2021
                                   : version == 2 ? v1::FORMAT_VERSION_2019
                                                  : v1::FORMAT_VERSION_MIXED;
  t.set_format_version(format);
  return format;
}

v1::FormatVersion FillTable3(Generator& g, v1::ApplicationTable& t) {
  std::vector<v1::ApplicantCounts*> rows = {
      t.mutable_new_applications(),
      t.mutable_carried_over(),
      t.mutable_disclosed(),
      t.mutable_partially_disclosed(),
      t.mutable_withheld()->mutable_state_secret(),
      t.mutable_withheld()->mutable_prohibited_by_law(),
      t.mutable_withheld()->mutable_endangers_security_stability(),
      t.mutable_withheld()->mutable_third_party_rights(),
      t.mutable_withheld()->mutable_internal_affairs(),
      t.mutable_withheld()->mutable_process_information(),
      t.mutable_withheld()->mutable_law_enforcement_files(),
      t.mutable_withheld()->mutable_administrative_query(),
      t.mutable_unavailable()->mutable_not_held(),
      t.mutable_unavailable()->mutable_needs_creation(),
      t.mutable_unavailable()->mutable_unclear_after_correction(),
      t.mutable_not_processed()->mutable_petition_complaint(),
      t.mutable_not_processed()->mutable_repeated(),
      t.mutable_not_processed()->mutable_publication_requested(),
      t.mutable_not_processed()->mutable_mass_repeated(),
      t.mutable_not_processed()->mutable_confirmation_requested(),
      t.mutable_results_total(),
      t.mutable_carried_forward()};
  for (v1::ApplicantCounts* row : rows) g.FillApplicants(row);
  // Drop some rows; the first always stays so that the table is never empty.
  if (g.Chance(30)) t.clear_carried_over();
  if (g.Chance(30)) t.mutable_withheld()->clear_third_party_rights();
  if (g.Chance(20)) t.clear_unavailable();
  if (g.Chance(30)) t.mutable_not_processed()->clear_repeated();
  const int version = g.Uniform(1, 4);
  if (version == 1 || version == 3) {
    v1::OtherHandlingCounts* other = t.mutable_other_handling();
    g.FillApplicants(other->mutable_correction_overdue());
    if (g.Chance(80)) g.FillApplicants(other->mutable_fee_unpaid());
    if (g.Chance(80)) g.FillApplicants(other->mutable_other());
  }
  if (version == 2 || version == 3) g.FillApplicants(t.mutable_other_handling_2019());
  const v1::FormatVersion format = version == 1   ? v1::FORMAT_VERSION_2021
                                   : version == 2 ? v1::FORMAT_VERSION_2019
                                   : version == 3 ? v1::FORMAT_VERSION_MIXED
                                                  : v1::FORMAT_VERSION_UNSPECIFIED;
  t.set_format_version(format);
  return format;
}

}  // namespace nianbao::codec_testing
