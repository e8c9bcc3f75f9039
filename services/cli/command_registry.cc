#include "services/cli/command_registry.h"

#include <utility>

namespace nianbao::cli {

std::map<std::string, Command>& CommandRegistry() {
  // A function-local static avoids the static initialisation order problem between files.
  static auto* registry = new std::map<std::string, Command>();
  return *registry;
}

CommandRegistration::CommandRegistration(Command command) {
  std::string name = command.name;
  CommandRegistry().emplace(std::move(name), std::move(command));
}

}  // namespace nianbao::cli
