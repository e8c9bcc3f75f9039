#include "services/gateway/static_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

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

// Content-hashed names (Vite's build output): a changed file has a new name.
constexpr char kImmutable[] = "public, max-age=31536000, immutable";
constexpr char kRevalidate[] = "no-cache";

// `file` (canonical) when it is a regular file inside `base_text` and not too large.
bool Servable(const fs::path& file, const std::string& base_text) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec) || ec) return false;
  if (!absl::StartsWith(file.string(), base_text)) return false;
  return fs::file_size(file, ec) <= kMaxStaticFileBytes && !ec;
}

std::string ETagOf(const fs::path& file, bool gzip) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  const auto mtime = fs::last_write_time(file, ec).time_since_epoch().count();
  return absl::StrCat("\"", absl::Hex(size), "-", absl::Hex(mtime), gzip ? "-gz" : "", "\"");
}

}  // namespace

bool AcceptsGzip(absl::string_view accept_encoding) {
  for (absl::string_view item : absl::StrSplit(accept_encoding, ',')) {
    std::vector<absl::string_view> parts = absl::StrSplit(item, ';');
    const std::string coding = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[0]));
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") continue;
    bool refused = false;
    for (size_t i = 1; i < parts.size(); ++i) {
      absl::string_view param = absl::StripAsciiWhitespace(parts[i]);
      double q = 1;
      if (absl::ConsumePrefix(&param, "q=") && absl::SimpleAtod(param, &q) && q <= 0) {
        refused = true;
      }
    }
    if (!refused) return true;
  }
  return false;
}

HttpResponse StaticFileResponse(const HttpRequest& request, StaticFile file) {
  bool unchanged = false;
  if (const auto it = request.find(http::field::if_none_match); it != request.end()) {
    const absl::string_view value(it->value().data(), it->value().size());
    for (absl::string_view tag : absl::StrSplit(value, ',')) {
      tag = absl::StripAsciiWhitespace(tag);
      absl::ConsumePrefix(&tag, "W/");  // If-None-Match compares weakly (RFC 9110 13.1.2).
      if (tag == file.etag || tag == "*") unchanged = true;
    }
  }
  HttpResponse response(unchanged ? http::status::not_modified : http::status::ok, 11);
  response.set(http::field::etag, file.etag);
  response.set(http::field::cache_control, file.cache_control);
  response.set(http::field::vary, "Accept-Encoding");
  if (unchanged) return response;
  response.set(http::field::content_type, file.content_type);
  response.set("X-Content-Type-Options", "nosniff");
  if (!file.content_encoding.empty()) {
    response.set(http::field::content_encoding, file.content_encoding);
  }
  response.body() = std::move(file.contents);
  return response;
}

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

std::optional<StaticFile> ReadStaticFile(const std::string& root, absl::string_view path,
                                         bool accept_gzip) {
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
  const std::string base_text = base.string() + "/";
  if (ec || !Servable(file, base_text)) return std::nullopt;
  StaticFile result;
  result.content_type = ContentTypeForFile(file.filename().string());
  result.cache_control =
      absl::StartsWith(file.string(), base_text + "assets/") ? kImmutable : kRevalidate;
  fs::path sent = file;
  if (accept_gzip) {
    fs::path gzipped = fs::canonical(fs::path(file.string() + ".gz"), ec);
    if (!ec && Servable(gzipped, base_text)) {
      sent = std::move(gzipped);
      result.content_encoding = "gzip";
    }
  }
  std::ifstream in(sent, std::ios::binary);
  if (!in) return std::nullopt;
  result.contents.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  result.etag = ETagOf(sent, !result.content_encoding.empty());
  return result;
}

}  // namespace nianbao::gateway
