#include "tests/integration/office/office_test_fixture.h"

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "services/common/grpc_status.h"
#include "tests/support/balanced_reports.h"
#include "tests/support/status_matchers.h"
#include "workflow/principals.h"

namespace nianbao::testing {
namespace {

namespace v1 = ::nianbao::v1;

struct AgencyEntry {
  const char* id;
  const char* name;
  v1::AgencyKind kind;
  const char* parent;
};

const AgencyEntry kAgencies[] = {
    {kCity, "宿迁市人民政府", v1::AGENCY_KIND_GOVERNMENT, ""},
    {kShuyang, "沭阳县人民政府", v1::AGENCY_KIND_GOVERNMENT, kCity},
    {kSiyang, "泗阳县人民政府", v1::AGENCY_KIND_GOVERNMENT, kCity},
    {kShuyangDept, kOtherAgencyName, v1::AGENCY_KIND_DEPARTMENT, kShuyang},
    {kShuyangEdu, "沭阳县教育局", v1::AGENCY_KIND_DEPARTMENT, kShuyang},
    {kSiyangEdu, "泗阳县教育局", v1::AGENCY_KIND_DEPARTMENT, kSiyang},
    {kSiyangTown, "泗阳县第一乡人民政府", v1::AGENCY_KIND_TOWNSHIP, kSiyang},
    {kAgency, kAgencyName, v1::AGENCY_KIND_DEPARTMENT, ""},
};

const AgencyEntry& Find(const std::string& id) {
  for (const AgencyEntry& entry : kAgencies) {
    if (id == entry.id) return entry;
  }
  return kAgencies[0];
}

std::string PrincipalsText() {
  struct User {
    const char* name;
    const char* agency;
    const char* roles;
  };
  const User users[] = {
      {"clerk", "*", "ROLE_DRAFTER roles: ROLE_REVIEWER roles: ROLE_PUBLISHER"},
      {"signer", "*", "ROLE_APPROVER"},
      {"city-office", kCity, "ROLE_SUPERVISOR"},
      {"shuyang-office", kShuyang, "ROLE_SUPERVISOR"},
      {"siyang-office", kSiyang, "ROLE_SUPERVISOR"},
      {"central", "*", "ROLE_CENTRAL_AUDITOR"},
      {"stranger", kAgency, "ROLE_DRAFTER"},
  };
  std::string text;
  for (const User& user : users) {
    absl::StrAppend(&text, "principals { name: \"", user.name, "\" token_sha256: \"",
                    nianbao::workflow::TokenDigestHex(absl::StrCat(user.name, "-token")),
                    "\" role_bindings { agency_id: \"", user.agency, "\" roles: ", user.roles,
                    " } }\n");
  }
  return text;
}

std::string AgenciesText() {
  std::string text;
  for (const AgencyEntry& entry : kAgencies) {
    absl::StrAppend(&text, "agencies { agency_id: \"", entry.id, "\" name: \"", entry.name,
                    "\" kind: ", v1::AgencyKind_Name(entry.kind));
    if (*entry.parent != '\0') absl::StrAppend(&text, " parent_agency_id: \"", entry.parent, "\"");
    absl::StrAppend(&text, " }\n");
  }
  return text;
}

// A blank cell is refused at submission; the random tables leave some zeros blank.
void FillBlanks(google::protobuf::Message* message) {
  if (message->GetDescriptor() == v1::CountCell::descriptor()) {
    auto* cell = static_cast<v1::CountCell*>(message);
    if (cell->content_case() == v1::CountCell::CONTENT_NOT_SET) cell->set_number(0);
    return;
  }
  if (message->GetDescriptor() == v1::AmountCell::descriptor()) {
    auto* cell = static_cast<v1::AmountCell*>(message);
    if (cell->content_case() == v1::AmountCell::CONTENT_NOT_SET) cell->mutable_amount();
    return;
  }
  const google::protobuf::Reflection* reflection = message->GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(*message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE || field->is_repeated()) {
      continue;
    }
    FillBlanks(reflection->MutableMessage(message, field));
  }
}

}  // namespace

void OfficeTest::SetUp() {
  WriteFileOrDie(env_.principals_path(), PrincipalsText());
  WriteFileOrDie(env_.agencies_path(), AgenciesText());
  NIANBAO_ASSERT_OK(env_.Start());
  workflow_ = env_.NewStub();
  office_ = v1::OfficeService::NewStub(env_.channel());
  audit_ = v1::AuditService::NewStub(env_.channel());
}

