// The best any durable call could do on this machine: an in-process gRPC server (sync API, as
// nianbao-workflowd is built) whose one method does no work at all and only waits as long as one
// fdatasync takes on this disk, then answers. A durable transition cannot be answered before its
// write is synced, so its rate at N clients is bounded by this call's, whatever the server does;
// the benchmark prints the bound beside its figures, each as a ratio to an empty call against the
// same server. (It is generous: it costs no CPU while it waits, and a real sync also makes the
// group's later arrivals wait for the next one.)
#ifndef NIANBAO_TESTS_BENCH_WORKFLOW_SYNC_WAIT_BOUND_H_
#define NIANBAO_TESTS_BENCH_WORKFLOW_SYNC_WAIT_BOUND_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace nianbao::testing {

class SyncWaitServer {
 public:
  // Serves on 127.0.0.1 (a free port); each wait call takes `wait`. Check ok() before use.
  explicit SyncWaitServer(std::chrono::microseconds wait);
  ~SyncWaitServer();
  SyncWaitServer(const SyncWaitServer&) = delete;
  SyncWaitServer& operator=(const SyncWaitServer&) = delete;

  bool ok() const { return server_ != nullptr; }
  // A connection of its own for each of `clients` callers.
  void Connect(int clients);
  // One call through caller c's connection: the empty health check, or the waiting call.
  bool EmptyCall(int c);
  bool WaitCall(int c);

 private:
  class WaitService;
  std::unique_ptr<WaitService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
};

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_BENCH_WORKFLOW_SYNC_WAIT_BOUND_H_
