#include "services/workflow/audit_service.h"

#include <iostream>

#include "services/common/grpc_status.h"
#include "services/workflow/workflow_service.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = nianbao::v1;

absl::StatusOr<AuditCaller> Authenticate(const grpc::ServerContext& context,
                                         const nianbao::workflow::PrincipalDirectory& principals) {
  absl::StatusOr<CallContext> call = AuthenticateCall(context, principals);
  if (!call.ok()) return call.status();
  return AuditCaller{std::move(call->principal), std::move(call->client_address),
                     std::move(call->client_certificate)};
}

template <typename Request, typename Response>
grpc::Status Handle(AuditCore* core, const nianbao::workflow::PrincipalDirectory& principals,
                    grpc::ServerContext* context, const Request& request, Response* response,
                    absl::Status (AuditCore::*method)(const AuditCaller&, const Request&,
                                                      Response*)) {
  absl::StatusOr<AuditCaller> caller = Authenticate(*context, principals);
  if (!caller.ok()) return service::ToGrpcStatus(caller.status());
  return service::ToGrpcStatus((core->*method)(*caller, request, response));
}

}  // namespace

grpc::Status AuditServiceImpl::ListAuditEvents(grpc::ServerContext* context,
                                               const v1::ListAuditEventsRequest* request,
                                               v1::ListAuditEventsResponse* response) {
  return Handle(core_, *principals_, context, *request, response, &AuditCore::ListAuditEvents);
}

grpc::Status AuditServiceImpl::StreamAuditEvents(
    grpc::ServerContext* context, const v1::StreamAuditEventsRequest* request,
    grpc::ServerWriter<v1::StreamAuditEventsResponse>* writer) {
  absl::StatusOr<AuditCaller> caller = Authenticate(*context, *principals_);
  if (!caller.ok()) return service::ToGrpcStatus(caller.status());
  v1::StreamAuditEventsResponse message;
  absl::Status status = core_->StreamAuditEvents(
      *caller, *request,
      [&](const v1::AuditEvent& event) {
        *message.mutable_event() = event;
        return writer->Write(message);
      },
      [context] { return context->IsCancelled(); });
  return service::ToGrpcStatus(status);
}

grpc::Status AuditServiceImpl::GetCheckpoint(grpc::ServerContext* context,
                                             const v1::GetCheckpointRequest* request,
                                             v1::GetCheckpointResponse* response) {
  return Handle(core_, *principals_, context, *request, response, &AuditCore::GetCheckpoint);
}

grpc::Status AuditServiceImpl::VerifyChain(grpc::ServerContext* context,
                                           const v1::VerifyChainRequest* request,
                                           v1::VerifyChainResponse* response) {
  return Handle(core_, *principals_, context, *request, response, &AuditCore::VerifyChain);
}

grpc::Status AuditServiceImpl::GetPublicKey(grpc::ServerContext* context,
                                            const v1::GetPublicKeyRequest* request,
                                            v1::GetPublicKeyResponse* response) {
  return Handle(core_, *principals_, context, *request, response, &AuditCore::GetPublicKey);
}

AuditCheckpointer::AuditCheckpointer(AuditCore* core, absl::Duration interval)
    : core_(core), interval_(interval), thread_([this] { Run(); }) {}

AuditCheckpointer::~AuditCheckpointer() { Stop(); }

void AuditCheckpointer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AuditCheckpointer::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    absl::StatusOr<v1::AuditCheckpoint> checkpoint = core_->SignPeriodicCheckpoint();
    if (!checkpoint.ok()) {
      std::cerr << "audit checkpoint failed: " << checkpoint.status() << std::endl;
    }
    lock.lock();
    wake_.wait_for(lock, absl::ToChronoMilliseconds(interval_), [this] { return stopping_; });
  }
}

}  // namespace nianbao::workflow_service
