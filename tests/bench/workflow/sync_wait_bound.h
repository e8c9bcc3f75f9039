// The best any durable call could do on this machine: an in-process gRPC server whose methods do no
// work at all and only wait as long as one fdatasync takes on this disk, then answer. A durable
// transition cannot be answered before its write is synced, so its rate at N clients is bounded by
// these calls', whatever the server does; the benchmark prints them beside its figures, each as a
// ratio to an empty call against the same server. Three shapes: Wait (sync API, each call waits on
// its own thread), GroupWait (callback API, as nianbao-workflowd's transitions: one thread waits
// once for every call queued meanwhile, then answers them all) and ThreadGroupWait (the same group
// wait, each call's sync-API thread blocked until its group is done: whether a server of waiting
// handler threads would share fsyncs more cheaply here than callbacks do). All are generous: they
// cost no CPU while they wait.
// Given a directory, the server waits for real instead: each wait writes a 1 KiB record per call
// it covers into a file written with zeros beforehand, and fdatasyncs it. That is the cheapest
// durable server this machine allows (no database, no work per call), so its group figures bound
// what any durable transition could reach here, the kernel's and the disk's CPU included.
// Through RocksDB, the same group waits make the reads and writes an edit of a report must make
// (store_write_bound.h), in a database of their own in that directory: the floor under any server
// built, as nianbao-workflowd is, on RocksDB.
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
  // Serves on 127.0.0.1 (a free port); each wait call takes `wait`, or, when `log_dir` is given,
  // one synced write there: to a file, or `through_rocksdb`, an edit's reads and writes to a
  // database. Check ok() before use.
  explicit SyncWaitServer(std::chrono::microseconds wait, const std::string& log_dir = "",
                          bool through_rocksdb = false);
  ~SyncWaitServer();
  SyncWaitServer(const SyncWaitServer&) = delete;
  SyncWaitServer& operator=(const SyncWaitServer&) = delete;

  bool ok() const { return server_ != nullptr; }
  // Where it serves (host:port).
  const std::string& address() const { return address_; }
  // It also serves nianbao.v1.WorkflowService/UpdateReport as a group wait, so that the benchmark's
  // own UpdateReport clients can call it: each call is answered with `bytes` (a real edit's
  // response). Set once, before such calls.
  void SetEditAnswer(std::string bytes);
  // A connection of its own for each of `clients` callers.
  void Connect(int clients);
  // One call through caller c's connection: the empty health check, or the waiting call.
  bool EmptyCall(int c);
  bool WaitCall(int c);
  // The waiting call as a group commit serves it (see GroupWait in the .cc).
  bool GroupWaitCall(int c);
  // The same group wait answered by each call's own waiting thread (sync API).
  bool ThreadGroupWaitCall(int c);

 private:
  class WaitService;
  std::unique_ptr<WaitService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
};

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_BENCH_WORKFLOW_SYNC_WAIT_BOUND_H_
