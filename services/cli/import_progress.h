// The progress bar of `nianbao import FILE... -o DIR`: done/total and the file being read, redrawn
// in place on one line of a terminal. Not drawn at all when the stream is not a terminal (a log,
// a pipe, a test), so captured output never holds carriage returns or escape sequences.
#ifndef NIANBAO_SERVICES_CLI_IMPORT_PROGRESS_H_
#define NIANBAO_SERVICES_CLI_IMPORT_PROGRESS_H_

#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>

namespace nianbao::cli {

// Thread-safe: workers report from their own threads.
class ImportProgress {
 public:
  // Draws on `out` (a file descriptor's stream) only when `out` is a terminal.
  ImportProgress(std::FILE* out, size_t total);
  ImportProgress(const ImportProgress&) = delete;
  ImportProgress& operator=(const ImportProgress&) = delete;

  bool drawing() const { return drawing_; }
  // A worker starts reading `file`.
  void Started(const std::string& file);
  // A worker is done with `file`, whatever the outcome.
  void Finished(const std::string& file);
  // Erases the bar, so that what follows starts on a clean line.
  void Clear();

 private:
  void DrawLocked();

  std::FILE* out_;
  const size_t total_;
  const bool drawing_;
  std::mutex mutex_;
  size_t done_ = 0;
  std::string current_;
};

}  // namespace nianbao::cli

#endif  // NIANBAO_SERVICES_CLI_IMPORT_PROGRESS_H_
