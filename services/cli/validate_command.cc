// `nianbao validate FILE [--previous FILE] [--published-on DATE] [--stage STAGE] [--server ADDR]
// [--json]`: checks a report against the format's rules, in-process by default or through a
// nianbao-validatord with --server. Exit 0 when no finding is an error, 1 when one is (or the input
// cannot be read, or the server fails), 2 on wrong usage.
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "google/rpc/error_details.pb.h"
#include "nianbao/v1/validation.grpc.pb.h"
#include "services/cli/command_options.h"
#include "services/cli/command_registry.h"
#include "services/cli/rpc_error.h"
#include "services/cli/server_connection.h"
#include "services/codec/codec.h"
#include "services/common/grpc_status.h"
#include "services/validation/validation_core.h"

namespace nianbao::cli {
namespace {

constexpr char kUsage[] =
    "用法 usage: nianbao validate FILE [--previous FILE] [--published-on YYYY-MM-DD]\n"
    "                        [--stage draft|submission|publication] [--server HOST:PORT] "
    "[--json]\n\n"
    "按国家格式的规则校验年度报告（.txt 文本版式、.docx 或 JSON）。\n"
    "Checks an annual report (text layout, .docx or JSON) against the national format's rules.\n\n"
    "  --previous FILE        上年度报告，用于跨年度规则 (last year's report: cross-year rules)\n"
    "  --published-on DATE    发布日期，用于发布时限规则 (publication date: deadline rule)\n"
    "  --stage STAGE          校验环节：draft（默认）、submission、publication\n"
    "  --server HOST:PORT     通过 nianbao-validatord 校验 (validate through a server)\n"
    "  --json                 以 JSON 输出 (print the ValidateResponse as proto3 "
    "JSON)\n" NIANBAO_CLI_TRANSPORT_USAGE
    "\n"
    "退出码 exit: 0 无错误 no errors; 1 有错误或无法读取 errors or failure; 2 用法错误 usage\n";

struct Options {
  std::string file;
  std::string previous;
  std::string published_on;
  std::string stage = "draft";
  std::string server;
  bool json = false;
  TransportOptions transport;
};

// Returns false (after printing why) on wrong usage.
bool ParseOptions(const std::vector<std::string>& args, Options* options) {
  static const OptionSpec kSpec{{"--previous", "--published-on", "--stage", "--server"},
                                {"--json"}};
  CommandLine line;
  if (std::string error = ParseCommandLine(args, kSpec, &line); !error.empty()) {
    std::cerr << "nianbao validate: " << error << "\n";
    return false;
  }
  if (line.words.size() > 1) {
    std::cerr << "nianbao validate: 只能校验一个文件 only one FILE, got " << line.words[1] << "\n";
    return false;
  }
  if (line.words.empty()) {
    std::cerr << "nianbao validate: 缺少要校验的文件 FILE is required\n";
    return false;
  }
  options->file = line.words[0];
  options->previous = line.Value("--previous");
  options->published_on = line.Value("--published-on");
  if (line.Has("--stage")) options->stage = line.values.at("--stage");
  options->server = line.Value("--server");
  options->json = line.Flag("--json");
  return true;
}

bool ParseDate(const std::string& text, nianbao::v1::Date* date) {
  const std::vector<std::string> parts = absl::StrSplit(text, '-');
  int y = 0, m = 0, d = 0;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &y) || !absl::SimpleAtoi(parts[1], &m) ||
      !absl::SimpleAtoi(parts[2], &d)) {
    return false;
  }
  const absl::CivilDay day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d) return false;
  date->set_year(y);
  date->set_month(m);
  date->set_day(d);
  return true;
}

// The section a field path belongs to, as a heading for the human output, in document order.
std::pair<int, const char*> SectionOf(const std::string& path) {
  static const std::pair<const char*, std::pair<int, const char*>> kSections[] = {
      {"overview", {1, "一、总体情况"}},
      {"active_disclosure", {2, "二、主动公开政府信息情况（表二）"}},
      {"applications", {3, "三、收到和处理政府信息公开申请情况（表三）"}},
      {"review_litigation", {4, "四、政府信息公开行政复议、行政诉讼情况（表四）"}},
      {"problems_and_improvements", {5, "五、存在的主要问题及改进情况"}},
      {"other_matters", {6, "六、其他需要报告的事项"}},
  };
  for (const auto& [prefix, section] : kSections) {
    if (absl::StartsWith(path, prefix)) return section;
  }
  return {0, "报告信息与导语"};
}

const char* SeverityName(nianbao::v1::Severity severity) {
  switch (severity) {
    case nianbao::v1::SEVERITY_ERROR:
      return "错误";
    case nianbao::v1::SEVERITY_WARNING:
      return "警告";
    case nianbao::v1::SEVERITY_INFO:
      return "提示";
    default:
      break;
  }
  return "未知";
}

