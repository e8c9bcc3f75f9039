// What the disk under a directory allows a durable write. The benchmarks of durable writes print it
// beside their own figures, because on a virtual machine it varies several-fold from one minute to
// the next.
//
// The writes overwrite a file written with zeros and synced beforehand, as the workflow store's
// write-ahead log does (storage/prezeroed_wal_file_system.h), so that each fdatasync flushes data
// alone, with no file size or block allocation to journal: the cheapest durable write here.
#ifndef NIANBAO_TESTS_SUPPORT_DISK_SYNC_PROBE_H_
#define NIANBAO_TESTS_SUPPORT_DISK_SYNC_PROBE_H_

#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <string>

namespace nianbao::testing {

// A scratch file of zeros in a directory (a name of its own), removed again when destroyed. Append
// writes after the records before (from the start again once the file is full) and fdatasyncs; safe
// to call from several threads at once.
class PrezeroedLog {
 public:
  explicit PrezeroedLog(const std::string& dir);
  ~PrezeroedLog();
  PrezeroedLog(const PrezeroedLog&) = delete;
  PrezeroedLog& operator=(const PrezeroedLog&) = delete;

  bool ok() const { return fd_ >= 0; }
  // Writes `bytes` bytes and makes them durable; false on any error.
  bool Append(size_t bytes);

 private:
  void Close();

  const std::string path_;
  int fd_ = -1;
  std::atomic<off_t> next_{0};
};

// fdatasync()s per second of 4 KiB writes to a PrezeroedLog in `dir`, from one writer for
// `seconds`; 0 when the file cannot be written.
double DiskSyncRate(const std::string& dir, double seconds);

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_SUPPORT_DISK_SYNC_PROBE_H_
