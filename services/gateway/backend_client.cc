#include "services/gateway/backend_client.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.pb.h"
#include "services/common/grpc_bytes.h"
#include "services/common/tls_credentials.h"

namespace nianbao::gateway {
namespace {

using nianbao::config::v1::GatewayBackend;

constexpr char kValidationService[] = "nianbao.v1.ValidationService";
constexpr char kHealthCheck[] = "/grpc.health.v1.Health/Check";

std::string BytesOf(const grpc::ByteBuffer& buffer) {
  std::string storage;
  absl::string_view bytes;
  if (!service::ReadByteBuffer(buffer, &storage, &bytes).ok()) return "";
  return std::string(bytes);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> ChannelTo(const GatewayBackend& backend,
                                                         absl::string_view setting) {
  if (backend.address().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "缺少后端地址 ", setting, ".address (missing backend address ", setting, ".address)"));
  }
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      service::MakeChannelCredentials(backend.tls());
  if (!credentials.ok()) return credentials.status();
  grpc::ChannelArguments arguments;
  // Responses as large as the servers send (a FULL page is bounded at a few MiB).
  arguments.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  return grpc::CreateCustomChannel(backend.address(), *credentials, arguments);
}

}  // namespace

// A server stream through the generic stub's bidirectional reactor: one request, written as the
// last message, then reads. A hold keeps the reactor alive (OnDone not yet run) while the observer
// may still ask for the next message, so `next` never touches a finished reactor.
class StreamCall final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>,
                         public StreamHandle,
                         public std::enable_shared_from_this<StreamCall> {
 public:
  StreamCall(BackendClient* client, std::shared_ptr<StreamObserver> observer)
      : client_(client), observer_(std::move(observer)) {}

  void Start(const BackendCall& call, std::string request) {
    client_->PrepareContext(call, &context_);
    request_ = service::ToByteBuffer(std::move(request));
    self_ = shared_from_this();  // Released in OnDone.
    client_->StubFor(call.service)
        .PrepareBidiStreamingCall(&context_, call.method, grpc::StubOptions(), this);
    AddHold();
    StartWriteLast(&request_, grpc::WriteOptions());
    read_pending_ = true;
    StartRead(&response_);
    StartCall();
  }

  // Between a message and the observer's `next` no read is pending, so cancelling alone would
  // not end the call: the hold is released here instead.
  void Cancel() override {
    context_.TryCancel();
    absl::MutexLock lock(&mutex_);
    cancelled_ = true;
    if (!read_pending_) ReleaseHold();
  }

  void OnReadDone(bool ok) override {
    {
      absl::MutexLock lock(&mutex_);
      read_pending_ = false;
      if (!ok || cancelled_) {
        ReleaseHold();  // No more messages: let OnDone come.
        return;
      }
    }
    // The observer calls next when it has passed the message on; only then is the next read
    // started, and the hold is still held.
    std::weak_ptr<StreamCall> weak = weak_from_this();
    observer_->OnMessage(BytesOf(response_), [weak] {
      if (std::shared_ptr<StreamCall> self = weak.lock()) self->ReadNext();
    });
  }

  void OnDone(const grpc::Status& status) override {
    observer_->OnDone(client_->ShutdownStatus(status));
    client_->Unregister(&context_);
    observer_.reset();
    self_.reset();  // May destroy this.
  }

 private:
  void ReadNext() {
    absl::MutexLock lock(&mutex_);
    if (hold_released_) return;
    read_pending_ = true;
    StartRead(&response_);
  }
  void ReleaseHold() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (hold_released_) return;
    hold_released_ = true;
    RemoveHold();
  }

  BackendClient* client_;
  std::shared_ptr<StreamObserver> observer_;
  absl::Mutex mutex_;
  bool read_pending_ ABSL_GUARDED_BY(mutex_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mutex_) = false;
  bool hold_released_ ABSL_GUARDED_BY(mutex_) = false;
  std::shared_ptr<StreamCall> self_;
  grpc::ClientContext context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
};

absl::StatusOr<std::unique_ptr<BackendClient>> BackendClient::Create(
    const nianbao::config::v1::GatewayServerConfig& config) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> workflow =
      ChannelTo(config.workflow(), "workflow");
  if (!workflow.ok()) return workflow.status();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> validation =
      ChannelTo(config.validation(), "validation");
  if (!validation.ok()) return validation.status();
  return std::unique_ptr<BackendClient>(new BackendClient(*workflow, *validation));
}

