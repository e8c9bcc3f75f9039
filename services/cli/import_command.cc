// `nianbao import FILE [--to json|text|md|html] [-o OUT]`: reads an agency's report (plain-text
// layout, .docx, a text PDF, a portal's web page or JSON; FILE "-" is stdin) into the report model
// and writes it out in the chosen form. `nianbao import FILE... -o DIR` imports many files in
// parallel into DIR (import_batch.h). Exit 0 on success, 1 when an input cannot be read or
// imported or an output cannot be written, 2 on wrong usage.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/cli/atomic_file.h"
#include "services/cli/command_options.h"
#include "services/cli/command_registry.h"
#include "services/cli/import_batch.h"
#include "services/codec/codec.h"

namespace nianbao::cli {
namespace {

constexpr char kUsage[] =
    "用法 usage: nianbao import FILE [--to json|text|md|html] [-o OUT]\n"
    "           nianbao import FILE... [--to json|text|md|html] -o DIR [--jobs N] [--validate] "
    "[--json]\n\n"
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
    "批量导入 batch: 多个 FILE、一个目录（其中的 .docx/.pdf/.html/.txt/.json），或 -o "
    "为目录时，并行导入，每个结果以输入文件名加新扩展名写入 DIR\n"
    "（.json/.txt/.md/.html，原子替换；两个输入同名时拒绝）；终端上显示进度条，最后输出汇总表。\n"
    "Several FILEs, a folder (its .docx, .pdf, .html, .txt and .json files), or -o naming a\n"
    "directory: imported in parallel, each written to DIR under its\n"
    "base name with the new extension (atomically; inputs sharing a base name are refused); a\n"
    "progress bar on a terminal, then a summary table (file, agency, year, format, warnings, "
    "status).\n"
    "  --jobs N       并行数，默认每核一个 (workers; default one per core)\n"
    "  --validate     逐个按规则校验，汇总表列出错误和警告数 (run the validation rules on each)\n"
    "  --json         汇总以 JSON 输出 (print the summary as JSON)\n\n"
    "退出码 exit: 0 成功 success; 1 无法读取或导入（批量：任一文件失败，或 --validate 发现错误）\n"
    "cannot read or import (batch: any file failed, or --validate found an error); 2 用法错误 "
    "usage\n";

struct Options {
  std::vector<std::string> files;
  codec::OutputFormat format = codec::OutputFormat::kJson;
  std::string output;  // Empty or "-": stdout.
  int jobs = 0;        // 0: not given.
  bool validate = false;
  bool json = false;
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
  static const OptionSpec kSpec{{"--to", "-o", "--output", "--jobs"}, {"--validate", "--json"}};
  CommandLine line;
  if (std::string error = ParseCommandLine(args, kSpec, &line); !error.empty()) {
    return UsageError(error);
  }
  options->files = line.words;
  options->validate = line.Flag("--validate");
  options->json = line.Flag("--json");
  if (line.Has("--to")) {
    const std::string& value = line.values.at("--to");
    std::optional<codec::OutputFormat> format = ParseFormat(value);
    if (!format) {
      return UsageError(absl::StrCat("--to 应为 json、text、md 或 html，而不是 \"", value,
                                     "\" / --to expects json, text, md or html, got \"", value,
                                     "\""));
    }
    options->format = *format;
  }
  if (line.Has("--jobs")) {
    const std::string& value = line.values.at("--jobs");
    if (!absl::SimpleAtoi(value, &options->jobs) || options->jobs < 1 || options->jobs > 256) {
      return UsageError(absl::StrCat("--jobs 应为 1 到 256 的整数，而不是 \"", value,
                                     "\" / --jobs expects a whole number from 1 to 256, got \"",
                                     value, "\""));
    }
  }
  for (const char* flag : {"-o", "--output"}) {
    if (!line.Has(flag)) continue;
    if (line.values.at(flag).empty()) return UsageError("-o 需要文件名 -o needs a file name");
    options->output = line.values.at(flag);
  }
  if (options->files.empty()) return UsageError("缺少要导入的文件 missing FILE (use - for stdin)");
  return true;
}

// A batch writes into a directory: -o names one that exists, or ends in '/'.
bool NamesDirectory(const std::string& output) {
  if (output.empty() || output == "-") return false;
  if (output.back() == '/') return true;
  struct stat info {};
  return stat(output.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

absl::StatusOr<nianbao::v1::AnnualReport> Import(const std::string& file) {
  if (file != "-") return codec::ImportReportFile(file);
  std::string bytes((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (std::cin.bad()) {
    return absl::NotFoundError("无法读取标准输入 / cannot read standard input");
  }
  return codec::ImportReport(bytes);
}

int RunSingleImport(const Options& options) {
  const std::string& file = options.files.front();
  absl::StatusOr<nianbao::v1::AnnualReport> report = Import(file);
  if (!report.ok()) {
    std::cerr << "nianbao import: " << (file == "-" ? "<stdin>" : file) << ": "
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

// Whether a file in a folder given as input is one the import reads, by its name.
bool ImportableName(const std::filesystem::path& path) {
  static const char* const kExtensions[] = {".docx",  ".pdf", ".html", ".htm",
                                            ".shtml", ".txt", ".json"};
  const std::string extension = absl::AsciiStrToLower(path.extension().string());
  return std::find(std::begin(kExtensions), std::end(kExtensions), extension) !=
         std::end(kExtensions);
}

// A folder among the inputs stands for the importable files directly in it (by extension, in
// name order; subfolders and other files are left alone). False, having said why, for a folder
// that cannot be read or holds nothing to import.
bool ExpandFolders(Options* options, bool* had_folder) {
  std::vector<std::string> files;
  for (const std::string& input : options->files) {
    std::error_code error;
    if (input == "-" || !std::filesystem::is_directory(input, error)) {
      files.push_back(input);
      continue;
    }
    *had_folder = true;
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(input, error)) {
      if (entry.is_regular_file(error) && ImportableName(entry.path())) {
        found.push_back(entry.path().string());
      }
    }
    if (error) {
      UsageError(absl::StrCat("无法读取目录 ", input, "：", error.message(),
                              " / cannot read the folder ", input, ": ", error.message()));
      return false;
    }
    if (found.empty()) {
      UsageError(absl::StrCat("目录 ", input,
                              " 中没有可导入的文件（.docx、.pdf、.html、.txt、.json）/ the folder ",
                              input, " holds no file to import (.docx, .pdf, .html, .txt, .json)"));
      return false;
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  options->files = std::move(files);
  return true;
}

int RunImport(const std::vector<std::string>& args) {
  Options options;
  if (!ParseOptions(args, &options)) return kExitUsage;
  bool had_folder = false;
  if (!ExpandFolders(&options, &had_folder)) return kExitUsage;
  const bool batch = had_folder || options.files.size() > 1 || NamesDirectory(options.output);
  if (!batch) {
    if (options.jobs > 0 || options.validate || options.json) {
      UsageError(
          "--jobs、--validate 和 --json 用于批量导入（-o 目录）/ --jobs, --validate and --json "
          "are for a batch (-o DIR)");
      return kExitUsage;
    }
    return RunSingleImport(options);
  }
  if (options.output.empty() || options.output == "-") {
    UsageError(
        "导入多个文件需要 -o 目录 / importing several files needs -o DIR (only one FILE goes to "
        "stdout)");
    return kExitUsage;
  }
  BatchImportOptions batch_options;
  batch_options.files = options.files;
  batch_options.format = options.format;
  batch_options.output_dir = options.output;
  batch_options.jobs = options.jobs;
  batch_options.validate = options.validate;
  batch_options.json = options.json;
  return RunBatchImport(batch_options);
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
