// Backups and restore with the real servers (issue 17): an administrator backs the data up while
// drafters keep creating and editing reports; the backup is restored offline into a new directory
// and a second nianbao-workflowd is started there. Every write acknowledged before the backup call
// began is there, the global and per-report audit chains verify, checkpoints signed before the
// backup verify against the restored chain with the restored key, and the restore left its own
// RESTORE event. A non-administrator is refused and the refusal is in the trail; a restore into a
// non-empty directory is refused; the CLI makes and lists backups with a token file and retention.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "nianbao/v1/admin.grpc.pb.h"
#include "nianbao/v1/audit.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::service::FindDetail;
using ::testing::HasSubstr;

constexpr int kWriters = 4;
constexpr int kFirstWriterYear = 2020;

// The etags each report had when its writes were acknowledged, in order.
class AckLog {
 public:
  void Record(const std::string& report, const std::string& etag) {
    std::lock_guard<std::mutex> lock(mutex_);
    etags_[report].push_back(etag);
  }
  // How many writes of each report were acknowledged so far.
  std::map<std::string, size_t> Counts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::map<std::string, size_t> counts;
    for (const auto& [report, etags] : etags_) counts[report] = etags.size();
    return counts;
  }
  // The position of `etag` among the report's acknowledged writes, or -1.
  int IndexOf(const std::string& report, const std::string& etag) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = etags_.find(report);
    if (it == etags_.end()) return -1;
    for (size_t i = 0; i < it->second.size(); ++i) {
      if (it->second[i] == etag) return static_cast<int>(i);
    }
    return -1;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<std::string>> etags_;
};

class BackupRestoreTest : public ::testing::Test {
 protected:
  void StartServers(std::vector<std::string> workflow_args = {}) {
    env_.set_workflow_args(std::move(workflow_args));
    NIANBAO_ASSERT_OK(env_.Start());
    stub_ = env_.NewStub();
    audit_ = v1::AuditService::NewStub(env_.channel());
    admin_ = v1::AdminService::NewStub(env_.channel());
  }

  // Creates the report of `year`, then edits its title until `stop`; every acknowledged write goes
  // to `log`, every failed one counts in `failures`.
  void Write(int year, const v1::AnnualReport& seed, std::atomic<bool>* stop,
             std::atomic<int>* failures) {
    auto stub = env_.NewStub();
    v1::CreateReportRequest create;
    create.set_parent(std::string("agencies/") + kAgency);
    create.set_report_year(year);
    *create.mutable_content() = seed;
    create.mutable_content()->mutable_metadata()->set_report_year(year);
    v1::Report created;
    if (!stub->CreateReport(ContextFor("drafter").get(), create, &created).ok()) {
      failures->fetch_add(1);
      return;
    }
    v1::Report report = created;
    log_.Record(report.name(), report.etag());
    for (int i = 1; !stop->load(); ++i) {
      v1::UpdateReportRequest update;
      *update.mutable_report() = report;
      update.mutable_report()->mutable_content()->mutable_metadata()->set_title(
          absl::StrCat("第 ", i, " 稿"));
      update.mutable_update_mask()->add_paths("content.metadata");
      v1::Report updated;
      if (!stub->UpdateReport(ContextFor("drafter").get(), update, &updated).ok()) {
        failures->fetch_add(1);
        return;
      }
      report = updated;
      log_.Record(report.name(), report.etag());
    }
  }

