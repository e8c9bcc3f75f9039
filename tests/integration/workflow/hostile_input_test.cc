// Hostile input against the real nianbao-workflowd (issue 17): a 60 KB name, a 5 MiB reason, an
// oversized draft and bytes that are no protobuf at all are each INVALID_ARGUMENT naming the field
// (with a status that fits the client's metadata limit), nothing they carry is written, and the
// reports and the agency's audit trail stay readable by clients with gRPC's default 4 MiB limit.
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <future>
#include <string>

#include "google/protobuf/descriptor.h"
#include "google/rpc/error_details.pb.h"
#include "nianbao/v1/admin.grpc.pb.h"
#include "nianbao/v1/agency.grpc.pb.h"
#include "nianbao/v1/audit.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::service::FindDetail;
using ::testing::HasSubstr;

// The field the status's BadRequest names ("" when none).
std::string ViolatedField(const grpc::Status& status) {
  const auto bad_request = FindDetail<google::rpc::BadRequest>(RpcStatus(status));
  if (!bad_request.has_value() || bad_request->field_violations_size() == 0) return "";
  return bad_request->field_violations(0).field();
}

class HostileInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NIANBAO_ASSERT_OK(env_.Start());
    stub_ = env_.NewStub();
    audit_ = v1::AuditService::NewStub(env_.channel());
    v1::CreateReportRequest create;
    create.set_parent(std::string("agencies/") + kAgency);
    create.set_report_year(2024);
    *create.mutable_content() = SeedContent();
    create.mutable_content()->mutable_metadata()->set_report_year(2024);
    v1::Report created;
    const grpc::Status status = stub_->CreateReport(ContextFor("drafter").get(), create, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    report_ = created;
  }

  // The agency's trail as the auditor lists it, every page with the client's default limits.
  std::vector<v1::AuditEvent> Trail() {
    std::vector<v1::AuditEvent> events;
    v1::ListAuditEventsRequest list;
    list.set_agency_id(kAgency);
    list.set_page_size(1000);
    do {
      v1::ListAuditEventsResponse page;
      const grpc::Status status = audit_->ListAuditEvents(ContextFor("auditor").get(), list, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      events.insert(events.end(), page.events().begin(), page.events().end());
      list.set_page_token(page.next_page_token());
    } while (!list.page_token().empty());
    return events;
  }

  // The report's events that are not the auditor's own reads.
  static int ReportEvents(const std::vector<v1::AuditEvent>& events, const std::string& report) {
    int count = 0;
    for (const v1::AuditEvent& event : events) count += event.report() == report ? 1 : 0;
    return count;
  }

  WorkflowTestEnv env_;
  std::unique_ptr<v1::WorkflowService::Stub> stub_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
  v1::Report report_;
};

TEST_F(HostileInputTest, SixtyKilobyteNameIsInvalidArgumentThatFitsTheMetadata) {
  const std::string huge_name =
      std::string("agencies/") + kAgency + "/reports/" + std::string(60 * 1024, '7');
  v1::GetReportRequest get;
  get.set_name(huge_name);
  v1::Report got;
  // An outsider too: the refusal for the name comes before any audited denial.
  for (const char* user : {"reader", "outsider"}) {
    const grpc::Status status = stub_->GetReport(ContextFor(user).get(), get, &got);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_EQ(ViolatedField(status), "name");
    EXPECT_LT(status.error_message().size() + status.error_details().size(), 6000u);
  }
  v1::WithdrawReportRequest withdraw;
  withdraw.set_name(huge_name);
  v1::WithdrawReportResponse withdrawn;
  const grpc::Status status =
      stub_->WithdrawReport(ContextFor("outsider").get(), withdraw, &withdrawn);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "name");
  v1::ListAuditEventsRequest list;
  list.set_report(huge_name);
  v1::ListAuditEventsResponse listed;
  const grpc::Status audited = audit_->ListAuditEvents(ContextFor("reader").get(), list, &listed);
  EXPECT_EQ(audited.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << audited.error_message();
  EXPECT_EQ(ViolatedField(audited), "report");
}

TEST_F(HostileInputTest, OtherSpellingsOfTheNameStartNoChainOfTheirOwn) {
  const std::vector<v1::AuditEvent> before = Trail();
  for (const char* year : {"02024", "+2024", " 2024", "2024\n"}) {
    v1::GetReportRequest get;
    get.set_name(std::string("agencies/") + kAgency + "/reports/" + year);
    v1::Report got;
    const grpc::Status status = stub_->GetReport(ContextFor("outsider").get(), get, &got);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << year;
    EXPECT_EQ(ViolatedField(status), "name") << year;
  }
  const std::vector<v1::AuditEvent> after = Trail();
  for (const v1::AuditEvent& event : after) {
    EXPECT_TRUE(event.report().empty() || event.report() == report_.name()) << event.report();
  }
  EXPECT_EQ(ReportEvents(after, report_.name()), ReportEvents(before, report_.name()));
}

