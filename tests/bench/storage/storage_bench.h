// The storage benchmark's parts (storage_bench.cc runs them): growth on disk per report-year, and
// the restart of nianbao-workflowd over a large database.
#ifndef NIANBAO_TESTS_BENCH_STORAGE_STORAGE_BENCH_H_
#define NIANBAO_TESTS_BENCH_STORAGE_STORAGE_BENCH_H_

#include <cstdint>
#include <string>

namespace nianbao::bench {

// Bytes allocated on disk in a RocksDB directory, by kind of file.
struct DiskBytes {
  int64_t tables = 0;    // *.sst
  int64_t manifest = 0;  // MANIFEST-*
  int64_t wal = 0;       // *.log (pre-zeroed ahead: allocated, not written)
  int64_t other = 0;     // OPTIONS, LOG, CURRENT, ...
};
DiskBytes MeasureDisk(const std::string& path);

// Each returns the process's exit code.
int RunGrowth(int report_years);
// keep_dir: build the database there unless it holds one already, and leave it (empty: a temporary
// directory, removed at the end).
int RunRestart(int64_t reports, int events_per_report, int restarts, const std::string& keep_dir);

}  // namespace nianbao::bench

#endif  // NIANBAO_TESTS_BENCH_STORAGE_STORAGE_BENCH_H_
