// One parser for the words and options of every `nianbao` command, so that each command states
// which options it takes and then reads meanings, and all of them refuse the same mistakes with
// the same messages (unknown option, missing value, a value given to a flag).
//   --name VALUE and --name=VALUE set a valued option; -o VALUE likewise for a short one.
//   --flag sets a flag; "--" ends the options (what follows is words, even "-x").
//   "-" alone is a word (standard input, for the commands that read a file).
#ifndef NIANBAO_SERVICES_CLI_COMMAND_OPTIONS_H_
#define NIANBAO_SERVICES_CLI_COMMAND_OPTIONS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

namespace nianbao::cli {

// What a command accepts besides its words.
struct OptionSpec {
  std::set<std::string> valued;  // options that take a value
  std::set<std::string> flags;   // options that take none
};

// A command line taken apart: words in order (a subcommand first, where the command has one),
// valued options (the last occurrence wins), flags given.
struct CommandLine {
  std::vector<std::string> words;
  std::map<std::string, std::string> values;
  std::set<std::string> flags;

  // The option's value, or "" when it was not given.
  std::string Value(const std::string& name) const;
  bool Has(const std::string& name) const { return values.count(name) > 0; }
  bool Flag(const std::string& name) const { return flags.count(name) > 0; }
};

// Fills *line from args. Empty on success, else the usage error, Chinese first.
[[nodiscard]] std::string ParseCommandLine(const std::vector<std::string>& args,
                                           const OptionSpec& spec, CommandLine* line);

}  // namespace nianbao::cli

#endif  // NIANBAO_SERVICES_CLI_COMMAND_OPTIONS_H_
