#include "tests/support/process_usage.h"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace nianbao::testing {
namespace {

// utime and stime of /proc/PID/stat, in seconds. They cover every thread, exited ones included.
absl::StatusOr<double> CpuSeconds(pid_t pid) {
  std::ifstream file(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  if (!std::getline(file, line)) return absl::NotFoundError(absl::StrCat("no process ", pid));
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const size_t name_end = line.rfind(')');
  if (name_end == std::string::npos) return absl::InternalError("unexpected /proc stat line");
  std::vector<std::string> fields = absl::StrSplit(line.substr(name_end + 2), ' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  int64_t utime = 0, stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
      !absl::SimpleAtoi(fields[12], &stime)) {
    return absl::InternalError("unexpected /proc stat line");
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Both kinds of context switch of one thread, from /proc/PID/task/TID/status (0 if it is gone).
int64_t ThreadSwitches(const std::string& status_path) {
  std::ifstream file(status_path);
  int64_t switches = 0;
  std::string line;
  while (std::getline(file, line)) {
    for (absl::string_view key : {"voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:"}) {
      if (absl::StartsWith(line, key)) {
        int64_t count = 0;
        if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(key.size())), &count)) {
          switches += count;
        }
      }
    }
  }
  return switches;
}

}  // namespace

absl::StatusOr<ProcessUsage> ReadProcessUsage(pid_t pid) {
  absl::StatusOr<double> cpu = CpuSeconds(pid);
  if (!cpu.ok()) return cpu.status();
  ProcessUsage usage;
  usage.cpu_seconds = *cpu;
  const std::string tasks = absl::StrCat("/proc/", pid, "/task");
  DIR* dir = opendir(tasks.c_str());
  if (dir == nullptr) return absl::NotFoundError(absl::StrCat("no process ", pid));
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    usage.context_switches += ThreadSwitches(absl::StrCat(tasks, "/", entry->d_name, "/status"));
  }
  closedir(dir);
  return usage;
}

PerCallUsage PerCall(const ProcessUsage& before, const ProcessUsage& after, double calls) {
  PerCallUsage per_call;
  if (calls <= 0) return per_call;
  per_call.cpu_micros = (after.cpu_seconds - before.cpu_seconds) * 1e6 / calls;
  per_call.context_switches =
      static_cast<double>(after.context_switches - before.context_switches) / calls;
  return per_call;
}

absl::StatusOr<MachineUsage> ReadMachineUsage() {
  std::ifstream file("/proc/stat");
  std::string line;
  MachineUsage usage;
  int64_t busy_ticks = 0;
  bool total_seen = false;
  while (std::getline(file, line)) {
    if (absl::StartsWith(line, "cpu ")) {
      // user nice system idle iowait irq softirq steal ...: all but idle and iowait are busy.
      const std::string counts = line.substr(4);
      std::vector<absl::string_view> fields = absl::StrSplit(counts, ' ', absl::SkipEmpty());
      for (size_t i = 0; i < fields.size() && i < 8; ++i) {
        int64_t ticks = 0;
        if (!absl::SimpleAtoi(fields[i], &ticks)) return absl::InternalError("bad /proc/stat");
        if (i != 3 && i != 4) busy_ticks += ticks;
      }
      total_seen = true;
    } else if (absl::StartsWith(line, "cpu")) {
      ++usage.cpus;
    }
  }
  if (!total_seen || usage.cpus == 0) return absl::NotFoundError("no /proc/stat");
  usage.busy_seconds = static_cast<double>(busy_ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
  return usage;
}

double BusyFraction(const MachineUsage& before, const MachineUsage& after, double seconds) {
  if (seconds <= 0 || after.cpus == 0) return 0;
  return (after.busy_seconds - before.busy_seconds) / (seconds * after.cpus);
}

}  // namespace nianbao::testing