void PrintForPeople(const std::string& file, const nianbao::v1::ValidateResponse& response) {
  std::cout << file << "：错误 " << response.error_count() << " 个，警告 "
            << response.warning_count() << " 个，提示 " << response.info_count() << " 个（规则版本 "
            << response.catalog_version() << "）\n";
  std::map<int, std::pair<const char*, std::vector<const nianbao::v1::Finding*>>> by_section;
  for (const auto& finding : response.findings()) {
    const auto [order, title] = SectionOf(finding.field_path());
    auto& entry = by_section[order];
    entry.first = title;
    entry.second.push_back(&finding);  // Findings arrive errors first.
  }
  for (const auto& [order, entry] : by_section) {
    std::cout << "\n" << entry.first << "\n";
    for (const auto* finding : entry.second) {
      std::cout << "  [" << SeverityName(finding->severity()) << "] " << finding->code() << " "
                << finding->message_zh() << "\n      位置: " << finding->field_path();
      if (!finding->column().empty()) std::cout << "（列 " << finding->column() << "）";
      std::cout << "\n";
    }
  }
  if (response.findings_size() == 0) std::cout << "未发现问题。\n";
}

int RunValidate(const std::vector<std::string>& args) {
  Options options;
  std::vector<std::string> rest = args;
  absl::StatusOr<TransportOptions> transport = TakeTransportOptions(&rest);
  if (!transport.ok()) {
    std::cerr << "nianbao validate: " << transport.status().message() << "\n\n" << kUsage;
    return kExitUsage;
  }
  options.transport = *std::move(transport);
  if (!ParseOptions(rest, &options)) {
    std::cerr << "\n" << kUsage;
    return kExitUsage;
  }
  nianbao::v1::ValidateRequest request;
  if (options.stage == "draft") {
    request.set_stage(nianbao::v1::VALIDATION_STAGE_UNSPECIFIED);
  } else if (options.stage == "submission") {
    request.set_stage(nianbao::v1::VALIDATION_STAGE_SUBMISSION);
  } else if (options.stage == "publication") {
    request.set_stage(nianbao::v1::VALIDATION_STAGE_PUBLICATION);
  } else {
    std::cerr << "nianbao validate: --stage 应为 draft、submission 或 publication，实际为 "
              << options.stage << "\n";
    return kExitUsage;
  }
  if (!options.published_on.empty() &&
      !ParseDate(options.published_on, request.mutable_publication_date())) {
    std::cerr << "nianbao validate: --published-on 应为 YYYY-MM-DD 格式的日期，实际为 "
              << options.published_on << "\n";
    return kExitUsage;
  }
  auto report = nianbao::codec::ImportReportFile(options.file);
  if (!report.ok()) {
    std::cerr << "nianbao validate: 无法导入 " << options.file << ": " << report.status().message()
              << "\n";
    return kExitFailure;
  }
  *request.mutable_report() = *std::move(report);
  if (!options.previous.empty()) {
    auto previous = nianbao::codec::ImportReportFile(options.previous);
    if (!previous.ok()) {
      std::cerr << "nianbao validate: 无法导入上年度报告 " << options.previous << ": "
                << previous.status().message() << "\n";
      return kExitFailure;
    }
    *request.mutable_previous_report() = *std::move(previous);
  }

  nianbao::v1::ValidateResponse response;
  if (options.server.empty()) {
    if (absl::Status status = nianbao::validation::ValidateReportRequest(request, {}, &response);
        !status.ok()) {
      PrintRpcError("nianbao validate", nianbao::service::ToGrpcStatus(status), std::cerr);
      return kExitFailure;
    }
  } else {
    // Validation takes no token, so plaintext beyond loopback is allowed.
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        OpenChannel(options.server, options.transport, /*sends_token=*/false);
    if (!channel.ok()) {
      std::cerr << "nianbao validate: " << channel.status().message() << "\n";
      return kExitUsage;
    }
    auto stub = nianbao::v1::ValidationService::NewStub(*std::move(channel));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    const grpc::Status status = stub->Validate(&context, request, &response);
    if (!status.ok()) {
      PrintRpcError("nianbao validate", status, std::cerr);
      return kExitFailure;
    }
  }

  if (options.json) {
    std::string json;
    google::protobuf::util::JsonPrintOptions print_options;
    print_options.add_whitespace = true;
    print_options.preserve_proto_field_names = true;
    if (!google::protobuf::util::MessageToJsonString(response, &json, print_options).ok()) {
      std::cerr << "nianbao validate: 无法生成 JSON cannot render JSON\n";
      return kExitFailure;
    }
    std::cout << json;
  } else {
    PrintForPeople(options.file, response);
  }
  return response.error_count() > 0 ? kExitFailure : kExitOk;
}

NIANBAO_REGISTER_COMMAND((Command{"validate", "按国家格式规则校验年度报告 (check a report)", kUsage,
                                  RunValidate}));

}  // namespace
}  // namespace nianbao::cli
