#include "services/cli/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace nianbao::cli {
namespace {

absl::Status ErrnoError(absl::string_view chinese, absl::string_view english,
                        const std::string& path, int error) {
  // strerror_r's GNU form: batch imports write from several threads.
  char buffer[256];
  const std::string reason = strerror_r(error, buffer, sizeof(buffer));
  return absl::UnavailableError(
      absl::StrCat(chinese, " ", path, "（", reason, "）/ ", english, " ", path, ": ", reason));
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, const std::string& data) {
  std::string temp = path + ".tmp.XXXXXX";
  const int fd = mkstemp(temp.data());
  if (fd < 0) {
    return ErrnoError("无法创建临时文件", "cannot create a temporary file for", path, errno);
  }
  // mkstemp creates 0600; give the file the permissions a plain create would. umask can only be
  // read by setting it, so it is read once; the moment it is 0 only affects files other threads
  // create then, and those are mkstemp's, 0600 whatever the mask.
  static const mode_t kMask = [] {
    const mode_t mask = umask(0);
    umask(mask);
    return mask;
  }();
  fchmod(fd, 0666 & ~kMask);
  size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      absl::Status status = ErrnoError("无法写入", "cannot write", path, n < 0 ? errno : EIO);
      close(fd);
      unlink(temp.c_str());
      return status;
    }
    written += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) {
    absl::Status status = ErrnoError("无法写入", "cannot write", path, errno);
    close(fd);
    unlink(temp.c_str());
    return status;
  }
  if (close(fd) != 0) {
    absl::Status status = ErrnoError("无法写入", "cannot write", path, errno);
    unlink(temp.c_str());
    return status;
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    absl::Status status = ErrnoError("无法替换", "cannot replace", path, errno);
    unlink(temp.c_str());
    return status;
  }
  return absl::OkStatus();
}

}  // namespace nianbao::cli
