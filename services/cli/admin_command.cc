// `nianbao admin backup|backups`: online backups of a nianbao-workflowd's data (AdminService),
// made and listed on the server's machine, by a principal holding ROLE_ADMIN for "*". The token
// comes from --token, --token-file (first line; for timers and scripts) or $NIANBAO_TOKEN and is
// never printed. Restoring is offline: `nianbao-workflowd --restore_from=DIR --data_dir=NEW_DIR`.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "nianbao/v1/admin.grpc.pb.h"
#include "services/cli/command_options.h"
#include "services/cli/command_registry.h"
#include "services/cli/report_command_output.h"
#include "services/cli/rpc_error.h"
#include "services/cli/server_connection.h"
#include "workflow/digest.h"
#include "workflow/timestamps.h"

namespace nianbao::cli {
namespace {

namespace v1 = nianbao::v1;

constexpr char kUsage[] =
    "用法 usage:\n"
    "  nianbao admin backup  --server HOST:PORT [DIR] [--keep N] [--token T | --token-file F] "
    "[--json]\n"
    "  nianbao admin backups --server HOST:PORT [DIR] [--token T | --token-file F] [--json]\n\n"
    "  backup   在服务器上联机备份数据 (back the server's data up online, on the server's "
    "machine)\n"
    "  backups  列出备份 (list the backups of a directory)\n"
    "  DIR      服务器上的备份目录（绝对路径），缺省为服务器配置的 backup_dir\n"
    "           (backup directory on the server's machine; default: the server's backup_dir)\n"
    "  --keep N 只保留最新的 N 份 (keep the newest N backups; default: the server's "
    "backup_keep)\n"
    "  恢复 restore: nianbao-workflowd --restore_from=DIR [--backup_id=N] --data_dir=NEW_DIR\n"
    "  需要系统管理员角色 (needs ROLE_ADMIN for agency \"*\")\n"
    "  令牌 token: --token、--token-file 或环境变量 NIANBAO_TOKEN (or "
    "$NIANBAO_TOKEN)\n" NIANBAO_CLI_TRANSPORT_USAGE;

struct Options {
  std::string subcommand;
  std::string dir;
  CommandLine line;
  bool json = false;
  TransportOptions transport;
  std::string Value(const std::string& key) const { return line.Value(key); }
};

int Usage(const std::string& message) {
  std::cerr << "nianbao admin: " << message << "\n\n" << kUsage;
  return kExitUsage;
}

// Empty on success, else the usage error.
std::string Parse(const std::vector<std::string>& args, Options* options) {
  static const OptionSpec kSpec{{"--server", "--token", "--token-file", "--keep"}, {"--json"}};
  if (std::string error = ParseCommandLine(args, kSpec, &options->line); !error.empty()) {
    return error;
  }
  const std::vector<std::string>& words = options->line.words;
  if (words.size() > 2) return absl::StrCat("多余的参数 unexpected argument '", words[2], "'");
  if (!words.empty()) options->subcommand = words[0];
  if (words.size() > 1) options->dir = words[1];
  options->json = options->line.Flag("--json");
  if (options->subcommand != "backup" && options->subcommand != "backups") {
    return absl::StrCat("未知子命令 unknown subcommand '", options->subcommand, "'");
  }
  if (options->Value("--server").empty()) return "缺少 --server (--server is required)";
  return "";
}

// The token from --token, else the first line of --token-file, else $NIANBAO_TOKEN.
std::string Token(const Options& options, std::string* error) {
  if (!options.Value("--token").empty()) return options.Value("--token");
  const std::string file = options.Value("--token-file");
  if (!file.empty()) {
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line) || absl::StripAsciiWhitespace(line).empty()) {
      *error = absl::StrCat("无法从 ", file, " 读取令牌 (cannot read a token from ", file, ")");
      return "";
    }
    return std::string(absl::StripAsciiWhitespace(line));
  }
  if (const char* env = std::getenv("NIANBAO_TOKEN"); env != nullptr) return env;
  *error = "缺少令牌：--token、--token-file 或 NIANBAO_TOKEN (a token is required)";
  return "";
}

void PrintBackup(const v1::Backup& backup, std::ostream& out) {
  const std::string time =
      absl::FormatTime("%Y-%m-%d %H:%M:%S", nianbao::workflow::FromTimestamp(backup.create_time()),
                       absl::FixedTimeZone(8 * 3600));
  out << "备份 backup " << backup.backup_id() << "  " << time << "  " << backup.backup_dir()
      << "\n  审计链头 audit head: 事件 event " << backup.audit_head_sequence() << "  "
      << nianbao::workflow::HexEncode(backup.audit_head_hash()) << "\n  " << backup.size_bytes()
      << " 字节 bytes, " << backup.file_count() << " 个文件 files, 签名密钥 key "
      << backup.audit_key_id() << "\n";
}

int Run(const Options& options) {
  std::string error;
  const std::string token = Token(options, &error);
  if (token.empty()) return Usage(error);
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      OpenChannel(options.Value("--server"), options.transport, /*sends_token=*/true);
  if (!channel.ok()) return Usage(std::string(channel.status().message()));
  std::unique_ptr<v1::AdminService::Stub> stub = v1::AdminService::NewStub(*std::move(channel));
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + token);
  // A backup copies the database: allow it time, as a nightly job would.
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  if (options.subcommand == "backup") {
    v1::CreateBackupRequest request;
    request.set_backup_dir(options.dir);
    if (!options.Value("--keep").empty()) {
      int keep = 0;
      if (!absl::SimpleAtoi(options.Value("--keep"), &keep) || keep < 1) {
        return Usage("--keep 应为正整数 (must be a positive integer)");
      }
      request.set_keep(keep);
    }
    v1::CreateBackupResponse response;
    grpc::Status status = stub->CreateBackup(&context, request, &response);
    if (!status.ok()) return PrintRpcError("nianbao admin", status, std::cerr);
    if (options.json) {
      PrintJson(response, std::cout);
    } else {
      std::cout << "已备份 backed up.\n";
      PrintBackup(response.backup(), std::cout);
      if (response.purged_count() > 0) {
        std::cout << "已删除较旧的备份 purged older backups: " << response.purged_count() << "\n";
      }
    }
    return kExitOk;
  }
  v1::ListBackupsRequest request;
  request.set_backup_dir(options.dir);
  v1::ListBackupsResponse response;
  grpc::Status status = stub->ListBackups(&context, request, &response);
  if (!status.ok()) return PrintRpcError("nianbao admin", status, std::cerr);
  if (options.json) {
    PrintJson(response, std::cout);
  } else if (response.backups().empty()) {
    std::cout << "没有备份 no backups\n";
  } else {
    for (const v1::Backup& backup : response.backups()) PrintBackup(backup, std::cout);
  }
  return kExitOk;
}

int RunAdmin(const std::vector<std::string>& args) {
  std::vector<std::string> rest = args;
  absl::StatusOr<TransportOptions> transport = TakeTransportOptions(&rest);
  if (!transport.ok()) return Usage(std::string(transport.status().message()));
  Options options;
  options.transport = *std::move(transport);
  if (std::string error = Parse(rest, &options); !error.empty()) return Usage(error);
  return Run(options);
}

NIANBAO_REGISTER_COMMAND((Command{
    "admin", "系统管理：联机备份与备份列表 (administration: online backups)", kUsage, RunAdmin}));

}  // namespace
}  // namespace nianbao::cli
