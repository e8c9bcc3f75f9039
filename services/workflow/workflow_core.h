// The workflow service without gRPC: each method takes the authenticated caller, the request and
// the response message, and returns absl::Status (with google.rpc details as payloads). The gRPC
// handlers (workflow_service.h) only authenticate, call these and map the status; tests can call
// them directly.
//
// Every mutation is one ReportStore commit whose plan runs the lifecycle (workflow/lifecycle.h)
// against the report as it is at commit time, so concurrent callers are serialized without lost
// updates. Refusals for lack of permission are recorded as DENIED audit events.
//
// The transitions that are only a commit (create, update, approve, reject, publish, withdraw,
// correct) also come asynchronously, for the asynchronous gRPC handlers: `done` gets the
// serialized response once it is durable, on a thread of the store (or on the calling thread when
// the request is refused before the commit), and must not block. No thread waits for the disk.
// Submit stays synchronous: it calls the validation service first.
#ifndef NIANBAO_SERVICES_WORKFLOW_WORKFLOW_CORE_H_
#define NIANBAO_SERVICES_WORKFLOW_WORKFLOW_CORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "nianbao/v1/workflow.pb.h"
#include "services/office/office_contribution.h"
#include "services/workflow/report_validator.h"
#include "storage/report_store.h"
#include "workflow/agency_registry.h"
#include "workflow/agency_registry_source.h"
#include "workflow/lifecycle.h"
#include "workflow/principals.h"

namespace nianbao::workflow_service {

// Who is calling and from where (recorded in audit events).
struct CallContext {
  nianbao::workflow::Principal principal;
  std::string client_address;
  // The subject of the TLS client certificate the caller presented (mutual TLS), else empty.
  std::string client_certificate;
};

class WorkflowCore {
 public:
  // Borrows the store, the validator and the agency registry (a reloadable source or a fixed
  // registry; nullptr: agencies are not checked); they must outlive the core. Thread-safe. A read
  // takes one registry snapshot and decides access and display names from it alone; a transition
  // checks the agency against the snapshot of its checks, and names the agency in its stored
  // report from the registry in force when it commits.
  WorkflowCore(storage::ReportStore* store, ReportValidator* validator,
               nianbao::workflow::AgencyRegistryHandle agencies = nullptr)
      : store_(store), validator_(validator), agencies_(agencies) {}

  // The outcome of an asynchronous transition: the response, serialized (as it is kept for
  // retries), or why the transition failed.
  using Done = std::function<void(absl::StatusOr<std::string> response)>;

  [[nodiscard]] absl::Status CreateReport(const CallContext& call,
                                          const nianbao::v1::CreateReportRequest& request,
                                          nianbao::v1::Report* response);
  [[nodiscard]] absl::Status GetReport(const CallContext& call,
                                       const nianbao::v1::GetReportRequest& request,
                                       nianbao::v1::Report* response);
  [[nodiscard]] absl::Status UpdateReport(const CallContext& call,
                                          const nianbao::v1::UpdateReportRequest& request,
                                          nianbao::v1::Report* response);
  [[nodiscard]] absl::Status ListReports(const CallContext& call,
                                         const nianbao::v1::ListReportsRequest& request,
                                         nianbao::v1::ListReportsResponse* response);
  [[nodiscard]] absl::Status GetRevision(const CallContext& call,
                                         const nianbao::v1::GetRevisionRequest& request,
                                         nianbao::v1::ReportRevision* response);
  [[nodiscard]] absl::Status ListRevisions(const CallContext& call,
                                           const nianbao::v1::ListRevisionsRequest& request,
                                           nianbao::v1::ListRevisionsResponse* response);
  [[nodiscard]] absl::Status SubmitReport(const CallContext& call,
                                          const nianbao::v1::SubmitReportRequest& request,
                                          nianbao::v1::SubmitReportResponse* response);
  [[nodiscard]] absl::Status ApproveReport(const CallContext& call,
                                           const nianbao::v1::ApproveReportRequest& request,
                                           nianbao::v1::ApproveReportResponse* response);
  [[nodiscard]] absl::Status RejectReport(const CallContext& call,
                                          const nianbao::v1::RejectReportRequest& request,
                                          nianbao::v1::RejectReportResponse* response);
  [[nodiscard]] absl::Status PublishReport(const CallContext& call,
                                           const nianbao::v1::PublishReportRequest& request,
                                           nianbao::v1::PublishReportResponse* response);
  [[nodiscard]] absl::Status WithdrawReport(const CallContext& call,
                                            const nianbao::v1::WithdrawReportRequest& request,
                                            nianbao::v1::WithdrawReportResponse* response);
  [[nodiscard]] absl::Status CorrectReport(const CallContext& call,
                                           const nianbao::v1::CorrectReportRequest& request,
                                           nianbao::v1::CorrectReportResponse* response);

  // Any of the seven commit-only transitions above, asynchronously: the request's type picks it,
  // `Response` is its response type.
  template <typename Response, typename Request>
  void StartTransition(CallContext call, const Request& request, Done done);

