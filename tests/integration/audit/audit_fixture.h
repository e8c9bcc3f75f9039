// An in-process workflow + audit stack over a real RocksDB in a temporary directory, for the audit
// tests: the workflow core (with a validator that finds nothing) produces the events, the audit
// core reads and verifies them, and TamperWithAudit edits the database behind the store's back.
#ifndef NIANBAO_TESTS_INTEGRATION_AUDIT_AUDIT_FIXTURE_H_
#define NIANBAO_TESTS_INTEGRATION_AUDIT_AUDIT_FIXTURE_H_

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "rocksdb/db.h"
#include "services/workflow/audit_service_core.h"
#include "services/workflow/workflow_core.h"
#include "storage/rocks_report_store.h"
#include "tests/support/test_paths.h"
#include "workflow/checkpoint_signing.h"
#include "workflow/principals.h"

namespace nianbao::audit_test {

// Finds nothing: every submission is clean.
class CleanValidator : public workflow_service::ReportValidator {
 public:
  absl::StatusOr<nianbao::v1::ValidateResponse> Validate(
      const nianbao::v1::ValidateRequest&) override {
    return nianbao::v1::ValidateResponse();
  }
};

class AuditStackTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override { Close(); }

  void Open();
  // Opens the store and the cores over it; the store's refusal, if it refuses.
  absl::Status TryOpen();
  void Close();

  // The caller named `name` in tests/data/principals.textproto.
  workflow_service::CallContext Caller(const std::string& name);
  workflow_service::AuditCaller Auditor(const std::string& name);

  // Takes agencies/shuyang-fagaiju/reports/{year} through create, update, submit, withdraw,
  // submit, reject, submit, approve, publish and correct, plus one denied approve.
  void RunWholeLifecycle(int year);
  // Creates a report and updates it `updates` times (1 + updates events).
  void CreateAndUpdate(const std::string& agency_drafter, int year, int updates);

  // Closes the store, opens the database with the RocksDB API, calls `edit` on the "audit" column
  // family (`meta` gets the "meta" family) and opens the store again unless `reopen` is false.
  void TamperWithAudit(const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>& edit,
                       bool reopen = true, rocksdb::ColumnFamilyHandle** meta = nullptr);

  nianbao::v1::VerifyChainResponse VerifyGlobal();
  nianbao::v1::VerifyChainResponse VerifyReport(const std::string& report);

  nianbao::testing::TempDir dir_;
  // While true, every write of the store fails (and writes nothing).
  std::atomic<bool> fail_writes_{false};
  std::unique_ptr<workflow::PrincipalDirectory> principals_;
  std::unique_ptr<workflow::AuditSigningKey> key_;
  CleanValidator validator_;
  std::unique_ptr<storage::RocksReportStore> store_;
  std::unique_ptr<workflow_service::WorkflowCore> workflow_;
  std::unique_ptr<workflow_service::AuditCore> audit_;
};

}  // namespace nianbao::audit_test

#endif  // NIANBAO_TESTS_INTEGRATION_AUDIT_AUDIT_FIXTURE_H_