BackendClient::BackendClient(std::shared_ptr<grpc::Channel> workflow,
                             std::shared_ptr<grpc::Channel> validation)
    : workflow_channel_(std::move(workflow)),
      validation_channel_(std::move(validation)),
      workflow_stub_(workflow_channel_),
      validation_stub_(validation_channel_) {}

BackendClient::~BackendClient() { (void)CancelAllAndWait(absl::Seconds(5)); }

bool BackendClient::ServedByValidation(const std::string& service) const {
  return service == kValidationService;
}

grpc::GenericStub& BackendClient::StubFor(const std::string& service) {
  return ServedByValidation(service) ? validation_stub_ : workflow_stub_;
}

void BackendClient::PrepareContext(const BackendCall& call, grpc::ClientContext* context) {
  for (const auto& [key, value] : call.metadata) context->AddMetadata(key, value);
  if (call.timeout != absl::InfiniteDuration()) {
    context->set_deadline(absl::ToChronoTime(absl::Now() + call.timeout));
  }
  Register(context);
}

void BackendClient::Register(grpc::ClientContext* context) {
  absl::MutexLock lock(&mutex_);
  in_flight_.insert(context);
  // A call started after shutdown began ends at once rather than outliving the server.
  if (cancelled_) context->TryCancel();
}

void BackendClient::Unregister(grpc::ClientContext* context) {
  absl::MutexLock lock(&mutex_);
  in_flight_.erase(context);
}

void BackendClient::CallUnary(const BackendCall& call, std::string request, UnaryDone done) {
  struct Pending {
    grpc::ClientContext context;
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
  };
  auto pending = std::make_shared<Pending>();
  pending->request = service::ToByteBuffer(std::move(request));
  PrepareContext(call, &pending->context);
  StubFor(call.service)
      .UnaryCall(
          &pending->context, call.method, grpc::StubOptions(), &pending->request,
          &pending->response, [this, pending, done = std::move(done)](const grpc::Status& status) {
            // Unregistered last: once none is registered, no callback touches the server.
            done(ShutdownStatus(status), status.ok() ? BytesOf(pending->response) : std::string());
            Unregister(&pending->context);
          });
}

std::shared_ptr<StreamHandle> BackendClient::CallServerStream(
    const BackendCall& call, std::string request, std::shared_ptr<StreamObserver> observer) {
  auto stream = std::make_shared<StreamCall>(this, std::move(observer));
  stream->Start(call, std::move(request));
  return stream;
}

void BackendClient::CheckHealth(absl::Duration timeout,
                                std::function<void(const BackendHealth&)> done) {
  struct Gathered {
    absl::Mutex mutex;
    BackendHealth health;
    int remaining = 2;
    std::function<void(const BackendHealth&)> done;
  };
  auto gathered = std::make_shared<Gathered>();
  gathered->done = std::move(done);
  const std::string request = grpc::health::v1::HealthCheckRequest().SerializeAsString();
  for (const bool validation : {false, true}) {
    BackendCall call;
    call.service = validation ? kValidationService : "grpc.health.v1.Health";
    call.method = kHealthCheck;
    call.timeout = timeout;
    CallUnary(call, request, [gathered, validation](const grpc::Status& status, std::string bytes) {
      grpc::health::v1::HealthCheckResponse response;
      const bool serving = status.ok() && response.ParseFromString(bytes) &&
                           response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
      const std::string detail =
          status.ok() ? grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status())
                      : status.error_message();
      bool last = false;
      {
        absl::MutexLock lock(&gathered->mutex);
        (validation ? gathered->health.validation_serving : gathered->health.workflow_serving) =
            serving;
        (validation ? gathered->health.validation_detail : gathered->health.workflow_detail) =
            detail;
        last = --gathered->remaining == 0;
      }
      if (last) gathered->done(gathered->health);
    });
  }
}

grpc::Status BackendClient::ShutdownStatus(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::CANCELLED) return status;
  absl::MutexLock lock(&mutex_);
  if (!cancelled_) return status;
  // Cancelled by our own stop, not by the client: UNAVAILABLE tells the client to retry.
  return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      "网关正在停止，请重试 (the gateway is stopping; retry)");
}

bool BackendClient::CancelAllAndWait(absl::Duration timeout) {
  absl::MutexLock lock(&mutex_);
  cancelled_ = true;
  for (grpc::ClientContext* context : in_flight_) context->TryCancel();
  auto none_in_flight = [this]()
                            ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return in_flight_.empty(); };
  return mutex_.AwaitWithTimeout(absl::Condition(&none_in_flight), timeout);
}

}  // namespace nianbao::gateway
