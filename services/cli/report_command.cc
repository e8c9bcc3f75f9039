// `nianbao report create|get|list|update|submit|approve|reject|publish|withdraw|correct|revisions`:
// drives a report through the workflow of a nianbao-workflowd. The token comes from --token or
// $NIANBAO_TOKEN and is never printed. Human output in Chinese; --json prints the response as
// proto3 JSON. Exit 0 on success, 1 when the server refuses or fails, 2 on wrong usage.
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nianbao/v1/workflow.grpc.pb.h"
#include "services/cli/command_options.h"
#include "services/cli/command_registry.h"
#include "services/cli/report_command_output.h"
#include "services/cli/rpc_error.h"
#include "services/cli/server_connection.h"
#include "services/codec/codec.h"

namespace nianbao::cli {
namespace {

namespace v1 = ::nianbao::v1;

constexpr char kUsage[] =
    "用法 usage: nianbao report SUBCOMMAND [ARGS] --server HOST:PORT [--token T] [--json]\n\n"
    "  create    --agency ID --year N [--file REPORT]   创建草稿 (create a draft)\n"
    "  get       NAME [--revision N]                     查看报告或其版本 (show it, or a "
    "revision)\n"
    "  list      [--agency ID] [--year N] [--state draft|in_review|approved|published] [--all]\n"
    "  update    NAME --file REPORT [--etag E]           替换草稿内容 (replace the draft's "
    "content)\n"
    "  submit    NAME [--ack CODE[,CODE...]] [--etag E]  提交审核 (submit, acknowledging "
    "warnings)\n"
    "  approve   NAME [--comment TEXT]                   批准 (approve)\n"
    "  reject    NAME --reason TEXT                      退回 (reject)\n"
    "  publish   NAME                                    发布 (publish)\n"
    "  withdraw  NAME [--reason TEXT]                    撤回 (withdraw)\n"
    "  correct   NAME --reason TEXT                      更正 (open a correction)\n"
    "  revisions NAME                                    列出版本 (list frozen revisions)\n\n"
    "  NAME: agencies/{机关标识}/reports/{年度}\n"
    "  REPORT: 文本版式、.docx 或 JSON 文件 (text layout, .docx or JSON)\n"
    "  令牌 token: --token 或环境变量 NIANBAO_TOKEN (or $NIANBAO_TOKEN)\n"
    "  --request-id ID  幂等标识，缺省随机生成 (idempotency key; random by "
    "default)\n" NIANBAO_CLI_TRANSPORT_USAGE;

const std::set<std::string> kSubcommands = {"create",   "get",     "list",     "update",
                                            "submit",   "approve", "reject",   "publish",
                                            "withdraw", "correct", "revisions"};
const OptionSpec kOptionSpec{
    {"--server", "--token", "--agency", "--year", "--file", "--revision", "--state", "--etag",
     "--ack", "--comment", "--reason", "--request-id", "--page-size"},
    {"--json", "--all"}};

struct Options {
  std::string subcommand;
  std::string name;  // the positional NAME
  CommandLine line;
  bool json = false;
  bool all = false;
  std::string Value(const std::string& key) const { return line.Value(key); }
};

int Usage(const std::string& message) {
  std::cerr << "nianbao report: " << message << "\n\n" << kUsage;
  return kExitUsage;
}

// Empty on success, else the usage error.
std::string Parse(const std::vector<std::string>& args, Options* options) {
  if (std::string error = ParseCommandLine(args, kOptionSpec, &options->line); !error.empty()) {
    return error;
  }
  const std::vector<std::string>& words = options->line.words;
  if (words.size() > 2) return absl::StrCat("多余的参数 unexpected argument '", words[2], "'");
  if (!words.empty()) options->subcommand = words[0];
  if (words.size() > 1) options->name = words[1];
  options->json = options->line.Flag("--json");
  options->all = options->line.Flag("--all");
  if (options->subcommand.empty()) return "缺少子命令 missing subcommand";
  if (kSubcommands.count(options->subcommand) == 0) {
    return absl::StrCat("未知子命令 unknown subcommand '", options->subcommand, "'");
  }
  const bool needs_name = options->subcommand != "create" && options->subcommand != "list";
  if (needs_name && options->name.empty()) return "缺少报告名称 NAME (missing report name)";
  if (!needs_name && !options->name.empty()) {
    return absl::StrCat("多余的参数 unexpected argument '", options->name, "'");
  }
  if (options->Value("--server").empty()) return "缺少 --server (--server is required)";
  return "";
}

std::string NewRequestId() {
  std::random_device device;
  std::mt19937_64 generator((static_cast<uint64_t>(device()) << 32) ^ device());
  return absl::StrCat(absl::Hex(generator(), absl::kZeroPad16),
                      absl::Hex(generator(), absl::kZeroPad16));
}

class ReportClient {
 public:
  ReportClient(const Options& options, std::string token, std::shared_ptr<grpc::Channel> channel)
      : options_(options),
        token_(std::move(token)),
        stub_(v1::WorkflowService::NewStub(std::move(channel))),
        request_id_(options.Value("--request-id").empty() ? NewRequestId()
                                                          : options.Value("--request-id")) {}

