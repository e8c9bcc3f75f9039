#include "tests/bench/workflow/sync_wait_bound.h"

#include <grpcpp/impl/codegen/client_unary_call.h>
#include <grpcpp/impl/codegen/method_handler.h>
#include <grpcpp/impl/codegen/rpc_service_method.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>
#include <sys/prctl.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "services/common/server_bootstrap.h"
#include "tests/bench/workflow/store_write_bound.h"
#include "tests/support/disk_sync_probe.h"

namespace nianbao::testing {
namespace {

constexpr char kWaitMethod[] = "/nianbao.bench.SyncWait/Wait";
constexpr char kGroupWaitMethod[] = "/nianbao.bench.SyncWait/GroupWait";
constexpr char kThreadGroupWaitMethod[] = "/nianbao.bench.SyncWait/ThreadGroupWait";
constexpr char kEditMethod[] = "/nianbao.v1.WorkflowService/UpdateReport";
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

// About one small transition's WriteBatch: what each call covered by a durable wait writes.
constexpr size_t kRecordBytes = 1024;

grpc::Status WriteFailed() {
  return grpc::Status(grpc::StatusCode::INTERNAL, "the durable bound's synced write failed");
}

}  // namespace

// A service with one untyped method (raw bytes in and out), so that no proto is needed for it.
class SyncWaitServer::WaitService : public grpc::Service {
 public:
  WaitService(std::chrono::microseconds wait, const std::string& log_dir, bool through_rocksdb)
      : wait_(wait),
        log_(log_dir.empty() || through_rocksdb ? nullptr
                                                : std::make_unique<PrezeroedLog>(log_dir)),
        store_(log_dir.empty() || !through_rocksdb ? nullptr
                                                   : std::make_unique<StoreWriteBound>(log_dir)),
        syncer_([this] { Sync(); }) {
    AddMethod(new grpc::internal::RpcServiceMethod(
        kWaitMethod, grpc::internal::RpcMethod::NORMAL_RPC,
        new grpc::internal::RpcMethodHandler<WaitService, grpc::ByteBuffer, grpc::ByteBuffer>(
            [](WaitService* service, grpc::ServerContext*, const grpc::ByteBuffer*,
               grpc::ByteBuffer* response) {
              if (!service->Wait(1)) return WriteFailed();
              grpc::Slice empty("");
              *response = grpc::ByteBuffer(&empty, 1);
              return grpc::Status::OK;
            },
            this)));
    // GroupWait: the callback API, and one thread that answers every call queued since its last
    // wait after one more wait, as a group commit would.
    AddGroupWaitMethod(kGroupWaitMethod, 1, [] { return grpc::Slice(""); });
    // ThreadGroupWait: the sync API, each call's thread waiting until the same waiting thread has
    // waited once for every call queued meanwhile.
    AddMethod(new grpc::internal::RpcServiceMethod(
        kThreadGroupWaitMethod, grpc::internal::RpcMethod::NORMAL_RPC,
        new grpc::internal::RpcMethodHandler<WaitService, grpc::ByteBuffer, grpc::ByteBuffer>(
            [](WaitService* service, grpc::ServerContext*, const grpc::ByteBuffer*,
               grpc::ByteBuffer* response) {
              if (!service->WaitForGroup()) return WriteFailed();
              grpc::Slice empty("");
              *response = grpc::ByteBuffer(&empty, 1);
              return grpc::Status::OK;
            },
            this)));
    // UpdateReport's own name and answer: the group wait as the benchmark's UpdateReport clients
    // call it (generated stub, bearer token), answered with a real edit's response bytes.
    AddGroupWaitMethod(kEditMethod, 3, [this] { return grpc::Slice(edit_answer_); });
  }
  // Set before the first edit-shaped call, never after.
  void SetEditAnswer(std::string bytes) { edit_answer_ = std::move(bytes); }
  ~WaitService() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      wake_.notify_one();
    }
    syncer_.join();
  }
  bool ok() const { return (log_ == nullptr || log_->ok()) && (store_ == nullptr || store_->ok()); }

 private:
  // Adds `method` (the `index`th added) as a group wait through the callback API, answering each
  // call with what `answer` returns.
  template <typename Answer>
  void AddGroupWaitMethod(const char* method, int index, Answer answer) {
    AddMethod(new grpc::internal::RpcServiceMethod(method, grpc::internal::RpcMethod::NORMAL_RPC,
                                                   nullptr));
    MarkMethodRawCallback(
        index, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
                   [this, answer](grpc::CallbackServerContext* context, const grpc::ByteBuffer*,
                                  grpc::ByteBuffer* response) {
                     return StartGroupWait(context, answer(), response);
                   }));
  }
  // Queues a group-waiting call, to be answered with `answer` once a group wait covers it.
  grpc::ServerUnaryReactor* StartGroupWait(grpc::CallbackServerContext* context, grpc::Slice answer,
                                           grpc::ByteBuffer* response) {
    *response = grpc::ByteBuffer(&answer, 1);
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    // Over RocksDB, each call reads the report it would change, as a plan does.
    if (store_ != nullptr && !store_->ReadReport()) {
      reactor->Finish(WriteFailed());
      return reactor;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    queued_.push_back(reactor);
    if (queued_.size() == 1) wake_.notify_one();
    return reactor;
  }
  // Waits once for `calls` calls: writes and syncs their records, or sleeps as long as that takes.
  // False when the write failed: the calls then fail too, and the benchmark says so, rather than
  // a bound that wrote nothing looking fast.
  bool Wait(size_t calls) const {
    if (log_ != nullptr) return log_->Append(calls * kRecordBytes);
    if (store_ != nullptr) return store_->WriteGroup(calls);
    // Linux lets a sleep overrun by 50 us by default, a quarter of a fast fdatasync.
    thread_local const bool precise = prctl(PR_SET_TIMERSLACK, 1UL) == 0;
    (void)precise;
    std::this_thread::sleep_for(wait_);
    return true;
  }
  // Queues the calling thread's call and blocks until a group wait has covered it; false when a
  // group's write has failed.
  bool WaitForGroup() {
    std::unique_lock<std::mutex> lock(mutex_);
    const uint64_t mine = ++threads_queued_;
    wake_.notify_one();
    answered_.wait(lock, [&] { return threads_answered_ >= mine; });
    return !write_failed_;
  }
  void Sync() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      wake_.wait(lock, [this] {
        return stopping_ || !queued_.empty() || threads_queued_ > threads_answered_;
      });
      if (stopping_) return;
      std::vector<grpc::ServerUnaryReactor*> group;
      group.swap(queued_);
      const uint64_t threads = threads_queued_;
      lock.unlock();
      const bool written = Wait(group.size() + (threads - threads_answered_));
      for (grpc::ServerUnaryReactor* reactor : group) {
        reactor->Finish(written ? grpc::Status::OK : WriteFailed());
      }
      lock.lock();
      write_failed_ = write_failed_ || !written;
      if (threads > threads_answered_) {
        threads_answered_ = threads;
        answered_.notify_all();
      }
    }
  }
  const std::chrono::microseconds wait_;
  const std::unique_ptr<PrezeroedLog> log_;
  const std::unique_ptr<StoreWriteBound> store_;
  std::string edit_answer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<grpc::ServerUnaryReactor*> queued_;
  std::condition_variable answered_;
  uint64_t threads_queued_ = 0;    // ThreadGroupWait calls queued so far
  uint64_t threads_answered_ = 0;  // ... and answered
  bool write_failed_ = false;      // sticky: a group's synced write has failed
  bool stopping_ = false;
  std::thread syncer_;
};

SyncWaitServer::SyncWaitServer(std::chrono::microseconds wait, const std::string& log_dir,
                               bool through_rocksdb)
    : service_(std::make_unique<WaitService>(wait, log_dir, through_rocksdb)) {
  if (!service_->ok()) return;
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

void SyncWaitServer::SetEditAnswer(std::string bytes) { service_->SetEditAnswer(std::move(bytes)); }

bool SyncWaitServer::EmptyCall(int c) { return Call(channels_[c].get(), kEmptyMethod); }
bool SyncWaitServer::WaitCall(int c) { return Call(channels_[c].get(), kWaitMethod); }
bool SyncWaitServer::GroupWaitCall(int c) { return Call(channels_[c].get(), kGroupWaitMethod); }
bool SyncWaitServer::ThreadGroupWaitCall(int c) {
  return Call(channels_[c].get(), kThreadGroupWaitMethod);
}

}  // namespace nianbao::testing
