// The audit service without gRPC: each method takes the authenticated caller, the request and the
// response, and returns absl::Status (google.rpc details as payloads). The handlers in
// audit_service.h only authenticate, call these and map the status; tests call them directly.
//
// Access: ROLE_AUDITOR for an agency reads that agency's events; ROLE_CENTRAL_AUDITOR bound to "*"
// reads everything. Every refusal is recorded as a DENIED AUDIT_ACTION_READ event before it is
// returned. Every read of events is recorded as a SUCCEEDED AUDIT_ACTION_READ event naming the
// query: a listing once, on its first page (recording every page would make a listing chase its
// own events to the end of the trail; its page tokens work only for the same principal), and a
// stream when it starts. Nothing is returned when the read cannot be recorded. VerifyChain,
// checkpoints and the public key return no event's content and are not recorded.
#ifndef NIANBAO_SERVICES_WORKFLOW_AUDIT_SERVICE_CORE_H_
#define NIANBAO_SERVICES_WORKFLOW_AUDIT_SERVICE_CORE_H_

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nianbao/v1/audit.pb.h"
#include "storage/report_store.h"
#include "workflow/checkpoint_signing.h"
#include "workflow/principals.h"

namespace nianbao::workflow_service {

// The caller of one audit call.
struct AuditCaller {
  nianbao::workflow::Principal principal;
  std::string client_address;      // Recorded in the events of its reads and refusals.
  std::string client_certificate;  // The TLS client certificate's subject, if any; recorded too.
};

struct AuditCoreOptions {
  // How often a following stream looks for new events.
  absl::Duration follow_poll_interval = absl::Milliseconds(100);
  // The clock (tests pin it).
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

// Default and largest page sizes of ListAuditEvents.
inline constexpr int kDefaultAuditPageSize = 100;
inline constexpr int kMaxAuditPageSize = 1000;

class AuditCore {
 public:
  // Borrows the store and the signing key; both must outlive the core. Thread-safe.
  AuditCore(storage::ReportStore* store, const nianbao::workflow::AuditSigningKey* signing_key,
            AuditCoreOptions options = {});

  [[nodiscard]] absl::Status ListAuditEvents(const AuditCaller& caller,
                                             const nianbao::v1::ListAuditEventsRequest& request,
                                             nianbao::v1::ListAuditEventsResponse* response);

  // Calls `write` for each event in order until it returns false (the client went away), the head
  // is reached (without follow), or `cancelled` returns true.
  [[nodiscard]] absl::Status StreamAuditEvents(
      const AuditCaller& caller, const nianbao::v1::StreamAuditEventsRequest& request,
      const std::function<bool(const nianbao::v1::AuditEvent&)>& write,
      const std::function<bool()>& cancelled);

  [[nodiscard]] absl::Status GetCheckpoint(const AuditCaller& caller,
                                           const nianbao::v1::GetCheckpointRequest& request,
                                           nianbao::v1::GetCheckpointResponse* response);

  [[nodiscard]] absl::Status VerifyChain(const AuditCaller& caller,
                                         const nianbao::v1::VerifyChainRequest& request,
                                         nianbao::v1::VerifyChainResponse* response);

  [[nodiscard]] absl::Status GetPublicKey(const AuditCaller& caller,
                                          const nianbao::v1::GetPublicKeyRequest& request,
                                          nianbao::v1::GetPublicKeyResponse* response);

  // Signs the chain head when it moved since the last periodic checkpoint (or there is none);
  // returns the latest checkpoint. Called at an interval by AuditCheckpointer. Like every
  // signing, DATA_LOSS instead when the head is shorter than the last one signed (which the store
  // remembers across restarts).
  absl::StatusOr<nianbao::v1::AuditCheckpoint> SignPeriodicCheckpoint();

 private:
  // OK when the caller may read `agency_id`'s events ("" = every agency); otherwise records a
  // DENIED read event (for `report`, if any) and returns the refusal.
  absl::Status AuthorizeRead(const AuditCaller& caller, absl::string_view agency_id,
                             absl::string_view report);
  // OK when the caller audits some agency (or all); refusal recorded as above.
  absl::Status AuthorizeAnyAudit(const AuditCaller& caller);
  absl::Status RecordRefusal(const AuditCaller& caller, absl::string_view agency_id,
                             absl::string_view report, absl::Status refusal);
  // Records that the caller read `agency_id`'s events ("" = every agency; `report`'s, if any) with
  // the query `query` describes; OK once it is durable.
  absl::Status RecordRead(const AuditCaller& caller, absl::string_view agency_id,
                          absl::string_view report, std::string query);
  // Writes one READ event; returns the commit's status, which is `result` once written.
  absl::Status CommitReadEvent(const AuditCaller& caller, absl::string_view agency_id,
                               absl::string_view report, nianbao::v1::AuditOutcome outcome,
                               std::string reason, absl::Status result);
  // Signs the current head (scoped: the global head and `agency_id`'s chain head from one
  // snapshot) after the store has remembered it; DATA_LOSS when it is shorter than, or does not
  // contain, the last head signed.
  absl::StatusOr<nianbao::v1::AuditCheckpoint> SignHead();
  absl::StatusOr<nianbao::v1::AuditCheckpoint> SignAgencyHead(const std::string& agency_id);
  absl::Status VerifyReportChain(const std::string& report,
                                 nianbao::v1::VerifyChainResponse* response);
  // After an intact report chain: every stored revision against the event that froze it
  // (revision_check.h); a damaged one is the break, named in its message.
  absl::Status VerifyReportRevisions(const std::string& report,
                                     nianbao::v1::VerifyChainResponse* response);
  // The agency chain of request.agency_id from its first event to the agency head of
  // request.checkpoint (scoped to that agency), or of a scoped checkpoint signed now.
  absl::Status VerifyAgencyChain(const nianbao::v1::VerifyChainRequest& request,
                                 nianbao::v1::VerifyChainResponse* response);
  absl::Status VerifyGlobalChain(int64_t start_sequence,
                                 const nianbao::v1::AuditCheckpoint& checkpoint,
                                 nianbao::v1::VerifyChainResponse* response);

  storage::ReportStore* const store_;
  const nianbao::workflow::AuditSigningKey* const signing_key_;
  const AuditCoreOptions options_;
  std::mutex checkpoint_mutex_;
  std::optional<nianbao::v1::AuditCheckpoint> latest_checkpoint_;
};

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_AUDIT_SERVICE_CORE_H_
