// End to end with the real nianbao-workflowd and `nianbao audit`: an agency's export ends with a
// checkpoint scoped to the agency and proves it is complete. A report's only event deleted from
// the export, an event added, two swapped, one passed off as another agency's, or the last one
// removed: `nianbao audit verify` fails naming the agency sequence and the global sequence. And a
// server whose audit chain was cut below the last checkpoint it signed refuses to start.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "nianbao/v1/audit.grpc.pb.h"
#include "nianbao/v1/workflow.grpc.pb.h"
#include "rocksdb/db.h"
#include "storage/key_encoding.h"
#include "tests/support/server_process.h"
#include "tests/support/test_paths.h"

namespace nianbao::audit_test {
namespace {

namespace v1 = nianbao::v1;
using ::nianbao::testing::RunCommand;
using ::testing::HasSubstr;

constexpr char kAgency[] = "shuyang-fagaiju";

class AuditCliAgencyTest : public ::testing::Test {
 protected:
  std::vector<std::string> ServerArgs() {
    return {"--data_dir=" + dir_.File("data"), "--validation_address=127.0.0.1:1",
            "--token_file=" + nianbao::testing::SourceDir() + "/tests/data/principals.textproto",
            "--audit_key_file=" + dir_.File("audit-key.pem"), "--audit_checkpoint_interval=1s"};
  }
  void StartServer() {
    server_ = std::make_unique<nianbao::testing::ServerProcess>();
    absl::Status started = server_->Start(nianbao::testing::BinDir() + "/nianbao-workflowd",
                                          ServerArgs(), dir_.File("port"));
    ASSERT_TRUE(started.ok()) << started;
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  }

  grpc::Status Create(const std::string& token, const std::string& agency, int year) {
    auto stub = v1::WorkflowService::NewStub(channel_);
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    v1::CreateReportRequest request;
    request.set_parent(std::string("agencies/") + agency);
    request.set_report_year(year);
    v1::Report response;
    return stub->CreateReport(&context, request, &response);
  }

  nianbao::testing::CommandResult Audit(std::vector<std::string> args) {
    args.insert(args.begin(), {nianbao::testing::BinDir() + "/nianbao", "audit"});
    return RunCommand(args);
  }

  // Writes `lines` (header, events, checkpoint) as an export and verifies it.
  nianbao::testing::CommandResult VerifyLines(const std::vector<std::string>& lines) {
    nianbao::testing::WriteFileOrDie(dir_.File("edited.jsonl"), absl::StrJoin(lines, "\n") + "\n");
    return Audit({"verify", "--public-key", dir_.File("public.pem"), dir_.File("edited.jsonl")});
  }

