// `nianbao office status|rollup|compare|repetition`: the upper-level office's views of a subtree
// of agencies for a year, over nianbao-workflowd's OfficeService: filing status (报送情况), roll-up
// of tables 2–4 (汇总), year over year (同比) and repetition (重复率). Aligned tables on the
// terminal, or --json (the response), --csv, --xlsx FILE (the workbook to send upward, laid out
// like the format's tables). Every page is followed, so the output covers the whole subtree.
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nianbao/v1/office.grpc.pb.h"
#include "services/cli/command_options.h"
#include "services/cli/command_registry.h"
#include "services/cli/report_command_output.h"
#include "services/cli/rpc_error.h"
#include "services/cli/server_connection.h"
#include "services/office/office_sheets.h"
#include "services/office/office_xlsx.h"

namespace nianbao::cli {
namespace {

namespace v1 = nianbao::v1;

constexpr char kCommand[] = "nianbao office";
constexpr char kUsage[] =
    "用法 usage:\n"
    "  nianbao office status|rollup|compare|repetition --server HOST:PORT [--token T]\n"
    "                 --parent agencies/ID --year YEAR [--kind department|government|township]\n"
    "                 [--json | --csv | --xlsx FILE]\n\n"
    "  status      报送情况：下属各机关报告状态、截止日期与逾期 (filing status, deadlines, "
    "overdue)\n"
    "  rollup      汇总：已发布报告表二、三、四之和 (sums of tables 2-4 over published reports)\n"
    "  compare     同比：本年与上年指标及增减 (indicators this year against last)\n"
    "  repetition  重复率：第一、五部分与上年重复比例，从高到低 (text repeated from last year)\n"
    "  --json      输出响应的 JSON (the response as proto3 JSON)\n"
    "  --csv       输出 CSV (CSV, one table after another)\n"
    "  --xlsx FILE 写入 XLSX 工作簿，版式同格式表格，可直接上报 (an XLSX workbook laid out like\n"
    "              the format's tables, to send upward)\n"
    "  令牌 token: --token 或环境变量 NIANBAO_TOKEN (or the NIANBAO_TOKEN environment variable)\n"
    "  (--kind 不适用于 repetition; --kind does not apply to "
    "repetition)\n" NIANBAO_CLI_TRANSPORT_USAGE;

// Pages asked for at once: the server's maximum, so a subtree of a few thousand takes few calls.
constexpr int kPageSize = 1000;

struct Options {
  std::string subcommand;
  CommandLine line;
  bool json = false;
  bool csv = false;
  TransportOptions transport;
};

int UsageError(const std::string& message) {
  std::cerr << kCommand << ": " << message << "\n\n" << kUsage;
  return kExitUsage;
}

// Empty on success, else the usage error.
std::string ParseOptions(const std::vector<std::string>& args, Options* options) {
  static const OptionSpec kSpec{{"--server", "--token", "--parent", "--year", "--kind", "--xlsx"},
                                {"--json", "--csv"}};
  if (std::string error = ParseCommandLine(args, kSpec, &options->line); !error.empty()) {
    return error;
  }
  const std::vector<std::string>& words = options->line.words;
  if (words.size() > 1) return absl::StrCat("多余的参数 unexpected argument ", words[1]);
  if (!words.empty()) options->subcommand = words[0];
  options->json = options->line.Flag("--json");
  options->csv = options->line.Flag("--csv");
  return "";
}

std::string Value(const Options& options, const std::string& name) {
  return options.line.Value(name);
}

bool ParseKind(const std::string& text, v1::AgencyKind* kind) {
  if (text.empty())
    *kind = v1::AGENCY_KIND_UNSPECIFIED;
  else if (text == "department")
    *kind = v1::AGENCY_KIND_DEPARTMENT;
  else if (text == "government")
    *kind = v1::AGENCY_KIND_GOVERNMENT;
  else if (text == "township")
    *kind = v1::AGENCY_KIND_TOWNSHIP;
  else
    return false;
  return true;
}

// The request fields every subcommand shares, checked before anything is sent.
struct Query {
  std::string parent;
  int year = 0;
  v1::AgencyKind kind = v1::AGENCY_KIND_UNSPECIFIED;
};

class OfficeClient {
 public:
  OfficeClient(std::shared_ptr<grpc::Channel> channel, std::string token)
      : stub_(v1::OfficeService::NewStub(std::move(channel))), token_(std::move(token)) {}

