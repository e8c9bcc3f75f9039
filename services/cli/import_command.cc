// `nianbao import FILE [--to json|text|md|html] [-o OUT]`: reads an agency's report (plain-text
// layout, .docx, a text PDF, a portal's web page or JSON; FILE "-" is stdin) into the report model
// and writes it out in the chosen form. Exit 0 on success, 1 when the input cannot be read or
// imported or the output cannot be written, 2 on wrong usage.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/cli/command_registry.h"
#include "services/codec/codec.h"

namespace nianbao::cli {
namespace {

constexpr char kUsage[] =
    "用法 usage: nianbao import FILE [--to json|text|md|html] [-o OUT]\n\n"
    "导入年度报告（.txt 文本版式、.docx、有文字层的 PDF、门户网页 .html 或 JSON，FILE 为 - "
    "时读标准输入），\n"
    "按所选格式输出。\n"
    "Imports an annual report (text layout, .docx, a PDF with a text layer, a portal's web page\n"
    "or JSON; FILE - reads stdin) and writes it in the chosen form.\n\n"
    "  --to FORMAT    输出格式 output format: json（默认 default，proto3 "
    "JSON）、text（文本版式）、\n"
    "                 md（Markdown）、html（可打印网页 printable page）\n"
    "  -o, --output OUT  写入文件（原子替换），默认标准输出 (write to OUT atomically; default "
    "stdout)\n\n"
    "退出码 exit: 0 成功 success; 1 无法读取或导入 cannot read or import; 2 用法错误 usage\n";

struct Options {
  std::string file;
  codec::OutputFormat format = codec::OutputFormat::kJson;
  std::string output;  // Empty or "-": stdout.
};

std::optional<codec::OutputFormat> ParseFormat(const std::string& name) {
  static const auto* kFormats = new std::map<std::string, codec::OutputFormat>{
      {"json", codec::OutputFormat::kJson},         {"text", codec::OutputFormat::kText},
      {"txt", codec::OutputFormat::kText},          {"md", codec::OutputFormat::kMarkdown},
      {"markdown", codec::OutputFormat::kMarkdown}, {"html", codec::OutputFormat::kHtml}};
  auto it = kFormats->find(name);
  if (it == kFormats->end()) return std::nullopt;
  return it->second;
}

bool UsageError(const std::string& message) {
  std::cerr << "nianbao import: " << message << "\n`nianbao import --help` 查看用法 (for usage)\n";
  return false;
}

// Returns false (after printing why) on wrong usage.
bool ParseOptions(const std::vector<std::string>& args, Options* options) {
  bool have_file = false;
  bool only_files = false;  // After "--", everything is a file name.
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!only_files && arg == "--") {
      only_files = true;
      continue;
    }
    if (!only_files && arg.size() > 1 && arg[0] == '-') {
      const std::vector<std::string> parts = absl::StrSplit(arg, absl::MaxSplits('=', 1));
      const std::string& flag = parts[0];
      if (flag != "--to" && flag != "-o" && flag != "--output") {
        return UsageError(absl::StrCat("未知选项 unknown option ", flag));
      }
      std::string value;
      if (parts.size() == 2) {
        value = parts[1];
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return UsageError(absl::StrCat(flag, " 缺少取值 needs a value"));
      }
      if (flag == "--to") {
        std::optional<codec::OutputFormat> format = ParseFormat(value);
        if (!format) {
          return UsageError(absl::StrCat("--to 应为 json、text、md 或 html，而不是 \"", value,
                                         "\" / --to expects json, text, md or html, got \"", value,
                                         "\""));
        }
        options->format = *format;
      } else {
        if (value.empty()) return UsageError("-o 需要文件名 -o needs a file name");
        options->output = value;
      }
      continue;
    }
    if (have_file) {
      return UsageError(absl::StrCat("只能导入一个文件 only one FILE, got also ", arg));
    }
    options->file = arg;
    have_file = true;
  }
  if (!have_file) return UsageError("缺少要导入的文件 missing FILE (use - for stdin)");
  return true;
}

absl::StatusOr<nianbao::v1::AnnualReport> Import(const std::string& file) {
  if (file != "-") return codec::ImportReportFile(file);
  std::string bytes((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (std::cin.bad()) {
    return absl::NotFoundError("无法读取标准输入 / cannot read standard input");
  }
  return codec::ImportReport(bytes);
}

absl::Status ErrnoError(absl::string_view chinese, absl::string_view english,
                        const std::string& path) {
  const std::string reason = std::strerror(errno);
  return absl::UnavailableError(
      absl::StrCat(chinese, " ", path, "（", reason, "）/ ", english, " ", path, ": ", reason));
}

// Writes to a temporary file beside `path`, flushes it to disk and renames it over `path`, so a
// reader sees the old file or the whole new one, never a part.
[[nodiscard]] absl::Status WriteFileAtomically(const std::string& path, const std::string& data) {
  std::string temp = path + ".tmp.XXXXXX";
  const int fd = mkstemp(temp.data());
  if (fd < 0) return ErrnoError("无法创建临时文件", "cannot create a temporary file for", path);
  // mkstemp creates 0600; give the file the permissions a plain create would.
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      absl::Status status = ErrnoError("无法写入", "cannot write", path);
      close(fd);
      unlink(temp.c_str());
      return status;
    }
    written += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    absl::Status status = ErrnoError("无法写入", "cannot write", path);
    unlink(temp.c_str());
    return status;
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    absl::Status status = ErrnoError("无法替换", "cannot replace", path);
    unlink(temp.c_str());
    return status;
  }
  return absl::OkStatus();
}

int RunImport(const std::vector<std::string>& args) {
  Options options;
  if (!ParseOptions(args, &options)) return kExitUsage;
  absl::StatusOr<nianbao::v1::AnnualReport> report = Import(options.file);
  if (!report.ok()) {
    std::cerr << "nianbao import: " << (options.file == "-" ? "<stdin>" : options.file) << ": "
              << report.status().message() << "\n";
    return kExitFailure;
  }
  absl::StatusOr<std::string> rendered = codec::RenderReport(*report, options.format);
  if (!rendered.ok()) {
    std::cerr << "nianbao import: " << rendered.status().message() << "\n";
    return kExitFailure;
  }
  if (options.output.empty() || options.output == "-") {
    std::cout << *rendered;
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "nianbao import: 无法写入标准输出 / cannot write to standard output\n";
      return kExitFailure;
    }
    return kExitOk;
  }
  if (absl::Status status = WriteFileAtomically(options.output, *rendered); !status.ok()) {
    std::cerr << "nianbao import: " << status.message() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

NIANBAO_REGISTER_COMMAND((Command{
    "import",
    "导入报告（文本、DOCX、PDF、网页、JSON）并输出为 JSON、文本、Markdown 或 HTML (import a "
    "report)",
    kUsage,
    RunImport,
}));

}  // namespace nianbao::cli
