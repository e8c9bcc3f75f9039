// The upper-level office's views (nianbao.v1.OfficeService) without gRPC: filing status and
// roll-up over a subtree of the agency registry, from the store's state index and the roll-up
// contributions each publication writes (no report content is read). A thin handler
// (office_service.h) authenticates and calls it; tests call it directly with a fixed clock.
//
// Access: ROLE_SUPERVISOR bound to the parent or to an agency above it reads the parent's whole
// subtree; any other role for the parent itself reads that agency alone. Anyone else is
// PERMISSION_DENIED, recorded as a DENIED read in the audit trail.
#ifndef NIANBAO_SERVICES_OFFICE_OFFICE_SERVICE_CORE_H_
#define NIANBAO_SERVICES_OFFICE_OFFICE_SERVICE_CORE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nianbao/v1/office.pb.h"
#include "services/workflow/workflow_core.h"
#include "storage/report_store.h"
#include "workflow/agency_registry.h"
#include "workflow/agency_registry_source.h"

namespace nianbao::office {

class OfficeCore {
 public:
  // Borrows the store and the registry (a reloadable source or a fixed registry; nullptr: no
  // agency is registered, every parent is NOT_FOUND); both must outlive the core. Each call uses
  // one snapshot of the registry. `clock` judges deadlines (tests pin it). Thread-safe.
  OfficeCore(nianbao::storage::ReportStore* store, nianbao::workflow::AgencyRegistryHandle registry,
             std::function<absl::Time()> clock = absl::Now)
      : store_(store), registry_(registry), clock_(std::move(clock)) {}

  [[nodiscard]] absl::Status GetFilingStatus(const nianbao::workflow_service::CallContext& call,
                                             const nianbao::v1::GetFilingStatusRequest& request,
                                             nianbao::v1::GetFilingStatusResponse* response);
  [[nodiscard]] absl::Status GetRollup(const nianbao::workflow_service::CallContext& call,
                                       const nianbao::v1::GetRollupRequest& request,
                                       nianbao::v1::GetRollupResponse* response);
  // The roll-up's and each agency's indicators (office_indicators.h) against the year before.
  [[nodiscard]] absl::Status CompareYears(const nianbao::workflow_service::CallContext& call,
                                          const nianbao::v1::CompareYearsRequest& request,
                                          nianbao::v1::CompareYearsResponse* response);
  // Reads the two published revisions of every agency that published both years (the text is not
  // in the roll-up records).
  [[nodiscard]] absl::Status ListRepetition(const nianbao::workflow_service::CallContext& call,
                                            const nianbao::v1::ListRepetitionRequest& request,
                                            nianbao::v1::ListRepetitionResponse* response);

 private:
  // The agencies a request covers, by id: checked parent, year and access, the kind filter
  // applied, in `registry` (the call's snapshot). `first_year` is the least year the method
  // accepts.
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> Scope(
      const nianbao::workflow_service::CallContext& call,
      const nianbao::workflow::AgencyRegistry* registry, const std::string& parent,
      int32_t report_year, int32_t first_year, nianbao::v1::AgencyKind kind);
  // Records a DENIED read of `agency_id`'s office views and returns PERMISSION_DENIED.
  [[nodiscard]] absl::Status Deny(const nianbao::workflow_service::CallContext& call,
                                  const std::string& agency_id);

  nianbao::storage::ReportStore* const store_;
  const nianbao::workflow::AgencyRegistryHandle registry_;
  const std::function<absl::Time()> clock_;
};

}  // namespace nianbao::office

#endif  // NIANBAO_SERVICES_OFFICE_OFFICE_SERVICE_CORE_H_
