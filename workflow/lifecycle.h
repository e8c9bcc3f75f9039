// The report lifecycle as one pure function: given the current report, a request, the caller and
// the time, either the new report (with the revision to freeze and the audit event to record) or
// the reason it is refused. No I/O: the caller (services/workflow over storage/) persists the
// outcome in one write and seals the audit event into the chains.
#ifndef NIANBAO_WORKFLOW_LIFECYCLE_H_
#define NIANBAO_WORKFLOW_LIFECYCLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nianbao/v1/report.pb.h"
#include "nianbao/v1/resources.pb.h"
#include "workflow/principals.h"
#include "workflow/status_details.h"
#include "workflow/transition_table.h"

namespace nianbao::workflow {

// Severity of a validation finding, as reported by the validation service.
enum class FindingSeverity { kInfo, kWarning, kError };

// One validation finding, reduced to what the lifecycle needs (no gRPC types here).
struct ValidationFinding {
  std::string code;  // Rule code, e.g. "T3_BALANCE".
  FindingSeverity severity = FindingSeverity::kInfo;
  std::string message;  // For the error details shown to the submitter.
};

// What the caller asks for.
struct TransitionRequest {
  WorkflowAction action = WorkflowAction::kUpdate;
  // The report acted upon: for kCreate the new report's agency and year; for the other actions
  // the name the caller gave, so that a refusal can name a report that does not exist (empty:
  // unknown, and such a refusal names none).
  std::string agency_id;
  int32_t report_year = 0;
  // kCreate and kUpdate: the new content (kCreate may leave it empty).
  nianbao::v1::AnnualReport content;
  // kUpdate, instead of `content`: the new content already serialized deterministically (an edit
  // merged into the stored bytes, serialized_merge.h). The outcome's content_bytes are then these
  // bytes and its report's content is left empty: the content is never parsed whole. `current`
  // may then come without its content, but with its content_sha256.
  std::optional<std::string> serialized_content;
  // kReject and kCorrect require it (退回理由 / 更正说明); recorded in the audit event for all.
  std::string reason;
  // kSubmit: the WARNING codes the submitter acknowledges; every warning must be among them.
  std::vector<std::string> acknowledged_warnings;
  // kSubmit: what validation found in the current content.
  std::vector<ValidationFinding> findings;
  // When non-empty, must equal the report's current ETag (else ABORTED).
  std::string expected_etag;
  // Recorded in the audit event.
  std::string request_id;
  std::string client_address;
  std::string client_certificate;  // the TLS client certificate's subject, if any
};

// An accepted transition.
struct TransitionOutcome {
  nianbao::v1::Report report;  // After the transition: ETag, update time, content digest set.
  // The revision to store immutably (at submit and publish).
  std::optional<nianbao::v1::ReportRevision> frozen_revision;
  // The audit event, unsealed: sequence numbers and hashes are the store's to assign.
  nianbao::v1::AuditEvent event;
  // Non-fatal notices for the caller, e.g. publication past the deadline.
  std::vector<BilingualMessage> warnings;
  // When the transition changed the content (create, update): `report.content()` serialized
  // deterministically, as it was hashed for the event, so that the caller need not serialize the
  // content again to store or send the report (workflow/digest.h, AppendLengthDelimitedField).
  // Empty otherwise. For an update given serialized_content, the only form of the new content
  // (`report.content()` is then empty but present).
  std::string content_bytes;
};

// Applies `request` by `principal` to `current` at `now`. For kCreate, `current` is the report
// stored under the same name, or a default Report when there is none.
//
// Refusals, checked in this order (role before existence and state: a caller who may not take the
// action learns neither whether the report exists nor what state it is in):
//  - PERMISSION_DENIED ("NO_ROLE_FOR_AGENCY") when the principal holds no role at all for the
//    agency;
//  - PERMISSION_DENIED ("MISSING_ROLE", transition_table.h's CheckActionRole) when none of the
//    principal's roles may take the action in any state;
//  - ALREADY_EXISTS (ResourceInfo naming the existing report) for a second create, NOT_FOUND
//    (ResourceInfo naming the report, when the request names it) for any other action on a report
//    that does not exist;
//  - INVALID_ARGUMENT (BadRequest naming the field) for a bad agency_id, report_year or content
//    year on create;
//  - ABORTED when expected_etag is stale;
//  - FAILED_PRECONDITION with the current state (see DecideTransition) or PERMISSION_DENIED for a
//    role that may take the action in some other state only;
//  - PERMISSION_DENIED for separation of duties (approver = submitter or last editor; withdraw by
//    someone other than the submitter);
//  - INVALID_ARGUMENT naming "reason" when a reject or correct has none;
//  - FAILED_PRECONDITION (PreconditionFailure type "VALIDATION_ERROR" / "WARNING_NOT_ACKNOWLEDGED",
//    subject the finding code) when submitting with errors or unacknowledged warnings.
absl::StatusOr<TransitionOutcome> ApplyTransition(const nianbao::v1::Report& current,
                                                  const TransitionRequest& request,
                                                  const Principal& principal, absl::Time now);
// The same, but a create or update moves request.content (or serialized_content) into the outcome
// instead of copying it: for a caller that builds the request for this one call (the service's
// commit plan), where a deep copy of a whole report's content per edit is saved. They are left
// unspecified (empty once moved) when the transition succeeds, untouched when it fails; the rest
// of the request is unchanged.
absl::StatusOr<TransitionOutcome> ApplyTransition(const nianbao::v1::Report& current,
                                                  TransitionRequest&& request,
                                                  const Principal& principal, absl::Time now);

// The audit event for a refused request (outcome DENIED, state unchanged, reason the refusal's
// message). The service records it for PERMISSION_DENIED refusals, so attempts are attributable.
nianbao::v1::AuditEvent RefusedAuditEvent(const nianbao::v1::Report& current,
                                          const TransitionRequest& request,
                                          const Principal& principal, absl::Time now,
                                          const absl::Status& refusal);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_LIFECYCLE_H_
