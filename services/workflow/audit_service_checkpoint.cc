// AuditCore's checkpoints: the global head signed now or periodically, and a checkpoint scoped to
// one agency that also signs that agency's chain head (what an agency's export ends with). Every
// head is handed to the store's RecordSignedHead before it is signed, so the server never signs a
// chain shorter than one it signed before, nor one that no longer contains it.
#include <mutex>
#include <utility>

#include "services/workflow/audit_service_core.h"
#include "workflow/request_limits.h"

namespace nianbao::workflow_service {

namespace v1 = nianbao::v1;

absl::StatusOr<v1::AuditCheckpoint> AuditCore::SignHead() {
  absl::StatusOr<storage::AuditHead> head = store_->GetAuditHead();
  if (!head.ok()) return head.status();
  if (absl::Status s = store_->RecordSignedHead(*head); !s.ok()) return s;
  return signing_key_->Sign(head->sequence, head->hash, options_.now());
}

absl::StatusOr<v1::AuditCheckpoint> AuditCore::SignAgencyHead(const std::string& agency_id) {
  absl::StatusOr<storage::AgencyAuditHead> head = store_->GetAgencyAuditHead(agency_id);
  if (!head.ok()) return head.status();
  if (absl::Status s = store_->RecordSignedHead(head->global); !s.ok()) return s;
  return signing_key_->SignScoped(head->global.sequence, head->global.hash, agency_id,
                                  head->agency_sequence, head->agency_hash, options_.now());
}

absl::StatusOr<v1::AuditCheckpoint> AuditCore::SignPeriodicCheckpoint() {
  absl::StatusOr<storage::AuditHead> head = store_->GetAuditHead();
  if (!head.ok()) return head.status();
  std::lock_guard<std::mutex> lock(checkpoint_mutex_);
  if (latest_checkpoint_.has_value() && latest_checkpoint_->sequence() == head->sequence) {
    return *latest_checkpoint_;
  }
  if (absl::Status s = store_->RecordSignedHead(*head); !s.ok()) return s;
  absl::StatusOr<v1::AuditCheckpoint> signed_head =
      signing_key_->Sign(head->sequence, head->hash, options_.now());
  if (!signed_head.ok()) return signed_head.status();
  latest_checkpoint_ = *signed_head;
  return signed_head;
}

absl::Status AuditCore::GetCheckpoint(const AuditCaller& caller,
                                      const v1::GetCheckpointRequest& request,
                                      v1::GetCheckpointResponse* response) {
  // Before a refusal could record the agency_id given.
  if (absl::Status s = nianbao::workflow::CheckRequestLimits(request); !s.ok()) return s;
  absl::StatusOr<v1::AuditCheckpoint> checkpoint;
  if (!request.agency_id().empty()) {
    // The agency's head says how many events the agency has: its auditors' and the central
    // auditor's to know, as the events themselves are.
    if (absl::Status s = AuthorizeRead(caller, request.agency_id(), ""); !s.ok()) return s;
    checkpoint = SignAgencyHead(request.agency_id());
  } else {
    if (absl::Status s = AuthorizeAnyAudit(caller); !s.ok()) return s;
    if (request.sign_now()) {
      checkpoint = SignHead();
    } else {
      std::unique_lock<std::mutex> lock(checkpoint_mutex_);
      if (latest_checkpoint_.has_value()) {
        checkpoint = *latest_checkpoint_;
      } else {
        lock.unlock();
        checkpoint = SignPeriodicCheckpoint();
      }
    }
  }
  if (!checkpoint.ok()) return checkpoint.status();
  *response->mutable_checkpoint() = *std::move(checkpoint);
  return absl::OkStatus();
}

}  // namespace nianbao::workflow_service
