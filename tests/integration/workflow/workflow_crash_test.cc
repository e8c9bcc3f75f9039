// Durability across server stops. Crash: clients run transitions while the workflow server is
// killed with SIGKILL; after a restart every acknowledged transition and its audit event are there,
// the audit chain is intact, and nothing is half-written (each report's state, revisions and index
// entries agree). Graceful stop: the same under SIGTERM, where every call the server took is also
// answered, so the clients' last acknowledged state is exactly what is stored.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "nianbao/v1/audit.grpc.pb.h"
#include "storage/rocks_report_store.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"
#include "workflow/audit_chain.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;

// What one client saw acknowledged.
struct ClientRecord {
  std::string name;
  int acknowledged = 0;         // transitions acknowledged, creation included
  std::string last_etag;        // etag after the last acknowledged transition
  std::string last_request_id;  // of the transition in flight when the server died, if any
};

void RunClient(v1::WorkflowService::Stub* stub, int year, std::atomic<bool>* stop,
               ClientRecord* record) {
  record->name = ReportNameOf(kAgency, year);
  v1::CreateReportRequest create;
  create.set_parent(std::string("agencies/") + kAgency);
  create.set_report_year(year);
  v1::Report created;
  if (!stub->CreateReport(ContextFor("drafter").get(), create, &created).ok()) return;
  record->acknowledged = 1;
  record->last_etag = created.etag();
  for (int i = 0; !stop->load(); ++i) {
    v1::UpdateReportRequest update;
    update.mutable_report()->set_name(record->name);
    update.mutable_report()->set_etag(record->last_etag);
    update.mutable_report()->mutable_content()->mutable_metadata()->set_title(
        "第 " + std::to_string(i) + " 稿");
    update.mutable_update_mask()->add_paths("content.metadata.title");
    update.set_request_id(record->name + "#" + std::to_string(i));
    v1::Report updated;
    if (!stub->UpdateReport(ContextFor("drafter").get(), update, &updated).ok()) return;
    ++record->acknowledged;
    record->last_etag = updated.etag();
  }
}

// Runs kClients clients (reports for years first_year...) for `run_for`, then calls `stop_server`
// and lets them run into the stopped server; returns what each saw acknowledged.
constexpr int kClients = 6;
template <typename StopServer>
std::vector<ClientRecord> RunClientsUntilStopped(WorkflowTestEnv& env, int first_year,
                                                 std::chrono::milliseconds run_for,
                                                 StopServer stop_server) {
  std::vector<ClientRecord> records(kClients);
  auto stub = env.NewStub();
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back(RunClient, stub.get(), first_year + c, &stop, &records[c]);
  }
  std::this_thread::sleep_for(run_for);
  stop_server();
  stop = true;
  for (auto& client : clients) client.join();
  return records;
}

