// Audit trail performance, in-process over a real RocksDB:
//  1. one page of 100 events of a report holding --events events (target: p99 < 2 ms at 1,000,000);
//  2. verifying a chain of --chain events (target: < 50 ms at 10,000), in memory and read from the
//     store through AuditCore::VerifyChain.
// Figures need a build without sanitizers: `audit_bench` (defaults are the sizes).
// `audit_bench --smoke` runs small sizes as a ctest check that everything works.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/workflow/audit_service_core.h"
#include "storage/rocks_report_store.h"
#include "tests/support/test_paths.h"
#include "workflow/audit_chain.h"
#include "workflow/checkpoint_signing.h"

namespace {

namespace v1 = nianbao::v1;
using Clock = std::chrono::steady_clock;

constexpr char kReport[] = "agencies/bench-agency/reports/2023";

double Millis(Clock::duration duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

v1::AuditEvent BenchEvent(int64_t i) {
  v1::AuditEvent event;
  event.mutable_time()->set_seconds(1700000000 + i);
  event.set_actor(i % 3 == 0 ? "li.qicao" : "wang.shenhe");
  event.set_agency_id("bench-agency");
  event.set_report(kReport);
  event.set_action(v1::AUDIT_ACTION_UPDATE);
  event.set_state_before(v1::REPORT_STATE_DRAFT);
  event.set_state_after(v1::REPORT_STATE_DRAFT);
  event.set_revision(1);
  event.set_reason("修改表二数据");
  event.set_request_id(absl::StrCat("req-", i));
  event.set_client_address("ipv4:127.0.0.1:40000");
  event.set_content_sha256_before(std::string(32, '\1'));
  event.set_content_sha256_after(std::string(32, '\2'));
  event.set_outcome(v1::AUDIT_OUTCOME_SUCCEEDED);
  return event;
}

bool Populate(nianbao::storage::ReportStore& store, int64_t events) {
  constexpr int64_t kPerCommit = 5000;
  for (int64_t done = 0; done < events; done += kPerCommit) {
    const int64_t count = std::min(kPerCommit, events - done);
    nianbao::storage::ReportMutation mutation;
    mutation.report_id = {"bench-agency", 2023};
    mutation.plan = [done, count](const std::optional<v1::Report>&) {
      nianbao::storage::MutationPlan plan;
      for (int64_t i = 0; i < count; ++i) plan.audit_events.push_back(BenchEvent(done + i));
      return absl::StatusOr<nianbao::storage::MutationPlan>(std::move(plan));
    };
    absl::StatusOr<nianbao::storage::CommitResult> result = store.Commit(std::move(mutation));
    if (!result.ok()) {
      std::fprintf(stderr, "populate failed: %s\n", result.status().ToString().c_str());
      return false;
    }
  }
  return true;
}

// CPU time of this thread: separates the work from waiting for a core on a loaded machine.
double ThreadCpuMillis() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const size_t index = std::min(values.size() - 1, static_cast<size_t>(p * values.size()));
  return values[index];
}

}  // namespace

