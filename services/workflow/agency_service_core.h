// AgencyCore: the agency registry read as resources (nianbao.v1.AgencyService), without gRPC. The
// registry is the reviewed configuration file, loaded at start and again on SIGHUP
// (workflow/agency_registry_source.h), so these reads touch neither the store nor the audit trail:
// what they disclose is what the file in force says about each agency. Each call answers from one
// snapshot; a page token stays valid across a reload (it names the last id, not a position).
#ifndef NIANBAO_SERVICES_WORKFLOW_AGENCY_SERVICE_CORE_H_
#define NIANBAO_SERVICES_WORKFLOW_AGENCY_SERVICE_CORE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "nianbao/v1/agency.pb.h"
#include "workflow/agency_registry.h"
#include "workflow/agency_registry_source.h"
#include "workflow/principals.h"

namespace nianbao::workflow_service {

// ListAgencies' page size when the request leaves it 0, and the most one page holds (a larger
// page_size is served as this many).
inline constexpr int kDefaultAgencyPageSize = 100;
inline constexpr int kMaxAgencyPageSize = 1000;

// "agencies/{agency_id}".
std::string AgencyResourceName(absl::string_view agency_id);

// Thread-safe: each registry snapshot is immutable and the core keeps no state of its own.
class AgencyCore {
 public:
  // Borrows the registry (a reloadable source or a fixed registry), which must outlive the core;
  // nullptr when the server runs without one (then no agency is registered: GetAgency is
  // NOT_FOUND, ListAgencies is empty).
  explicit AgencyCore(nianbao::workflow::AgencyRegistryHandle registry) : registry_(registry) {}

  // INVALID_ARGUMENT naming `name` when it is longer than 128 bytes or not spelled
  // "agencies/{agency_id}" exactly; NOT_FOUND with a ResourceInfo naming "agencies/{agency_id}"
  // when no such agency is registered.
  [[nodiscard]] absl::Status GetAgency(const nianbao::v1::GetAgencyRequest& request,
                                       nianbao::v1::Agency* response) const;

  // Agencies in identifier order, filtered (the filters combine). INVALID_ARGUMENT naming the
  // field for a negative page_size, a page_token this core did not issue or issued for other
  // filters, a kind outside AgencyKind, or a parent_agency / subtree that is not a canonical
  // agency name; NOT_FOUND naming the field (BadRequest and ResourceInfo) when parent_agency or
  // subtree names an agency that is not registered.
  [[nodiscard]] absl::Status ListAgencies(const nianbao::v1::ListAgenciesRequest& request,
                                          nianbao::v1::ListAgenciesResponse* response) const;

  // The authenticated `caller` as a resource: name, display name and one binding per agency (the
  // every-agency binding as "agencies/-", first; then by agency id), each with the registry's
  // official name when the agency is registered and its roles in enum order. Never fails for an
  // authenticated caller; the request has no fields.
  [[nodiscard]] absl::Status GetCaller(const nianbao::workflow::Principal& caller,
                                       const nianbao::v1::GetCallerRequest& request,
                                       nianbao::v1::Caller* response) const;

 private:
  const nianbao::workflow::AgencyRegistryHandle registry_;
};

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_AGENCY_SERVICE_CORE_H_
