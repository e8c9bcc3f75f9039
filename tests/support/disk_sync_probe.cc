#include "tests/support/disk_sync_probe.h"

#include <fcntl.h>
#include <unistd.h>

#include "tests/support/bench_timing.h"

namespace nianbao::testing {
namespace {

constexpr off_t kFileBytes = 16 << 20;
constexpr size_t kZeroChunk = 1 << 20;  // also the most one Append may write

// A name of its own for each log, so that two logs in one directory never truncate each other.
std::string NewLogPath(const std::string& dir) {
  static std::atomic<int> next{0};
  return dir + "/prezeroed-log-" + std::to_string(next++);
}

}  // namespace

PrezeroedLog::PrezeroedLog(const std::string& dir) : path_(NewLogPath(dir)) {
  fd_ = ::open(path_.c_str(), O_CREAT | O_RDWR | O_TRUNC | O_CLOEXEC, 0600);
  const std::string zeros(kZeroChunk, '\0');
  for (off_t at = 0; fd_ >= 0 && at < kFileBytes; at += static_cast<off_t>(zeros.size())) {
    if (::pwrite(fd_, zeros.data(), zeros.size(), at) != static_cast<ssize_t>(zeros.size())) {
      Close();
    }
  }
  if (fd_ >= 0 && ::fsync(fd_) != 0) Close();
}

PrezeroedLog::~PrezeroedLog() {
  Close();
  ::unlink(path_.c_str());
}

void PrezeroedLog::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool PrezeroedLog::Append(size_t bytes) {
  if (fd_ < 0 || bytes > kZeroChunk) return false;
  thread_local std::string data;
  data.assign(bytes, 'r');
  // The last chunk stays spare, so that a write starting anywhere before it ends inside the file.
  const off_t at = next_.fetch_add(static_cast<off_t>(bytes)) % (kFileBytes - kZeroChunk);
  return ::pwrite(fd_, data.data(), bytes, at) == static_cast<ssize_t>(bytes) &&
         ::fdatasync(fd_) == 0;
}

double DiskSyncRate(const std::string& dir, double seconds) {
  PrezeroedLog log(dir);
  if (!log.ok()) return 0;
  return ConcurrentRate(1, seconds, [&](int) { return log.Append(4096); });
}

}  // namespace nianbao::testing
