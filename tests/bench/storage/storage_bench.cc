// Storage figures (issue 23): bytes on disk per report-year after compaction, with request records
// live and expired, and what each call writes to the write-ahead log with and without a
// request_id; then the restart of nianbao-workflowd over 1,000,000 reports and 20,000,000 audit
// events (building that database takes minutes and about 10 GB in a temporary directory, removed
// at the end). Release build: tests/bench/run storage.
//   storage_bench [--growth N] [--restart REPORTS EVENTS_PER_REPORT [KEEP_DIR]] [--smoke]
#include "tests/bench/storage/storage_bench.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
  int growth = 200;
  long long reports = 1000000;
  int events = 20;
  std::string keep_dir;
  bool run_growth = true, run_restart = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--smoke") == 0) {
      growth = 3;
      reports = 2000;
      events = 3;
    } else if (std::strcmp(argv[i], "--growth") == 0 && i + 1 < argc) {
      growth = std::atoi(argv[++i]);
      run_restart = false;
    } else if (std::strcmp(argv[i], "--restart") == 0 && i + 2 < argc) {
      reports = std::atoll(argv[++i]);
      events = std::atoi(argv[++i]);
      run_growth = false;
      if (i + 1 < argc && argv[i + 1][0] != '-') keep_dir = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--growth N] [--restart REPORTS EVENTS] [--smoke]\n",
                   argv[0]);
      return 2;
    }
  }
  if (run_growth) {
    if (int code = nianbao::bench::RunGrowth(growth); code != 0) return code;
  }
  if (run_restart) return nianbao::bench::RunRestart(reports, events, 3, keep_dir);
  return 0;
}
