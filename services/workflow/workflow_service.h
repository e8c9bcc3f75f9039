// The gRPC face of WorkflowCore: each handler authenticates the bearer token from the
// "authorization" metadata, calls the core and maps its status (services/common/grpc_status.h).
// The transitions that are only a commit use gRPC's callback API with raw bytes: the handler
// parses the request, queues the commit and returns, and the store answers the call from its own
// thread once the write is synced, with the response bytes it keeps for retries. No thread of the
// server sits blocked on the disk for a call. Reads, and Submit (which calls the
// validation service), are synchronous, as streamed unary calls: the handler reads the request
// itself, so that bytes that do not parse are INVALID_ARGUMENT with a message, as everywhere else
// (gRPC's own deserialization answers INTERNAL with an empty message).
#ifndef NIANBAO_SERVICES_WORKFLOW_WORKFLOW_SERVICE_H_
#define NIANBAO_SERVICES_WORKFLOW_WORKFLOW_SERVICE_H_

#include <string>
#include <vector>

#include "nianbao/v1/workflow.grpc.pb.h"
#include "services/workflow/report_feed.h"
#include "services/workflow/workflow_core.h"
#include "workflow/principals.h"

namespace nianbao::workflow_service {

// The caller of a gRPC call: UNAUTHENTICATED without a valid bearer token. Shared with the audit
// service, which authenticates the same way. The bearer token says who acts; over mutual TLS the
// client certificate's subject (ClientCertificateSubject) is recorded beside it.
[[nodiscard]] absl::StatusOr<CallContext> AuthenticateCall(
    const grpc::ServerContextBase& context,
    const nianbao::workflow::PrincipalDirectory& principals);
// The subject of the client certificate the server verified, or "" (plaintext, or TLS without a
// client certificate).
std::string ClientCertificateSubject(const grpc::ServerContextBase& context);

// Which callers may tell the server their client's address (nianbao-gatewayd passes it as
// "x-forwarded-for" metadata): by default a peer on loopback (a gateway on the same machine), and
// callers whose verified client certificate has one of `subjects` (a gateway elsewhere, over
// mutual TLS). Anyone else's header is ignored and their own address recorded, so that a direct
// caller cannot write a made-up address into the audit trail. Set once by main before serving.
struct GatewayTrust {
  bool trust_loopback = true;
  std::vector<std::string> subjects;
};
void SetGatewayTrust(GatewayTrust trust);
// The address to record for a call: the forwarded one when the caller is a trusted gateway and
// the value is short printable ASCII, else context.peer().
std::string RecordedClientAddress(const grpc::ServerContextBase& context);

using WorkflowServiceBase = nianbao::v1::WorkflowService::WithRawCallbackMethod_CreateReport<
    nianbao::v1::WorkflowService::WithRawCallbackMethod_UpdateReport<
        nianbao::v1::WorkflowService::WithRawCallbackMethod_ApproveReport<
            nianbao::v1::WorkflowService::WithRawCallbackMethod_RejectReport<
                nianbao::v1::WorkflowService::WithRawCallbackMethod_PublishReport<
                    nianbao::v1::WorkflowService::WithRawCallbackMethod_WithdrawReport<
                        nianbao::v1::WorkflowService::WithRawCallbackMethod_CorrectReport<
                            nianbao::v1::WorkflowService::WithStreamedUnaryMethod_GetReport<
                                nianbao::v1::WorkflowService::WithStreamedUnaryMethod_ListReports<
                                    nianbao::v1::WorkflowService::
                                        WithStreamedUnaryMethod_GetRevision<
                                            nianbao::v1::WorkflowService::
                                                WithStreamedUnaryMethod_ListRevisions<
                                                    nianbao::v1::WorkflowService::
                                                        WithStreamedUnaryMethod_SubmitReport<
                                                            nianbao::v1::WorkflowService::
                                                                Service>>>>>>>>>>>>;

class WorkflowServiceImpl final : public WorkflowServiceBase {
 public:
  // Borrows all three; they must outlive the service. Without `feed`, WatchReports is
  // UNIMPLEMENTED.
  WorkflowServiceImpl(WorkflowCore* core, const nianbao::workflow::PrincipalDirectory* principals,
                      ReportFeed* feed = nullptr)
      : core_(core), principals_(principals), feed_(feed) {}

  grpc::ServerUnaryReactor* CreateReport(grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::Status StreamedGetReport(grpc::ServerContext* context,
                                 grpc::ServerUnaryStreamer<nianbao::v1::GetReportRequest,
                                                           nianbao::v1::Report>* streamer) override;
  grpc::ServerUnaryReactor* UpdateReport(grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::Status StreamedListReports(
      grpc::ServerContext* context,
      grpc::ServerUnaryStreamer<nianbao::v1::ListReportsRequest, nianbao::v1::ListReportsResponse>*
          streamer) override;
  grpc::Status StreamedGetRevision(
      grpc::ServerContext* context,
      grpc::ServerUnaryStreamer<nianbao::v1::GetRevisionRequest, nianbao::v1::ReportRevision>*
          streamer) override;
  grpc::Status StreamedListRevisions(
      grpc::ServerContext* context,
      grpc::ServerUnaryStreamer<nianbao::v1::ListRevisionsRequest,
                                nianbao::v1::ListRevisionsResponse>* streamer) override;
  grpc::Status StreamedSubmitReport(
      grpc::ServerContext* context,
      grpc::ServerUnaryStreamer<nianbao::v1::SubmitReportRequest,
                                nianbao::v1::SubmitReportResponse>* streamer) override;
  grpc::ServerUnaryReactor* ApproveReport(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* RejectReport(grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* PublishReport(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* WithdrawReport(grpc::CallbackServerContext* context,
                                           const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* CorrectReport(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  // The change feed, as the audit stream is served: synchronously, on a thread of its own.
  grpc::Status WatchReports(grpc::ServerContext* context,
                            const nianbao::v1::WatchReportsRequest* request,
                            grpc::ServerWriter<nianbao::v1::WatchReportsResponse>* writer) override;

 private:
  // Authenticates, reads the request (INVALID_ARGUMENT when it does not parse), calls the core and
  // sends its response with the status.
  template <typename Request, typename Response>
  grpc::Status Handle(grpc::ServerContext* context,
                      grpc::ServerUnaryStreamer<Request, Response>* streamer,
                      absl::Status (WorkflowCore::*method)(const CallContext&, const Request&,
                                                           Response*));
  // Parses the request itself (a malformed one is INVALID_ARGUMENT) and answers with the response
  // bytes the store kept, which go to the wire without being parsed and serialized again.
  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Start(grpc::CallbackServerContext* context,
                                  const grpc::ByteBuffer& request_bytes,
                                  grpc::ByteBuffer* response_bytes);
  WorkflowCore* core_;
  const nianbao::workflow::PrincipalDirectory* principals_;
  ReportFeed* feed_;
};

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_WORKFLOW_SERVICE_H_
