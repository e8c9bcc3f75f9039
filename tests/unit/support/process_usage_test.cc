// ReadProcessUsage on this very process: another thread's sleeps while it lives and its CPU after
// it has exited show up, and a process that does not exist is NOT_FOUND rather than zero usage.
#include "tests/support/process_usage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/support/status_matchers.h"

namespace nianbao::testing {
namespace {

// Spins on this thread for `seconds` of wall time (on a busy machine, less CPU time).
void Spin(double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  volatile uint64_t sink = 0;
  while (std::chrono::steady_clock::now() < end) sink = sink + 1;
}

TEST(ProcessUsageTest, CountsTheCpuAndTheSwitchesOfEveryThread) {
  absl::StatusOr<ProcessUsage> before = ReadProcessUsage(getpid());
  ASSERT_TRUE(before.ok()) << before.status();
  // Only another thread spins and sleeps; this one spins until it is done, so that the switches
  // counted can only be that thread's (each sleep is at least one voluntary switch).
  std::atomic<bool> slept{false};
  std::atomic<bool> release{false};
  std::thread worker([&] {
    Spin(0.2);
    for (int i = 0; i < 20; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    slept = true;
    while (!release) std::this_thread::yield();
  });
  while (!slept) {
  }
  absl::StatusOr<ProcessUsage> live = ReadProcessUsage(getpid());
  release = true;
  worker.join();
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_GE(live->context_switches - before->context_switches, 20);
  // Once the thread has exited, its CPU still counts.
  absl::StatusOr<ProcessUsage> after = ReadProcessUsage(getpid());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_GE(after->cpu_seconds - before->cpu_seconds, 0.05);

  const PerCallUsage per_call = PerCall(*before, *after, 10);
  EXPECT_DOUBLE_EQ(per_call.cpu_micros, (after->cpu_seconds - before->cpu_seconds) * 1e6 / 10);
  EXPECT_DOUBLE_EQ(per_call.context_switches,
                   static_cast<double>(after->context_switches - before->context_switches) / 10);
  const PerCallUsage none = PerCall(*before, *after, 0);
  EXPECT_EQ(none.cpu_micros, 0);
  EXPECT_EQ(none.context_switches, 0);
}

TEST(ProcessUsageTest, AProcessThatIsGoneIsNotFound) {
  // Beyond the largest pid Linux hands out (pid_max is at most 2^22).
  EXPECT_THAT(ReadProcessUsage(1 << 23), StatusIs(absl::StatusCode::kNotFound));
}

TEST(ProcessUsageTest, MachineUsageCountsABusyThread) {
  absl::StatusOr<MachineUsage> before = ReadMachineUsage();
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->cpus, static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN)));
  // 0.2 s of one CPU kept busy: at least a share of the machine, and never more than all of it.
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(200)) {
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  absl::StatusOr<MachineUsage> after = ReadMachineUsage();
  ASSERT_TRUE(after.ok()) << after.status();
  const double busy = BusyFraction(*before, *after, elapsed.count());
  EXPECT_GE(busy, 0.5 / after->cpus);  // clock ticks are 10 ms: half the spin at least
  EXPECT_LE(busy, 1.1);
  EXPECT_EQ(BusyFraction(*before, *after, 0), 0);
}

}  // namespace
}  // namespace nianbao::testing