  int Run();

 private:
  std::unique_ptr<grpc::ClientContext> Context() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token_);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    return context;
  }
  // Prints the report (or the whole response with --json) and returns the exit code.
  int Done(const grpc::Status& status, const google::protobuf::Message& response,
           const v1::Report& report) {
    if (!status.ok()) return PrintRpcError("nianbao report", status, std::cerr);
    if (options_.json) {
      PrintJson(response, std::cout);
    } else {
      PrintReportSummary(report, std::cout);
    }
    return kExitOk;
  }
  int ReadContent(v1::AnnualReport* content) {
    absl::StatusOr<v1::AnnualReport> imported =
        nianbao::codec::ImportReportFile(options_.Value("--file"));
    if (!imported.ok()) {
      std::cerr << "nianbao report: " << imported.status().message() << "\n";
      return kExitFailure;
    }
    *content = *std::move(imported);
    return kExitOk;
  }
  int Create();
  int Get();
  int GetRevision();
  int List();
  int Update();
  int Submit();
  int Revisions();

  const Options& options_;
  std::string token_;
  std::unique_ptr<v1::WorkflowService::Stub> stub_;
  std::string request_id_;
};

int ReportClient::Create() {
  v1::CreateReportRequest request;
  int year = 0;
  if (options_.Value("--agency").empty() || !absl::SimpleAtoi(options_.Value("--year"), &year)) {
    return Usage("create 需要 --agency 和 --year (create needs --agency and --year)");
  }
  request.set_parent("agencies/" + options_.Value("--agency"));
  request.set_report_year(year);
  if (!options_.Value("--file").empty()) {
    if (int code = ReadContent(request.mutable_content()); code != kExitOk) return code;
  }
  request.set_request_id(request_id_);
  v1::Report response;
  grpc::Status status = stub_->CreateReport(Context().get(), request, &response);
  return Done(status, response, response);
}

int ReportClient::Get() {
  if (!options_.Value("--revision").empty()) return GetRevision();
  v1::GetReportRequest request;
  request.set_name(options_.name);
  v1::Report response;
  grpc::Status status = stub_->GetReport(Context().get(), request, &response);
  return Done(status, response, response);
}

int ReportClient::GetRevision() {
  int64_t number = 0;
  if (!absl::SimpleAtoi(options_.Value("--revision"), &number) || number <= 0) {
    return Usage("--revision 应为正整数 (--revision must be a positive number)");
  }
  v1::GetRevisionRequest request;
  request.set_name(absl::StrCat(options_.name, "/revisions/", number));
  v1::ReportRevision response;
  grpc::Status status = stub_->GetRevision(Context().get(), request, &response);
  if (!status.ok()) return PrintRpcError("nianbao report", status, std::cerr);
  if (options_.json) {
    PrintJson(response, std::cout);
  } else {
    PrintRevisionLine(response, std::cout);
  }
  return kExitOk;
}

