// A fixed-time run of N client threads that records every call's latency: the rate and the tail
// (p50, p99) that users of a shared server would feel.
#ifndef NIANBAO_TESTS_BENCH_POSTGRES_EDIT_LATENCY_H_
#define NIANBAO_TESTS_BENCH_POSTGRES_EDIT_LATENCY_H_

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <thread>
#include <vector>

#include "tests/support/bench_timing.h"

namespace nianbao::testing {

struct RateAndLatency {
  double rate = 0;  // calls per second, all clients together
  double p50_micros = 0;
  double p99_micros = 0;
  int64_t failures = 0;
};

// The value below which `fraction` of the sorted `values` lie (nearest rank); 0 when empty.
inline double Percentile(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(fraction * static_cast<double>(sorted.size()));
  return sorted[std::min(rank, sorted.size() - 1)];
}

// `clients` threads, thread c calling `call(c)` (true when the call succeeded) until `seconds` have
// passed. Failed calls count in the rate and latencies too, and in `failures`.
template <typename Call>
RateAndLatency ConcurrentLatencies(int clients, double seconds, Call&& call) {
  std::vector<std::vector<double>> latencies(clients);
  std::atomic<int64_t> failures{0};
  std::vector<std::thread> threads;
  const auto start = BenchClock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      latencies[c].reserve(1 << 16);
      for (auto before = BenchClock::now(); before < end;) {
        if (!call(c)) ++failures;
        const auto after = BenchClock::now();
        latencies[c].push_back(std::chrono::duration<double, std::micro>(after - before).count());
        before = after;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const double elapsed = std::chrono::duration<double>(BenchClock::now() - start).count();
  std::vector<double> all;
  for (const auto& one : latencies) all.insert(all.end(), one.begin(), one.end());
  std::sort(all.begin(), all.end());
  if (failures > 0) std::fprintf(stderr, "warning: %lld calls failed\n", (long long)failures);
  return RateAndLatency{static_cast<double>(all.size()) / elapsed, Percentile(all, 0.50),
                        Percentile(all, 0.99), failures.load()};
}

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_BENCH_POSTGRES_EDIT_LATENCY_H_