  nianbao::testing::TempDir dir_;
  std::unique_ptr<nianbao::testing::ServerProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(AuditCliAgencyTest, AgencyExportProvesItIsComplete) {
  StartServer();
  // The agency's events: agency 1 to 4 are global 1, 2, 3 and 5; global 4 is another agency's.
  ASSERT_TRUE(Create("test-token-li.qicao", kAgency, 2023).ok());
  ASSERT_TRUE(Create("test-token-li.qicao", kAgency, 2024).ok());  // report 2024's only event
  ASSERT_TRUE(Create("test-token-li.qicao", kAgency, 2022).ok());
  ASSERT_TRUE(Create("test-token-he.jianshan", "jianshan-jiaotiju", 2023).ok());
  EXPECT_EQ(Create("test-token-qian.chayue", kAgency, 2021).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // a refusal, audited

  auto exported = Audit({"export", "--server", server_->address(), "--token",
                         "test-token-sun.shenji", "--agency", kAgency, "--output",
                         dir_.File("agency.jsonl"), "--public-key-out", dir_.File("public.pem")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const std::vector<std::string> lines = absl::StrSplit(
      nianbao::testing::ReadFileOrDie(dir_.File("agency.jsonl")), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 6u);  // header, 4 events, the scoped checkpoint
  EXPECT_THAT(lines[5], HasSubstr("\"agencyId\":\"shuyang-fagaiju\""));
  EXPECT_THAT(lines[5], HasSubstr("\"agencySequence\":\"4\""));
  ASSERT_THAT(lines[2], HasSubstr("agencies/shuyang-fagaiju/reports/2024"));

  auto verified = VerifyLines(lines);
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("OK: 4"));
  EXPECT_THAT(verified.out, HasSubstr("agency shuyang-fagaiju 至机关事件 up to agency event 4 "
                                      "已核对 (head matched)"));

  // (a) Report 2024's only event deleted.
  std::vector<std::string> edited = lines;
  edited.erase(edited.begin() + 2);
  auto broken = VerifyLines(edited);
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(broken.out, HasSubstr("first broken event of agency shuyang-fagaiju: agency "
                                    "sequence 2, global sequence 3 (missing)"));
  // (b) An event added: the first one again, after itself.
  edited = lines;
  edited.insert(edited.begin() + 2, lines[1]);
  broken = VerifyLines(edited);
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(broken.out, HasSubstr("agency sequence 2, global sequence 1 (reordered)"));
  // (c) Two events swapped.
  edited = lines;
  std::swap(edited[2], edited[3]);
  broken = VerifyLines(edited);
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(broken.out, HasSubstr("agency sequence 2, global sequence 3 (reordered)"));
  // (d) An event passed off as another agency's.
  edited = lines;
  edited[3] = absl::StrReplaceAll(
      edited[3], {{"\"agencyId\":\"shuyang-fagaiju\"", "\"agencyId\":\"jianshan-jiaotiju\""}});
  ASSERT_NE(edited[3], lines[3]);
  broken = VerifyLines(edited);
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(broken.out, HasSubstr("agency sequence 3, global sequence 3 (foreign)"));
  // (e) The last event removed.
  edited = lines;
  edited.erase(edited.begin() + 4);
  broken = VerifyLines(edited);
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(broken.out, HasSubstr("agency sequence 4 (missing)"));
  EXPECT_THAT(broken.out, HasSubstr("agency events 4 to 4 missing"));

  // Another agency's auditor gets no checkpoint of this agency, so no export of it.
  auto refused =
      Audit({"export", "--server", server_->address(), "--token", "test-token-he.jianshan",
             "--agency", kAgency, "--output", dir_.File("refused.jsonl")});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("gRPC 7"));
}

TEST_F(AuditCliAgencyTest, ServerRefusesAChainCutBelowItsLastCheckpoint) {
  StartServer();
  ASSERT_TRUE(Create("test-token-li.qicao", kAgency, 2023).ok());
  ASSERT_TRUE(Create("test-token-li.qicao", kAgency, 2024).ok());
  int64_t signed_sequence = 0;
  {
    auto stub = v1::AuditService::NewStub(channel_);
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer test-token-zhou.zhongyang");
    v1::GetCheckpointRequest request;
    request.set_sign_now(true);
    v1::GetCheckpointResponse response;
    ASSERT_TRUE(stub->GetCheckpoint(&context, request, &response).ok());
    signed_sequence = response.checkpoint().sequence();
    ASSERT_EQ(signed_sequence, 2);
  }
  absl::StatusOr<int> stopped = server_->Stop();
  ASSERT_TRUE(stopped.ok()) << stopped.status();
  ASSERT_EQ(*stopped, 0) << server_->Log();
  {
    // The tail removed behind the server's back, as in the finding.
    const std::string path = dir_.File("data");
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const auto& name : names) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &handles, &db).ok());
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] != "audit") continue;
      rocksdb::WriteOptions sync;
      sync.sync = true;
      ASSERT_TRUE(db->Delete(sync, handles[i], storage::AuditKey(signed_sequence)).ok());
    }
    for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
    delete db;
  }
  std::vector<std::string> args = ServerArgs();
  args.insert(args.begin(), nianbao::testing::BinDir() + "/nianbao-workflowd");
  args.push_back("--listen=127.0.0.1:0");
  auto refused = RunCommand(args);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("DATA_LOSS"));
  EXPECT_THAT(refused.err, HasSubstr("the audit chain ends at event 1 but the server signed a "
                                     "checkpoint up to event 2"));
}

}  // namespace
}  // namespace nianbao::audit_test
