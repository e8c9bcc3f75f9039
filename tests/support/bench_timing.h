// Timing helpers the benchmarks share: the median of several runs, and the aggregate rate of N
// client threads calling for a fixed time. Figures are reported as ratios to a baseline measured
// in the same run, so the machine's speed cancels out.
#ifndef NIANBAO_TESTS_SUPPORT_BENCH_TIMING_H_
#define NIANBAO_TESTS_SUPPORT_BENCH_TIMING_H_

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <thread>
#include <vector>

namespace nianbao::testing {

using BenchClock = std::chrono::steady_clock;

// The median (upper median for an even count) of `values`, which must not be empty.
inline double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// `clients` threads, thread c calling `call(c)` until `seconds` have passed; returns the total
// calls per second. `call` returns false on a failed call; failures are counted as calls and
// reported on stderr, since a benchmark that silently measures errors would mislead.
template <typename Call>
double ConcurrentRate(int clients, double seconds, Call&& call) {
  std::atomic<int64_t> total{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  const auto start = BenchClock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      int64_t calls = 0;
      while (BenchClock::now() < end) {
        if (!call(c)) failed = true;
        ++calls;
      }
      total += calls;
    });
  }
  for (auto& thread : threads) thread.join();
  if (failed) std::fprintf(stderr, "warning: some calls failed\n");
  return total / std::chrono::duration<double>(BenchClock::now() - start).count();
}

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_SUPPORT_BENCH_TIMING_H_