  v1::AuditCheckpoint SignNow(v1::AuditService::Stub& audit) {
    v1::GetCheckpointRequest request;
    request.set_sign_now(true);
    v1::GetCheckpointResponse response;
    grpc::Status status = audit.GetCheckpoint(ContextFor("central").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.checkpoint();
  }

  std::vector<v1::AuditEvent> EventsOf(v1::AuditService::Stub& audit, v1::AuditAction action) {
    v1::ListAuditEventsRequest request;
    request.set_action(action);
    request.set_page_size(1000);
    v1::ListAuditEventsResponse response;
    grpc::Status status = audit.ListAuditEvents(ContextFor("central").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.events().begin(), response.events().end()};
  }

  v1::VerifyChainResponse Verify(v1::AuditService::Stub& audit, const std::string& user,
                                 const v1::VerifyChainRequest& request) {
    v1::VerifyChainResponse response;
    grpc::Status status = audit.VerifyChain(ContextFor(user).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  TempDir dir_;
  WorkflowTestEnv env_;
  AckLog log_;
  std::unique_ptr<v1::WorkflowService::Stub> stub_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
};

TEST_F(BackupRestoreTest, BackupUnderLoadRestoresEveryAcknowledgedWriteAndVerifyingChains) {
  StartServers();
  const v1::AnnualReport seed = SeedContent();
  // A report and a checkpoint before the load.
  v1::CreateReportRequest create;
  create.set_parent(std::string("agencies/") + kAgency);
  create.set_report_year(2024);
  *create.mutable_content() = seed;
  v1::Report created;
  ASSERT_TRUE(stub_->CreateReport(ContextFor("drafter").get(), create, &created).ok());
  log_.Record(created.name(), created.etag());
  const v1::AuditCheckpoint signed_before_load = SignNow(*audit_);
  ASSERT_GT(signed_before_load.sequence(), 0);
  v1::GetPublicKeyResponse key;
  ASSERT_TRUE(audit_->GetPublicKey(ContextFor("central").get(), {}, &key).ok());

  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] { Write(kFirstWriterYear + i, seed, &stop, &failures); });
  }
  // Under way: every writer has had a few writes acknowledged.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  auto busy = [&] {
    const std::map<std::string, size_t> counts = log_.Counts();
    if (counts.size() < kWriters + 1) return false;
    for (const auto& [report, count] : counts) {
      if (count < 3 && report != created.name()) return false;
    }
    return true;
  };
  while (!busy() && failures.load() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // What was acknowledged before the backup call, and a checkpoint signed then.
  const std::map<std::string, size_t> acknowledged = log_.Counts();
  const v1::AuditCheckpoint signed_before_backup = SignNow(*audit_);
  v1::CreateBackupRequest request;
  request.set_backup_dir(dir_.File("backups"));
  v1::CreateBackupResponse backup;
  grpc::Status status = admin_->CreateBackup(ContextFor("admin").get(), request, &backup);
  // The writers go on a little after the backup, then stop.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  stop.store(true);
  for (std::thread& writer : writers) writer.join();
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(failures.load(), 0);
  ASSERT_EQ(acknowledged.size(), static_cast<size_t>(kWriters + 1));
  EXPECT_EQ(backup.backup().backup_id(), 1u);
  EXPECT_EQ(backup.backup().audit_key_id(), key.key_id());
  EXPECT_GE(backup.backup().audit_head_sequence(), signed_before_backup.sequence());
  EXPECT_GT(backup.backup().size_bytes(), 0);

  // The backup is in the trail, naming its head.
  const std::vector<v1::AuditEvent> backups = EventsOf(*audit_, v1::AUDIT_ACTION_BACKUP);
  ASSERT_EQ(backups.size(), 1u);
  EXPECT_EQ(backups[0].actor(), "admin");
  EXPECT_EQ(backups[0].outcome(), v1::AUDIT_OUTCOME_SUCCEEDED);
  EXPECT_THAT(backups[0].reason(),
              HasSubstr(absl::StrCat("audit head ", backup.backup().audit_head_sequence())));

  // Restore offline into a new directory; a second restore into it is refused.
  const std::string restored_dir = dir_.File("restored");
  const std::vector<std::string> restore = {BinDir() + "/nianbao-workflowd",
                                            "--restore_from=" + dir_.File("backups"),
                                            "--data_dir=" + restored_dir};
  CommandResult restored = RunCommand(restore);
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_THAT(restored.out, HasSubstr("restored backup 1"));
  CommandResult again = RunCommand(restore);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("not empty"));

  ServerProcess server;
  NIANBAO_ASSERT_OK(server.Start(
      BinDir() + "/nianbao-workflowd",
      {"--data_dir=" + restored_dir, "--validation_address=" + env_.validation().address(),
       "--token_file=" + env_.principals_path(), "--agencies_file=" + env_.agencies_path()},
      dir_.File("restored.port")));
  auto channel = grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
  auto restored_stub = v1::WorkflowService::NewStub(channel);
  auto restored_audit = v1::AuditService::NewStub(channel);

  // Every write acknowledged before the backup began is there (or a later one of the report).
  for (const auto& [report, count] : acknowledged) {
    v1::GetReportRequest get;
    get.set_name(report);
    v1::Report got;
    grpc::Status read = restored_stub->GetReport(ContextFor("reader").get(), get, &got);
    ASSERT_TRUE(read.ok()) << report << ": " << read.error_message();
    EXPECT_GE(log_.IndexOf(report, got.etag()), static_cast<int>(count) - 1)
        << report << " lost writes acknowledged before the backup";
    v1::VerifyChainRequest chain;
    chain.set_report(report);
    EXPECT_TRUE(Verify(*restored_audit, "auditor", chain).intact()) << report;
  }
  // The chains verify, and checkpoints signed before the backup match them with the same key.
  EXPECT_TRUE(Verify(*restored_audit, "central", {}).intact());
  for (const v1::AuditCheckpoint& checkpoint : {signed_before_load, signed_before_backup}) {
    v1::VerifyChainRequest chain;
    *chain.mutable_checkpoint() = checkpoint;
    const v1::VerifyChainResponse verified = Verify(*restored_audit, "central", chain);
    EXPECT_TRUE(verified.intact()) << verified.first_break().message();
    EXPECT_EQ(verified.head_sequence(), checkpoint.sequence());
  }
  v1::GetPublicKeyResponse restored_key;
  ASSERT_TRUE(restored_audit->GetPublicKey(ContextFor("central").get(), {}, &restored_key).ok());
  EXPECT_EQ(restored_key.key_id(), key.key_id());
  // The restore left its own event right after the backup's head.
  const std::vector<v1::AuditEvent> restores = EventsOf(*restored_audit, v1::AUDIT_ACTION_RESTORE);
  ASSERT_EQ(restores.size(), 1u);
  EXPECT_EQ(restores[0].sequence(), backup.backup().audit_head_sequence() + 1);
  EXPECT_THAT(restores[0].reason(), HasSubstr("restored from backup 1"));
}

