// Builds absl::Status values that carry google.rpc error details as payloads, keyed by their type
// URL
// ("type.googleapis.com/google.rpc.PreconditionFailure", ...). The project's single absl -> grpc
// status mapping (services/common) copies every such payload into google.rpc.Status.details, so the
// pure libraries can describe an error fully without depending on gRPC.
#ifndef NIANBAO_WORKFLOW_STATUS_DETAILS_H_
#define NIANBAO_WORKFLOW_STATUS_DETAILS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace nianbao::workflow {

inline constexpr absl::string_view kPreconditionFailureTypeUrl =
    "type.googleapis.com/google.rpc.PreconditionFailure";
inline constexpr absl::string_view kBadRequestTypeUrl = "type.googleapis.com/google.rpc.BadRequest";
inline constexpr absl::string_view kErrorInfoTypeUrl = "type.googleapis.com/google.rpc.ErrorInfo";
inline constexpr absl::string_view kLocalizedMessageTypeUrl =
    "type.googleapis.com/google.rpc.LocalizedMessage";
inline constexpr absl::string_view kResourceInfoTypeUrl =
    "type.googleapis.com/google.rpc.ResourceInfo";

// The domain of every ErrorInfo we attach.
inline constexpr absl::string_view kErrorDomain = "nianbao.gov.cn";

// ResourceInfo.resource_type values: the google.api.resource types the protos declare.
inline constexpr absl::string_view kAgencyResourceType = "nianbao.gov.cn/Agency";
inline constexpr absl::string_view kReportResourceType = "nianbao.gov.cn/Report";
inline constexpr absl::string_view kRevisionResourceType = "nianbao.gov.cn/ReportRevision";

// A user-facing message in both languages; the status message is "中文 (English)".
struct BilingualMessage {
  std::string zh;
  std::string en;
};

// A status whose message is "zh (en)", with a LocalizedMessage payload (locale "zh-CN", as
// services/common expects) carrying the Chinese text and an ErrorInfo payload carrying `reason`
// (UPPER_SNAKE_CASE) and `metadata`.
absl::Status MakeStatus(absl::StatusCode code, const BilingualMessage& message,
                        absl::string_view reason,
                        const std::vector<std::pair<std::string, std::string>>& metadata = {});

// Adds (or replaces) a payload holding the serialized `detail`.
void SetDetail(absl::Status& status, absl::string_view type_url,
               const google::protobuf::MessageLite& detail);

// Adds (or replaces) a google.rpc.ResourceInfo naming the resource a NOT_FOUND or ALREADY_EXISTS
// is about ("agencies/{agency}/reports/{year}", ...).
void SetResourceInfo(absl::Status& status, absl::string_view resource_type,
                     absl::string_view resource_name);

// Reads back a payload; false when absent or unparsable.
bool GetDetail(const absl::Status& status, absl::string_view type_url,
               google::protobuf::MessageLite& detail);

// FAILED_PRECONDITION with one PreconditionFailure violation (its description, like every one we
// send, in Chinese then English).
absl::Status PreconditionFailed(const BilingualMessage& message, absl::string_view reason,
                                absl::string_view violation_type, absl::string_view subject,
                                absl::string_view description);

// INVALID_ARGUMENT with a BadRequest naming `field` (a request field path, e.g. "reason"), its
// description "zh (en)", and an ErrorInfo with reason "INVALID_FIELD" and metadata field=`field`.
absl::Status InvalidField(absl::string_view field, const BilingualMessage& message);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_STATUS_DETAILS_H_
