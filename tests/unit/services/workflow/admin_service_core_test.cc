// AdminCore and RestoreDataDirectory without a network, on a real RocksReportStore in a temporary
// directory: only ROLE_ADMIN on "*" backs up (an agency-bound admin or a central auditor is
// refused, and the refusal is recorded), a backup stores the signing key and is recorded with its
// head, the configured directory and retention apply, and a restore refuses a target key file
// holding another key, a backup whose key is missing, and otherwise records its RESTORE event after
// the backup's head.
#include "services/workflow/admin_service_core.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "services/workflow/data_restore.h"
#include "storage/report_backup.h"
#include "storage/rocks_report_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "workflow/audit_chain.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;
using ::testing::HasSubstr;

void Seal(v1::AuditEvent* event) {
  *event = workflow::SealAuditEvent(*event, event->previous_hash(), event->report_previous_hash());
}

CallContext As(const std::string& name, const std::string& agency, v1::Role role) {
  CallContext call;
  call.principal.name = name;
  call.principal.roles_by_agency[agency] = {role};
  call.client_address = "ipv4:127.0.0.1:1";
  return call;
}

class AdminCoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::RocksReportStoreOptions options;
    options.path = dir_.File("data");
    options.audit_sealer = Seal;
    auto store = storage::RocksReportStore::Open(options);
    ASSERT_THAT(store, IsOk());
    store_ = *std::move(store);
    auto key = workflow::AuditSigningKey::Generate();
    ASSERT_THAT(key, IsOk());
    key_ = *std::move(key);
  }

  std::vector<v1::AuditEvent> Trail() {
    auto page = store_->ListAuditEvents(0, 1000, {});
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->events : std::vector<v1::AuditEvent>{};
  }

  ::nianbao::testing::TempDir dir_;
  std::unique_ptr<storage::RocksReportStore> store_;
  std::unique_ptr<workflow::AuditSigningKey> key_;
};

TEST_F(AdminCoreTest, OnlyAnAdministratorOfEveryAgencyBacksUpAndEachRefusalIsRecorded) {
  AdminCore core(store_.get(), key_.get());
  v1::CreateBackupRequest request;
  request.set_backup_dir(dir_.File("backups"));
  v1::CreateBackupResponse response;
  const CallContext refused[] = {As("local-admin", "some-agency", v1::ROLE_ADMIN),
                                 As("central", "*", v1::ROLE_CENTRAL_AUDITOR)};
  for (const CallContext& caller : refused) {
    absl::Status status = core.CreateBackup(caller, request, &response);
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("ROLE_ADMIN")));
    google::rpc::ErrorInfo info;
    ASSERT_TRUE(workflow::GetDetail(status, workflow::kErrorInfoTypeUrl, info));
    EXPECT_EQ(info.reason(), "NOT_ADMIN");
  }
  v1::ListBackupsResponse listed;
  EXPECT_THAT(core.ListBackups(refused[1], {}, &listed),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("backups")));
  const std::vector<v1::AuditEvent> trail = Trail();
  ASSERT_EQ(trail.size(), 3u);
  EXPECT_EQ(trail[0].actor(), "local-admin");
  EXPECT_EQ(trail[0].action(), v1::AUDIT_ACTION_BACKUP);
  EXPECT_EQ(trail[0].outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(trail[1].actor(), "central");
  EXPECT_EQ(trail[2].action(), v1::AUDIT_ACTION_READ);
  EXPECT_EQ(trail[2].outcome(), v1::AUDIT_OUTCOME_DENIED);
}

