#include "tests/integration/audit/audit_fixture.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/key_encoding.h"
#include "workflow/audit_chain.h"

namespace nianbao::audit_test {

namespace v1 = nianbao::v1;

void AuditStackTest::SetUp() {
  auto principals = workflow::PrincipalDirectory::LoadFromFile(nianbao::testing::SourceDir() +
                                                               "/tests/data/principals.textproto");
  ASSERT_TRUE(principals.ok()) << principals.status();
  principals_ = *std::move(principals);
  auto key = workflow::AuditSigningKey::Generate();
  ASSERT_TRUE(key.ok()) << key.status();
  key_ = *std::move(key);
  Open();
}

void AuditStackTest::Open() {
  absl::Status opened = TryOpen();
  ASSERT_TRUE(opened.ok()) << opened;
}

absl::Status AuditStackTest::TryOpen() {
  storage::RocksReportStoreOptions options;
  options.path = dir_.File("db");
  options.audit_sealer = &workflow::FillAuditEventHashes;
  options.before_write_hook = [this] {
    return fail_writes_ ? absl::UnavailableError("injected write failure") : absl::OkStatus();
  };
  auto store = storage::RocksReportStore::Open(std::move(options));
  if (!store.ok()) return store.status();
  store_ = *std::move(store);
  workflow_ = std::make_unique<workflow_service::WorkflowCore>(store_.get(), &validator_);
  workflow_service::AuditCoreOptions audit_options;
  audit_options.follow_poll_interval = absl::Milliseconds(10);
  audit_ = std::make_unique<workflow_service::AuditCore>(store_.get(), key_.get(), audit_options);
  return absl::OkStatus();
}

void AuditStackTest::Close() {
  audit_.reset();
  workflow_.reset();
  store_.reset();
}

workflow_service::CallContext AuditStackTest::Caller(const std::string& name) {
  auto principal = principals_->Find(name);
  EXPECT_TRUE(principal.ok()) << name;
  workflow_service::CallContext call;
  if (principal.ok()) call.principal = *principal;
  call.client_address = "ipv4:127.0.0.1:4242";
  return call;
}

workflow_service::AuditCaller AuditStackTest::Auditor(const std::string& name) {
  workflow_service::CallContext call = Caller(name);
  return workflow_service::AuditCaller{call.principal, call.client_address};
}

void AuditStackTest::RunWholeLifecycle(int year) {
  const std::string name = absl::StrCat("agencies/shuyang-fagaiju/reports/", year);
  v1::CreateReportRequest create;
  create.set_parent("agencies/shuyang-fagaiju");
  create.set_report_year(year);
  create.set_request_id(absl::StrCat("create-", year));
  v1::Report created;
  ASSERT_TRUE(workflow_->CreateReport(Caller("li.qicao"), create, &created).ok());

  v1::UpdateReportRequest update;
  *update.mutable_report() = created;
  update.mutable_report()->mutable_content()->mutable_metadata()->set_title(
      "沭阳县发展和改革局年报");
  update.mutable_update_mask()->add_paths("content");
  v1::Report updated;
  absl::Status s = workflow_->UpdateReport(Caller("li.qicao"), update, &updated);
  ASSERT_TRUE(s.ok()) << s;

  auto submit = [&] {
    v1::SubmitReportRequest request;
    request.set_name(name);
    v1::SubmitReportResponse response;
    absl::Status status = workflow_->SubmitReport(Caller("li.qicao"), request, &response);
    ASSERT_TRUE(status.ok()) << status;
  };
  submit();
  v1::WithdrawReportRequest withdraw;
  withdraw.set_name(name);
  withdraw.set_reason("补充材料");
  v1::WithdrawReportResponse withdrawn;
  s = workflow_->WithdrawReport(Caller("li.qicao"), withdraw, &withdrawn);
  ASSERT_TRUE(s.ok()) << s;
  submit();
  v1::RejectReportRequest reject;
  reject.set_name(name);
  reject.set_reason("表三不平衡");
  v1::RejectReportResponse rejected;
  s = workflow_->RejectReport(Caller("wang.shenhe"), reject, &rejected);
  ASSERT_TRUE(s.ok()) << s;
  submit();
  // A drafter may not approve: refused, and the refusal is audited.
  v1::ApproveReportRequest approve;
  approve.set_name(name);
  v1::ApproveReportResponse approved;
  EXPECT_EQ(workflow_->ApproveReport(Caller("li.qicao"), approve, &approved).code(),
            absl::StatusCode::kPermissionDenied);
  s = workflow_->ApproveReport(Caller("zhao.qianfa"), approve, &approved);
  ASSERT_TRUE(s.ok()) << s;
  v1::PublishReportRequest publish;
  publish.set_name(name);
  v1::PublishReportResponse published;
  s = workflow_->PublishReport(Caller("chen.fabu"), publish, &published);
  ASSERT_TRUE(s.ok()) << s;
  v1::CorrectReportRequest correct;
  correct.set_name(name);
  correct.set_reason("更正表二数据");
  v1::CorrectReportResponse corrected;
  s = workflow_->CorrectReport(Caller("chen.fabu"), correct, &corrected);
  ASSERT_TRUE(s.ok()) << s;
}

void AuditStackTest::CreateAndUpdate(const std::string& drafter, int year, int updates) {
  workflow_service::CallContext call = Caller(drafter);
  const std::string agency = call.principal.roles_by_agency.begin()->first;
  v1::CreateReportRequest create;
  create.set_parent(absl::StrCat("agencies/", agency));
  create.set_report_year(year);
  v1::Report created;
  absl::Status s = workflow_->CreateReport(call, create, &created);
  ASSERT_TRUE(s.ok()) << s;
  v1::Report report = created;
  for (int i = 0; i < updates; ++i) {
    v1::UpdateReportRequest update;
    *update.mutable_report() = report;
    update.mutable_report()->mutable_content()->mutable_metadata()->set_title(
        absl::StrCat("第", i, "稿"));
    update.mutable_update_mask()->add_paths("content");
    v1::Report updated;
    s = workflow_->UpdateReport(call, update, &updated);
    ASSERT_TRUE(s.ok()) << s;
    report = updated;
  }
}

void AuditStackTest::TamperWithAudit(
    const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>& edit, bool reopen,
    rocksdb::ColumnFamilyHandle** meta) {
  Close();
  const std::string path = dir_.File("db");
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names)
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status opened =
      rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &handles, &db);
  ASSERT_TRUE(opened.ok()) << opened.ToString();
  rocksdb::ColumnFamilyHandle* audit = nullptr;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "audit") audit = handles[i];
    if (names[i] == "meta" && meta != nullptr) *meta = handles[i];
  }
  ASSERT_NE(audit, nullptr);
  edit(db, audit);
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
  delete db;
  if (reopen) Open();
}

v1::VerifyChainResponse AuditStackTest::VerifyGlobal() {
  v1::VerifyChainRequest request;
  v1::VerifyChainResponse response;
  absl::Status s = audit_->VerifyChain(Auditor("zhou.zhongyang"), request, &response);
  EXPECT_TRUE(s.ok()) << s;
  return response;
}

v1::VerifyChainResponse AuditStackTest::VerifyReport(const std::string& report) {
  v1::VerifyChainRequest request;
  request.set_report(report);
  v1::VerifyChainResponse response;
  absl::Status s = audit_->VerifyChain(Auditor("sun.shenji"), request, &response);
  EXPECT_TRUE(s.ok()) << s;
  return response;
}

}  // namespace nianbao::audit_test
