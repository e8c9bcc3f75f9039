// ImportDocument on a real nianbao-validatord: every fixture of ../shared/fixtures/reports imports
// with the content `nianbao import` gives and the findings Validate gives; the refused inputs
// (empty, oversized, a scanned PDF, an unknown media type, a damaged Word file, a malformed
// request) each come back with their code and a BadRequest naming the field.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/client_unary_call.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "nianbao/v1/validation.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "tests/support/server_process.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::validation {
namespace {

using nianbao::testing::ServerProcess;
using nianbao::testing::TempDir;
using ::testing::HasSubstr;

constexpr int kMaxImportBytes = 1 << 20;

// A page that paints nothing but an image: a scan without a text layer.
const char kScanPdf[] =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
    "/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>\nendobj\n"
    "4 0 obj\n<< /Length 30 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream\nendobj\n"
    "5 0 obj\n<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
    "/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream\nendobj\n"
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n";

std::string Fixture(const std::string& name) {
  return nianbao::testing::FixturesDir() + "/reports/" + name;
}

// Every fixture: the text layouts, the portal page and the PDF.
std::vector<std::string> AllFixtures() {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           nianbao::testing::FixturesDir() + "/reports")) {
    const std::string extension = entry.path().extension().string();
    if (extension == ".txt" || extension == ".html" || extension == ".pdf") {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string ViolatedField(const grpc::Status& status) {
  const auto details = nianbao::service::RpcStatusFromGrpc(status);
  const auto bad = nianbao::service::FindDetail<google::rpc::BadRequest>(details);
  if (!bad || bad->field_violations_size() == 0) return "<no BadRequest>";
  return bad->field_violations(0).field();
}

// The report `nianbao import FILE` prints (proto3 JSON).
v1::AnnualReport CliImport(const std::string& path, std::string* json = nullptr) {
  const nianbao::testing::CommandResult result =
      nianbao::testing::RunCommand({nianbao::testing::BinDir() + "/nianbao", "import", path});
  EXPECT_EQ(result.exit_code, 0) << path << ": " << result.err;
  v1::AnnualReport report;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(result.out, &report).ok()) << path;
  if (json != nullptr) *json = result.out;
  return report;
}

class ImportDocumentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A small document limit keeps the oversized requests cheap; the server raises its transport
    // limit to admit requests that large.
    nianbao::testing::WriteFileOrDie(temp_.File("validatord.textproto"),
                                     "server { listen: \"127.0.0.1:1\" }\nmax_import_bytes: " +
                                         std::to_string(kMaxImportBytes) + "\n");
    NIANBAO_ASSERT_OK(server_.Start(nianbao::testing::BinDir() + "/nianbao-validatord",
                                    {"--config=" + temp_.File("validatord.textproto")},
                                    temp_.File("port")));
    channel_ = grpc::CreateChannel(server_.address(), grpc::InsecureChannelCredentials());
    stub_ = v1::ValidationService::NewStub(channel_);
  }

  grpc::Status Import(const std::string& content, const std::string& file_name,
                      const std::string& media_type, v1::ImportDocumentResponse* response) {
    v1::ImportDocumentRequest request;
    request.set_content(content);
    request.set_file_name(file_name);
    request.set_media_type(media_type);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    return stub_->ImportDocument(&context, request, response);
  }

  v1::ValidateResponse Validate(const v1::AnnualReport& report) {
    v1::ValidateRequest request;
    *request.mutable_report() = report;
    v1::ValidateResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    EXPECT_TRUE(stub_->Validate(&context, request, &response).ok());
    return response;
  }

  // The refusal of `content`: its code, the field named, and a bilingual message.
  void ExpectRefused(const std::string& content, const std::string& file_name,
                     const std::string& media_type, grpc::StatusCode code, const std::string& field,
                     const std::string& message_part) {
    v1::ImportDocumentResponse response;
    const grpc::Status status = Import(content, file_name, media_type, &response);
    EXPECT_EQ(status.error_code(), code) << file_name << ": " << status.error_message();
    EXPECT_EQ(ViolatedField(status), field) << file_name;
    EXPECT_THAT(status.error_message(), HasSubstr(message_part)) << file_name;
  }

  TempDir temp_;
  ServerProcess server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ValidationService::Stub> stub_;
};

TEST_F(ImportDocumentTest, EveryFixtureImportsAsTheCliImportsIt) {
  const std::vector<std::string> fixtures = AllFixtures();
  ASSERT_GE(fixtures.size(), 5u);
  for (const std::string& path : fixtures) {
    SCOPED_TRACE(path);
    v1::ImportDocumentResponse response;
    const grpc::Status status =
        Import(nianbao::testing::ReadFileOrDie(path),
               std::filesystem::path(path).filename().string(), "", &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    std::string differences;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&differences);
    EXPECT_TRUE(differencer.Compare(CliImport(path), response.report())) << differences;
    // The rules Validate runs, with the same findings.
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(Validate(response.report()),
                                                                   response.validation()));
    EXPECT_FALSE(response.validation().catalog_version().empty());
  }
}