TEST_F(AdminCoreTest, BackupKeepsTheKeyIsRecordedAndUsesTheConfiguredDirectoryAndRetention) {
  AdminCoreOptions options;
  options.default_backup_dir = dir_.File("nightly");
  options.default_keep = 1;
  AdminCore core(store_.get(), key_.get(), options);
  const CallContext admin = As("admin", "*", v1::ROLE_ADMIN);
  v1::CreateBackupResponse first;
  NIANBAO_ASSERT_OK(core.CreateBackup(admin, {}, &first));
  EXPECT_EQ(first.backup().backup_dir(), dir_.File("nightly"));
  EXPECT_EQ(first.backup().audit_key_id(), key_->key_id());
  EXPECT_EQ(first.backup().audit_head_sequence(), 0);  // nothing was in the trail yet
  EXPECT_TRUE(std::filesystem::exists(BackupKeyPath(dir_.File("nightly"), key_->key_id())));
  v1::CreateBackupResponse second;
  NIANBAO_ASSERT_OK(core.CreateBackup(admin, {}, &second));
  // The second holds the first's event, and the retention of one deleted the first.
  EXPECT_EQ(second.backup().audit_head_sequence(), 1);
  EXPECT_EQ(second.purged_count(), 1);
  v1::ListBackupsResponse listed;
  NIANBAO_ASSERT_OK(core.ListBackups(admin, {}, &listed));
  ASSERT_EQ(listed.backups_size(), 1);
  EXPECT_EQ(listed.backups(0).backup_id(), 2u);
  const std::vector<v1::AuditEvent> trail = Trail();
  ASSERT_EQ(trail.size(), 3u);
  EXPECT_EQ(trail[1].action(), v1::AUDIT_ACTION_BACKUP);
  EXPECT_EQ(trail[1].outcome(), v1::AUDIT_OUTCOME_SUCCEEDED);
  EXPECT_THAT(trail[1].reason(), HasSubstr("backup 2 to "));
  EXPECT_THAT(trail[1].reason(), HasSubstr("audit head 1 "));
  EXPECT_EQ(trail[2].action(), v1::AUDIT_ACTION_READ);

  // A request without a directory on a server without one names the field.
  AdminCore unconfigured(store_.get(), key_.get());
  absl::Status status = unconfigured.CreateBackup(admin, {}, &first);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  google::rpc::BadRequest bad;
  ASSERT_TRUE(workflow::GetDetail(status, workflow::kBadRequestTypeUrl, bad));
  EXPECT_EQ(bad.field_violations(0).field(), "backup_dir");
}

TEST_F(AdminCoreTest, RestoreChecksTheKeyAndRecordsItselfAfterTheBackupsHead) {
  AdminCore core(store_.get(), key_.get());
  v1::CreateBackupRequest request;
  request.set_backup_dir(dir_.File("backups"));
  v1::CreateBackupResponse backup;
  NIANBAO_ASSERT_OK(core.CreateBackup(As("admin", "*", v1::ROLE_ADMIN), request, &backup));
  NIANBAO_ASSERT_OK(core.CreateBackup(As("admin", "*", v1::ROLE_ADMIN), request, &backup));
  ASSERT_EQ(backup.backup().audit_head_sequence(), 1);

  RestoreOptions restore;
  restore.backup_dir = dir_.File("backups");
  restore.actor = "restore:test";
  restore.audit_sealer = Seal;
  // A key file that holds another key is not overwritten.
  auto other = workflow::AuditSigningKey::Generate();
  ASSERT_THAT(other, IsOk());
  auto other_pem = (*other)->PrivateKeyPem();
  ASSERT_THAT(other_pem, IsOk());
  ::nianbao::testing::WriteFileOrDie(dir_.File("other.pem"), *other_pem);
  restore.data_dir = dir_.File("restored-a");
  restore.audit_key_file = dir_.File("other.pem");
  EXPECT_THAT(RestoreDataDirectory(restore),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("another key")));
  EXPECT_FALSE(std::filesystem::exists(restore.data_dir));

  restore.audit_key_file.clear();
  absl::StatusOr<RestoreSummary> restored = RestoreDataDirectory(restore);
  ASSERT_THAT(restored, IsOk());
  EXPECT_EQ(restored->backup.backup_id, 2u);
  EXPECT_EQ(restored->audit_key_id, key_->key_id());
  EXPECT_EQ(restored->restore_event_sequence, 2);
  auto key = workflow::AuditSigningKey::FromPemFile(dir_.File("restored-a/audit-signing-key.pem"));
  ASSERT_THAT(key, IsOk());
  EXPECT_EQ((*key)->key_id(), key_->key_id());
  storage::RocksReportStoreOptions options;
  options.path = restore.data_dir;
  options.audit_sealer = Seal;
  auto reopened = storage::RocksReportStore::Open(options);
  ASSERT_THAT(reopened, IsOk());
  auto trail = (*reopened)->ListAuditEvents(0, 10, {});
  ASSERT_THAT(trail, IsOk());
  ASSERT_EQ(trail->events.size(), 2u);
  EXPECT_EQ(trail->events[1].action(), v1::AUDIT_ACTION_RESTORE);
  EXPECT_EQ(trail->events[1].actor(), "restore:test");
  EXPECT_EQ(trail->events[1].previous_hash(), trail->events[0].hash());

  // A backup that is not there, named.
  restore.data_dir = dir_.File("restored-c");
  restore.backup_id = 99;
  EXPECT_THAT(RestoreDataDirectory(restore),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no backup 99 in ")));
  restore.backup_id = 0;

  // Without its key a backup is not restored.
  std::filesystem::remove(BackupKeyPath(dir_.File("backups"), key_->key_id()));
  restore.data_dir = dir_.File("restored-b");
  EXPECT_THAT(RestoreDataDirectory(restore),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("signing key")));
  EXPECT_FALSE(std::filesystem::exists(restore.data_dir));
}

}  // namespace
}  // namespace nianbao::workflow_service