int ReportClient::List() {
  v1::ListReportsRequest request;
  request.set_parent("agencies/" +
                     (options_.Value("--agency").empty() ? "-" : options_.Value("--agency")));
  int value = 0;
  if (!options_.Value("--year").empty()) {
    if (!absl::SimpleAtoi(options_.Value("--year"), &value)) return Usage("--year 应为整数");
    request.set_report_year(value);
  }
  if (!options_.Value("--page-size").empty()) {
    if (!absl::SimpleAtoi(options_.Value("--page-size"), &value))
      return Usage("--page-size 应为整数");
    request.set_page_size(value);
  }
  if (!options_.Value("--state").empty()) {
    v1::ReportState state;
    if (!v1::ReportState_Parse("REPORT_STATE_" + absl::AsciiStrToUpper(options_.Value("--state")),
                               &state)) {
      return Usage("--state 应为 draft、in_review、approved 或 published");
    }
    request.set_state(state);
  }
  for (;;) {
    v1::ListReportsResponse response;
    grpc::Status status = stub_->ListReports(Context().get(), request, &response);
    if (!status.ok()) return PrintRpcError("nianbao report", status, std::cerr);
    if (options_.json) {
      PrintJson(response, std::cout);
    } else {
      for (const v1::Report& report : response.reports()) PrintReportLine(report, std::cout);
    }
    if (!options_.all || response.next_page_token().empty()) {
      if (!options_.json && !response.next_page_token().empty()) {
        std::cout << "（还有更多，使用 --all 列出全部 more pages: use --all）\n";
      }
      return kExitOk;
    }
    request.set_page_token(response.next_page_token());
  }
}

int ReportClient::Update() {
  if (options_.Value("--file").empty()) return Usage("update 需要 --file (update needs --file)");
  v1::UpdateReportRequest request;
  if (int code = ReadContent(request.mutable_report()->mutable_content()); code != kExitOk) {
    return code;
  }
  request.mutable_report()->set_name(options_.name);
  std::string etag = options_.Value("--etag");
  if (etag.empty()) {
    // Without --etag the edit applies to the version current now.
    v1::GetReportRequest get;
    get.set_name(options_.name);
    get.set_view(v1::REPORT_VIEW_BASIC);
    v1::Report current;
    grpc::Status status = stub_->GetReport(Context().get(), get, &current);
    if (!status.ok()) return PrintRpcError("nianbao report", status, std::cerr);
    etag = current.etag();
  }
  request.mutable_report()->set_etag(etag);
  request.mutable_update_mask()->add_paths("content");
  request.set_request_id(request_id_);
  v1::Report response;
  grpc::Status status = stub_->UpdateReport(Context().get(), request, &response);
  return Done(status, response, response);
}

int ReportClient::Submit() {
  v1::SubmitReportRequest request;
  request.set_name(options_.name);
  request.set_etag(options_.Value("--etag"));
  for (absl::string_view code :
       absl::StrSplit(options_.Value("--ack"), ',', absl::SkipWhitespace())) {
    request.add_acknowledged_warnings(std::string(absl::StripAsciiWhitespace(code)));
  }
  request.set_request_id(request_id_);
  v1::SubmitReportResponse response;
  grpc::Status status = stub_->SubmitReport(Context().get(), request, &response);
  if (status.ok() && !options_.json) {
    for (const v1::Finding& finding : response.findings()) {
      std::cout << "  " << v1::Severity_Name(finding.severity()) << " " << finding.code() << ": "
                << finding.message_zh() << "\n";
    }
  }
  return Done(status, response, response.report());
}

