#include "tests/unit/storage/store_test_support.h"

#include <functional>

#include "absl/strings/str_cat.h"

namespace nianbao::storage::testing {

using nianbao::v1::AuditEvent;
using nianbao::v1::Report;

void FakeSeal(AuditEvent* event) {
  AuditEvent bare = *event;
  bare.clear_hash();
  bare.clear_report_hash();
  bare.clear_previous_hash();
  bare.clear_report_previous_hash();
  bare.clear_agency_hash();
  bare.clear_agency_previous_hash();
  std::string bytes;
  bare.SerializeToString(&bytes);
  std::hash<std::string> hasher;
  event->set_hash(absl::StrCat("G", hasher(bytes + event->previous_hash())));
  if (!event->report().empty()) {
    event->set_report_hash(absl::StrCat("R", hasher(bytes + event->report_previous_hash())));
  }
  if (event->agency_sequence() != 0) {
    event->set_agency_hash(absl::StrCat("A", hasher(bytes + event->agency_previous_hash())));
  }
}

absl::StatusOr<std::unique_ptr<RocksReportStore>> OpenStore(
    const std::string& path, std::function<absl::Status()> before_write_hook) {
  RocksReportStoreOptions options;
  options.path = path;
  options.audit_sealer = FakeSeal;
  options.before_write_hook = std::move(before_write_hook);
  return RocksReportStore::Open(std::move(options));
}

absl::StatusOr<std::unique_ptr<RocksReportStore>> OpenStoreClosingAsACrash(
    const std::string& path) {
  RocksReportStoreOptions options;
  options.path = path;
  options.audit_sealer = FakeSeal;
  options.flush_on_close = false;
  return RocksReportStore::Open(std::move(options));
}

std::string ReportName(const std::string& agency, int32_t year) {
  return absl::StrCat("agencies/", agency, "/reports/", year);
}

Report MakeReport(const std::string& agency, int32_t year, nianbao::v1::ReportState state,
                  int64_t update_seconds, int64_t revision) {
  Report report;
  report.set_name(ReportName(agency, year));
  report.set_agency_id(agency);
  report.set_report_year(year);
  report.set_state(state);
  report.set_revision(revision);
  report.set_etag(absl::StrCat("e", update_seconds, "-", state));
  report.mutable_update_time()->set_seconds(update_seconds);
  report.mutable_content()->mutable_metadata()->set_agency_name(agency + " 机关");
  return report;
}

AuditEvent MakeEvent(const std::string& report, const std::string& actor,
                     nianbao::v1::AuditAction action, int64_t time_seconds) {
  AuditEvent event;
  event.set_report(report);
  event.set_actor(actor);
  event.set_action(action);
  event.set_agency_id("agency");
  event.mutable_time()->set_seconds(time_seconds);
  event.set_outcome(nianbao::v1::AUDIT_OUTCOME_SUCCEEDED);
  return event;
}

ReportMutation PutReportMutation(const Report& report, nianbao::v1::ReportState expected,
                                 const std::string& request_id) {
  ReportMutation mutation;
  mutation.report_id = {report.agency_id(), report.report_year()};
  mutation.request_id = request_id;
  mutation.request_fingerprint = "fp:" + report.SerializeAsString();
  mutation.plan = [report,
                   expected](const std::optional<Report>& current) -> absl::StatusOr<MutationPlan> {
    const auto actual = current ? current->state() : nianbao::v1::REPORT_STATE_UNSPECIFIED;
    if (actual != expected) {
      return absl::FailedPreconditionError(absl::StrCat("state is ", actual));
    }
    MutationPlan plan;
    plan.report = report;
    plan.audit_events.push_back(MakeEvent(report.name(), "alice", nianbao::v1::AUDIT_ACTION_UPDATE,
                                          report.update_time().seconds()));
    plan.response = report.SerializeAsString();
    return plan;
  };
  return mutation;
}

}  // namespace nianbao::storage::testing
