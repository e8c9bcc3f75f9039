// The `nianbao` tool's subcommands. Each command lives in its own file (import_command.cc,
// validate_command.cc, ...) and registers itself with NIANBAO_REGISTER_COMMAND, so main.cc never
// changes when a command is added. CLI sources are compiled into the executable directly (not a
// static library) so the registrations are not dropped by the linker.
#ifndef NIANBAO_SERVICES_CLI_COMMAND_REGISTRY_H_
#define NIANBAO_SERVICES_CLI_COMMAND_REGISTRY_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace nianbao::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // The input could not be read, or the check failed.
inline constexpr int kExitUsage = 2;    // Wrong usage: unknown flag, missing argument.

struct Command {
  std::string name;
  std::string summary;  // One line for `nianbao --help`.
  std::string usage;    // Full help text for `nianbao NAME --help`.
  // Runs with the arguments after the command name; returns the process exit code.
  std::function<int(const std::vector<std::string>& args)> run;
};

std::map<std::string, Command>& CommandRegistry();

struct CommandRegistration {
  explicit CommandRegistration(Command command);
};

}  // namespace nianbao::cli

#define NIANBAO_CLI_CONCAT_INNER(a, b) a##b
#define NIANBAO_CLI_CONCAT(a, b) NIANBAO_CLI_CONCAT_INNER(a, b)
#define NIANBAO_REGISTER_COMMAND(command) \
  static ::nianbao::cli::CommandRegistration NIANBAO_CLI_CONCAT(kRegistration, __LINE__)(command)

#endif  // NIANBAO_SERVICES_CLI_COMMAND_REGISTRY_H_
