// End to end with the real nianbao-workflowd and the `nianbao audit` CLI: events recorded by the
// server are listed and exported, the export verifies offline with the exported public key, and a
// byte changed in the export or in the database (server stopped) is named by `nianbao audit
// verify`.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nianbao/v1/audit.grpc.pb.h"
#include "nianbao/v1/workflow.grpc.pb.h"
#include "rocksdb/db.h"
#include "storage/key_encoding.h"
#include "tests/support/server_process.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::audit_test {
namespace {

namespace v1 = nianbao::v1;
using ::nianbao::testing::RunCommand;
using ::testing::HasSubstr;

class AuditCliTest : public ::testing::Test {
 protected:
  void StartServer() {
    server_ = std::make_unique<nianbao::testing::ServerProcess>();
    absl::Status started = server_->Start(
        nianbao::testing::BinDir() + "/nianbao-workflowd",
        {"--data_dir=" + dir_.File("data"), "--validation_address=127.0.0.1:1",
         "--token_file=" + nianbao::testing::SourceDir() + "/tests/data/principals.textproto",
         "--audit_key_file=" + dir_.File("audit-key.pem"), "--audit_checkpoint_interval=1s"},
        dir_.File("port"));
    ASSERT_TRUE(started.ok()) << started;
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  }
  void StopServer() {
    absl::StatusOr<int> stopped = server_->Stop();
    ASSERT_TRUE(stopped.ok()) << stopped.status();
    EXPECT_EQ(*stopped, 0) << server_->Log();
  }

  grpc::Status Create(const std::string& token, int year) {
    auto stub = v1::WorkflowService::NewStub(channel_);
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    v1::CreateReportRequest request;
    request.set_parent("agencies/shuyang-fagaiju");
    request.set_report_year(year);
    v1::Report response;
    return stub->CreateReport(&context, request, &response);
  }

  nianbao::testing::CommandResult Audit(std::vector<std::string> args) {
    args.insert(args.begin(), {nianbao::testing::BinDir() + "/nianbao", "audit"});
    return RunCommand(args);
  }

  nianbao::testing::CommandResult Export(const std::string& file) {
    return Audit({"export", "--server", server_->address(), "--token", "test-token-zhou.zhongyang",
                  "--output", dir_.File(file), "--public-key-out", dir_.File("public.pem")});
  }

  nianbao::testing::CommandResult Verify(const std::string& file) {
    return Audit({"verify", "--public-key", dir_.File("public.pem"), dir_.File(file)});
  }