int main(int argc, char** argv) {
  int64_t events = 1000000;
  int64_t chain = 10000;
  int pages = 2000;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--smoke") == 0) {
      events = 20000;
      chain = 2000;
      pages = 200;
    } else if (std::strncmp(argv[i], "--events=", 9) == 0) {
      if (!absl::SimpleAtoi(argv[i] + 9, &events)) return 2;
    } else if (std::strncmp(argv[i], "--chain=", 8) == 0) {
      if (!absl::SimpleAtoi(argv[i] + 8, &chain)) return 2;
    } else {
      std::fprintf(stderr, "usage: audit_bench [--smoke] [--events=N] [--chain=N]\n");
      return 2;
    }
  }
  nianbao::testing::TempDir dir;
  nianbao::storage::RocksReportStoreOptions options;
  options.path = dir.File("db");
  options.audit_sealer = &nianbao::workflow::FillAuditEventHashes;
  auto store = nianbao::storage::RocksReportStore::Open(std::move(options));
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  const Clock::time_point populate_start = Clock::now();
  if (!Populate(**store, events)) return 1;
  std::printf("populated %lld events of one report in %.1f s\n", static_cast<long long>(events),
              Millis(Clock::now() - populate_start) / 1000);

  // 1. Pages of 100 at random positions of the report's chain.
  std::mt19937_64 random(42);
  std::uniform_int_distribution<int64_t> position(0, std::max<int64_t>(0, events - 100));
  std::vector<double> latencies;
  std::vector<double> cpu_times;
  for (int i = 0; i < pages; ++i) {
    const int64_t after = position(random);
    const Clock::time_point start = Clock::now();
    const double cpu_start = ThreadCpuMillis();
    auto page = (*store)->ListReportAuditEvents(kReport, after, 100, {});
    cpu_times.push_back(ThreadCpuMillis() - cpu_start);
    latencies.push_back(Millis(Clock::now() - start));
    if (!page.ok() || page->events.size() != 100) {
      std::fprintf(stderr, "page at %lld failed\n", static_cast<long long>(after));
      return 1;
    }
  }
  const double p99 = Percentile(latencies, 0.99);
  std::printf("report page of 100 (%d pages): p50 %.3f ms, p99 %.3f ms (target p99 < 2 ms)\n",
              pages, Percentile(latencies, 0.5), p99);
  std::printf("  of which CPU time: p50 %.3f ms, p99 %.3f ms (the rest is waiting for a core)\n",
              Percentile(cpu_times, 0.5), Percentile(cpu_times, 0.99));

  // 2. Verifying a chain of `chain` events: in memory, then read from the store.
  std::vector<v1::AuditEvent> trail;
  std::string head = nianbao::workflow::GenesisHash();
  for (int64_t i = 0; i < chain; ++i) {
    v1::AuditEvent event = BenchEvent(i);
    event.set_sequence(i + 1);
    event.set_report_sequence(i + 1);
    event = nianbao::workflow::SealAuditEvent(event, head, head);
    head = event.hash();
    trail.push_back(event);
  }
  std::vector<double> verify_times;
  for (int run = 0; run < 5; ++run) {
    const Clock::time_point start = Clock::now();
    auto verification = nianbao::workflow::VerifyChain(trail, nianbao::workflow::ChainKind::kGlobal,
                                                       nianbao::workflow::GenesisHash(), 1);
    verify_times.push_back(Millis(Clock::now() - start));
    if (!verification.intact()) return 1;
  }
  std::printf("verify %lld-event chain in memory: best %.2f ms, median %.2f ms (target < 50 ms)\n",
              static_cast<long long>(chain),
              *std::min_element(verify_times.begin(), verify_times.end()),
              Percentile(verify_times, 0.5));

  nianbao::testing::TempDir chain_dir;
  nianbao::storage::RocksReportStoreOptions chain_options;
  chain_options.path = chain_dir.File("db");
  chain_options.audit_sealer = &nianbao::workflow::FillAuditEventHashes;
  auto chain_store = nianbao::storage::RocksReportStore::Open(std::move(chain_options));
  if (!chain_store.ok() || !Populate(**chain_store, chain)) return 1;
  auto key = nianbao::workflow::AuditSigningKey::Generate();
  if (!key.ok()) return 1;
  nianbao::workflow_service::AuditCore core(chain_store->get(), key->get());
  nianbao::workflow_service::AuditCaller central{
      {"central", "central", {{"*", {v1::ROLE_CENTRAL_AUDITOR}}}}, "bench"};
  std::vector<double> stored_times;
  for (int run = 0; run < 5; ++run) {
    v1::VerifyChainRequest request;
    request.set_report(kReport);
    v1::VerifyChainResponse response;
    const Clock::time_point start = Clock::now();
    absl::Status s = core.VerifyChain(central, request, &response);
    stored_times.push_back(Millis(Clock::now() - start));
    if (!s.ok() || !response.intact() || response.events_verified() != chain) return 1;
  }
  std::printf("verify %lld-event report chain read from RocksDB: best %.2f ms, median %.2f ms\n",
              static_cast<long long>(chain),
              *std::min_element(stored_times.begin(), stored_times.end()),
              Percentile(stored_times, 0.5));
  return 0;
}
