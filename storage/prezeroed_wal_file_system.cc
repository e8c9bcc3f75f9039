#include "storage/prezeroed_wal_file_system.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace nianbao::storage {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;

IOStatus FromErrno(const char* what, const std::string& file) {
  return IOStatus::IOError(std::string(what) + " " + file + ": " + std::strerror(errno));
}

// Writes all of [data, data + size) at `offset`, retrying short writes and EINTR.
IOStatus WriteAt(int fd, const char* data, size_t size, uint64_t offset, const std::string& file) {
  while (size > 0) {
    const ssize_t written = ::pwrite(fd, data, size, static_cast<off_t>(offset));
    if (written < 0) {
      if (errno == EINTR) continue;
      return FromErrno("write", file);
    }
    data += written;
    size -= static_cast<size_t>(written);
    offset += static_cast<uint64_t>(written);
  }
  return IOStatus::OK();
}

// One WAL file: appends are positioned writes at the logical end, into zeros written beforehand.
class PreZeroedWalFile final : public rocksdb::FSWritableFile {
 public:
  PreZeroedWalFile(std::string name, int fd, uint64_t segment_bytes,
                   const rocksdb::FileOptions& options)
      : rocksdb::FSWritableFile(options),
        name_(std::move(name)),
        fd_(fd),
        segment_bytes_(segment_bytes) {}
  ~PreZeroedWalFile() override {
    if (fd_ >= 0) (void)Close(IOOptions(), nullptr);
  }

  IOStatus Append(const rocksdb::Slice& data, const IOOptions&, IODebugContext*) override {
    if (IOStatus s = ZeroFillTo(size_ + data.size()); !s.ok()) return s;
    if (IOStatus s = WriteAt(fd_, data.data(), data.size(), size_, name_); !s.ok()) return s;
    size_ += data.size();
    return IOStatus::OK();
  }
  IOStatus Append(const rocksdb::Slice& data, const IOOptions& options,
                  const rocksdb::DataVerificationInfo&, IODebugContext* dbg) override {
    return Append(data, options, dbg);
  }
  // Writes go straight to the page cache: nothing is buffered here.
  IOStatus Flush(const IOOptions&, IODebugContext*) override { return IOStatus::OK(); }
  IOStatus Sync(const IOOptions&, IODebugContext*) override {
    return ::fdatasync(fd_) == 0 ? IOStatus::OK() : FromErrno("fdatasync", name_);
  }
  IOStatus Fsync(const IOOptions&, IODebugContext*) override {
    return ::fsync(fd_) == 0 ? IOStatus::OK() : FromErrno("fsync", name_);
  }
  IOStatus Truncate(uint64_t size, const IOOptions&, IODebugContext*) override {
    if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) return FromErrno("truncate", name_);
    size_ = size;
    // Growing the file leaves a hole, not zeros written and synced: the next fill starts where
    // the written zeros end.
    zeroed_ = std::min(zeroed_, size);
    return IOStatus::OK();
  }
  // The zeros after the log are cut off, so that a cleanly closed WAL is exactly its records.
  IOStatus Close(const IOOptions&, IODebugContext*) override {
    if (fd_ < 0) return IOStatus::OK();
    IOStatus status;
    if (zeroed_ > size_ && ::ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
      status = FromErrno("truncate", name_);
    }
    if (::close(fd_) != 0 && status.ok()) status = FromErrno("close", name_);
    fd_ = -1;
    return status;
  }
  uint64_t GetFileSize(const IOOptions&, IODebugContext*) override { return size_; }
  // fdatasync may run beside a pwrite on the same descriptor, as in RocksDB's own POSIX files.
  bool IsSyncThreadSafe() const override { return true; }
  // RocksDB's own preallocation (fallocate with KEEP_SIZE) would leave unwritten extents, whose
  // first write is a metadata change again: the zero fill replaces it.
  IOStatus Allocate(uint64_t, uint64_t, const IOOptions&, IODebugContext*) override {
    return IOStatus::OK();
  }
  IOStatus RangeSync(uint64_t, uint64_t, const IOOptions&, IODebugContext*) override {
    return IOStatus::OK();
  }

 private:
  // Extends the zeroed part to cover `end`, a segment at a time, and makes the new size and
  // blocks durable so that later syncs of the data need no metadata.
  IOStatus ZeroFillTo(uint64_t end) {
    if (end <= zeroed_) return IOStatus::OK();
    static const std::string* zeros = new std::string(1 << 16, '\0');
    const uint64_t target = std::max(end, zeroed_ + segment_bytes_);
    for (uint64_t at = zeroed_; at < target;) {
      const size_t chunk = static_cast<size_t>(std::min<uint64_t>(zeros->size(), target - at));
      if (IOStatus s = WriteAt(fd_, zeros->data(), chunk, at, name_); !s.ok()) return s;
      at += chunk;
    }
    if (::fdatasync(fd_) != 0) return FromErrno("fdatasync", name_);
    zeroed_ = target;
    return IOStatus::OK();
  }

  const std::string name_;
  int fd_;
  const uint64_t segment_bytes_;
  uint64_t size_ = 0;    // The log's logical size: where the next append goes.
  uint64_t zeroed_ = 0;  // Bytes of the file written (zeros or log) and synced to that size.
};

bool IsWalFile(const std::string& name) {
  constexpr char kSuffix[] = ".log";
  constexpr size_t kSuffixSize = sizeof(kSuffix) - 1;
  return name.size() > kSuffixSize &&
         name.compare(name.size() - kSuffixSize, kSuffixSize, kSuffix) == 0;
}

class PreZeroedWalFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  PreZeroedWalFileSystem(std::shared_ptr<rocksdb::FileSystem> base, uint64_t segment_bytes)
      : rocksdb::FileSystemWrapper(std::move(base)), segment_bytes_(segment_bytes) {}

  const char* Name() const override { return "NianbaoPreZeroedWalFileSystem"; }

  IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                           std::unique_ptr<rocksdb::FSWritableFile>* result,
                           IODebugContext* dbg) override {
    if (!IsWalFile(name) || options.use_direct_writes || options.use_mmap_writes) {
      return target()->NewWritableFile(name, options, result, dbg);
    }
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return FromErrno("open", name);
    *result = std::make_unique<PreZeroedWalFile>(name, fd, segment_bytes_, options);
    return IOStatus::OK();
  }

 private:
  const uint64_t segment_bytes_;
};

}  // namespace

std::shared_ptr<rocksdb::FileSystem> NewPreZeroedWalFileSystem(
    std::shared_ptr<rocksdb::FileSystem> base, uint64_t segment_bytes) {
  return std::make_shared<PreZeroedWalFileSystem>(std::move(base), segment_bytes);
}

rocksdb::Env* PreZeroedWalEnv() {
  static rocksdb::Env* const env =
      rocksdb::NewCompositeEnv(
          NewPreZeroedWalFileSystem(rocksdb::FileSystem::Default(), uint64_t{4} << 20))
          .release();
  return env;
}

}  // namespace nianbao::storage