TEST_F(HostileInputTest, OversizedReasonsAndDraftsAreRefusedAndLeaveEverythingReadable) {
  const std::vector<v1::AuditEvent> before = Trail();
  // A denied caller's reason once went into its refusal's event whole.
  v1::WithdrawReportRequest withdraw;
  withdraw.set_name(report_.name());
  withdraw.set_reason(std::string(5 * 1024 * 1024, 'r'));
  v1::WithdrawReportResponse withdrawn;
  for (const char* user : {"outsider", "drafter"}) {
    const grpc::Status status = stub_->WithdrawReport(ContextFor(user).get(), withdraw, &withdrawn);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_EQ(ViolatedField(status), "reason");
  }
  // A draft past the content limit (the server itself receives up to 16 MiB).
  v1::UpdateReportRequest update;
  *update.mutable_report() = report_;
  update.mutable_report()->mutable_content()->mutable_opening()->add_paragraphs(
      std::string(4 * 1024 * 1024 + 512 * 1024, 'd'));
  v1::Report updated;
  grpc::Status status = stub_->UpdateReport(ContextFor("drafter").get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "report.content");
  // An outsider's 30 MB agency filter once became a 30 MB denied-read event.
  v1::ListAuditEventsRequest list;
  list.set_agency_id(std::string(3 * 1024 * 1024, 'a'));
  v1::ListAuditEventsResponse listed;
  status = audit_->ListAuditEvents(ContextFor("outsider").get(), list, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "agency_id");
  v1::StreamAuditEventsRequest bad_stream;
  bad_stream.set_agency_id(std::string(64 * 1024, 'a'));
  auto bad_context = ContextFor("outsider");
  auto refused = audit_->StreamAuditEvents(bad_context.get(), bad_stream);
  v1::StreamAuditEventsResponse none;
  EXPECT_FALSE(refused->Read(&none));
  status = refused->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "agency_id");

  // So are the agency filters of VerifyChain and GetCheckpoint, refused before a denial is
  // recorded.
  v1::VerifyChainRequest bad_verify;
  bad_verify.set_agency_id(std::string(3 * 1024 * 1024, 'a'));
  v1::VerifyChainResponse not_verified;
  status = audit_->VerifyChain(ContextFor("outsider").get(), bad_verify, &not_verified);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "agency_id");
  v1::GetCheckpointRequest bad_checkpoint;
  bad_checkpoint.set_agency_id(std::string(3 * 1024 * 1024, 'a'));
  v1::GetCheckpointResponse no_checkpoint;
  status = audit_->GetCheckpoint(ContextFor("outsider").get(), bad_checkpoint, &no_checkpoint);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "agency_id");

  // Nothing was written: the report is as it was and its chain did not grow.
  v1::GetReportRequest get;
  get.set_name(report_.name());
  v1::Report got;
  status = stub_->GetReport(ContextFor("reader").get(), get, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(got.etag(), report_.etag());
  const std::vector<v1::AuditEvent> after = Trail();
  EXPECT_EQ(ReportEvents(after, report_.name()), ReportEvents(before, report_.name()));
  for (const v1::AuditEvent& event : after) EXPECT_LT(event.ByteSizeLong(), 8u * 1024);

  // Everything still reads: the list, the export's stream and the report's chain.
  v1::ListReportsRequest reports;
  reports.set_parent(std::string("agencies/") + kAgency);
  v1::ListReportsResponse page;
  status = stub_->ListReports(ContextFor("reader").get(), reports, &page);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(page.reports_size(), 1);
  v1::StreamAuditEventsRequest stream_request;
  stream_request.set_agency_id(kAgency);
  auto context = ContextFor("auditor");
  auto stream = audit_->StreamAuditEvents(context.get(), stream_request);
  v1::StreamAuditEventsResponse streamed;
  int events = 0;
  while (stream->Read(&streamed)) ++events;
  status = stream->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_GE(events, static_cast<int>(before.size()));
  v1::VerifyChainRequest verify;
  verify.set_report(report_.name());
  v1::VerifyChainResponse verified;
  status = audit_->VerifyChain(ContextFor("auditor").get(), verify, &verified);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(verified.intact());
}

