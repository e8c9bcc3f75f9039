#include "services/cli/command_options.h"

#include "absl/strings/str_cat.h"

namespace nianbao::cli {

std::string CommandLine::Value(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? "" : it->second;
}

std::string ParseCommandLine(const std::vector<std::string>& args, const OptionSpec& spec,
                             CommandLine* line) {
  bool only_words = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (only_words || arg.size() < 2 || arg[0] != '-') {
      line->words.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_words = true;
      continue;
    }
    const size_t equals = arg.find('=');
    const bool inline_value = equals != std::string::npos;
    std::string value = inline_value ? arg.substr(equals + 1) : "";
    if (inline_value) arg.resize(equals);
    if (spec.flags.count(arg) > 0) {
      if (inline_value) return absl::StrCat(arg, " 不带取值 takes no value");
      line->flags.insert(arg);
      continue;
    }
    if (spec.valued.count(arg) == 0) return absl::StrCat("未知选项 unknown option ", arg);
    if (!inline_value) {
      if (i + 1 >= args.size()) return absl::StrCat(arg, " 缺少取值 needs a value");
      value = args[++i];
    }
    line->values[arg] = value;
  }
  return "";
}

}  // namespace nianbao::cli
