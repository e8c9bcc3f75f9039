// The limits on what a caller may send to the workflow and audit services, in one place, and the
// checks that apply them before anything is planned or written. Every string and repeated field a
// request carries into the store or the audit trail is bounded here, so that no single caller can
// make a report, a list page or an audit page too large for a client to receive (gRPC clients
// refuse messages over 4 MiB by default). Each refusal is INVALID_ARGUMENT with a BadRequest
// naming the field; values quoted in messages are cut to a short prefix (QuoteForError).
//
// The limits are documented on the fields in proto/nianbao/v1/*.proto; keep both in step.
#ifndef NIANBAO_WORKFLOW_REQUEST_LIMITS_H_
#define NIANBAO_WORKFLOW_REQUEST_LIMITS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "nianbao/v1/audit.pb.h"
#include "nianbao/v1/report.pb.h"
#include "nianbao/v1/workflow.pb.h"
#include "workflow/report_years.h"

namespace nianbao::workflow {

// A report's content, serialized. GetReport with a revision carries two contents in one response,
// so twice this plus the rest of a report stays well under 4 MiB; it is also under what
// submission accepts (the validation service's 4 MiB), so every draft stored can be submitted.
inline constexpr size_t kMaxContentBytes = 1024 * 1024;
// A list page (ListReports, ListRevisions) ends early rather than grow past this many bytes of
// reports; a page always holds at least one.
inline constexpr size_t kMaxPageBytes = 3 * 1024 * 1024;
// Reasons and comments (退回理由, 更正说明, 撤回理由, 签发意见): about 680 Chinese characters. An
// audit page of 1000 events each carrying one still fits in 4 MiB (request_limits_test checks).
inline constexpr size_t kMaxReasonBytes = 2048;
// Resource names and parents ("agencies/{agency_id}/reports/{year}") and agency ids.
inline constexpr size_t kMaxResourceNameBytes = 128;
// request_id (a UUID is 36).
inline constexpr size_t kMaxRequestIdBytes = 128;
// An etag (the service issues 32 hex digits).
inline constexpr size_t kMaxEtagBytes = 64;
// A page token (the services issue well under this).
inline constexpr size_t kMaxPageTokenBytes = 512;
// A principal name used as a filter (ListAuditEvents.actor).
inline constexpr size_t kMaxPrincipalNameBytes = 128;
// SubmitReport.acknowledged_warnings: how many codes, and each code's length.
inline constexpr int kMaxAcknowledgedWarnings = 100;
inline constexpr size_t kMaxWarningCodeBytes = 64;
// UpdateReport.update_mask: how many paths, and each path's length.
inline constexpr int kMaxUpdateMaskPaths = 100;
inline constexpr size_t kMaxFieldPathBytes = 256;
// How much of a caller's value an error message quotes.
inline constexpr size_t kMaxQuotedBytes = 64;

// `value` for an error message: whole when at most kMaxQuotedBytes, else its first bytes (cut at
// a UTF-8 character boundary) followed by "…(N bytes)".
std::string QuoteForError(absl::string_view value);

// INVALID_ARGUMENT naming `field` when `value` is longer than `max_bytes`.
[[nodiscard]] absl::Status CheckTextLimit(absl::string_view field, absl::string_view value,
                                          size_t max_bytes);
// INVALID_ARGUMENT naming `field` when a repeated field holds more than `max_count` entries.
[[nodiscard]] absl::Status CheckCountLimit(absl::string_view field, int count, int max_count);
// INVALID_ARGUMENT naming `field` unless kFirstReportYear <= year <= kLastReportYear.
[[nodiscard]] absl::Status CheckReportYear(absl::string_view field, int32_t year);
// INVALID_ARGUMENT naming `field` when the content serializes to more than kMaxContentBytes.
[[nodiscard]] absl::Status CheckContentSize(absl::string_view field,
                                            const nianbao::v1::AnnualReport& content);
// The same for a content already serialized into `size` bytes.
[[nodiscard]] absl::Status CheckContentSize(absl::string_view field, size_t size);
// INVALID_ARGUMENT naming the Decimal's nanos (e.g. "content.active_disclosure...amount.nanos")
// when any Decimal in `message` is not a decimal: nanos beyond ±999,999,999, or nanos whose sign
// differs from a non-zero units. (A negative amount is a decimal; the validation rules judge it.)
// `message` is an AnnualReport or a part of one: only the fields that can lead to a Decimal in the
// report model are walked.
[[nodiscard]] absl::Status CheckDecimals(absl::string_view field,
                                         const google::protobuf::Message& message);

// Every limit of one request, checked before the request is planned. OK when within all.
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::CreateReportRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::GetReportRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::GetRevisionRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::UpdateReportRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::ListReportsRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::ListRevisionsRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::SubmitReportRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::ApproveReportRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::RejectReportRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::PublishReportRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::WithdrawReportRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::CorrectReportRequest& request);
// Audit requests: besides lengths, a non-empty agency_id must be a valid agency id.
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::ListAuditEventsRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::StreamAuditEventsRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::VerifyChainRequest& request);
[[nodiscard]] absl::Status CheckRequestLimits(const nianbao::v1::GetCheckpointRequest& request);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_REQUEST_LIMITS_H_
