#include "tests/bench/workflow/sync_wait_bound.h"

#include <grpcpp/impl/codegen/client_unary_call.h>
#include <grpcpp/impl/codegen/method_handler.h>
#include <grpcpp/impl/codegen/rpc_service_method.h>
#include <sys/prctl.h>

#include <thread>

#include "services/common/server_bootstrap.h"

namespace nianbao::testing {
namespace {

constexpr char kWaitMethod[] = "/nianbao.bench.SyncWait/Wait";
constexpr char kEmptyMethod[] = "/grpc.health.v1.Health/Check";

bool Call(grpc::Channel* channel, const char* method) {
  grpc::ClientContext context;
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  return grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
             channel, grpc::internal::RpcMethod(method, grpc::internal::RpcMethod::NORMAL_RPC),
             &context, request, &response)
      .ok();
}

}  // namespace

// A service with one untyped method (raw bytes in and out), so that no proto is needed for it.
class SyncWaitServer::WaitService : public grpc::Service {
 public:
  explicit WaitService(std::chrono::microseconds wait) : wait_(wait) {
    AddMethod(new grpc::internal::RpcServiceMethod(
        kWaitMethod, grpc::internal::RpcMethod::NORMAL_RPC,
        new grpc::internal::RpcMethodHandler<WaitService, grpc::ByteBuffer, grpc::ByteBuffer>(
            [](WaitService* service, grpc::ServerContext*, const grpc::ByteBuffer*,
               grpc::ByteBuffer* response) {
              service->Wait();
              grpc::Slice empty("");
              *response = grpc::ByteBuffer(&empty, 1);
              return grpc::Status::OK;
            },
            this)));
  }

 private:
  void Wait() const {
    // Linux lets a sleep overrun by 50 us by default, a quarter of a fast fdatasync.
    thread_local const bool precise = prctl(PR_SET_TIMERSLACK, 1UL) == 0;
    (void)precise;
    std::this_thread::sleep_for(wait_);
  }
  const std::chrono::microseconds wait_;
};

SyncWaitServer::SyncWaitServer(std::chrono::microseconds wait)
    : service_(std::make_unique<WaitService>(wait)) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              nianbao::service::kSyncServerMaxIdleThreads);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port == 0) {
    server_.reset();
    return;
  }
  address_ = "127.0.0.1:" + std::to_string(port);
}

SyncWaitServer::~SyncWaitServer() {
  if (server_) server_->Shutdown();
}

void SyncWaitServer::Connect(int clients) {
  while (static_cast<int>(channels_.size()) < clients) {
    grpc::ChannelArguments arguments;
    arguments.SetInt("nianbao.bench_client", static_cast<int>(channels_.size()));
    channels_.push_back(
        grpc::CreateCustomChannel(address_, grpc::InsecureChannelCredentials(), arguments));
  }
}

bool SyncWaitServer::EmptyCall(int c) { return Call(channels_[c].get(), kEmptyMethod); }
bool SyncWaitServer::WaitCall(int c) { return Call(channels_[c].get(), kWaitMethod); }

}  // namespace nianbao::testing