v1::AnnualReport OfficeTest::ContentFor(const std::string& agency, int year) {
  const AgencyEntry& entry = Find(agency);
  v1::AnnualReport content = SeedContent();
  content.mutable_metadata()->set_agency_name(entry.name);
  content.mutable_metadata()->set_agency_kind(entry.kind);
  content.mutable_metadata()->set_report_year(year);
  content.mutable_metadata()->clear_publication_date();
  v1::Period* period = content.mutable_opening()->mutable_statistics_period();
  period->mutable_start()->set_year(year);
  period->mutable_end()->set_year(year);
  v1::AnnualReport tables = RandomBalancedReport(rng_, v1::FORMAT_VERSION_2021);
  FillBlanks(&tables);
  *content.mutable_active_disclosure()->mutable_table() = tables.active_disclosure().table();
  *content.mutable_applications()->mutable_table() = tables.applications().table();
  *content.mutable_review_litigation()->mutable_table() = tables.review_litigation().table();
  return content;
}

void OfficeTest::Submit(const std::string& name) {
  v1::SubmitReportRequest request;
  request.set_name(name);
  v1::SubmitReportResponse response;
  grpc::Status status = workflow_->SubmitReport(ContextFor("clerk").get(), request, &response);
  if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
    auto failure = service::FindDetail<google::rpc::PreconditionFailure>(RpcStatus(status));
    ASSERT_TRUE(failure.has_value()) << status.error_message();
    for (const auto& violation : failure->violations()) {
      ASSERT_EQ(violation.type(), "WARNING_NOT_ACKNOWLEDGED")
          << violation.subject() << ": " << violation.description();
      request.add_acknowledged_warnings(violation.subject());
    }
    status = workflow_->SubmitReport(ContextFor("clerk").get(), request, &response);
  }
  ASSERT_TRUE(status.ok()) << "submit " << name << ": " << status.error_message();
}

void OfficeTest::FileReport(const std::string& agency, int year, Stage stage) {
  v1::CreateReportRequest create;
  create.set_parent(absl::StrCat("agencies/", agency));
  create.set_report_year(year);
  *create.mutable_content() = ContentFor(agency, year);
  v1::Report created;
  grpc::Status status = workflow_->CreateReport(ContextFor("clerk").get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  contents_[created.name()] = create.content();
  if (stage == Stage::kDraft) return;
  ASSERT_NO_FATAL_FAILURE(Submit(created.name()));
  if (stage == Stage::kInReview) return;
  v1::ApproveReportRequest approve;
  approve.set_name(created.name());
  v1::ApproveReportResponse approved;
  status = workflow_->ApproveReport(ContextFor("signer").get(), approve, &approved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  if (stage == Stage::kApproved) return;
  v1::PublishReportRequest publish;
  publish.set_name(created.name());
  v1::PublishReportResponse published;
  status = workflow_->PublishReport(ContextFor("clerk").get(), publish, &published);
  ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << env_.workflow().Log();
}

void OfficeTest::CorrectAndPublish(const std::string& agency, int year,
                                   const std::function<void(v1::AnnualReport*)>& change) {
  const std::string name = ReportNameOf(agency, year);
  v1::CorrectReportRequest correct;
  correct.set_name(name);
  correct.set_reason("更正表二数据");
  v1::CorrectReportResponse corrected;
  grpc::Status status = workflow_->CorrectReport(ContextFor("clerk").get(), correct, &corrected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::UpdateReportRequest update;
  update.mutable_report()->set_name(name);
  update.mutable_report()->set_etag(corrected.report().etag());
  *update.mutable_report()->mutable_content() = corrected.report().content();
  change(update.mutable_report()->mutable_content());
  v1::Report updated;
  status = workflow_->UpdateReport(ContextFor("clerk").get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  contents_[name] = updated.content();
  ASSERT_NO_FATAL_FAILURE(Submit(name));
  v1::ApproveReportRequest approve;
  approve.set_name(name);
  v1::ApproveReportResponse approved;
  status = workflow_->ApproveReport(ContextFor("signer").get(), approve, &approved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::PublishReportRequest publish;
  publish.set_name(name);
  v1::PublishReportResponse published;
  status = workflow_->PublishReport(ContextFor("clerk").get(), publish, &published);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

}  // namespace nianbao::testing
