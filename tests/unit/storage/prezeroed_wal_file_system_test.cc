// The zero-filled WAL files: appends land where RocksDB expects them, a cleanly closed file is
// exactly its records, and a database whose WAL still has its zero tail (as a crash leaves it) is
// recovered with every synced write, by RocksDB itself, on a real disk.
#include "storage/prezeroed_wal_file_system.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <string>

#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "tests/support/test_paths.h"

namespace nianbao::storage {
namespace {

using ::nianbao::testing::ReadFileOrDie;
using ::nianbao::testing::TempDir;

constexpr uint64_t kSegment = 64 * 1024;

uint64_t SizeOnDisk(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return static_cast<uint64_t>(st.st_size);
}

std::unique_ptr<rocksdb::FSWritableFile> NewFile(rocksdb::FileSystem& fs, const std::string& path) {
  std::unique_ptr<rocksdb::FSWritableFile> file;
  const rocksdb::IOStatus s = fs.NewWritableFile(path, rocksdb::FileOptions(), &file, nullptr);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return file;
}

TEST(PreZeroedWalFileSystemTest, WalAppendsGoToTheLogicalEndOfAZeroFilledFile) {
  TempDir dir;
  auto fs = NewPreZeroedWalFileSystem(rocksdb::FileSystem::Default(), kSegment);
  const std::string path = dir.File("000007.log");
  auto file = NewFile(*fs, path);
  const rocksdb::IOOptions io;
  ASSERT_TRUE(file->Append("first record;", io, nullptr).ok());
  ASSERT_TRUE(file->Append("second", io, nullptr).ok());
  ASSERT_TRUE(file->Sync(io, nullptr).ok());
  EXPECT_EQ(file->GetFileSize(io, nullptr), 19u);
  // While open (and after a crash) the file is the records followed by zeros to the segment end.
  EXPECT_EQ(SizeOnDisk(path), kSegment);
  const std::string open_contents = ReadFileOrDie(path);
  EXPECT_EQ(open_contents.substr(0, 19), "first record;second");
  EXPECT_EQ(open_contents.find_first_not_of('\0', 19), std::string::npos);
  // A write past the zeroed end zero-fills the next segment first.
  const std::string big(kSegment, 'x');
  ASSERT_TRUE(file->Append(big, io, nullptr).ok());
  EXPECT_EQ(file->GetFileSize(io, nullptr), 19 + kSegment);
  EXPECT_EQ(SizeOnDisk(path), 2 * kSegment);
  // Closing cuts the zeros off.
  ASSERT_TRUE(file->Close(io, nullptr).ok());
  EXPECT_EQ(ReadFileOrDie(path), "first record;second" + big);
}

TEST(PreZeroedWalFileSystemTest, OtherFilesAreTheBaseFileSystems) {
  TempDir dir;
  auto fs = NewPreZeroedWalFileSystem(rocksdb::FileSystem::Default(), kSegment);
  for (const char* name : {"MANIFEST-000001", "000009.sst", "LOG", "OPTIONS-000005"}) {
    const std::string path = dir.File(name);
    auto file = NewFile(*fs, path);
    ASSERT_TRUE(file->Append("abc", rocksdb::IOOptions(), nullptr).ok());
    ASSERT_TRUE(file->Sync(rocksdb::IOOptions(), nullptr).ok());
    EXPECT_EQ(SizeOnDisk(path), 3u) << name;  // no zero fill
    ASSERT_TRUE(file->Close(rocksdb::IOOptions(), nullptr).ok());
  }
}

TEST(PreZeroedWalFileSystemTest, AWalThatCannotBeCreatedIsAnIoErrorNamingIt) {
  TempDir dir;
  auto fs = NewPreZeroedWalFileSystem(rocksdb::FileSystem::Default(), kSegment);
  const std::string path = dir.File("missing/000003.log");
  std::unique_ptr<rocksdb::FSWritableFile> file;
  const rocksdb::IOStatus s = fs->NewWritableFile(path, rocksdb::FileOptions(), &file, nullptr);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_NE(s.ToString().find(path), std::string::npos) << s.ToString();
  EXPECT_EQ(file, nullptr);
  EXPECT_FALSE(std::filesystem::exists(dir.File("missing")));
}

TEST(PreZeroedWalFileSystemTest, TruncateSetsTheLogicalSizeAndLaterAppendsFollowIt) {
  TempDir dir;
  auto fs = NewPreZeroedWalFileSystem(rocksdb::FileSystem::Default(), kSegment);
  const std::string path = dir.File("000011.log");
  auto file = NewFile(*fs, path);
  const rocksdb::IOOptions io;
  ASSERT_TRUE(file->Append("abcdef", io, nullptr).ok());
  ASSERT_TRUE(file->Truncate(3, io, nullptr).ok());
  EXPECT_EQ(file->GetFileSize(io, nullptr), 3u);
  ASSERT_TRUE(file->Append("XY", io, nullptr).ok());
  ASSERT_TRUE(file->Close(io, nullptr).ok());
  EXPECT_EQ(ReadFileOrDie(path), "abcXY");
}

// The database's files copied while it is open: what a kill -9 leaves, WAL zero tail included.
void CopyDirectory(const std::string& from, const std::string& to) {
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
}

TEST(PreZeroedWalFileSystemTest, RocksDbRecoversEverySyncedWriteFromAWalWithItsZeroTail) {
  TempDir dir;
  const std::string live = dir.File("live"), crashed = dir.File("crashed");
  rocksdb::Options options;
  options.create_if_missing = true;
  options.env = PreZeroedWalEnv();
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, live, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions synced;
  synced.sync = true;
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(db->Put(synced, "key" + std::to_string(i), std::string(500, 'a' + i % 26)).ok());
  }
  // The WAL on disk is one whole 4 MiB segment, far longer than its ~150 KB of records: the zeros
  // are still there.
  int zero_tailed_wals = 0;
  for (const auto& entry : std::filesystem::directory_iterator(live)) {
    if (entry.path().extension() == ".log") {
      EXPECT_EQ(entry.file_size(), 4u << 20) << entry.path();
      ++zero_tailed_wals;
    }
  }
  EXPECT_EQ(zero_tailed_wals, 1);
  CopyDirectory(live, crashed);
  db.reset();

  ASSERT_TRUE(rocksdb::DB::Open(options, crashed, &raw).ok());
  db.reset(raw);
  for (int i = 0; i < 300; ++i) {
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), "key" + std::to_string(i), &value).ok()) << i;
    EXPECT_EQ(value, std::string(500, 'a' + i % 26));
  }
  // And it goes on writing after the recovery.
  ASSERT_TRUE(db->Put(synced, "after", "crash").ok());
  db.reset();
  ASSERT_TRUE(rocksdb::DB::Open(options, crashed, &raw).ok());
  db.reset(raw);
  std::string value;
  ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), "after", &value).ok());
  EXPECT_EQ(value, "crash");
}

}  // namespace
}  // namespace nianbao::storage
