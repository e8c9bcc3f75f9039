// nianbao-workflowd against a disk that fills up and a write-ahead log that is damaged, as the
// outside probe found them: a full disk at start aborted on an assertion (exit 134), a disk filled
// under load left writes failing after space was freed while health said SERVING, and a damaged
// log dropped acknowledged writes silently. Now: a clear start-up error; writes refused with
// RESOURCE_EXHAUSTED and health NOT_SERVING while the disk is full, and both back by themselves
// once space is freed; a damaged log refuses to start with DATA_LOSS naming the file, and
// --read_only serves what precedes the damage for salvage.
//
// The full disk is a tmpfs mounted for the test, which needs root (as the test command runs).
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/impl/codegen/client_unary_call.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "services/common/grpc_status.h"
#include "storage/disk_space.h"
#include "storage/wal_integrity.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;
using ::testing::HasSubstr;

// A tmpfs of `megabytes` at `path`, unmounted on destruction.
class SmallDisk {
 public:
  SmallDisk(const std::string& path, int megabytes) : path_(path) {
    std::filesystem::create_directories(path);
    mounted_ = mount("tmpfs", path.c_str(), "tmpfs", 0,
                     absl::StrCat("size=", megabytes, "m").c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  // Fills the disk until `leave_bytes` remain free.
  void FillLeaving(uint64_t leave_bytes) {
    absl::StatusOr<uint64_t> free_bytes = storage::FreeDiskBytes(path_);
    ASSERT_TRUE(free_bytes.ok());
    ASSERT_GT(*free_bytes, leave_bytes);
    std::ofstream filler(path_ + "/filler", std::ios::binary | std::ios::trunc);
    const std::string chunk(1 << 20, 'f');
    for (uint64_t left = *free_bytes - leave_bytes; left > 0;) {
      const uint64_t n = std::min<uint64_t>(left, chunk.size());
      filler.write(chunk.data(), static_cast<std::streamsize>(n));
      left -= n;
    }
  }
  void Free() { std::filesystem::remove(path_ + "/filler"); }

 private:
  std::string path_;
  bool mounted_ = false;
};

// grpc.health.v1.Health/Check's status for the whole server: 1 SERVING, 2 NOT_SERVING.
int HealthStatus(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::ByteBuffer request, response;
  grpc::Slice empty("");
  request = grpc::ByteBuffer(&empty, 1);
  const grpc::Status status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      channel.get(),
      grpc::internal::RpcMethod("/grpc.health.v1.Health/Check",
                                grpc::internal::RpcMethod::NORMAL_RPC),
      &context, request, &response);
  if (!status.ok()) return -1;
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok() || slices.empty() || slices[0].size() < 2) return 0;
  return slices[0].begin()[1];
}

// Waits up to 10 s for the health status to become `wanted`.
bool AwaitHealth(const std::shared_ptr<grpc::Channel>& channel, int wanted) {
  for (int i = 0; i < 100; ++i) {
    if (HealthStatus(channel) == wanted) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

grpc::Status Create(WorkflowTestEnv& env, int year, v1::Report* created) {
  v1::CreateReportRequest request;
  request.set_parent(std::string("agencies/") + kAgency);
  request.set_report_year(year);
  v1::Report response;
  grpc::Status status =
      env.NewStub()->CreateReport(ContextFor("drafter").get(), request, &response);
  if (created != nullptr) *created = response;
  return status;
}

class DamagedDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "mounting a small disk needs root";
  }
};

TEST_F(DamagedDiskTest, AFullDiskAtStartIsAClearErrorNotAnAbort) {
  TempDir dir;
  SmallDisk disk(dir.File("disk"), 16);
  ASSERT_TRUE(disk.mounted());
  disk.FillLeaving(1 << 20);
  WorkflowTestEnv env;
  ASSERT_THAT(env.StartValidation(), IsOk());
  const CommandResult started = RunCommand(
      {"timeout", "60", BinDir() + "/nianbao-workflowd", "--listen=127.0.0.1:0",
       "--data_dir=" + dir.File("disk/data"), "--validation_address=" + env.validation().address(),
       "--token_file=" + env.principals_path()},
      "");
  EXPECT_EQ(started.exit_code, 1) << started.err;
  EXPECT_THAT(started.err, HasSubstr("RESOURCE_EXHAUSTED"));
  EXPECT_THAT(started.err, HasSubstr("disk full"));
}

