#include "services/gateway/static_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace nianbao::gateway {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxStaticFileBytes = 32 * 1024 * 1024;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_tolower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Decodes one path segment; nullopt for a malformed escape or a decoded "/" or NUL.
std::optional<std::string> DecodeSegment(absl::string_view segment) {
  std::string out;
  for (size_t i = 0; i < segment.size(); ++i) {
    char c = segment[i];
    if (c == '%') {
      if (i + 2 >= segment.size()) return std::nullopt;
      const int high = HexValue(segment[i + 1]);
      const int low = HexValue(segment[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    }
    if (c == '/' || c == '\0' || c == '\\') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string ContentTypeForFile(absl::string_view name) {
  static const auto* const kTypes = new std::map<std::string, std::string>{
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"txt", "text/plain; charset=utf-8"},
      {"map", "application/json; charset=utf-8"},
      {"wasm", "application/wasm"},
      {"pdf", "application/pdf"},
  };
  const size_t dot = name.rfind('.');
  if (dot == absl::string_view::npos) return "application/octet-stream";
  auto it = kTypes->find(absl::AsciiStrToLower(name.substr(dot + 1)));
  return it == kTypes->end() ? "application/octet-stream" : it->second;
}

std::optional<StaticFile> ReadStaticFile(const std::string& root, absl::string_view path) {
  if (root.empty() || !absl::StartsWith(path, "/")) return std::nullopt;
  fs::path relative;
  for (absl::string_view raw : absl::StrSplit(path.substr(1), '/', absl::SkipEmpty())) {
    std::optional<std::string> segment = DecodeSegment(raw);
    if (!segment || *segment == "." || *segment == "..") return std::nullopt;
    relative /= *segment;
  }
  std::error_code ec;
  const fs::path base = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  fs::path file = fs::weakly_canonical(base / relative, ec);
  if (ec) return std::nullopt;
  if (fs::is_directory(file, ec)) file /= "index.html";
  file = fs::canonical(file, ec);  // Resolves symbolic links: the result must stay inside.
  if (ec || !fs::is_regular_file(file, ec)) return std::nullopt;
  const std::string base_text = base.string() + "/";
  if (!absl::StartsWith(file.string(), base_text)) return std::nullopt;
  if (fs::file_size(file, ec) > kMaxStaticFileBytes || ec) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  StaticFile result;
  result.contents.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  result.content_type = ContentTypeForFile(file.filename().string());
  return result;
}

}  // namespace nianbao::gateway
