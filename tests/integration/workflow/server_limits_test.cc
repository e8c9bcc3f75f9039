// What callers and operators can make nianbao-workflowd hold, against the real binary: a second
// server cannot share the port (the probe found two instances answering alternately, each with
// its own store), and calls that send headers but never a body stay bounded in threads (calls
// beyond the quota are refused with RESOURCE_EXHAUSTED) and give their threads back once closed.
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;
using ::testing::HasSubstr;

int ThreadCount(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  }
  return -1;
}

TEST(ServerLimitsTest, ASecondServerOnAPortInUseRefusesToStart) {
  WorkflowTestEnv env;
  ASSERT_THAT(env.Start(), IsOk());
  TempDir other;
  // `timeout` ends a second server that started anyway (the defect) instead of hanging the test.
  const CommandResult second = RunCommand(
      {"timeout", "20", BinDir() + "/nianbao-workflowd",
       absl::StrCat("--listen=", env.workflow().address()), "--data_dir=" + other.File("data"),
       "--validation_address=" + env.validation().address(),
       "--token_file=" + env.principals_path()},
      "");
  EXPECT_EQ(second.exit_code, 1) << second.err;
  EXPECT_THAT(second.err, HasSubstr(env.workflow().address()));
  EXPECT_THAT(second.err, HasSubstr("address already in use"));
  // The first server still answers, alone.
  v1::ListReportsRequest list;
  list.set_parent(std::string("agencies/") + kAgency);
  v1::ListReportsResponse listed;
  EXPECT_TRUE(env.NewStub()->ListReports(ContextFor("drafter").get(), list, &listed).ok());
}

// Opens `count` calls that send their headers and never a message, spread over connections of
// their own (at most 100 streams each, the server's limit). The method is server reflection's,
// which streams both ways: its handler takes a thread as soon as the headers arrive and waits
// there for the first message (the probe's 6,231 threads).
struct IdleCalls {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::GenericClientAsyncReaderWriter>> calls;
  grpc::CompletionQueue queue;

  IdleCalls(const std::string& address, int count) {
    constexpr int kPerConnection = 100;
    for (int i = 0; i < count; ++i) {
      if (i % kPerConnection == 0) {
        grpc::ChannelArguments args;
        args.SetInt("nianbao.test.connection", i);  // a connection of its own
        channels.push_back(
            grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
        stubs.push_back(std::make_unique<grpc::GenericStub>(channels.back()));
      }
      contexts.push_back(std::make_unique<grpc::ClientContext>());
      contexts.back()->AddMetadata("authorization", "Bearer drafter-token");
      calls.push_back(stubs.back()->PrepareCall(
          contexts.back().get(), "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
          &queue));
      calls.back()->StartCall(reinterpret_cast<void*>(static_cast<intptr_t>(i + 1)));
    }
    // Every call's headers went out.
    void* tag = nullptr;
    bool ok = false;
    for (int i = 0; i < count; ++i) queue.Next(&tag, &ok);
  }
  ~IdleCalls() {
    for (auto& context : contexts) context->TryCancel();
    queue.Shutdown();
    void* tag = nullptr;
    bool ok = false;
    while (queue.Next(&tag, &ok)) {
    }
  }
};

TEST(ServerLimitsTest, CallsThatNeverSendABodyStayBoundedAndGiveTheirThreadsBack) {
  WorkflowTestEnv env;
  ASSERT_THAT(env.Start(), IsOk());
  const pid_t pid = env.workflow().pid();
  const int threads_before = ThreadCount(pid);
  ASSERT_GT(threads_before, 0);
  int threads_loaded = 0;
  {
    IdleCalls idle(env.workflow().address(), 2000);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    threads_loaded = ThreadCount(pid);
    // Bounded by the server's thread quota (200), whatever the number of idle calls.
    EXPECT_LT(threads_loaded, 260) << "threads before: " << threads_before;
    // A call beyond the quota is refused at once with a clear code rather than left waiting.
    v1::ListReportsRequest list;
    list.set_parent(std::string("agencies/") + kAgency);
    v1::ListReportsResponse listed;
    grpc::Status status = env.NewStub()->ListReports(ContextFor("drafter").get(), list, &listed);
    EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED)
        << status.error_code() << " " << status.error_message();
  }
  // Closed: the threads go back (gRPC ends idle pollers beyond its ceiling of 16).
  int threads_after = threads_loaded;
  for (int i = 0; i < 100 && threads_after > threads_before + 20; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    threads_after = ThreadCount(pid);
  }
  EXPECT_LE(threads_after, threads_before + 20) << "while loaded: " << threads_loaded;
  v1::ListReportsRequest list;
  list.set_parent(std::string("agencies/") + kAgency);
  v1::ListReportsResponse listed;
  grpc::Status status = env.NewStub()->ListReports(ContextFor("drafter").get(), list, &listed);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

}  // namespace
}  // namespace nianbao::testing