TEST_F(ImportDocumentTest, MediaTypesDecideHowTheDocumentIsRead) {
  v1::ImportDocumentResponse response;
  const std::string pdf =
      nianbao::testing::ReadFileOrDie(Fixture("pdf/2024_hongze-district-gov.pdf"));
  ASSERT_TRUE(Import(pdf, "", "application/pdf", &response).ok());
  EXPECT_EQ(response.source_format(), "pdf");
  EXPECT_EQ(response.report().applications().table().new_applications().total().number(), 95);
  // The mixed report's 2019 row is among the warnings, with where it is.
  ASSERT_EQ(response.warnings_size(), 1);
  EXPECT_EQ(response.warnings(0).code(), "FORMAT_2019_ROW");
  EXPECT_GT(response.warnings(0).position().table(), 0);

  const std::string page =
      nianbao::testing::ReadFileOrDie(Fixture("html/2023_shuyang-fagaiju.html"));
  ASSERT_TRUE(Import(page, "", "Text/HTML; charset=utf-8", &response).ok());
  EXPECT_EQ(response.source_format(), "html");
  ASSERT_EQ(response.warnings_size(), 1);
  EXPECT_EQ(response.warnings(0).code(), "FORMAT_2019_LABEL");
  // The page's 公开日期 feeds the deadline rule.
  EXPECT_EQ(response.report().metadata().publication_date().year(), 2024);

  const std::string text = nianbao::testing::ReadFileOrDie(Fixture("2024_jianshan-jiaotiju.txt"));
  ASSERT_TRUE(Import(text, "report.bin", "text/plain", &response).ok());
  EXPECT_EQ(response.source_format(), "text");
  EXPECT_EQ(response.warnings_size(), 0);

  std::string json;
  const v1::AnnualReport from_cli = CliImport(Fixture("2024_jianshan-jiaotiju.txt"), &json);
  ASSERT_TRUE(Import(json, "", "application/json", &response).ok());
  EXPECT_EQ(response.source_format(), "json");
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(from_cli, response.report()));
}

TEST_F(ImportDocumentTest, RefusedInputsNameTheirField) {
  ExpectRefused("", "report.docx", "", grpc::StatusCode::INVALID_ARGUMENT, "content", "content");
  // Just over the limit: the core's check, after parsing the request.
  ExpectRefused(std::string(kMaxImportBytes + 1, 'x'), "big.txt", "",
                grpc::StatusCode::RESOURCE_EXHAUSTED, "content", "上限");
  // Far over it: refused on the raw request's size, before parsing.
  ExpectRefused(std::string(kMaxImportBytes + 256 * 1024, 'x'), "bigger.txt", "",
                grpc::StatusCode::RESOURCE_EXHAUSTED, "content", "上限");
  ExpectRefused(kScanPdf, "scan.pdf", "", grpc::StatusCode::INVALID_ARGUMENT, "content",
                "没有文字层");
  ExpectRefused(kScanPdf, "scan", "application/pdf", grpc::StatusCode::INVALID_ARGUMENT, "content",
                "no text layer");
  ExpectRefused("%PDF-1.4\n", "report.pdf", "image/png", grpc::StatusCode::INVALID_ARGUMENT,
                "media_type", "media type");
  // A damaged Word file: the zip signature, then nothing a zip reader can use.
  ExpectRefused(std::string("PK\x03\x04", 4) + std::string(200, '\x01'), "report.docx", "",
                grpc::StatusCode::INVALID_ARGUMENT, "content", "无法导入文档");
  ExpectRefused("PK\x03\x04 not a zip", "report.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                grpc::StatusCode::INVALID_ARGUMENT, "content", "cannot be imported");
  // Bytes that are no report at all.
  ExpectRefused(std::string("\x00\x01\x02\x03", 4), "blob", "", grpc::StatusCode::INVALID_ARGUMENT,
                "content", "无法导入文档");
}

// An operator's transport limit below the document limit wins: documents are held to it (less room
// for the other fields), still refused naming `content`.
TEST(ImportDocumentLimits, TransportLimitOfTheOperatorHoldsDocumentsToIt) {
  TempDir temp;
  ServerProcess server;
  NIANBAO_ASSERT_OK(server.Start(nianbao::testing::BinDir() + "/nianbao-validatord",
                                 {"--max_receive_message_bytes=262144"}, temp.File("port")));
  auto stub = v1::ValidationService::NewStub(
      grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()));
  v1::ImportDocumentRequest request;
  request.set_content(std::string(200 * 1024, 'x'));
  v1::ImportDocumentResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  const grpc::Status status = stub->ImportDocument(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_EQ(ViolatedField(status), "content");
  EXPECT_THAT(status.error_message(), HasSubstr("196608"));
}

TEST_F(ImportDocumentTest, MalformedRequestNamesTheRequest) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::Slice slice(std::string("\x0a\xff\xff\xff", 4));
  grpc::ByteBuffer response;
  const grpc::Status status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      channel_.get(),
      grpc::internal::RpcMethod("/nianbao.v1.ValidationService/ImportDocument",
                                grpc::internal::RpcMethod::NORMAL_RPC),
      &context, grpc::ByteBuffer(&slice, 1), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "(request)");
}

}  // namespace
}  // namespace nianbao::validation
