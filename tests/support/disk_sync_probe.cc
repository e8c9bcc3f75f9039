#include "tests/support/disk_sync_probe.h"

#include <fcntl.h>
#include <unistd.h>

#include "tests/support/bench_timing.h"

namespace nianbao::testing {

double DiskSyncRate(const std::string& dir, double seconds) {
  const std::string path = dir + "/sync-probe";
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return 0;
  const std::string block(4096, 'x');
  off_t offset = 0;
  const double rate = ConcurrentRate(1, seconds, [&](int) {
    if (::pwrite(fd, block.data(), block.size(), offset) < 0) return false;
    offset += static_cast<off_t>(block.size());
    return ::fdatasync(fd) == 0;
  });
  ::close(fd);
  ::unlink(path.c_str());
  return rate;
}

}  // namespace nianbao::testing
