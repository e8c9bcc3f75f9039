// nianbao: the command-line tool for people who draft, check, approve and audit annual reports.
#include <iostream>
#include <string>
#include <vector>

#include "services/cli/command_registry.h"

namespace {

void PrintToolHelp(std::ostream& out) {
  out << "nianbao — 政府信息公开工作年度报告：导入、校验、审批、发布与审计\n\n"
         "用法 usage: nianbao COMMAND [ARGS...]\n\n命令 commands:\n";
  for (const auto& [name, command] : nianbao::cli::CommandRegistry()) {
    out << "  " << name << std::string(name.size() < 10 ? 10 - name.size() : 1, ' ')
        << command.summary << "\n";
  }
  out << "\n`nianbao COMMAND --help` 查看各命令的用法 (help for one command).\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    PrintToolHelp(std::cerr);
    return nianbao::cli::kExitUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintToolHelp(std::cout);
    return nianbao::cli::kExitOk;
  }
  auto& registry = nianbao::cli::CommandRegistry();
  auto it = registry.find(args[0]);
  if (it == registry.end()) {
    std::cerr << "nianbao: 未知命令 unknown command '" << args[0] << "'\n\n";
    PrintToolHelp(std::cerr);
    return nianbao::cli::kExitUsage;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const std::string& arg : rest) {
    if (arg == "--help" || arg == "-h") {
      std::cout << it->second.usage;
      return nianbao::cli::kExitOk;
    }
  }
  return it->second.run(rest);
}