// What the probe found unreadable through the nianbao command (report get, report list, audit
// list --all, audit export and its offline verification) reads after the hostile attempts.
TEST_F(HostileInputTest, TheCommandStillReadsReportsAndTheTrailAfterHostileAttempts) {
  v1::WithdrawReportRequest withdraw;
  withdraw.set_name(report_.name());
  withdraw.set_reason(std::string(5 * 1024 * 1024, 'r'));
  v1::WithdrawReportResponse withdrawn;
  EXPECT_EQ(stub_->WithdrawReport(ContextFor("outsider").get(), withdraw, &withdrawn).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // The largest reason allowed, by an outsider, many times: each a bounded denied event.
  withdraw.set_reason(std::string(2048, 'r'));
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(
        stub_->WithdrawReport(ContextFor("outsider").get(), withdraw, &withdrawn).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
  v1::ListAuditEventsRequest list;
  list.set_agency_id(std::string(3 * 1024 * 1024, 'a'));
  v1::ListAuditEventsResponse listed;
  EXPECT_EQ(audit_->ListAuditEvents(ContextFor("outsider").get(), list, &listed).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  auto nianbao = [&](const std::string& user, std::vector<std::string> args) {
    args.insert(args.begin(), BinDir() + "/nianbao");
    args.push_back("--server=" + env_.workflow().address());
    return RunCommand(args, "", {"NIANBAO_TOKEN=" + user + "-token"});
  };
  CommandResult got = nianbao("reader", {"report", "get", report_.name()});
  EXPECT_EQ(got.exit_code, 0) << got.err;
  CommandResult reports = nianbao("reader", {"report", "list", std::string("--agency=") + kAgency});
  EXPECT_EQ(reports.exit_code, 0) << reports.err;
  EXPECT_THAT(reports.out, HasSubstr(report_.name()));
  CommandResult trail = nianbao("auditor", {"audit", "list", "--agency", kAgency, "--all"});
  EXPECT_EQ(trail.exit_code, 0) << trail.err;
  TempDir dir;
  CommandResult exported =
      nianbao("auditor", {"audit", "export", "--agency", kAgency, "--output",
                          dir.File("trail.jsonl"), "--public-key-out", dir.File("public.pem")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  CommandResult verified = RunCommand({BinDir() + "/nianbao", "audit", "verify", "--public-key",
                                       dir.File("public.pem"), dir.File("trail.jsonl")});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

// validatord answers bytes that do not parse with INVALID_ARGUMENT; so does workflowd now for the
// methods gRPC used to parse for it (INTERNAL with an empty message).
TEST_F(HostileInputTest, GarbageBytesAreInvalidArgumentWithAMessage) {
  grpc::GenericStub generic(env_.channel());
  const std::string garbage = std::string("\xff\xff\xff\x0f") + " not a protobuf";
  // Every unary method of every service workflowd serves, read from the descriptors so that a new
  // method is covered without editing this test; the audit, admin and agency services' handlers
  // are gRPC's parsing ones, answered through the server's interceptor.
  std::vector<std::pair<std::string, std::string>> methods;
  // (Reaching the files through their messages also links their descriptors into this binary.)
  for (const google::protobuf::FileDescriptor* file :
       {v1::GetReportRequest::descriptor()->file(),
        v1::ListAuditEventsRequest::descriptor()->file(),
        v1::ListBackupsRequest::descriptor()->file(), v1::GetAgencyRequest::descriptor()->file()}) {
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int i = 0; i < service->method_count(); ++i) {
        const google::protobuf::MethodDescriptor* method = service->method(i);
        if (method->server_streaming()) continue;  // the feed's own test sends it garbage
        methods.emplace_back(service->name(), method->name());
      }
    }
  }
  ASSERT_GE(methods.size(), 20u);
  for (const auto& [service, name] : methods) {
    auto context = ContextFor("drafter");
    grpc::Slice slice(garbage);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    std::promise<grpc::Status> done;
    generic.UnaryCall(context.get(), "/nianbao.v1." + service + "/" + name, grpc::StubOptions(),
                      &request, &response,
                      [&done](grpc::Status status) { done.set_value(std::move(status)); });
    const grpc::Status status = done.get_future().get();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_THAT(status.error_message(), HasSubstr("nianbao.v1." + name + "Request")) << name;
    EXPECT_EQ(ViolatedField(status), "(request)") << name;
  }
  // A well-formed read still works through the same handlers.
  v1::GetReportRequest get;
  get.set_name(report_.name());
  v1::Report got;
  const grpc::Status status = stub_->GetReport(ContextFor("reader").get(), get, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(got.etag(), report_.etag());
}

}  // namespace
}  // namespace nianbao::testing
