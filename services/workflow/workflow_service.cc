#include "services/workflow/workflow_service.h"

#include <grpc/grpc_security_constants.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/grpc_bytes.h"
#include "services/common/grpc_status.h"
#include "services/common/tls_credentials.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {

namespace v1 = ::nianbao::v1;

std::string ClientCertificateSubject(const grpc::ServerContextBase& context) {
  // Only a certificate the server verified (mutual TLS) names anyone; gRPC sets the subject
  // property from the verified peer certificate.
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return "";
  const std::vector<grpc::string_ref> subjects =
      auth->FindPropertyValues(GRPC_X509_SUBJECT_PROPERTY_NAME);
  return subjects.empty() ? "" : std::string(subjects.front().data(), subjects.front().size());
}

namespace {

// Read on every call, written once before serving.
GatewayTrust& TrustedGateways() {
  static GatewayTrust* const trust = new GatewayTrust();
  return *trust;
}

// Beyond this a forwarded address is not believed to be one (the audit trail bounds what it keeps).
constexpr size_t kMaxForwardedAddressBytes = 128;

bool IsPrintableAscii(absl::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

bool IsTrustedGateway(const grpc::ServerContextBase& context) {
  const GatewayTrust& trust = TrustedGateways();
  if (trust.trust_loopback) {
    // peer() is "ipv4:127.0.0.1:PORT", "ipv6:[::1]:PORT" or "unix:...".
    std::string peer = context.peer();
    for (const absl::string_view scheme : {"ipv4:", "ipv6:"}) {
      if (absl::StartsWith(peer, scheme)) peer = peer.substr(scheme.size());
    }
    if (service::IsLoopbackAddress(peer)) return true;
  }
  if (trust.subjects.empty()) return false;
  const std::string subject = ClientCertificateSubject(context);
  return !subject.empty() &&
         std::find(trust.subjects.begin(), trust.subjects.end(), subject) != trust.subjects.end();
}

}  // namespace

void SetGatewayTrust(GatewayTrust trust) { TrustedGateways() = std::move(trust); }

std::string RecordedClientAddress(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("x-forwarded-for");
  if (it == metadata.end()) return context.peer();
  const absl::string_view forwarded(it->second.data(), it->second.size());
  if (forwarded.empty() || forwarded.size() > kMaxForwardedAddressBytes ||
      !IsPrintableAscii(forwarded) || !IsTrustedGateway(context)) {
    return context.peer();
  }
  return std::string(forwarded);
}

absl::StatusOr<CallContext> AuthenticateCall(
    const grpc::ServerContextBase& context,
    const nianbao::workflow::PrincipalDirectory& principals) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError(
        "缺少身份令牌：请在 authorization 元数据中提供 Bearer 令牌 (missing bearer token in the "
        "authorization metadata)");
  }
  absl::StatusOr<std::string> token = nianbao::workflow::BearerTokenFromHeader(
      absl::string_view(it->second.data(), it->second.size()));
  if (!token.ok()) return token.status();
  absl::StatusOr<nianbao::workflow::Principal> principal = principals.Authenticate(*token);
  if (!principal.ok()) return principal.status();
  CallContext call;
  call.principal = *std::move(principal);
  call.client_address = RecordedClientAddress(context);
  call.client_certificate = ClientCertificateSubject(context);
  return call;
}

namespace {

// The answer to request bytes that do not parse as `Request`, naming the request as validatord
// does.
template <typename Request>
absl::Status MalformedRequest() {
  const std::string& type = Request::descriptor()->full_name();
  return nianbao::workflow::InvalidField("(request)",
                                         {absl::StrCat("请求无法解析为 ", type),
                                          absl::StrCat("the request does not parse as ", type)});
}

}  // namespace

template <typename Request, typename Response>
grpc::Status WorkflowServiceImpl::Handle(
    grpc::ServerContext* context, grpc::ServerUnaryStreamer<Request, Response>* streamer,
    absl::Status (WorkflowCore::*method)(const CallContext&, const Request&, Response*)) {
  absl::StatusOr<CallContext> call = AuthenticateCall(*context, *principals_);
  if (!call.ok()) return service::ToGrpcStatus(call.status());
  Request request;
  if (!streamer->Read(&request)) return service::ToGrpcStatus(MalformedRequest<Request>());
  Response response;
  if (absl::Status s = (core_->*method)(*call, request, &response); !s.ok()) {
    return service::ToGrpcStatus(s);
  }
  // As the last message, it goes out with the status in one batch, as a plain unary answer does.
  streamer->Write(response, grpc::WriteOptions().set_last_message());
  return grpc::Status::OK;
}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* WorkflowServiceImpl::Start(grpc::CallbackServerContext* context,
                                                     const grpc::ByteBuffer& request_bytes,
                                                     grpc::ByteBuffer* response_bytes) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<CallContext> call = AuthenticateCall(*context, *principals_);
  if (!call.ok()) {
    reactor->Finish(service::ToGrpcStatus(call.status()));
    return reactor;
  }
  std::string joined;
  absl::string_view bytes;
  Request request;
  if (absl::Status read = service::ReadByteBuffer(request_bytes, &joined, &bytes); !read.ok()) {
    reactor->Finish(service::ToGrpcStatus(read));
    return reactor;
  }
  if (!request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    reactor->Finish(service::ToGrpcStatus(MalformedRequest<Request>()));
    return reactor;
  }
  core_->StartTransition<Response>(*std::move(call), request,
                                   [reactor, response_bytes](absl::StatusOr<std::string> response) {
                                     if (!response.ok()) {
                                       reactor->Finish(service::ToGrpcStatus(response.status()));
                                       return;
                                     }
                                     *response_bytes = service::ToByteBuffer(*std::move(response));
                                     reactor->Finish(grpc::Status::OK);
                                   });
  return reactor;
}