  nianbao::testing::TempDir dir_;
  std::unique_ptr<nianbao::testing::ServerProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(AuditCliTest, ListExportVerifyAndTamper) {
  StartServer();
  ASSERT_TRUE(Create("test-token-li.qicao", 2023).ok());
  ASSERT_TRUE(Create("test-token-li.qicao", 2024).ok());
  // Denied: a reader may not create; the refusal is audited.
  EXPECT_EQ(Create("test-token-qian.chayue", 2022).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  auto listed = Audit({"list", "--server", server_->address(), "--token", "test-token-sun.shenji",
                       "--agency", "shuyang-fagaiju", "--all"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("li.qicao"));
  EXPECT_THAT(listed.out, HasSubstr("CREATE"));
  EXPECT_THAT(listed.out, HasSubstr("DENIED"));
  EXPECT_THAT(listed.out, ::testing::Not(HasSubstr("test-token")));
  // A create starts from no state: shown as NEW, not as the enum's UNSPECIFIED.
  EXPECT_THAT(listed.out,
              HasSubstr("  CREATE  agencies/shuyang-fagaiju/reports/2023  r1  新建 NEW -> "
                        "DRAFT  成功 OK\n"));
  EXPECT_THAT(listed.out, ::testing::Not(HasSubstr("UNSPECIFIED")));
  // That listing is in the trail now, as a read naming its query, without empty state columns.
  auto relisted = Audit({"list", "--server", server_->address(), "--token", "test-token-sun.shenji",
                         "--agency", "shuyang-fagaiju", "--action", "read"});
  ASSERT_EQ(relisted.exit_code, 0) << relisted.err;
  EXPECT_THAT(
      relisted.out,
      HasSubstr("sun.shenji  READ  shuyang-fagaiju  成功 OK  查询审计记录 (ListAuditEvents): "
                "agency_id=shuyang-fagaiju\n"));
  EXPECT_THAT(relisted.out, ::testing::Not(HasSubstr("UNSPECIFIED")));
  // A drafter is refused (and that is audited too); no token is a usage error.
  auto refused = Audit({"list", "--server", server_->address(), "--token", "test-token-li.qicao",
                        "--agency", "shuyang-fagaiju"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("gRPC 7"));
  auto no_token = Audit({"list", "--server", server_->address()});
  EXPECT_EQ(no_token.exit_code, 2);
  {
    auto stub = v1::AuditService::NewStub(channel_);
    grpc::ClientContext context;
    v1::ListAuditEventsResponse response;
    EXPECT_EQ(stub->ListAuditEvents(&context, {}, &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }

  auto exported = Export("trail.jsonl");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto verified = Verify("trail.jsonl");
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  // Three creates (one denied), sun.shenji's two listings and li.qicao's refused one, all recorded
  // reads; the export streams up to the checkpoint it signed first, so its own read is not in it.
  EXPECT_THAT(verified.out, HasSubstr("OK: 6"));

  // The export was the central auditor's stream of every agency, recorded as such.
  auto reads = Audit({"list", "--server", server_->address(), "--token",
                      "test-token-zhou.zhongyang", "--action", "read"});
  ASSERT_EQ(reads.exit_code, 0) << reads.err;
  EXPECT_THAT(reads.out, HasSubstr("zhou.zhongyang  READ  所有机关 all agencies  成功 OK  "
                                   "订阅审计记录 (StreamAuditEvents): after_sequence=0\n"));

  // One byte changed in the export: the event is named.
  std::string text = nianbao::testing::ReadFileOrDie(dir_.File("trail.jsonl"));
  const size_t second = text.find("\"sequence\":\"2\"");
  ASSERT_NE(second, std::string::npos);
  const size_t actor = text.find("li.qicao", second);
  text[actor] = 'L';
  nianbao::testing::WriteFileOrDie(dir_.File("altered.jsonl"), text);
  auto broken = Verify("altered.jsonl");
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(broken.out, HasSubstr("first broken event 2 (altered)"));

  // Restart: the chains continue intact.
  StopServer();
  StartServer();
  ASSERT_TRUE(Create("test-token-li.qicao", 2021).ok());
  ASSERT_EQ(Export("after-restart.jsonl").exit_code, 0);
  verified = Verify("after-restart.jsonl");
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
  // + the first export's read, the listing of reads, the 2021 create
  EXPECT_THAT(verified.out, HasSubstr("OK: 9"));

  // One byte changed in the database while the server is down: the export names that event.
  StopServer();
  {
    const std::string path = dir_.File("data");
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const auto& name : names) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &handles, &db).ok());
    rocksdb::ColumnFamilyHandle* audit = nullptr;
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "audit") audit = handles[i];
    }
    ASSERT_NE(audit, nullptr);
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), audit, storage::AuditKey(3), &value).ok());
    const size_t at = value.find("qian.chayue");
    ASSERT_NE(at, std::string::npos);
    value[at] = 'Q';
    rocksdb::WriteOptions sync;
    sync.sync = true;
    ASSERT_TRUE(db->Put(sync, audit, storage::AuditKey(3), value).ok());
    for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
    delete db;
  }
  StartServer();
  ASSERT_EQ(Export("tampered.jsonl").exit_code, 0);
  broken = Verify("tampered.jsonl");
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(broken.out, HasSubstr("first broken event 3 (altered)"));
  StopServer();
}

}  // namespace
}  // namespace nianbao::audit_test
