// `nianbao import FILE... -o DIR`: many reports imported in parallel, each written to DIR under
// its own base name, with a progress bar on a terminal and a summary at the end.
#ifndef NIANBAO_SERVICES_CLI_IMPORT_BATCH_H_
#define NIANBAO_SERVICES_CLI_IMPORT_BATCH_H_

#include <string>
#include <vector>

#include "services/codec/codec.h"

namespace nianbao::cli {

struct BatchImportOptions {
  std::vector<std::string> files;  // Paths; "-" (stdin) is refused.
  codec::OutputFormat format = codec::OutputFormat::kJson;
  std::string output_dir;  // Created (one level) when missing.
  int jobs = 0;            // Workers; 0: one per core (std::thread::hardware_concurrency).
  bool validate = false;   // Run the validation rules in-process on each report.
  bool json = false;       // Print the summary as JSON instead of a table.
};

// The extension an output of `format` gets: .json, .txt, .md or .html.
const char* OutputExtension(codec::OutputFormat format);

// Runs the batch and returns the exit code: kExitUsage (before anything is imported) when two
// inputs would be written to the same output, an output would replace its own input, an input is
// "-", or DIR cannot be made; kExitFailure when any file failed to import or be written, or (with
// `validate`) has an error finding; kExitOk otherwise. A failed file never stops the others; each
// output is written atomically (a temporary name, then rename), and a failed file leaves no output.
int RunBatchImport(const BatchImportOptions& options);

}  // namespace nianbao::cli

#endif  // NIANBAO_SERVICES_CLI_IMPORT_BATCH_H_
