// `nianbao audit list|export|verify`: read the audit trail of a nianbao-workflowd (list for people,
// export as JSON lines with a signed checkpoint) and verify an export offline with the public key,
// naming the first broken event. The token comes from --token or $NIANBAO_TOKEN and is never
// printed.
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "nianbao/v1/audit.grpc.pb.h"
#include "services/cli/command_options.h"
#include "services/cli/command_registry.h"
#include "services/cli/rpc_error.h"
#include "services/cli/server_connection.h"
#include "workflow/audit_export.h"
#include "workflow/checkpoint_signing.h"
#include "workflow/timestamps.h"

namespace nianbao::cli {
namespace {

namespace v1 = nianbao::v1;

constexpr char kUsage[] =
    "用法 usage:\n"
    "  nianbao audit list   --server HOST:PORT [--token T] [--report NAME] [--agency ID]\n"
    "                       [--actor NAME] [--action ACTION] [--page-size N] [--all] [--json]\n"
    "  nianbao audit export --server HOST:PORT [--token T] [--agency ID] [--after SEQ]\n"
    "                       [--output FILE] [--public-key-out FILE]\n"
    "  nianbao audit verify --public-key FILE EXPORT_FILE\n\n"
    "  list    列出审计事件 (list audit events, newest last; --all follows every page)\n"
    "  export  导出为 JSON 行，末行为签名检查点 (export JSON lines ending with a signed "
    "checkpoint;\n"
    "          --agency: 检查点签署该机关审计链，证明导出完整 the checkpoint signs the agency's\n"
    "          chain, so the export proves it holds all of the agency's events)\n"
    "  verify  离线验证导出文件 (verify an export offline; exit 1 naming the first broken event)\n"
    "  令牌 token: --token 或环境变量 NIANBAO_TOKEN (or the NIANBAO_TOKEN environment variable)\n"
    "  ACTION: create update submit withdraw reject approve publish correct "
    "read backup restore\n" NIANBAO_CLI_TRANSPORT_USAGE;

struct Options {
  std::string subcommand;
  std::vector<std::string> positional;  // the words after the subcommand
  CommandLine line;
  bool all = false;
  bool json = false;
  TransportOptions transport;
};

int UsageError(const std::string& message) {
  std::cerr << "nianbao audit: " << message << "\n\n" << kUsage;
  return kExitUsage;
}

// Empty on success, else the usage error.
std::string ParseOptions(const std::vector<std::string>& args, Options* options) {
  static const OptionSpec kSpec{
      {"--server", "--token", "--report", "--agency", "--actor", "--action", "--page-size",
       "--after", "--output", "--public-key", "--public-key-out"},
      {"--all", "--json"}};
  if (std::string error = ParseCommandLine(args, kSpec, &options->line); !error.empty()) {
    return error;
  }
  const std::vector<std::string>& words = options->line.words;
  if (!words.empty()) {
    options->subcommand = words[0];
    options->positional.assign(words.begin() + 1, words.end());
  }
  options->all = options->line.Flag("--all");
  options->json = options->line.Flag("--json");
  return "";
}

std::string Value(const Options& options, const std::string& name) {
  return options.line.Value(name);
}

struct Connection {
  std::unique_ptr<v1::AuditService::Stub> stub;
  std::string token;
  void Prepare(grpc::ClientContext* context) const {
    context->AddMetadata("authorization", "Bearer " + token);
  }
};

bool Connect(const Options& options, Connection* connection, std::string* error) {
  const std::string server = Value(options, "--server");
  if (server.empty()) {
    *error = "缺少 --server (--server is required)";
    return false;
  }
  connection->token = Value(options, "--token");
  if (connection->token.empty() && std::getenv("NIANBAO_TOKEN") != nullptr) {
    connection->token = std::getenv("NIANBAO_TOKEN");
  }
  if (connection->token.empty()) {
    *error = "缺少令牌：--token 或 NIANBAO_TOKEN (a token is required)";
    return false;
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      OpenChannel(server, options.transport, /*sends_token=*/true);
  if (!channel.ok()) {
    *error = std::string(channel.status().message());
    return false;
  }
  connection->stub = v1::AuditService::NewStub(*std::move(channel));
  return true;
}

bool ParseAction(const std::string& text, v1::AuditAction* action) {
  if (text.empty()) return true;
  std::string name = absl::StrCat("AUDIT_ACTION_", text);
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return v1::AuditAction_Parse(name, action);
}

// A state's name without its prefix; before a create there is no state, shown as 新建 NEW rather
// than the enum's UNSPECIFIED.
std::string StateLabel(v1::ReportState state) {
  if (state == v1::REPORT_STATE_UNSPECIFIED) return "新建 NEW";
  return v1::ReportState_Name(state).substr(13);
}

// One event per line. Reads (and other events about no report state) leave out the revision and
// state columns, which would only say "r0 新建 NEW -> 新建 NEW".
std::string HumanLine(const v1::AuditEvent& event) {
  const std::string time =
      absl::FormatTime("%Y-%m-%d %H:%M:%S", nianbao::workflow::FromTimestamp(event.time()),
                       absl::FixedTimeZone(8 * 3600));
  const std::string subject = !event.report().empty()      ? event.report()
                              : !event.agency_id().empty() ? event.agency_id()
                                                           : "所有机关 all agencies";
  std::string line = absl::StrCat("#", event.sequence(), "  ", time, "  ", event.actor(), "  ",
                                  v1::AuditAction_Name(event.action()).substr(13), "  ", subject);
  if (event.state_before() != v1::REPORT_STATE_UNSPECIFIED ||
      event.state_after() != v1::REPORT_STATE_UNSPECIFIED) {
    absl::StrAppend(&line, "  r", event.revision(), "  ", StateLabel(event.state_before()), " -> ",
                    StateLabel(event.state_after()));
  }
  absl::StrAppend(&line, "  ",
                  event.outcome() == v1::AUDIT_OUTCOME_DENIED ? "拒绝 DENIED" : "成功 OK");
  if (!event.reason().empty()) absl::StrAppend(&line, "  ", event.reason());
  return line;
}

int RunList(const Options& options) {
  Connection connection;
  std::string error;
  if (!Connect(options, &connection, &error)) return UsageError(error);
  v1::ListAuditEventsRequest request;
  request.set_report(Value(options, "--report"));
  request.set_agency_id(Value(options, "--agency"));
  request.set_actor(Value(options, "--actor"));
  v1::AuditAction action = v1::AUDIT_ACTION_UNSPECIFIED;
  if (!ParseAction(Value(options, "--action"), &action)) {
    return UsageError(absl::StrCat("未知操作 unknown --action ", Value(options, "--action")));
  }
  request.set_action(action);
  int page_size = 0;
  if (!Value(options, "--page-size").empty() &&
      !absl::SimpleAtoi(Value(options, "--page-size"), &page_size)) {
    return UsageError("--page-size 应为整数 (must be an integer)");
  }
  request.set_page_size(page_size);
  for (;;) {
    grpc::ClientContext context;
    connection.Prepare(&context);
    v1::ListAuditEventsResponse response;
    grpc::Status status = connection.stub->ListAuditEvents(&context, request, &response);
    if (!status.ok()) return PrintRpcError("nianbao audit", status, std::cerr);
    for (const v1::AuditEvent& event : response.events()) {
      if (options.json) {
        v1::AuditExportRecord record;
        *record.mutable_event() = event;
        absl::StatusOr<std::string> line = nianbao::workflow::ExportRecordToJsonLine(record);
        std::cout << (line.ok() ? *line : line.status().ToString()) << "\n";
      } else {
        std::cout << HumanLine(event) << "\n";
      }
    }
    if (response.next_page_token().empty()) break;
    if (!options.all) {
      std::cerr
          << "下一页 next page: --page-token 请使用 --all 查看全部 (use --all for every page)\n";
      break;
    }
    request.set_page_token(response.next_page_token());
  }
  return kExitOk;
}

int RunExport(const Options& options) {
  Connection connection;
  std::string error;
  if (!Connect(options, &connection, &error)) return UsageError(error);
  int64_t after = 0;
  if (!Value(options, "--after").empty() && !absl::SimpleAtoi(Value(options, "--after"), &after)) {
    return UsageError("--after 应为整数 (must be an integer)");
  }
  // The checkpoint first: the export ends exactly at the head it vouches for. An agency's export
  // ends with a checkpoint scoped to the agency, which signs its chain's head too, so that the
  // export proves it holds every one of the agency's events.
  v1::GetCheckpointRequest checkpoint_request;
  checkpoint_request.set_sign_now(true);
  checkpoint_request.set_agency_id(Value(options, "--agency"));
  v1::GetCheckpointResponse checkpoint;
  {
    grpc::ClientContext context;
    connection.Prepare(&context);
    grpc::Status status = connection.stub->GetCheckpoint(&context, checkpoint_request, &checkpoint);
    if (!status.ok()) return PrintRpcError("nianbao audit", status, std::cerr);
  }
  if (!Value(options, "--public-key-out").empty()) {
    grpc::ClientContext context;
    connection.Prepare(&context);
    v1::GetPublicKeyResponse key;
    grpc::Status status = connection.stub->GetPublicKey(&context, {}, &key);
    if (!status.ok()) return PrintRpcError("nianbao audit", status, std::cerr);
    std::ofstream(Value(options, "--public-key-out")) << key.public_key_pem();
  }
  std::ofstream file;
  const std::string output = Value(options, "--output");
  if (!output.empty()) {
    file.open(output);
    if (!file) {
      std::cerr << "nianbao audit: 无法写入 cannot write " << output << "\n";
      return kExitFailure;
    }
  }
  std::ostream& out = output.empty() ? std::cout : file;
  auto write = [&out](const v1::AuditExportRecord& record) {
    absl::StatusOr<std::string> line = nianbao::workflow::ExportRecordToJsonLine(record);
    if (line.ok()) out << *line << "\n";
    return line.ok();
  };
  v1::AuditExportRecord header;
  header.mutable_header()->set_agency_id(Value(options, "--agency"));
  header.mutable_header()->set_after_sequence(after);
  *header.mutable_header()->mutable_export_time() = nianbao::workflow::ToTimestamp(absl::Now());
  write(header);
  const int64_t last = checkpoint.checkpoint().sequence();
  int64_t exported = 0;
  if (last > after) {
    grpc::ClientContext context;
    connection.Prepare(&context);
    v1::StreamAuditEventsRequest request;
    request.set_after_sequence(after);
    request.set_agency_id(Value(options, "--agency"));
    std::unique_ptr<grpc::ClientReader<v1::StreamAuditEventsResponse>> reader =
        connection.stub->StreamAuditEvents(&context, request);
    v1::StreamAuditEventsResponse message;
    bool reached = false;
    while (!reached && reader->Read(&message)) {
      if (message.event().sequence() > last) break;
      v1::AuditExportRecord record;
      *record.mutable_event() = message.event();
      write(record);
      ++exported;
      reached = message.event().sequence() == last;
    }
    context.TryCancel();
    grpc::Status status = reader->Finish();
    if (!status.ok() && status.error_code() != grpc::StatusCode::CANCELLED) {
      return PrintRpcError("nianbao audit", status, std::cerr);
    }
  }
  v1::AuditExportRecord trailer;
  *trailer.mutable_checkpoint() = checkpoint.checkpoint();
  write(trailer);
  out.flush();
  std::cerr << "已导出 exported " << exported << " 个事件 events up to checkpoint " << last << "\n";
  return kExitOk;
}

int RunVerify(const Options& options) {
  const std::string key_path = Value(options, "--public-key");
  if (key_path.empty()) return UsageError("缺少 --public-key (--public-key is required)");
  if (options.positional.size() != 1) return UsageError("需要一个导出文件 (one EXPORT_FILE)");
  absl::StatusOr<std::unique_ptr<nianbao::workflow::AuditVerifyingKey>> key =
      nianbao::workflow::AuditVerifyingKey::FromPemFile(key_path);
  if (!key.ok()) {
    std::cerr << "nianbao audit: " << key.status().message() << "\n";
    return kExitFailure;
  }
  std::ifstream in(options.positional[0]);
  if (!in) {
    std::cerr << "nianbao audit: 无法读取 cannot read " << options.positional[0] << "\n";
    return kExitFailure;
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::vector<v1::AuditExportRecord>> records =
      nianbao::workflow::ParseAuditExport(text.str());
  if (!records.ok()) {
    std::cerr << "nianbao audit: " << records.status().message() << "\n";
    return kExitFailure;
  }
  absl::StatusOr<nianbao::workflow::ExportVerification> verification =
      nianbao::workflow::VerifyAuditExport(*records, **key);
  if (!verification.ok()) {
    std::cout << "验证失败 VERIFICATION FAILED: " << verification.status().message() << "\n";
    return kExitFailure;
  }
  if (!verification->intact()) {
    const auto& chain_break = *verification->first_break;
    const std::string kind(nianbao::workflow::ChainBreakKindName(chain_break.kind));
    if (verification->agency_id.empty()) {
      std::cout << "验证失败 VERIFICATION FAILED: 第一个损坏的事件 first broken event "
                << chain_break.sequence << " (" << kind << ")";
    } else {
      // An agency export breaks along the agency's chain: the place is its agency sequence, and
      // the global sequence of the event found there (none for a missing tail).
      std::cout << "验证失败 VERIFICATION FAILED: 机关 " << verification->agency_id
                << " 第一个损坏的事件 first broken event of agency " << verification->agency_id
                << ": agency sequence " << chain_break.sequence;
      if (chain_break.global_sequence > 0) {
        std::cout << ", global sequence " << chain_break.global_sequence;
      }
      std::cout << " (" << kind << ")";
    }
    std::cout << "\n  " << chain_break.message.zh << "\n  " << chain_break.message.en << "\n";
    return kExitFailure;
  }
  std::cout << "验证通过 OK: " << verification->events << " 个事件 events, "
            << verification->reports << " 条报告链 report chains, 检查点 checkpoint "
            << verification->checkpoint_sequence;
  if (!verification->agency_id.empty()) {
    std::cout << ", 机关 agency " << verification->agency_id << " 至机关事件 up to agency event "
              << verification->agency_sequence;
  }
  std::cout << (verification->anchored ? " 已核对 (head matched)" : " (head not in this export)")
            << ", key " << (*key)->key_id() << "\n";
  if (verification->unchained_events > 0) {
    std::cout << "注意 NOTE: " << verification->unchained_events
              << " 个事件早于机关审计链，其完整性无法证明 (events predate the agency chain; their "
                 "completeness is not proven)\n";
  }
  return kExitOk;
}

int RunAudit(const std::vector<std::string>& args) {
  Options options;
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return kExitOk;
    }
  }
  std::vector<std::string> rest = args;
  absl::StatusOr<TransportOptions> transport = TakeTransportOptions(&rest);
  if (!transport.ok()) return UsageError(std::string(transport.status().message()));
  options.transport = *std::move(transport);
  if (std::string error = ParseOptions(rest, &options); !error.empty()) return UsageError(error);
  if (options.subcommand == "list") return RunList(options);
  if (options.subcommand == "export") return RunExport(options);
  if (options.subcommand == "verify") return RunVerify(options);
  return UsageError(absl::StrCat("未知子命令 unknown subcommand \"", options.subcommand, "\""));
}

NIANBAO_REGISTER_COMMAND((Command{
    "audit", "审计记录：列出、导出、离线验证 (audit trail: list, export, verify offline)", kUsage,
    RunAudit}));

}  // namespace
}  // namespace nianbao::cli
