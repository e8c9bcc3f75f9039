// The validation service without the network: what nianbao-validatord's handlers (and the CLI's
// in-process mode) call. Takes and fills the API messages of nianbao/v1/validation.proto and
// returns absl::Status; INVALID_ARGUMENT errors carry a google.rpc.BadRequest naming the request
// field. Stateless and thread-safe.
#ifndef NIANBAO_SERVICES_VALIDATION_VALIDATION_CORE_H_
#define NIANBAO_SERVICES_VALIDATION_VALIDATION_CORE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "nianbao/v1/validation.pb.h"

namespace nianbao::validation {

inline constexpr int64_t kDefaultMaxReportBytes = 4 * 1024 * 1024;
inline constexpr int64_t kDefaultMaxImportBytes = 20 * 1024 * 1024;

struct ValidationLimits {
  // Largest report (and previous-year report) accepted, serialized.
  int64_t max_report_bytes = kDefaultMaxReportBytes;
  // Largest document ImportDocument reads (import_core.h).
  int64_t max_import_bytes = kDefaultMaxImportBytes;
};

// Parses a serialized ValidateRequest field by field, so that a malformed or oversized request is
// refused with INVALID_ARGUMENT naming the field at fault ("report", "previous_report",
// "publication_date", or "" for the request's own framing).
[[nodiscard]] absl::Status ParseValidateRequest(absl::string_view bytes,
                                                const ValidationLimits& limits,
                                                nianbao::v1::ValidateRequest* request);

// Checks the request (report present, years and dates sensible, sizes within limits) and runs
// every rule. Findings come errors first, with the catalog version and counts.
[[nodiscard]] absl::Status ValidateReportRequest(const nianbao::v1::ValidateRequest& request,
                                                 const ValidationLimits& limits,
                                                 nianbao::v1::ValidateResponse* response);

// Fills the rule catalog.
[[nodiscard]] absl::Status ListValidationRules(const nianbao::v1::ListRulesRequest& request,
                                               nianbao::v1::ListRulesResponse* response);

}  // namespace nianbao::validation

#endif  // NIANBAO_SERVICES_VALIDATION_VALIDATION_CORE_H_
