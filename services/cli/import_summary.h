// What `nianbao import FILE... -o DIR` tells at the end: one row per input file, as a table for
// people or as JSON for scripts.
#ifndef NIANBAO_SERVICES_CLI_IMPORT_SUMMARY_H_
#define NIANBAO_SERVICES_CLI_IMPORT_SUMMARY_H_

#include <ostream>
#include <string>
#include <vector>

#include "nianbao/v1/report.pb.h"

namespace nianbao::cli {

// One input file's outcome in a batch import.
struct FileOutcome {
  std::string file;    // As given on the command line.
  std::string output;  // The file written; empty when nothing was.
  // Set once the file imported; the fields below it are then meaningful.
  bool imported = false;
  std::string agency;
  int year = 0;
  nianbao::v1::FormatVersion format = nianbao::v1::FORMAT_VERSION_UNSPECIFIED;
  // The import's warnings (codec::ImportResult: what it could not place, what it read in the 2019
  // format); -1 when not counted.
  int import_warnings = -1;
  // With --validate: the findings of the rules, as `nianbao validate FILE` counts them.
  bool validated = false;
  int validation_errors = 0;
  int validation_warnings = 0;
  // Why the file failed (import, validation service or output), Chinese then English; empty when
  // it did not.
  std::string error;
};

// A file counts against the exit code when it failed or, validated, has an error finding.
bool CountsAsFailure(const FileOutcome& outcome);

// A table (文件 file, 机关 agency, 年度 year, 格式 format, 导入警告, 校验错误, 校验警告, 状态
// status) aligned for a terminal (CJK characters are two columns wide), then one line per failed
// file with its reason, then the totals. The validation columns appear only when `validated`.
void PrintSummaryTable(const std::vector<FileOutcome>& outcomes, bool validated, std::ostream& out);

// {"files": [{"file", "output", "status": "ok"|"failed"|"invalid", "agency", "year", "format":
// "2021"|"2019"|"mixed"|"", "import_warnings" (absent while not counted), "validation_errors",
// "validation_warnings" (with --validate), "error"}], "total", "ok", "failed"} — one line.
std::string SummaryJson(const std::vector<FileOutcome>& outcomes, bool validated);

}  // namespace nianbao::cli

#endif  // NIANBAO_SERVICES_CLI_IMPORT_SUMMARY_H_