  // Calls `method` page after page, handing each response to `merge`; the first failure stops.
  template <typename Request, typename Response, typename Merge>
  grpc::Status AllPages(Request request,
                        grpc::Status (v1::OfficeService::Stub::*method)(grpc::ClientContext*,
                                                                        const Request&, Response*),
                        Merge merge) {
    request.set_page_size(kPageSize);
    while (true) {
      grpc::ClientContext context;
      Prepare(&context);
      Response page;
      grpc::Status status = (stub_.get()->*method)(&context, request, &page);
      if (!status.ok()) return status;
      merge(page);
      if (page.next_page_token().empty()) return grpc::Status::OK;
      request.set_page_token(page.next_page_token());
    }
  }
  grpc::Status Rollup(const v1::GetRollupRequest& request, v1::GetRollupResponse* response) {
    grpc::ClientContext context;
    Prepare(&context);
    return stub_->GetRollup(&context, request, response);
  }

 private:
  void Prepare(grpc::ClientContext* context) const {
    context->AddMetadata("authorization", "Bearer " + token_);
  }
  std::unique_ptr<v1::OfficeService::Stub> stub_;
  std::string token_;
};

// Prints or writes the answer as the options ask: JSON of `response`, or its sheets.
int Emit(const Options& options, const google::protobuf::Message& response,
         const std::vector<office::Sheet>& sheets) {
  if (options.json) {
    PrintJson(response, std::cout);
    return kExitOk;
  }
  if (const std::string path = Value(options, "--xlsx"); !path.empty()) {
    if (absl::Status status = office::WriteXlsx(sheets, path); !status.ok()) {
      std::cerr << kCommand << ": " << status.message() << "\n";
      return kExitFailure;
    }
    std::cout << "已写入 written: " << path << "（" << sheets.size() << " 个工作表 sheets）\n";
    return kExitOk;
  }
  for (size_t i = 0; i < sheets.size(); ++i) {
    if (i > 0) std::cout << (options.csv ? "\r\n" : "\n");
    std::cout << (options.csv ? office::SheetCsv(sheets[i]) : office::SheetText(sheets[i]));
  }
  return kExitOk;
}

int RunSubcommand(const Options& options, const Query& query, OfficeClient& client) {
  const office::SheetScope scope{query.parent, query.year};
  if (options.subcommand == "status") {
    v1::GetFilingStatusRequest request;
    request.set_parent(query.parent);
    request.set_report_year(query.year);
    request.set_kind(query.kind);
    v1::GetFilingStatusResponse all;
    grpc::Status status = client.AllPages(request, &v1::OfficeService::Stub::GetFilingStatus,
                                          [&](v1::GetFilingStatusResponse& page) {
                                            for (auto& agency : *page.mutable_agencies())
                                              *all.add_agencies() = std::move(agency);
                                            *all.mutable_totals() = page.totals();
                                            *all.mutable_as_of_time() = page.as_of_time();
                                          });
    if (!status.ok()) return PrintRpcError(kCommand, status, std::cerr);
    return Emit(options, all, {office::FilingStatusSheet(all, scope)});
  }
  if (options.subcommand == "rollup") {
    v1::GetRollupRequest request;
    request.set_parent(query.parent);
    request.set_report_year(query.year);
    request.set_kind(query.kind);
    v1::GetRollupResponse response;
    grpc::Status status = client.Rollup(request, &response);
    if (!status.ok()) return PrintRpcError(kCommand, status, std::cerr);
    return Emit(options, response, office::RollupSheets(response, scope));
  }
  if (options.subcommand == "compare") {
    v1::CompareYearsRequest request;
    request.set_parent(query.parent);
    request.set_report_year(query.year);
    request.set_kind(query.kind);
    v1::CompareYearsResponse all;
    grpc::Status status = client.AllPages(request, &v1::OfficeService::Stub::CompareYears,
                                          [&](v1::CompareYearsResponse& page) {
                                            *all.mutable_rollup() = page.rollup();
                                            for (auto& agency : *page.mutable_agencies())
                                              *all.add_agencies() = std::move(agency);
                                          });
    if (!status.ok()) return PrintRpcError(kCommand, status, std::cerr);
    return Emit(options, all, {office::ComparisonSheet(all, scope)});
  }
  v1::ListRepetitionRequest request;
  request.set_parent(query.parent);
  request.set_report_year(query.year);
  v1::ListRepetitionResponse all;
  grpc::Status status = client.AllPages(request, &v1::OfficeService::Stub::ListRepetition,
                                        [&](v1::ListRepetitionResponse& page) {
                                          for (auto& agency : *page.mutable_agencies())
                                            *all.add_agencies() = std::move(agency);
                                        });
  if (!status.ok()) return PrintRpcError(kCommand, status, std::cerr);
  return Emit(options, all, {office::RepetitionSheet(all, scope)});
}

int RunOffice(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return kExitOk;
    }
  }
  std::vector<std::string> rest = args;
  absl::StatusOr<TransportOptions> transport = TakeTransportOptions(&rest);
  if (!transport.ok()) return UsageError(std::string(transport.status().message()));
  Options options;
  options.transport = *std::move(transport);
  if (std::string error = ParseOptions(rest, &options); !error.empty()) return UsageError(error);
  const std::string& sub = options.subcommand;
  if (sub != "status" && sub != "rollup" && sub != "compare" && sub != "repetition") {
    return UsageError(absl::StrCat("未知子命令 unknown subcommand \"", sub, "\""));
  }
  if (static_cast<int>(options.json) + static_cast<int>(options.csv) +
          static_cast<int>(!Value(options, "--xlsx").empty()) >
      1) {
    return UsageError("--json、--csv、--xlsx 只能选一 (choose one of --json, --csv, --xlsx)");
  }
  Query query;
  query.parent = Value(options, "--parent");
  if (!absl::StartsWith(query.parent, "agencies/") || query.parent.size() == 9) {
    return UsageError("--parent 应为 agencies/ID (--parent must be agencies/ID)");
  }
  if (!absl::SimpleAtoi(Value(options, "--year"), &query.year)) {
    return UsageError("--year 应为年份 (--year must be a year)");
  }
  if (!ParseKind(Value(options, "--kind"), &query.kind)) {
    return UsageError("--kind 应为 department、government 或 township");
  }
  const std::string server = Value(options, "--server");
  if (server.empty()) return UsageError("缺少 --server (--server is required)");
  std::string token = Value(options, "--token");
  if (token.empty() && std::getenv("NIANBAO_TOKEN") != nullptr)
    token = std::getenv("NIANBAO_TOKEN");
  if (token.empty()) return UsageError("缺少令牌：--token 或 NIANBAO_TOKEN (a token is required)");
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      OpenChannel(server, options.transport, /*sends_token=*/true);
  if (!channel.ok()) {
    std::cerr << kCommand << ": " << channel.status().message() << "\n";
    return kExitFailure;
  }
  OfficeClient client(*std::move(channel), std::move(token));
  return RunSubcommand(options, query, client);
}

NIANBAO_REGISTER_COMMAND((Command{
    "office",
    "上级政务公开办：报送情况、汇总、同比、重复率 (the upper-level office: filing status, "
    "roll-up, year over year, repetition)",
    kUsage, RunOffice}));

}  // namespace
}  // namespace nianbao::cli
