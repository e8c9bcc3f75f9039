// Durable transitions over gRPC: nianbao-workflowd (real binary, synced RocksDB writes) under 1, 8
// and 32 concurrent clients, each figure as a ratio to an empty unary call (grpc.health.v1.Health/
// Check) against the same server in the same run. Each client edits its own draft (UpdateReport
// with the current etag: one synced WriteBatch with the report, the index changes, the audit event
// and the request record), so the ratio at 8 clients shows whether concurrent commits share fsyncs.
// The drafts start empty; at 8 clients the edits are also made to drafts that carry the seed
// fixture's whole content, which every edit writes and returns.
// A read of the same report (GetReport) is measured too: what the service costs without a write.
// Beside them, the bounds no durable call can pass here (sync_wait_bound.h), as ratios to an empty
// call too: a call that does nothing but wait as long as this disk's fdatasync takes, alone or
// shared by a group (answered by one thread through callbacks, or by each call's waiting handler
// thread); the durable bound, the same group shapes with a real synced write instead of the wait,
// the cheapest durable server this machine allows; and the store bound, an edit's read and writes
// made through RocksDB and nothing else (store_write_bound.h), the floor of a RocksDB-backed
// server, called as an empty call is and also as UpdateReport by the same clients as the server's
// edits (generated stub, bearer token, a real edit's response). Beside each client count, what each
// call cost in CPU, read from /proc: in nianbao-workflowd (with its context switches), in this
// process's clients, and how busy the whole machine was. Near fully busy, rates go as the inverse
// of CPU per call, so the last line turns the target into a budget: how much CPU an update may
// cost, in all and in the server, for 0.6 at that load. Target: >= 0.6 at 8 clients. `--smoke` runs
// everything briefly (for ctest); figures from a sanitizer build mean little. `--profile N
// [update|update-full|get|empty]` runs only one kind of call from N clients for 10 s, to attach a
// profiler to.
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include "nianbao/v1/workflow.grpc.pb.h"
#include "services/common/server_bootstrap.h"
#include "tests/bench/workflow/edit_clients.h"
#include "tests/bench/workflow/sync_wait_bound.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/bench_timing.h"
#include "tests/support/disk_sync_probe.h"
#include "tests/support/process_usage.h"

namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::testing::ConcurrentRate;
using ::nianbao::testing::Connect;
using ::nianbao::testing::EmptyCall;
using ::nianbao::testing::OpenConnection;
using ::nianbao::testing::Read;
using ::nianbao::testing::Transition;
using Client = ::nianbao::testing::EditClient;
using ::nianbao::testing::Median;
using ::nianbao::testing::PerCallUsage;

// What a run of one kind of call cost, per call: in nianbao-workflowd, in this process (the
// clients, and the bounds' servers when those are measured), and how busy the machine was.
struct RunCost {
  PerCallUsage server;
  PerCallUsage clients;
  double busy = 0;  // fraction of the machine's CPU time in use
};

// Runs `run`, which returns a rate of calls per second, and sets `cost` to what it cost (left as
// it was if /proc cannot be read).
template <typename Run>
double RateAndCost(pid_t server, Run&& run, RunCost* cost) {
  const auto server_before = nianbao::testing::ReadProcessUsage(server);
  const auto clients_before = nianbao::testing::ReadProcessUsage(getpid());
  const auto machine_before = nianbao::testing::ReadMachineUsage();
  const auto start = nianbao::testing::BenchClock::now();
  const double rate = run();
  const std::chrono::duration<double> elapsed = nianbao::testing::BenchClock::now() - start;
  const auto server_after = nianbao::testing::ReadProcessUsage(server);
  const auto clients_after = nianbao::testing::ReadProcessUsage(getpid());
  const auto machine_after = nianbao::testing::ReadMachineUsage();
  const double calls = rate * elapsed.count();
  if (server_before.ok() && server_after.ok()) {
    cost->server = nianbao::testing::PerCall(*server_before, *server_after, calls);
  }
  if (clients_before.ok() && clients_after.ok()) {
    cost->clients = nianbao::testing::PerCall(*clients_before, *clients_after, calls);
  }
  if (machine_before.ok() && machine_after.ok()) {
    cost->busy = nianbao::testing::BusyFraction(*machine_before, *machine_after, elapsed.count());
  }
  return rate;
}

