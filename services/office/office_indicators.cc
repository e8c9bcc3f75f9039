#include "services/office/office_indicators.h"

#include <cstdint>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "services/validation/repetition_measure.h"

namespace nianbao::office {
namespace {

using google::protobuf::FieldDescriptor;
using nianbao::v1::AnnualReport;
using nianbao::v1::ApplicantCounts;
using nianbao::v1::CaseOutcomes;
using nianbao::v1::CountCell;
using nianbao::v1::IndicatorComparison;
using nianbao::v1::OfficeIndicators;

int64_t Value(const CountCell& cell) {
  return cell.content_case() == CountCell::kNumber ? cell.number() : 0;
}

int64_t RowTotal(const ApplicantCounts& row) {
  if (row.total().content_case() == CountCell::kNumber) return row.total().number();
  return Value(row.natural_person()) + Value(row.commercial_enterprise()) +
         Value(row.research_institution()) + Value(row.public_interest_organization()) +
         Value(row.legal_service_institution()) + Value(row.other_organization());
}

// A group's 总计, or the sum of its four outcomes when 总计 is blank.
int64_t GroupTotal(const CaseOutcomes& group) {
  if (group.total().content_case() == CountCell::kNumber) return group.total().number();
  return Value(group.upheld()) + Value(group.corrected()) + Value(group.other()) +
         Value(group.pending());
}

// Concluded cases (总计 − 尚未审结): the cases a correction rate is a share of.
int64_t Concluded(const CaseOutcomes& group) { return GroupTotal(group) - Value(group.pending()); }

// numerator / denominator, or nothing when there is no denominator.
template <typename Setter>
void SetRate(int64_t numerator, int64_t denominator, Setter set) {
  if (denominator > 0) set(static_cast<double>(numerator) / static_cast<double>(denominator));
}

}  // namespace

OfficeIndicators IndicatorsOf(const AnnualReport& tables) {
  OfficeIndicators out;
  const auto& t3 = tables.applications().table();
  out.set_new_applications(RowTotal(t3.new_applications()));
  out.set_results_total(RowTotal(t3.results_total()));
  out.set_disclosed(RowTotal(t3.disclosed()));
  out.set_partially_disclosed(RowTotal(t3.partially_disclosed()));
  SetRate(out.disclosed() + out.partially_disclosed(), out.results_total(),
          [&](double rate) { out.set_granted_share(rate); });

  const auto& t4 = tables.review_litigation().table();
  out.set_reconsiderations(GroupTotal(t4.administrative_review()));
  out.set_reconsiderations_corrected(Value(t4.administrative_review().corrected()));
  SetRate(out.reconsiderations_corrected(), Concluded(t4.administrative_review()),
          [&](double rate) { out.set_reconsideration_correction_rate(rate); });
  out.set_lawsuits(GroupTotal(t4.litigation_direct()) + GroupTotal(t4.litigation_after_review()));
  out.set_lawsuits_corrected(Value(t4.litigation_direct().corrected()) +
                             Value(t4.litigation_after_review().corrected()));
  SetRate(out.lawsuits_corrected(),
          Concluded(t4.litigation_direct()) + Concluded(t4.litigation_after_review()),
          [&](double rate) { out.set_lawsuit_correction_rate(rate); });

  // Table 2 in either format: the 2019 format's 本年新制作数量 is its 本年制发件数, its
  // 处理决定数量 the decisions.
  const auto& t2 = tables.active_disclosure().table();
  const auto& trial = t2.trial_2019();
  out.set_rules_issued(Value(t2.rules().issued()) + Value(trial.rules().made()));
  out.set_normative_documents_issued(Value(t2.normative_documents().issued()) +
                                     Value(trial.normative_documents().made()));
  out.set_licensing_decisions(Value(t2.licensing_decisions()) +
                              Value(trial.licensing().decisions()));
  out.set_punishment_decisions(Value(t2.punishment_decisions()) +
                               Value(trial.punishment().decisions()));
  out.set_coercion_decisions(Value(t2.coercion_decisions()) + Value(trial.coercion().decisions()));
  return out;
}

IndicatorComparison CompareIndicators(const OfficeIndicators* current,
                                      const OfficeIndicators* previous) {
  IndicatorComparison comparison;
  if (current != nullptr) *comparison.mutable_current() = *current;
  if (previous != nullptr) *comparison.mutable_previous() = *previous;
  if (current == nullptr || previous == nullptr) return comparison;
  // Field by field through reflection, so an indicator added to office.proto is compared too;
  // IndicatorRelativeChange numbers its fields as OfficeIndicators does.
  OfficeIndicators* change = comparison.mutable_change();
  auto* relative = comparison.mutable_relative_change();
  const auto* descriptor = OfficeIndicators::descriptor();
  const auto* reflection = OfficeIndicators::GetReflection();
  const auto* relative_descriptor = relative->GetDescriptor();
  const auto* relative_reflection = relative->GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
      const int64_t now = reflection->GetInt64(*current, field);
      const int64_t before = reflection->GetInt64(*previous, field);
      reflection->SetInt64(change, field, now - before);
      const FieldDescriptor* relative_field =
          relative_descriptor->FindFieldByNumber(field->number());
      if (before != 0 && relative_field != nullptr) {
        relative_reflection->SetDouble(
            relative, relative_field,
            static_cast<double>(now - before) / static_cast<double>(before));
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
      if (!reflection->HasField(*current, field) || !reflection->HasField(*previous, field)) {
        continue;
      }
      reflection->SetDouble(
          change, field,
          reflection->GetDouble(*current, field) - reflection->GetDouble(*previous, field));
    }
  }
  return comparison;
}

nianbao::v1::AgencyRepetition RepetitionOf(const AnnualReport& report,
                                           const AnnualReport& previous) {
  using validation::RepetitionSection;
  const validation::RepetitionBySection counts = validation::MeasureRepetition(report, previous);
  const auto& overview = counts[static_cast<int>(RepetitionSection::kOverview)];
  const auto& problems = counts[static_cast<int>(RepetitionSection::kProblems)];
  auto share = [](int64_t repeated, int64_t shingles) {
    return shingles == 0 ? 0.0 : static_cast<double>(repeated) / static_cast<double>(shingles);
  };
  nianbao::v1::AgencyRepetition out;
  out.set_overview_repeated_share(share(overview.repeated, overview.shingles));
  out.set_problems_repeated_share(share(problems.repeated, problems.shingles));
  out.set_repeated_share(
      share(overview.repeated + problems.repeated, overview.shingles + problems.shingles));
  return out;
}

bool RepeatsMore(const nianbao::v1::AgencyRepetition& a, const nianbao::v1::AgencyRepetition& b) {
  if (a.repeated_share() != b.repeated_share()) return a.repeated_share() > b.repeated_share();
  return a.agency() < b.agency();
}

}  // namespace nianbao::office
