// Error details for absl::Status, in the google.rpc vocabulary (BadRequest, PreconditionFailure,
// ErrorInfo, LocalizedMessage), without gRPC: libraries attach them, and grpc_status.h turns them
// into a grpc::Status at the server's edge.
//
// Convention: a detail travels as an absl::Status payload keyed by its type URL
// ("type.googleapis.com/google.rpc.BadRequest", ...) holding the serialized message.
#ifndef NIANBAO_SERVICES_COMMON_ERROR_DETAILS_H_
#define NIANBAO_SERVICES_COMMON_ERROR_DETAILS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "workflow/status_details.h"

namespace nianbao::service {

// The type URLs, the ErrorDomain and the payload convention are those of workflow/status_details.h,
// the one definition every library shares; this header adds builders for several violations.
using nianbao::workflow::kBadRequestTypeUrl;
using nianbao::workflow::kErrorDomain;
using nianbao::workflow::kErrorInfoTypeUrl;
using nianbao::workflow::kLocalizedMessageTypeUrl;
using nianbao::workflow::kPreconditionFailureTypeUrl;
using nianbao::workflow::kResourceInfoTypeUrl;

struct FieldViolation {
  std::string field;        // Path in the request, e.g. "report.metadata.report_year".
  std::string description;  // Why it is wrong (Chinese, then English).
};

struct PreconditionViolation {
  std::string type;     // e.g. "STATE" or a validation rule code such as "T3_COLUMN_BALANCE".
  std::string subject;  // What failed, relative to type, e.g. a report name or field path.
  std::string description;
};

// INVALID_ARGUMENT whose message is "message_zh (message_en)", with a google.rpc.BadRequest listing
// the fields, a zh-CN LocalizedMessage `message_zh` and an ErrorInfo (reason "INVALID_FIELD",
// metadata field = the first field). Descriptions are the caller's: Chinese, then English.
absl::Status BadRequestError(absl::string_view message_zh, absl::string_view message_en,
                             const std::vector<FieldViolation>& violations);

// FAILED_PRECONDITION, message "message_zh (message_en)", with a google.rpc.PreconditionFailure
// and a zh-CN LocalizedMessage.
absl::Status PreconditionFailedError(absl::string_view message_zh, absl::string_view message_en,
                                     const std::vector<PreconditionViolation>& violations);

// Attaches (replacing any earlier one) a google.rpc.ErrorInfo with our domain. No-op on OK.
void AttachErrorInfo(absl::Status& status, absl::string_view reason,
                     const std::map<std::string, std::string>& metadata = {});

// Attaches (replacing any earlier one) a zh-CN google.rpc.LocalizedMessage. No-op on OK.
void AttachChineseMessage(absl::Status& status, absl::string_view message_zh);

}  // namespace nianbao::service

#endif  // NIANBAO_SERVICES_COMMON_ERROR_DETAILS_H_