// `call` from `clients` clients for `seconds`: its rate, and what it cost into `cost`.
template <typename Call>
double MeasuredRate(pid_t server, int clients, double seconds, Call&& call, RunCost* cost) {
  return RateAndCost(
      server, [&] { return ConcurrentRate(clients, seconds, call); }, cost);
}

// The medians over several runs.
RunCost MedianCost(const std::vector<RunCost>& runs) {
  std::vector<double> server_cpu, server_switches, clients_cpu, clients_switches, busy;
  for (const RunCost& run : runs) {
    server_cpu.push_back(run.server.cpu_micros);
    server_switches.push_back(run.server.context_switches);
    clients_cpu.push_back(run.clients.cpu_micros);
    clients_switches.push_back(run.clients.context_switches);
    busy.push_back(run.busy);
  }
  return RunCost{PerCallUsage{Median(server_cpu), Median(server_switches)},
                 PerCallUsage{Median(clients_cpu), Median(clients_switches)}, Median(busy)};
}

double TotalCpu(const RunCost& cost) { return cost.server.cpu_micros + cost.clients.cpu_micros; }

}  // namespace

int main(int argc, char** argv) {
  // Debian's Abseil checks every mutex for deadlocks; the gRPC clients here lock many (perf: 0.9%
  // of the machine at 8 clients). Off, as in the servers and the validation benchmark, so that the
  // client side costs what it would in a production process.
  nianbao::service::PrepareProcessForServing();
  const bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
  const int profile_clients =
      argc > 2 && std::strcmp(argv[1], "--profile") == 0 ? std::atoi(argv[2]) : 0;
  const double seconds = smoke ? 0.05 : 1.0;
  const int runs = smoke ? 1 : 5;
  const std::vector<int> client_counts = {1, 8, 32};

  nianbao::testing::WorkflowTestEnv env;
  if (absl::Status s = env.Start(); !s.ok()) {
    std::fprintf(stderr, "cannot start the servers: %s\n", s.ToString().c_str());
    return 1;
  }
  std::vector<Client> pool(client_counts.back());
  for (size_t c = 0; c < pool.size(); ++c) {
    if (!Connect(env, static_cast<int>(c), 2100 + static_cast<int>(c), nullptr, &pool[c])) return 1;
  }
  // The same edits on reports that carry a whole report's content (the seed fixture's), as drafts
  // do once imported: each edit then writes the full report, twice (the row and the first response
  // kept for retries), and returns it.
  const v1::AnnualReport seed = nianbao::testing::SeedContent();
  std::vector<Client> full(8);
  for (size_t c = 0; c < full.size(); ++c) {
    if (!Connect(env, 100 + static_cast<int>(c), 2150 + static_cast<int>(c), &seed, &full[c])) {
      return 1;
    }
  }
  if (profile_clients > 0) {
    const std::string call = argc > 3 ? argv[3] : "update";
    const int clients = std::min<int>(
        profile_clients, static_cast<int>(call == "update-full" ? full.size() : pool.size()));
    RunCost cost;
    const double t = RateAndCost(
        env.workflow().pid(),
        [&] {
          return ConcurrentRate(clients, 10.0, [&](int c) {
            return call == "empty"         ? EmptyCall(pool[c])
                   : call == "get"         ? Read(pool[c])
                   : call == "update-full" ? Transition(full[c])
                                           : Transition(pool[c]);
          });
        },
        &cost);
    std::printf(
        "%d client(s): %.0f %s calls/s over 10 s; per call, the server: %.0f us CPU, %.2f context "
        "switches; the clients: %.0f us CPU; the machine %.0f%% busy\n",
        clients, t, call.c_str(), cost.server.cpu_micros, cost.server.context_switches,
        cost.clients.cpu_micros, 100 * cost.busy);
    (void)env.workflow().Stop();
    return 0;
  }
  // The bound's wait: one fdatasync on the disk under the data directory, as fast as it went (the
  // median of the runs).
  std::vector<double> sync_rates;
  for (int run = 0; run < runs; ++run) {
    sync_rates.push_back(nianbao::testing::DiskSyncRate(env.data_dir(), seconds / 2));
  }
  const double sync_micros = 1e6 / Median(sync_rates);
  nianbao::testing::SyncWaitServer bound(
      std::chrono::microseconds(static_cast<int64_t>(sync_micros)));
  if (!bound.ok()) {
    std::fprintf(stderr, "cannot start the bound's server\n");
    return 1;
  }
  bound.Connect(client_counts.back());
  nianbao::testing::SyncWaitServer durable_bound(std::chrono::microseconds(0), env.data_dir());
  if (!durable_bound.ok()) {
    std::fprintf(stderr, "cannot start the durable bound's server\n");
    return 1;
  }
  durable_bound.Connect(client_counts.back());
  // Its database beside the server's (on the same disk), not inside it.
  nianbao::testing::SyncWaitServer store_bound(
      std::chrono::microseconds(0), std::filesystem::path(env.data_dir()).parent_path().string(),
      /*through_rocksdb=*/true);
  if (!store_bound.ok()) {
    std::fprintf(stderr, "cannot start the store bound's server\n");
    return 1;
  }
  store_bound.Connect(client_counts.back());
  // The same UpdateReport clients as the server's, against the store bound, answered with a real
  // edit's response: what the target asks of any RocksDB-backed server, with these clients.
  {
    v1::Report edited;
    if (!Transition(pool[0], &edited)) {
      std::fprintf(stderr, "cannot make the edit whose answer the store bound gives\n");
      return 1;
    }
    store_bound.SetEditAnswer(edited.SerializeAsString());
  }
  std::vector<Client> store_clients(client_counts.back());
  for (size_t c = 0; c < store_clients.size(); ++c) {
    OpenConnection(store_bound.address(), static_cast<int>(c), &store_clients[c]);
    store_clients[c].report = pool[c].report;
  }
  std::printf(
      "durable transitions over gRPC on loopback (median of %d runs of %.2f s each); the disk: "
      "%.0f us per fdatasync\n",
      runs, seconds, sync_micros);
  double ratio_at_8 = 0, full_ratio_at_8 = 0, durable_bound_at_8 = 0, store_bound_at_8 = 0,
         store_edit_bound_at_8 = 0;
  double update_budget = 0, server_budget = 0, server_cost = 0;  // at 8 clients, in us of CPU
  for (int clients : client_counts) {
    std::vector<double> transition_rates, empty_rates, ratios, read_ratios, bound_ratios,
        group_bound_ratios, thread_group_bound_ratios, durable_group_ratios,
        durable_thread_group_ratios, store_ratios, store_edit_ratios;
    std::vector<RunCost> empty_cost(runs), transition_cost(runs), durable_bound_cost(runs),
        store_bound_cost(runs), store_edit_cost(runs);
    const pid_t server = env.workflow().pid();
    for (int run = 0; run < runs; ++run) {
      const double e = MeasuredRate(
          server, clients, seconds, [&](int c) { return EmptyCall(pool[c]); }, &empty_cost[run]);
      const double t = MeasuredRate(
          server, clients, seconds, [&](int c) { return Transition(pool[c]); },
          &transition_cost[run]);
      const double r = ConcurrentRate(clients, seconds, [&](int c) { return Read(pool[c]); });
      const double be = ConcurrentRate(clients, seconds, [&](int c) { return bound.EmptyCall(c); });
      const double bw = ConcurrentRate(clients, seconds, [&](int c) { return bound.WaitCall(c); });
      const double bg =
          ConcurrentRate(clients, seconds, [&](int c) { return bound.GroupWaitCall(c); });
      const double btg =
          ConcurrentRate(clients, seconds, [&](int c) { return bound.ThreadGroupWaitCall(c); });
      thread_group_bound_ratios.push_back(btg / be);
      const double de =
          ConcurrentRate(clients, seconds, [&](int c) { return durable_bound.EmptyCall(c); });
      const double dg = MeasuredRate(
          server, clients, seconds, [&](int c) { return durable_bound.GroupWaitCall(c); },
          &durable_bound_cost[run]);
      const double dtg = ConcurrentRate(
          clients, seconds, [&](int c) { return durable_bound.ThreadGroupWaitCall(c); });
      durable_group_ratios.push_back(dg / de);
      const double se =
          ConcurrentRate(clients, seconds, [&](int c) { return store_bound.EmptyCall(c); });
      const double sg = MeasuredRate(
          server, clients, seconds, [&](int c) { return store_bound.GroupWaitCall(c); },
          &store_bound_cost[run]);
      store_ratios.push_back(sg / se);
      const double su = MeasuredRate(
          server, clients, seconds, [&](int c) { return Transition(store_clients[c]); },
          &store_edit_cost[run]);
      store_edit_ratios.push_back(su / se);
      durable_thread_group_ratios.push_back(dtg / de);
      empty_rates.push_back(e);
      transition_rates.push_back(t);
      ratios.push_back(t / e);
      read_ratios.push_back(r / e);
      bound_ratios.push_back(bw / be);
      group_bound_ratios.push_back(bg / be);
    }
    if (clients == 8) {
      ratio_at_8 = Median(ratios);
      durable_bound_at_8 = Median(durable_group_ratios);
      store_bound_at_8 = Median(store_ratios);
      store_edit_bound_at_8 = Median(store_edit_ratios);
      std::vector<double> full_ratios;
      for (int run = 0; run < runs; ++run) {
        const double e =
            ConcurrentRate(clients, seconds, [&](int c) { return EmptyCall(full[c]); });
        const double t =
            ConcurrentRate(clients, seconds, [&](int c) { return Transition(full[c]); });
        full_ratios.push_back(t / e);
      }
      full_ratio_at_8 = Median(full_ratios);
    }
    std::printf(
        "  %2d client(s): UpdateReport %6.0f transitions/s, empty call %6.0f calls/s, ratio %.2f "
        "(GetReport, not durable: %.2f; bound, a call that only waits one fdatasync: %.2f, or one "
        "per group: %.2f, answered by waiting handler threads: %.2f; durable bound, a real synced "
        "write per group: %.2f, answered by waiting handler threads: %.2f; store bound, an edit's "
        "read and writes through RocksDB alone: %.2f, called as UpdateReport by the same clients: "
        "%.2f)\n",
        clients, Median(transition_rates), Median(empty_rates), Median(ratios), Median(read_ratios),
        Median(bound_ratios), Median(group_bound_ratios), Median(thread_group_bound_ratios),
        Median(durable_group_ratios), Median(durable_thread_group_ratios), Median(store_ratios),
        Median(store_edit_ratios));
    // Where the gap goes: what each call costs the server and the clients, and how busy the
    // machine was meanwhile.
    const RunCost update = MedianCost(transition_cost);
    const RunCost empty = MedianCost(empty_cost);
    const RunCost bound = MedianCost(durable_bound_cost);
    const RunCost store = MedianCost(store_bound_cost);
    const RunCost store_edit = MedianCost(store_edit_cost);
    std::printf(
        "      CPU per call: UpdateReport %.0f us in nianbao-workflowd (%.2f context switches) and "
        "%.0f us in the clients, the machine %.0f%% busy; empty call %.0f us (%.2f) and %.0f us, "
        "%.0f%% busy; durable bound %.0f us, server and clients, %.0f%% busy; store bound %.0f us, "
        "%.0f%% busy, as UpdateReport %.0f us, %.0f%% busy\n",
        update.server.cpu_micros, update.server.context_switches, update.clients.cpu_micros,
        100 * update.busy, empty.server.cpu_micros, empty.server.context_switches,
        empty.clients.cpu_micros, 100 * empty.busy, TotalCpu(bound), 100 * bound.busy,
        TotalCpu(store), 100 * store.busy, TotalCpu(store_edit), 100 * store_edit.busy);
    if (clients == 8) {
      // A rate is the CPU in use over the CPU each call costs, so the ratio is
      // (busy_update / cpu_update) / (busy_empty / cpu_empty): at the machine's load as measured,
      // 0.6 allows an update at most cpu_empty * busy_update / (0.6 * busy_empty) of CPU in all,
      // and the server what the clients leave of it.
      update_budget = empty.busy > 0 ? TotalCpu(empty) * update.busy / (0.6 * empty.busy) : 0;
      server_budget = update_budget - update.clients.cpu_micros;
      server_cost = update.server.cpu_micros;
    }
  }
  std::printf(
      "   8 client(s), each editing a report with the seed fixture's whole content: ratio %.2f\n",
      full_ratio_at_8);
  // The durable bound says whether the target is within this machine's reach at all.
  std::printf(
      "target: ratio >= 0.60 at 8 clients: %s (%.2f; the cheapest durable server on this machine, "
      "the durable bound: %.2f; its reads and writes through RocksDB, the store bound: %.2f, or "
      "%.2f called as UpdateReport by the same clients)\n",
      ratio_at_8 >= 0.6 ? "met" : "NOT met", ratio_at_8, durable_bound_at_8, store_bound_at_8,
      store_edit_bound_at_8);
  std::printf(
      "  at the load measured, 0.60 allows an update %.0f us of CPU in all: %.0f us in the server "
      "once the clients have taken theirs (it spends %.0f)\n",
      update_budget, server_budget, server_cost);
  (void)env.workflow().Stop();
  return 0;
}