int ReportClient::Revisions() {
  v1::ListRevisionsRequest request;
  request.set_parent(options_.name);
  for (;;) {
    v1::ListRevisionsResponse response;
    grpc::Status status = stub_->ListRevisions(Context().get(), request, &response);
    if (!status.ok()) return PrintRpcError("nianbao report", status, std::cerr);
    if (options_.json) {
      PrintJson(response, std::cout);
    } else {
      for (const auto& revision : response.revisions()) PrintRevisionLine(revision, std::cout);
    }
    if (response.next_page_token().empty()) return kExitOk;
    request.set_page_token(response.next_page_token());
  }
}

int ReportClient::Run() {
  const std::string& sub = options_.subcommand;
  if (sub == "create") return Create();
  if (sub == "get") return Get();
  if (sub == "list") return List();
  if (sub == "update") return Update();
  if (sub == "submit") return Submit();
  if (sub == "revisions") return Revisions();
  const std::string etag = options_.Value("--etag");
  if (sub == "approve") {
    v1::ApproveReportRequest request;
    request.set_name(options_.name);
    request.set_etag(etag);
    request.set_comment(options_.Value("--comment"));
    request.set_request_id(request_id_);
    v1::ApproveReportResponse response;
    grpc::Status status = stub_->ApproveReport(Context().get(), request, &response);
    return Done(status, response, response.report());
  }
  if (sub == "reject") {
    v1::RejectReportRequest request;
    request.set_name(options_.name);
    request.set_etag(etag);
    request.set_reason(options_.Value("--reason"));
    request.set_request_id(request_id_);
    v1::RejectReportResponse response;
    grpc::Status status = stub_->RejectReport(Context().get(), request, &response);
    return Done(status, response, response.report());
  }
  if (sub == "publish") {
    v1::PublishReportRequest request;
    request.set_name(options_.name);
    request.set_etag(etag);
    request.set_request_id(request_id_);
    v1::PublishReportResponse response;
    grpc::Status status = stub_->PublishReport(Context().get(), request, &response);
    if (status.ok() && !options_.json) {
      for (const auto& warning : response.warnings()) {
        std::cout << "提示 " << warning.code() << ": " << warning.message_zh() << "\n";
      }
    }
    return Done(status, response, response.report());
  }
  if (sub == "withdraw") {
    v1::WithdrawReportRequest request;
    request.set_name(options_.name);
    request.set_etag(etag);
    request.set_reason(options_.Value("--reason"));
    request.set_request_id(request_id_);
    v1::WithdrawReportResponse response;
    grpc::Status status = stub_->WithdrawReport(Context().get(), request, &response);
    return Done(status, response, response.report());
  }
  v1::CorrectReportRequest request;  // correct
  request.set_name(options_.name);
  request.set_etag(etag);
  request.set_reason(options_.Value("--reason"));
  request.set_request_id(request_id_);
  v1::CorrectReportResponse response;
  grpc::Status status = stub_->CorrectReport(Context().get(), request, &response);
  return Done(status, response, response.report());
}

int RunReportCommand(const std::vector<std::string>& args) {
  std::vector<std::string> rest = args;
  absl::StatusOr<TransportOptions> transport = TakeTransportOptions(&rest);
  if (!transport.ok()) return Usage(std::string(transport.status().message()));
  Options options;
  if (std::string error = Parse(rest, &options); !error.empty()) return Usage(error);
  std::string token = options.Value("--token");
  if (token.empty() && std::getenv("NIANBAO_TOKEN") != nullptr)
    token = std::getenv("NIANBAO_TOKEN");
  if (token.empty()) return Usage("缺少令牌：--token 或 NIANBAO_TOKEN (a token is required)");
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      OpenChannel(options.Value("--server"), *transport, /*sends_token=*/true);
  if (!channel.ok()) {
    std::cerr << "nianbao report: " << channel.status().message() << "\n";
    return kExitUsage;
  }
  ReportClient client(options, std::move(token), *std::move(channel));
  return client.Run();
}

NIANBAO_REGISTER_COMMAND((Command{"report", "年报审批：创建、提交、审核、批准、发布、更正", kUsage,
                                  RunReportCommand}));

}  // namespace
}  // namespace nianbao::cli