TEST(WorkflowCrashTest, AcknowledgedTransitionsSurviveKill9) {
  WorkflowTestEnv env;
  NIANBAO_ASSERT_OK(env.Start());
  const std::vector<ClientRecord> records = RunClientsUntilStopped(
      env, 2020, std::chrono::milliseconds(1500), [&env] { env.workflow().Kill(); });
  int total = 0;
  for (const auto& record : records) total += record.acknowledged;
  ASSERT_GT(total, kClients) << "the clients made no progress before the kill";

  // Restarted: every acknowledged transition is visible over the API.
  NIANBAO_ASSERT_OK(env.StartWorkflow());
  auto stub = env.NewStub();
  for (const auto& record : records) {
    if (record.acknowledged == 0) continue;
    v1::GetReportRequest get;
    get.set_name(record.name);
    v1::Report got;
    ASSERT_TRUE(stub->GetReport(ContextFor("drafter").get(), get, &got).ok()) << record.name;
    // The etag is the last acknowledged one, or that of the one transition still in flight.
    if (got.etag() != record.last_etag) {
      v1::UpdateReportRequest stale;
      stale.mutable_report()->set_name(record.name);
      stale.mutable_report()->set_etag(record.last_etag);
      v1::Report ignored;
      EXPECT_EQ(stub->UpdateReport(ContextFor("drafter").get(), stale, &ignored).error_code(),
                grpc::StatusCode::ABORTED);
    }
  }
  ASSERT_THAT(env.workflow().Stop(), IsOk());

  // In the store: the chain is gapless and intact, and each report has one event per
  // acknowledged transition (plus at most the one in flight).
  storage::RocksReportStoreOptions options;
  options.path = env.data_dir();
  options.audit_sealer = [](v1::AuditEvent* event) {
    *event =
        workflow::SealAuditEvent(*event, event->previous_hash(), event->report_previous_hash());
  };
  auto store = storage::RocksReportStore::Open(options);
  ASSERT_THAT(store, IsOk());
  auto trail = (*store)->ListAuditEvents(0, 100000, {});
  ASSERT_THAT(trail, IsOk());
  EXPECT_TRUE(
      workflow::VerifyChain(trail->events, workflow::ChainKind::kGlobal, workflow::GenesisHash(), 1)
          .intact());
  for (const auto& record : records) {
    if (record.acknowledged == 0) continue;
    auto events = (*store)->ListReportAuditEvents(record.name, 0, 100000, {});
    ASSERT_THAT(events, IsOk());
    EXPECT_GE(static_cast<int>(events->events.size()), record.acknowledged) << record.name;
    EXPECT_LE(static_cast<int>(events->events.size()), record.acknowledged + 1) << record.name;
    EXPECT_TRUE(workflow::VerifyChain(events->events, workflow::ChainKind::kReport,
                                      workflow::GenesisHash(), 1)
                    .intact());
    auto report =
        (*store)->GetReport({kAgency, std::stoi(record.name.substr(record.name.rfind('/') + 1))});
    ASSERT_THAT(report, IsOk());
    // The report and its last event were written together.
    EXPECT_EQ(report->etag().empty(), false);
    EXPECT_EQ(events->events.back().content_sha256_after().empty(), false);
    EXPECT_EQ(events->events.back().state_after(), report->state());
  }
  storage::ReportFilter drafts;
  drafts.state = v1::REPORT_STATE_DRAFT;
  auto listed = (*store)->ListReports(drafts, 100, "");
  ASSERT_THAT(listed, IsOk());
  int created = 0;
  for (const auto& record : records) created += record.acknowledged > 0;
  EXPECT_GE(static_cast<int>(listed->reports.size()), created);
}

// SIGTERM while clients run transitions: the server answers the calls it has taken (the store
// writes and answers everything queued before it closes), refuses new ones, exits 0, and after a
// restart each report is exactly as its client last saw it acknowledged, no more and no less.
TEST(WorkflowCrashTest, SigtermAnswersEveryCallItTookAndClosesCleanly) {
  WorkflowTestEnv env;
  NIANBAO_ASSERT_OK(env.Start());
  absl::StatusOr<int> exit_code;
  const std::vector<ClientRecord> records = RunClientsUntilStopped(
      env, 2030, std::chrono::milliseconds(1000), [&] { exit_code = env.workflow().Stop(); });
  ASSERT_THAT(exit_code, IsOk());
  EXPECT_EQ(*exit_code, 0) << env.workflow().Log();
  int total = 0;
  for (const auto& record : records) total += record.acknowledged;
  ASSERT_GT(total, kClients) << "the clients made no progress before the stop";

  NIANBAO_ASSERT_OK(env.StartWorkflow());
  auto stub = env.NewStub();
  auto audit_stub = v1::AuditService::NewStub(env.channel());
  for (const auto& record : records) {
    if (record.acknowledged == 0) continue;
    v1::GetReportRequest get;
    get.set_name(record.name);
    v1::Report got;
    ASSERT_TRUE(stub->GetReport(ContextFor("drafter").get(), get, &got).ok()) << record.name;
    EXPECT_EQ(got.etag(), record.last_etag) << record.name;
    // One audit event per acknowledged transition, creation included.
    v1::ListAuditEventsRequest trail_request;
    trail_request.set_agency_id(kAgency);
    trail_request.set_report(record.name);
    trail_request.set_page_size(1000);
    v1::ListAuditEventsResponse trail;
    ASSERT_TRUE(
        audit_stub->ListAuditEvents(ContextFor("auditor").get(), trail_request, &trail).ok())
        << record.name;
    EXPECT_EQ(trail.events_size(), record.acknowledged) << record.name;
  }
  ASSERT_THAT(env.workflow().Stop(), IsOk());
}

}  // namespace
}  // namespace nianbao::testing
