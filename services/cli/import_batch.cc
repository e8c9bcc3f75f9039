#include "services/cli/import_batch.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "nianbao/v1/validation.pb.h"
#include "services/cli/atomic_file.h"
#include "services/cli/command_registry.h"
#include "services/cli/import_progress.h"
#include "services/cli/import_summary.h"
#include "services/validation/validation_core.h"

namespace nianbao::cli {
namespace {

int UsageError(const std::string& message) {
  std::cerr << "nianbao import: " << message << "\n`nianbao import --help` 查看用法 (for usage)\n";
  return kExitUsage;
}

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa {};
  struct stat sb {};
  return stat(a.c_str(), &sa) == 0 && stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

// Imports, checks and writes one file; never throws, so a failure stays this file's.
FileOutcome ImportOne(const std::string& file, const std::string& output,
                      const BatchImportOptions& options) {
  FileOutcome outcome;
  outcome.file = file;
  absl::StatusOr<codec::ImportResult> imported = codec::ImportDocumentFile(file);
  if (!imported.ok()) {
    outcome.error = std::string(imported.status().message());
    return outcome;
  }
  outcome.import_warnings = static_cast<int>(imported->warnings.size());
  const nianbao::v1::AnnualReport* report = &imported->report;
  outcome.imported = true;
  outcome.agency = report->metadata().agency_name();
  outcome.year = report->metadata().report_year();
  outcome.format = report->metadata().format_version();
  if (options.validate) {
    // As `nianbao validate FILE` does in-process: the draft stage, no previous year, no
    // publication date beyond what the document states.
    nianbao::v1::ValidateRequest request;
    *request.mutable_report() = *report;
    nianbao::v1::ValidateResponse response;
    if (absl::Status status = validation::ValidateReportRequest(request, {}, &response);
        !status.ok()) {
      outcome.error = absl::StrCat("无法校验 cannot validate: ", status.message());
      return outcome;
    }
    outcome.validated = true;
    outcome.validation_errors = response.error_count();
    outcome.validation_warnings = response.warning_count();
  }
  absl::StatusOr<std::string> rendered = codec::RenderReport(*report, options.format);
  if (!rendered.ok()) {
    outcome.error = std::string(rendered.status().message());
    return outcome;
  }
  if (absl::Status status = WriteFileAtomically(output, *rendered); !status.ok()) {
    outcome.error = std::string(status.message());
    return outcome;
  }
  outcome.output = output;
  return outcome;
}

}  // namespace

const char* OutputExtension(codec::OutputFormat format) {
  switch (format) {
    case codec::OutputFormat::kText:
      return ".txt";
    case codec::OutputFormat::kMarkdown:
      return ".md";
    case codec::OutputFormat::kHtml:
      return ".html";
    case codec::OutputFormat::kJson:
      break;
  }
  return ".json";
}

int RunBatchImport(const BatchImportOptions& options) {
  // Every output name is decided, and every clash refused, before anything is written: a batch
  // that would overwrite one input's output with another's is a mistake to fix, not to half-run.
  std::vector<std::string> outputs;
  std::map<std::string, std::string> input_of;  // Output path -> the input that takes it.
  for (const std::string& file : options.files) {
    if (file == "-") {
      return UsageError("批量导入不能读标准输入 (-) / a batch cannot read stdin (-)");
    }
    const std::string name =
        std::filesystem::path(file).stem().string() + OutputExtension(options.format);
    const std::string output = (std::filesystem::path(options.output_dir) / name).string();
    auto [it, inserted] = input_of.emplace(output, file);
    if (!inserted) {
      return UsageError(absl::StrCat("输入 ", it->second, " 与 ", file, " 的文件名相同，都会写到 ",
                                     output, "；请改名或分批导入 / inputs ", it->second, " and ",
                                     file, " share a base name and would both be written to ",
                                     output, "; rename one or import them separately"));
    }
    if (SameFile(file, output)) {
      return UsageError(absl::StrCat("输出 ", output, " 就是输入文件本身，不能覆盖 / output ",
                                     output, " is the input itself; it would be overwritten"));
    }
    outputs.push_back(output);
  }
  if (mkdir(options.output_dir.c_str(), 0777) != 0 && errno != EEXIST) {
    const std::string reason = std::strerror(errno);
    return UsageError(absl::StrCat("无法创建输出目录 ", options.output_dir, "（", reason,
                                   "）/ cannot create the output directory ", options.output_dir,
                                   ": ", reason));
  }
  if (!std::filesystem::is_directory(options.output_dir)) {
    return UsageError(absl::StrCat("-o ", options.output_dir, " 不是目录 / is not a directory"));
  }

  size_t jobs = options.jobs > 0 ? static_cast<size_t>(options.jobs)
                                 : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min(jobs, options.files.size());
  std::vector<FileOutcome> outcomes(options.files.size());
  ImportProgress progress(stderr, options.files.size());
  // Workers take the next file in command-line order; each outcome has its own slot, so the
  // summary's order (and every output) is the same whatever the number of workers.
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < options.files.size(); i = next++) {
      progress.Started(options.files[i]);
      outcomes[i] = ImportOne(options.files[i], outputs[i], options);
      progress.Finished(options.files[i]);
    }
  };
  std::vector<std::thread> workers;
  for (size_t w = 1; w < jobs; ++w) workers.emplace_back(work);
  work();  // The main thread is one of the workers.
  for (std::thread& worker : workers) worker.join();
  progress.Clear();

  if (options.json) {
    std::cout << SummaryJson(outcomes, options.validate);
  } else {
    PrintSummaryTable(outcomes, options.validate, std::cout);
  }
  std::cout.flush();
  const bool any_failed = std::any_of(outcomes.begin(), outcomes.end(), CountsAsFailure);
  return any_failed ? kExitFailure : kExitOk;
}

}  // namespace nianbao::cli
