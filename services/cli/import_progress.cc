#include "services/cli/import_progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"

namespace nianbao::cli {
namespace {

constexpr size_t kBarWidth = 24;

size_t TerminalColumns(std::FILE* out) {
  winsize size{};
  if (ioctl(fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

// Keeps whole UTF-8 characters: at most `limit` bytes, cut before a continuation byte.
std::string Truncate(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

}  // namespace

ImportProgress::ImportProgress(std::FILE* out, size_t total)
    : out_(out), total_(total), drawing_(isatty(fileno(out)) == 1) {}

void ImportProgress::Started(const std::string& file) {
  if (!drawing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  current_ = std::filesystem::path(file).filename().string();
  DrawLocked();
}

void ImportProgress::Finished(const std::string& file) {
  if (!drawing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  if (current_ == std::filesystem::path(file).filename().string()) current_.clear();
  DrawLocked();
}

void ImportProgress::Clear() {
  if (!drawing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
}

void ImportProgress::DrawLocked() {
  const size_t filled = total_ == 0 ? kBarWidth : done_ * kBarWidth / total_;
  std::string line = absl::StrCat("\r\033[K导入 import [", std::string(filled, '#'),
                                  std::string(kBarWidth - filled, '.'), "] ", done_, "/", total_);
  // Shorten the name rather than wrap the line: a wrapped line cannot be redrawn in place. The
  // bar takes under 50 columns; a name's bytes are never fewer than its columns.
  const size_t columns = TerminalColumns(out_);
  constexpr size_t kBarColumns = 50;
  if (!current_.empty() && columns > kBarColumns + 8) {
    absl::StrAppend(&line, " ", Truncate(current_, columns - kBarColumns));
  }
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
}

}  // namespace nianbao::cli
