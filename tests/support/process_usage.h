// What a process has cost so far, read from /proc: the CPU time of all its threads and the
// context switches they made. The workflow benchmark reads the server's before and after a run
// and reports both per call: on a 2-vCPU VM context switches cost tens of microseconds each, and
// these per-call counts hold still where rates swing by half within minutes.
#ifndef NIANBAO_TESTS_SUPPORT_PROCESS_USAGE_H_
#define NIANBAO_TESTS_SUPPORT_PROCESS_USAGE_H_

#include <sys/types.h>

#include <cstdint>

#include "absl/status/statusor.h"

namespace nianbao::testing {

struct ProcessUsage {
  double cpu_seconds = 0;        // user + system, every thread (exited ones included)
  int64_t context_switches = 0;  // voluntary + involuntary, summed over the live threads
};

// NOT_FOUND when the process is gone (or /proc is not mounted).
absl::StatusOr<ProcessUsage> ReadProcessUsage(pid_t pid);

// The cost of one call between two readings, over `calls` calls.
struct PerCallUsage {
  double cpu_micros = 0;
  double context_switches = 0;
};
PerCallUsage PerCall(const ProcessUsage& before, const ProcessUsage& after, double calls);

// CPU time the whole machine has spent busy so far (all CPUs, every process, the kernel's own work
// included; idle and I/O wait left out), from /proc/stat, and how many CPUs it has. Between two
// readings it says how much of the machine a run kept busy: near all of it, a rate is bounded by
// the CPU each call costs, not by waiting.
struct MachineUsage {
  double busy_seconds = 0;
  int cpus = 0;
};
absl::StatusOr<MachineUsage> ReadMachineUsage();
// The fraction of the machine's CPU time in use between two readings `seconds` apart.
double BusyFraction(const MachineUsage& before, const MachineUsage& after, double seconds);

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_SUPPORT_PROCESS_USAGE_H_
