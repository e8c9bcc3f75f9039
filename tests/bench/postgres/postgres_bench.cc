// nianbao against the ordinary alternative, an application on PostgreSQL, doing the same durable
// edit of a whole report, measured side by side in one run. A throwaway PostgreSQL (Debian's
// package, its own initdb in a temporary directory, synchronous_commit on, defaults otherwise;
// throwaway_postgres.h) takes from 8 clients, each over its own connection and on its own report
// row, the edit pg_edits.h describes: lock the row, replace the seed report's whole content as
// JSONB, write the new etag and digest, insert the audit event; then the same edit also advancing
// a global hash-chain head, which serializes it as nianbao's audit chain does. nianbao-workflowd
// (the binaries beside this one, on loopback with its own temporary data directory) takes from 8
// clients exactly workflow_bench's `update-full` edits (edit_clients.h): UpdateReport of a draft
// that carries the same seed content, which the server writes whole and returns. The three run
// alternately, 10 s each, for several rounds; printed: edits/s and p50/p99 latency of each, and
// per round the ratios nianbao/PostgreSQL alone and nianbao/PostgreSQL with the chain, with their
// medians. Targets (issue 23): >= 2x PostgreSQL alone, >= 3x with the chain, p99 no worse than
// PostgreSQL's. It prints; it does not assert timing. Not part of ctest: it needs PostgreSQL.
// Usage: postgres_bench [--rounds N] [--seconds S] [--clients N]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "services/common/server_bootstrap.h"
#include "tests/bench/postgres/edit_latency.h"
#include "tests/bench/postgres/pg_edits.h"
#include "tests/bench/postgres/throwaway_postgres.h"
#include "tests/bench/workflow/edit_clients.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/bench_timing.h"

namespace {

using ::nianbao::testing::ConcurrentLatencies;
using ::nianbao::testing::Median;
using ::nianbao::testing::RateAndLatency;

struct Options {
  int rounds = 3;
  double seconds = 10;
  int clients = 8;
};

bool ParseOptions(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--rounds") == 0 && has_value) {
      options->rounds = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--seconds") == 0 && has_value) {
      options->seconds = std::atof(argv[++i]);
    } else if (std::strcmp(argv[i], "--clients") == 0 && has_value) {
      options->clients = std::atoi(argv[++i]);
    } else {
      return false;
    }
  }
  return options->rounds > 0 && options->seconds > 0 && options->clients > 0;
}

// The machine's 1-minute load average: the machine is shared, so each figure carries it.
std::string Load() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one.empty() ? "?" : one;
}

std::string Describe(const RateAndLatency& run) {
  char text[128];
  std::snprintf(text, sizeof text, "%6.0f/s, p50 %5.2f ms, p99 %6.2f ms", run.rate,
                run.p50_micros / 1000, run.p99_micros / 1000);
  return text;
}

struct Series {
  std::vector<double> rates, p50s, p99s;
  void Add(const RateAndLatency& run) {
    rates.push_back(run.rate);
    p50s.push_back(run.p50_micros);
    p99s.push_back(run.p99_micros);
  }
  RateAndLatency Medians() const {
    return RateAndLatency{Median(rates), Median(p50s), Median(p99s), 0};
  }
};

}  // namespace

