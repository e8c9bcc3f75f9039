// nianbao-gatewayd's side of gRPC: one channel to nianbao-workflowd and one to nianbao-validatord,
// and calls made through gRPC's generic stub with the request already serialized, so that the
// gateway knows no method by name (a method is "/package.Service/Method", from the descriptors).
// Every call is asynchronous (gRPC's callback API): no HTTP thread waits for a backend.
#ifndef NIANBAO_SERVICES_GATEWAY_BACKEND_CLIENT_H_
#define NIANBAO_SERVICES_GATEWAY_BACKEND_CLIENT_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "nianbao/config/v1/gateway_server.pb.h"

namespace nianbao::gateway {

// What one call sends besides its request.
struct BackendCall {
  std::string service;  // "nianbao.v1.WorkflowService": picks the backend.
  std::string method;   // "/nianbao.v1.WorkflowService/GetReport".
  // Metadata (lower-case keys): the caller's authorization, its address.
  std::vector<std::pair<std::string, std::string>> metadata;
  absl::Duration timeout = absl::InfiniteDuration();  // Infinite: no deadline (streams).
};

// Receives a server stream's messages, on gRPC's threads. `next` asks for the following message;
// the stream waits until it is called, so a slow HTTP client slows the backend stream instead of
// filling memory. OnDone comes once, after the last message.
class StreamObserver {
 public:
  virtual ~StreamObserver() = default;
  virtual void OnMessage(std::string bytes, std::function<void()> next) = 0;
  virtual void OnDone(const grpc::Status& status) = 0;
};

// A running server stream. Cancel() ends it (OnDone follows with CANCELLED); safe to call at any
// time, more than once, also after OnDone.
class StreamHandle {
 public:
  virtual ~StreamHandle() = default;
  virtual void Cancel() = 0;
};

// Which backends answer their health checks SERVING.
struct BackendHealth {
  bool workflow_serving = false;
  bool validation_serving = false;
  std::string workflow_detail;  // The status or error seen, for /healthz's body.
  std::string validation_detail;
};

class BackendClient {
 public:
  using UnaryDone = std::function<void(const grpc::Status& status, std::string response)>;

  // Channels from the config's backends (TLS from their ClientTlsConfig). INVALID_ARGUMENT
  // naming the setting when an address is missing; TLS file errors as tls_credentials.h gives.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<BackendClient>> Create(
      const nianbao::config::v1::GatewayServerConfig& config);
  ~BackendClient();

  // Calls a unary method; `done` runs once on a gRPC thread.
  void CallUnary(const BackendCall& call, std::string request, UnaryDone done);
  // Starts a server-streaming call; the observer is held until its OnDone.
  std::shared_ptr<StreamHandle> CallServerStream(const BackendCall& call, std::string request,
                                                 std::shared_ptr<StreamObserver> observer);
  // Asks both backends' grpc.health.v1.Health/Check (whole server), each within `timeout`.
  void CheckHealth(absl::Duration timeout, std::function<void(const BackendHealth&)> done);

  // Cancels every call in flight (at shutdown), then waits up to `timeout` for them to end.
  // Returns whether all ended.
  bool CancelAllAndWait(absl::Duration timeout);

  // Which backend serves `service`: workflowd unless it is nianbao.v1.ValidationService.
  bool ServedByValidation(const std::string& service) const;

 private:
  BackendClient(std::shared_ptr<grpc::Channel> workflow, std::shared_ptr<grpc::Channel> validation);
  friend class StreamCall;
  friend class CallRegistration;
  grpc::GenericStub& StubFor(const std::string& service);
  void Register(grpc::ClientContext* context);
  void Unregister(grpc::ClientContext* context);
  void PrepareContext(const BackendCall& call, grpc::ClientContext* context);
  grpc::Status ShutdownStatus(const grpc::Status& status);

  std::shared_ptr<grpc::Channel> workflow_channel_;
  std::shared_ptr<grpc::Channel> validation_channel_;
  grpc::GenericStub workflow_stub_;
  grpc::GenericStub validation_stub_;
  absl::Mutex mutex_;
  std::set<grpc::ClientContext*> in_flight_ ABSL_GUARDED_BY(mutex_);
  bool cancelled_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace nianbao::gateway

#endif  // NIANBAO_SERVICES_GATEWAY_BACKEND_CLIENT_H_