TEST_F(DamagedDiskTest, WritesResumeByThemselvesOnceSpaceIsFreedAndHealthFollows) {
  TempDir dir;
  SmallDisk disk(dir.File("disk"), 160);
  ASSERT_TRUE(disk.mounted());
  WorkflowTestEnv env;
  env.set_workflow_args({"--data_dir=" + dir.File("disk/data")});
  ASSERT_THAT(env.Start(), IsOk());
  v1::Report first;
  ASSERT_TRUE(Create(env, 2021, &first).ok());
  EXPECT_EQ(HealthStatus(env.channel()), 1);

  disk.FillLeaving(32 << 20);  // below the 64 MiB reserve
  const grpc::Status refused = Create(env, 2022, nullptr);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << refused.error_message();
  EXPECT_THAT(refused.error_message(), HasSubstr("disk full"));
  const auto info = nianbao::service::FindDetail<google::rpc::ErrorInfo>(RpcStatus(refused));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "DISK_FULL");
  EXPECT_EQ(info->domain(), "nianbao.gov.cn");
  EXPECT_TRUE(AwaitHealth(env.channel(), 2)) << "health still SERVING on a full disk";
  // The CLI shows the server's reason, not "cannot reach the server".
  const CommandResult cli =
      RunCommand({BinDir() + "/nianbao", "report", "create", std::string("--agency=") + kAgency,
                  "--year=2023", "--server=" + env.workflow().address()},
                 "", {"NIANBAO_TOKEN=drafter-token"});
  EXPECT_EQ(cli.exit_code, 1) << cli.err;
  EXPECT_THAT(cli.err, HasSubstr("磁盘空间不足"));
  EXPECT_THAT(cli.err, ::testing::Not(HasSubstr("cannot reach")));
  // Nothing of the refused create was written; what was there is still read.
  v1::GetReportRequest get;
  get.set_name(ReportNameOf(kAgency, 2022));
  v1::Report got;
  EXPECT_EQ(env.NewStub()->GetReport(ContextFor("drafter").get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  get.set_name(first.name());
  EXPECT_TRUE(env.NewStub()->GetReport(ContextFor("drafter").get(), get, &got).ok());

  disk.Free();
  EXPECT_TRUE(AwaitHealth(env.channel(), 1)) << "health did not come back";
  const grpc::Status resumed = Create(env, 2022, nullptr);
  EXPECT_TRUE(resumed.ok()) << resumed.error_message();
}

TEST_F(DamagedDiskTest, ADamagedLogRefusesToStartAndReadOnlySalvagesWhatPrecedesIt) {
  WorkflowTestEnv env;
  ASSERT_THAT(env.Start(), IsOk());
  for (int year = 2010; year < 2030; ++year) ASSERT_TRUE(Create(env, year, nullptr).ok());
  // Killed, as in a crash: a clean stop flushes the memtables and leaves an empty log.
  env.workflow().Kill();
  const std::vector<std::string> wals = storage::ListWalFiles(env.data_dir());
  ASSERT_FALSE(wals.empty());
  std::string contents = ReadFileOrDie(wals.back());
  // The middle of the records, not of the zeros the log file is pre-filled with beyond them.
  const size_t middle = (contents.find_last_not_of('\0') + 1) / 2;
  ASSERT_GT(middle, 0u);
  for (size_t i = middle; i < middle + 4; ++i) contents[i] ^= 0x5a;
  WriteFileOrDie(wals.back(), contents);

  EXPECT_FALSE(env.StartWorkflow().ok());
  EXPECT_THAT(env.workflow().Log(), HasSubstr("DATA_LOSS"));
  EXPECT_THAT(env.workflow().Log(), HasSubstr(wals.back()));

  env.set_workflow_args({"--read_only"});
  ASSERT_THAT(env.StartWorkflow(), IsOk());
  v1::GetReportRequest get;
  get.set_name(ReportNameOf(kAgency, 2010));
  v1::Report got;
  EXPECT_TRUE(env.NewStub()->GetReport(ContextFor("drafter").get(), get, &got).ok());
  const grpc::Status create = Create(env, 2031, nullptr);
  EXPECT_EQ(create.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << create.error_message();
  EXPECT_TRUE(AwaitHealth(env.channel(), 2));
  EXPECT_EQ(ReadFileOrDie(wals.back()), contents);  // salvage wrote nothing
}

}  // namespace
}  // namespace nianbao::testing
