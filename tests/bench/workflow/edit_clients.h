// The clients the workflow benchmarks drive nianbao-workflowd with: each its own connection and,
// for edits, its own report and current etag. Shared by workflow_bench and postgres_bench, so that
// the PostgreSQL comparison makes exactly the edit workflow_bench's `update-full` profile makes.
#ifndef NIANBAO_TESTS_BENCH_WORKFLOW_EDIT_CLIENTS_H_
#define NIANBAO_TESTS_BENCH_WORKFLOW_EDIT_CLIENTS_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>

#include "nianbao/v1/workflow.grpc.pb.h"
#include "tests/integration/workflow/workflow_test_env.h"

namespace nianbao::testing {

// One client: its own connection and, for edits, its own report and current etag.
struct EditClient {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<nianbao::v1::WorkflowService::Stub> stub;
  std::string report;
  std::string etag;
  int64_t edits = 0;
};

// An empty unary call (grpc.health.v1.Health/Check); true when it succeeded.
bool EmptyCall(EditClient& client);

// GetReport of the client's report, as its drafter.
bool Read(EditClient& client);

// The next edit of client's report: a new title, the current etag, a request_id of its own.
nianbao::v1::UpdateReportRequest NextEdit(EditClient& client);

// One durable edit (UpdateReport of NextEdit); `response` (if given) gets what the server answered.
// On success the client's etag is the new one.
bool Transition(EditClient& client, nianbao::v1::Report* response = nullptr);

// Opens client c's own connection to `address` (a channel argument keeps the connections apart).
void OpenConnection(const std::string& address, int c, EditClient* client);

// Opens client c's connection to env's workflowd and creates its report for `year` (with
// `content`, if any). False, with the reason on stderr, when the report cannot be created.
bool Connect(WorkflowTestEnv& env, int c, int year, const nianbao::v1::AnnualReport* content,
             EditClient* client);

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_BENCH_WORKFLOW_EDIT_CLIENTS_H_