grpc::ServerUnaryReactor* WorkflowServiceImpl::CreateReport(grpc::CallbackServerContext* context,
                                                            const grpc::ByteBuffer* request,
                                                            grpc::ByteBuffer* response) {
  return Start<v1::CreateReportRequest, v1::Report>(context, *request, response);
}
grpc::Status WorkflowServiceImpl::StreamedGetReport(
    grpc::ServerContext* context,
    grpc::ServerUnaryStreamer<v1::GetReportRequest, v1::Report>* streamer) {
  return Handle(context, streamer, &WorkflowCore::GetReport);
}
grpc::Status WorkflowServiceImpl::StreamedGetRevision(
    grpc::ServerContext* context,
    grpc::ServerUnaryStreamer<v1::GetRevisionRequest, v1::ReportRevision>* streamer) {
  return Handle(context, streamer, &WorkflowCore::GetRevision);
}
grpc::ServerUnaryReactor* WorkflowServiceImpl::UpdateReport(grpc::CallbackServerContext* context,
                                                            const grpc::ByteBuffer* request,
                                                            grpc::ByteBuffer* response) {
  return Start<v1::UpdateReportRequest, v1::Report>(context, *request, response);
}
grpc::Status WorkflowServiceImpl::StreamedListReports(
    grpc::ServerContext* context,
    grpc::ServerUnaryStreamer<v1::ListReportsRequest, v1::ListReportsResponse>* streamer) {
  return Handle(context, streamer, &WorkflowCore::ListReports);
}
grpc::Status WorkflowServiceImpl::StreamedListRevisions(
    grpc::ServerContext* context,
    grpc::ServerUnaryStreamer<v1::ListRevisionsRequest, v1::ListRevisionsResponse>* streamer) {
  return Handle(context, streamer, &WorkflowCore::ListRevisions);
}
grpc::Status WorkflowServiceImpl::StreamedSubmitReport(
    grpc::ServerContext* context,
    grpc::ServerUnaryStreamer<v1::SubmitReportRequest, v1::SubmitReportResponse>* streamer) {
  return Handle(context, streamer, &WorkflowCore::SubmitReport);
}
grpc::ServerUnaryReactor* WorkflowServiceImpl::ApproveReport(grpc::CallbackServerContext* context,
                                                             const grpc::ByteBuffer* request,
                                                             grpc::ByteBuffer* response) {
  return Start<v1::ApproveReportRequest, v1::ApproveReportResponse>(context, *request, response);
}
grpc::ServerUnaryReactor* WorkflowServiceImpl::RejectReport(grpc::CallbackServerContext* context,
                                                            const grpc::ByteBuffer* request,
                                                            grpc::ByteBuffer* response) {
  return Start<v1::RejectReportRequest, v1::RejectReportResponse>(context, *request, response);
}
grpc::ServerUnaryReactor* WorkflowServiceImpl::PublishReport(grpc::CallbackServerContext* context,
                                                             const grpc::ByteBuffer* request,
                                                             grpc::ByteBuffer* response) {
  return Start<v1::PublishReportRequest, v1::PublishReportResponse>(context, *request, response);
}
grpc::ServerUnaryReactor* WorkflowServiceImpl::WithdrawReport(grpc::CallbackServerContext* context,
                                                              const grpc::ByteBuffer* request,
                                                              grpc::ByteBuffer* response) {
  return Start<v1::WithdrawReportRequest, v1::WithdrawReportResponse>(context, *request, response);
}
grpc::ServerUnaryReactor* WorkflowServiceImpl::CorrectReport(grpc::CallbackServerContext* context,
                                                             const grpc::ByteBuffer* request,
                                                             grpc::ByteBuffer* response) {
  return Start<v1::CorrectReportRequest, v1::CorrectReportResponse>(context, *request, response);
}

grpc::Status WorkflowServiceImpl::WatchReports(
    grpc::ServerContext* context, const v1::WatchReportsRequest* request,
    grpc::ServerWriter<v1::WatchReportsResponse>* writer) {
  if (feed_ == nullptr) return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "WatchReports");
  absl::StatusOr<CallContext> call = AuthenticateCall(*context, *principals_);
  if (!call.ok()) return service::ToGrpcStatus(call.status());
  const FeedCaller caller{std::move(call->principal), std::move(call->client_address),
                          std::move(call->client_certificate)};
  // IsCancelled turns true when the client goes away, and at the end of the server's shutdown
  // grace: a following feed ends then, and its consumer resumes from its last cursor.
  return service::ToGrpcStatus(feed_->WatchReports(
      caller, *request,
      [writer](const v1::WatchReportsResponse& response) { return writer->Write(response); },
      [context] { return context->IsCancelled(); }));
}

}  // namespace nianbao::workflow_service