int main(int argc, char** argv) {
  // Each round's line as it is measured, also when the output goes to a file.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  Options options;
  if (!ParseOptions(argc, argv, &options)) {
    std::fprintf(stderr, "usage: postgres_bench [--rounds N] [--seconds S] [--clients N]\n");
    return 2;
  }
  // First, while this process has no threads: the throwaway server's keeper is forked here.
  auto postgres = nianbao::testing::ThrowawayPostgres::Start();
  if (!postgres.ok()) {
    std::fprintf(stderr, "cannot start PostgreSQL: %s\n", postgres.status().ToString().c_str());
    return 1;
  }
  // As workflow_bench: the clients' gRPC costs what it would in a production process.
  nianbao::service::PrepareProcessForServing();
  const nianbao::v1::AnnualReport seed = nianbao::testing::SeedContent();
  const std::string conninfo = (*postgres)->conninfo();
  if (absl::Status s = nianbao::testing::CreateEditSchema(conninfo, seed, options.clients);
      !s.ok()) {
    std::fprintf(stderr, "cannot create the tables: %s\n", s.ToString().c_str());
    return 1;
  }
  std::vector<std::unique_ptr<nianbao::testing::PgEditor>> editors;
  for (int c = 0; c < options.clients; ++c) {
    auto editor = nianbao::testing::PgEditor::Connect(conninfo, c + 1, seed);
    if (!editor.ok()) {
      std::fprintf(stderr, "cannot connect to PostgreSQL: %s\n",
                   editor.status().ToString().c_str());
      return 1;
    }
    editors.push_back(*std::move(editor));
  }
  nianbao::testing::WorkflowTestEnv env;
  if (absl::Status s = env.Start(); !s.ok()) {
    std::fprintf(stderr, "cannot start the servers: %s\n", s.ToString().c_str());
    return 1;
  }
  // The same reports as workflow_bench's `update-full` clients (client ids and years).
  std::vector<nianbao::testing::EditClient> nianbao_clients(options.clients);
  for (int c = 0; c < options.clients; ++c) {
    if (!nianbao::testing::Connect(env, 100 + c, 2150 + c, &seed, &nianbao_clients[c])) return 1;
  }
  const auto pg_alone = [&](int c) { return editors[c]->Edit(/*chain=*/false); };
  const auto pg_chain = [&](int c) { return editors[c]->Edit(/*chain=*/true); };
  const auto nianbao = [&](int c) { return nianbao::testing::Transition(nianbao_clients[c]); };
  const auto run = [&](const auto& call, double seconds) {
    return ConcurrentLatencies(options.clients, seconds, call);
  };
  // A second of each first: connections, caches and the servers' threads warmed up.
  run(pg_alone, 1);
  run(pg_chain, 1);
  run(nianbao, 1);

  std::printf(
      "durable whole-report edits, %d clients, %.0f s each, alternating; PostgreSQL %s "
      "(synchronous_commit on) against nianbao-workflowd over gRPC; load average %s\n",
      options.clients, options.seconds, (*postgres)->version().c_str(), Load().c_str());
  Series alone, chain, ours;
  std::vector<double> alone_ratios, chain_ratios, alone_p99_ratios, chain_p99_ratios;
  for (int round = 1; round <= options.rounds; ++round) {
    const RateAndLatency a = run(pg_alone, options.seconds);
    const RateAndLatency b = run(pg_chain, options.seconds);
    const RateAndLatency n = run(nianbao, options.seconds);
    alone.Add(a);
    chain.Add(b);
    ours.Add(n);
    alone_ratios.push_back(n.rate / a.rate);
    chain_ratios.push_back(n.rate / b.rate);
    alone_p99_ratios.push_back(n.p99_micros / a.p99_micros);
    chain_p99_ratios.push_back(n.p99_micros / b.p99_micros);
    std::printf(
        "  round %d (load %s): PostgreSQL alone %s; with the chain %s; nianbao %s; "
        "nianbao/PG alone %.2fx, nianbao/PG chain %.2fx\n",
        round, Load().c_str(), Describe(a).c_str(), Describe(b).c_str(), Describe(n).c_str(),
        n.rate / a.rate, n.rate / b.rate);
  }
  std::printf("medians of %d rounds:\n", options.rounds);
  std::printf("  %-28s %s\n", "PostgreSQL alone", Describe(alone.Medians()).c_str());
  std::printf("  %-28s %s\n", "PostgreSQL with the chain", Describe(chain.Medians()).c_str());
  std::printf("  %-28s %s\n", "nianbao-workflowd", Describe(ours.Medians()).c_str());
  const double r_alone = Median(alone_ratios), r_chain = Median(chain_ratios);
  const double p99_alone = Median(alone_p99_ratios), p99_chain = Median(chain_p99_ratios);
  std::printf("target: nianbao/PostgreSQL alone >= 2: %s (%.2f)\n",
              r_alone >= 2 ? "met" : "NOT met", r_alone);
  std::printf("target: nianbao/PostgreSQL with the chain >= 3: %s (%.2f)\n",
              r_chain >= 3 ? "met" : "NOT met", r_chain);
  std::printf(
      "target: nianbao's p99 no worse than PostgreSQL's: %s (p99 nianbao/PG alone %.2f, "
      "nianbao/PG chain %.2f)\n",
      p99_alone <= 1 ? "met" : "NOT met", p99_alone, p99_chain);
  (void)env.workflow().Stop();
  return 0;
}