 private:
  // One lifecycle transition as a store mutation.
  struct Transition {
    storage::ReportId report_id;
    nianbao::workflow::TransitionRequest request;
    // Digest of method, caller and request: a request_id reused for anything else is refused.
    std::string fingerprint;
    // For UpdateReport: makes the request's new content from the stored content's bytes at
    // commit time (the report is then planned without parsing its content).
    std::function<absl::Status(absl::string_view stored_content,
                               nianbao::workflow::TransitionRequest* request)>
        edit_content;
    // Fills what the response carries besides the report and the frozen revision, which the core
    // puts in (the response is what retries get back). Optional.
    std::function<void(const nianbao::workflow::TransitionOutcome& outcome,
                       google::protobuf::Message* response)>
        fill_response;
    // For PublishReport: what the roll-up record needs besides the report (read before the
    // commit; immutable once written), so that the plan adds the record to the same batch.
    std::optional<nianbao::office::PublicationFacts> publication;
  };
  struct TransitionRun;
  // Each transition's request checked and turned into a Transition (or refused).
  absl::StatusOr<Transition> TransitionFor(const CallContext& call,
                                           const nianbao::v1::CreateReportRequest& request);
  absl::StatusOr<Transition> TransitionFor(const CallContext& call,
                                           const nianbao::v1::UpdateReportRequest& request);
  absl::StatusOr<Transition> TransitionFor(const CallContext& call,
                                           const nianbao::v1::ApproveReportRequest& request);
  absl::StatusOr<Transition> TransitionFor(const CallContext& call,
                                           const nianbao::v1::RejectReportRequest& request);
  absl::StatusOr<Transition> TransitionFor(const CallContext& call,
                                           const nianbao::v1::PublishReportRequest& request);
  absl::StatusOr<Transition> TransitionFor(const CallContext& call,
                                           const nianbao::v1::WithdrawReportRequest& request);
  absl::StatusOr<Transition> TransitionFor(const CallContext& call,
                                           const nianbao::v1::CorrectReportRequest& request);
  // The transition as one store mutation whose plan fills a response of `prototype`'s type.
  storage::ReportMutation TransitionMutation(CallContext call, Transition transition,
                                             std::unique_ptr<google::protobuf::Message> prototype);
  // That plan, from the stored report (with its content, or without it and `stored_content` its
  // bytes, for a transition that edits the content).
  absl::StatusOr<storage::MutationPlan> PlanTransition(
      const TransitionRun& run, const std::optional<nianbao::v1::Report>& stored,
      const absl::string_view* stored_content);
  // The lifecycle's transition of `current` by the plan's own `request`, as a store plan.
  absl::StatusOr<storage::MutationPlan> ApplyAndPlan(const TransitionRun& run,
                                                     const nianbao::v1::Report& current,
                                                     nianbao::workflow::TransitionRequest request);
  // Commits the transition and fills `response`, waiting for the commit.
  [[nodiscard]] absl::Status RunTransition(const CallContext& call, Transition transition,
                                           google::protobuf::Message* response);
  // TransitionFor, then RunTransition: the synchronous transitions.
  template <typename Request>
  [[nodiscard]] absl::Status AwaitTransition(const CallContext& call, const Request& request,
                                             google::protobuf::Message* response);
  // OK when the caller holds any role for the agency; otherwise records a DENIED read and returns
  // PERMISSION_DENIED.
  [[nodiscard]] absl::Status AuthorizeRead(const CallContext& call,
                                           const nianbao::workflow::AgencyRegistry* agencies,
                                           const std::string& agency_id,
                                           const std::string& report_name);
  // How a caller may read an agency's reports: fully (a role for the agency other than
  // ROLE_SUPERVISOR), as its supervisor (ROLE_SUPERVISOR for it or an agency above it in the
  // registry: published content, and of anything else only state and dates), or not at all.
  enum class ReadAccess { kNone, kSupervisor, kFull };
  // `agencies` is the call's registry snapshot (null: none).
  ReadAccess AccessFor(const CallContext& call, const nianbao::workflow::AgencyRegistry* agencies,
                       const std::string& agency_id) const;
  // AuthorizeRead that also lets a supervisor through, telling which access the caller has.
  [[nodiscard]] absl::StatusOr<ReadAccess> AuthorizeSupervisedRead(
      const CallContext& call, const nianbao::workflow::AgencyRegistry* agencies,
      const std::string& agency_id, const std::string& report_name);
  // Records `denied` (PERMISSION_DENIED) as a DENIED read of the report and returns it.
  [[nodiscard]] absl::Status DenyRead(const CallContext& call, const std::string& agency_id,
                                      const std::string& report_name, absl::Status denied);
  // Sets the report's agency_display_name from the registry (reports carry the registered name,
  // whatever their metadata says). No-op without a registry.
  static void SetAgencyDisplayName(const nianbao::workflow::AgencyRegistry* agencies,
                                   nianbao::v1::Report* report);

  storage::ReportStore* store_;
  ReportValidator* validator_;
  const nianbao::workflow::AgencyRegistryHandle agencies_;
};

template <typename Response, typename Request>
void WorkflowCore::StartTransition(CallContext call, const Request& request, Done done) {
  absl::StatusOr<Transition> transition = TransitionFor(call, request);
  if (!transition.ok()) return done(transition.status());
  store_->CommitAsync(
      TransitionMutation(std::move(call), *std::move(transition), std::make_unique<Response>()),
      [done = std::move(done)](absl::StatusOr<storage::CommitResult> committed) {
        if (!committed.ok()) return done(committed.status());
        done(std::move(committed->response));
      });
}

template <typename Request>
absl::Status WorkflowCore::AwaitTransition(const CallContext& call, const Request& request,
                                           google::protobuf::Message* response) {
  absl::StatusOr<Transition> transition = TransitionFor(call, request);
  if (!transition.ok()) return transition.status();
  return RunTransition(call, *std::move(transition), response);
}

// The fingerprint a request is remembered by: SHA-256 over method, principal and request bytes.
std::string RequestFingerprint(absl::string_view method, const CallContext& call,
                               const google::protobuf::Message& request);

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_WORKFLOW_CORE_H_
