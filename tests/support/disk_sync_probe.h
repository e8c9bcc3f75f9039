// What the disk under a directory allows a durable write: 4 KiB appended to a file and made
// durable with fdatasync, in a loop. The benchmarks of durable writes print it beside their own
// figures, because on a virtual machine it varies several-fold from one minute to the next.
#ifndef NIANBAO_TESTS_SUPPORT_DISK_SYNC_PROBE_H_
#define NIANBAO_TESTS_SUPPORT_DISK_SYNC_PROBE_H_

#include <string>

namespace nianbao::testing {

// fdatasync()s per second of 4 KiB appends to a scratch file in `dir`, from one writer for
// `seconds`; 0 when the file cannot be written.
double DiskSyncRate(const std::string& dir, double seconds);

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_SUPPORT_DISK_SYNC_PROBE_H_