TEST_F(BackupRestoreTest, NonAdministratorIsRefusedAndTheRefusalIsAudited) {
  StartServers();
  v1::CreateBackupRequest request;
  request.set_backup_dir(dir_.File("backups"));
  v1::CreateBackupResponse response;
  grpc::Status status = admin_->CreateBackup(ContextFor("central").get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  auto info = FindDetail<google::rpc::ErrorInfo>(RpcStatus(status));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "NOT_ADMIN");
  v1::ListBackupsResponse listed;
  EXPECT_EQ(admin_->ListBackups(ContextFor("drafter").get(), {}, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(admin_->CreateBackup(ContextFor("").get(), request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  const std::vector<v1::AuditEvent> backups = EventsOf(*audit_, v1::AUDIT_ACTION_BACKUP);
  ASSERT_EQ(backups.size(), 1u);
  EXPECT_EQ(backups[0].actor(), "central");
  EXPECT_EQ(backups[0].outcome(), v1::AUDIT_OUTCOME_DENIED);
  bool denied_listing = false;
  for (const v1::AuditEvent& event : EventsOf(*audit_, v1::AUDIT_ACTION_READ)) {
    denied_listing |= event.actor() == "drafter" && event.outcome() == v1::AUDIT_OUTCOME_DENIED;
  }
  EXPECT_TRUE(denied_listing);

  // An administrator's request without a usable directory names the field.
  request.set_backup_dir("relative/backups");
  status = admin_->CreateBackup(ContextFor("admin").get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto bad = FindDetail<google::rpc::BadRequest>(RpcStatus(status));
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->field_violations(0).field(), "backup_dir");
  request.set_backup_dir(env_.data_dir() + "/backups");
  status = admin_->CreateBackup(ContextFor("admin").get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
}

TEST_F(BackupRestoreTest, CliBacksUpToTheConfiguredDirectoryWithATokenFileAndRetention) {
  const std::string backups = dir_.File("nightly");
  StartServers({"--backup_dir=" + backups});
  WriteFileOrDie(dir_.File("admin.token"), "admin-token\n");
  WriteFileOrDie(dir_.File("drafter.token"), "drafter-token\n");
  const std::vector<std::string> backup = {
      BinDir() + "/nianbao",     "admin",  "backup", "--server",
      env_.workflow().address(), "--keep", "2",      "--token-file",
      dir_.File("admin.token")};
  for (int i = 0; i < 3; ++i) {
    CommandResult made = RunCommand(backup);
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_THAT(made.out, HasSubstr(absl::StrCat("备份 backup ", i + 1)));
    EXPECT_THAT(made.out, HasSubstr(backups));
  }
  CommandResult listed =
      RunCommand({BinDir() + "/nianbao", "admin", "backups", "--server", env_.workflow().address(),
                  "--token-file", dir_.File("admin.token")});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, ::testing::Not(HasSubstr("备份 backup 1 ")));
  EXPECT_THAT(listed.out, HasSubstr("备份 backup 2 "));
  EXPECT_THAT(listed.out, HasSubstr("备份 backup 3 "));
  CommandResult refused =
      RunCommand({BinDir() + "/nianbao", "admin", "backup", "--server", env_.workflow().address(),
                  "--token-file", dir_.File("drafter.token")});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("不是系统管理员"));
  // The trail lists the backups and the refusal by their action.
  CommandResult trail =
      RunCommand({BinDir() + "/nianbao", "audit", "list", "--server", env_.workflow().address(),
                  "--action", "backup", "--all", "--token", "central-token"});
  ASSERT_EQ(trail.exit_code, 0) << trail.err;
  EXPECT_THAT(trail.out, HasSubstr("admin  BACKUP"));
  EXPECT_THAT(trail.out, HasSubstr("drafter  BACKUP"));
  EXPECT_THAT(trail.out, HasSubstr("拒绝 DENIED"));

  // The latest backup restores; an older one by its id.
  CommandResult restored = RunCommand({BinDir() + "/nianbao-workflowd", "--restore_from=" + backups,
                                       "--backup_id=2", "--data_dir=" + dir_.File("restored")});
  EXPECT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_THAT(restored.out, HasSubstr("restored backup 2"));
}

}  // namespace
}  // namespace nianbao::testing
