#include "services/codec/html_charset.h"

#include <iconv.h>

#include <cerrno>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/codec/parse_error.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec {
namespace {

constexpr std::size_t kSniffBytes = 8192;
constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsCharsetNameChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' ||
         c == '.';
}

// The value after "charset" at `pos` in `tag` (lower-cased), or nullopt.
std::optional<std::string> CharsetValueAt(absl::string_view tag, std::size_t pos) {
  pos += std::string("charset").size();
  while (pos < tag.size() && (tag[pos] == ' ' || tag[pos] == '\t' || tag[pos] == '\n')) ++pos;
  if (pos >= tag.size() || tag[pos] != '=') return std::nullopt;
  ++pos;
  while (pos < tag.size() && (tag[pos] == ' ' || tag[pos] == '"' || tag[pos] == '\'')) ++pos;
  std::size_t end = pos;
  while (end < tag.size() && IsCharsetNameChar(tag[end])) ++end;
  if (end == pos) return std::nullopt;
  return std::string(tag.substr(pos, end - pos));
}

// The name iconv knows the declared charset by.
std::string IconvName(absl::string_view charset) {
  if (charset == "utf-8" || charset == "utf8") return "UTF-8";
  if (charset == "gb2312" || charset == "gbk" || charset == "gb18030" || charset == "x-gbk" ||
      charset == "cp936" || charset == "euc-cn" || charset == "gb_2312-80") {
    return "GB18030";
  }
  // As browsers do (WHATWG Encoding): Latin-1 labels mean windows-1252.
  if (charset == "iso-8859-1" || charset == "latin1" || charset == "us-ascii") {
    return "WINDOWS-1252";
  }
  return absl::AsciiStrToUpper(charset);
}

absl::Status CharsetError(absl::string_view zh, absl::string_view en) {
  return InputError("网页", zh, en);
}

// Converts with iconv; a sequence cut by the end of the input is dropped.
absl::StatusOr<std::string> Convert(absl::string_view bytes, const std::string& from,
                                    absl::string_view declared) {
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return CharsetError(
        absl::StrCat("不支持网页声明的字符集“", declared, "”"),
        absl::StrCat("the page declares an unsupported charset \"", declared, "\""));
  }
  std::string out;
  out.resize(bytes.size() * 2 + 16);
  char* in_ptr = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::size_t written = 0;
  absl::Status status;
  while (in_left > 0) {
    char* out_ptr = out.data() + written;
    std::size_t out_left = out.size() - written;
    const std::size_t result = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    written = out.size() - out_left;
    if (result != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
    } else if (errno == EINVAL) {
      break;  // truncated at the end
    } else {
      const std::size_t offset = bytes.size() - in_left;
      status = CharsetError(
          absl::StrCat("第", offset + 1, "字节不是网页声明的字符集“", declared, "”的字符"),
          absl::StrCat("byte ", offset + 1, " is not valid in the declared charset \"", declared,
                       "\""));
      break;
    }
  }
  iconv_close(cd);
  if (!status.ok()) return status;
  out.resize(written);
  return out;
}

// Whether `bytes` is UTF-8 but for a sequence cut at the very end; `*valid` gets the clean prefix.
bool IsUtf8UpToTruncation(absl::string_view bytes, absl::string_view* valid) {
  const std::size_t bad = FindInvalidUtf8(bytes);
  if (bad == absl::string_view::npos) {
    *valid = bytes;
    return true;
  }
  if (bytes.size() - bad >= 4) return false;
  *valid = bytes.substr(0, bad);
  return true;
}

}  // namespace

std::string DeclaredHtmlCharset(absl::string_view bytes) {
  if (absl::StartsWith(bytes, kUtf8Bom)) return "utf-8";
  if (absl::StartsWith(bytes, "\xFF\xFE")) return "utf-16le";
  if (absl::StartsWith(bytes, "\xFE\xFF")) return "utf-16be";
  const std::string head = absl::AsciiStrToLower(bytes.substr(0, kSniffBytes));
  std::size_t meta = head.find("<meta");
  while (meta != std::string::npos) {
    const std::size_t end = head.find('>', meta);
    const absl::string_view tag =
        absl::string_view(head).substr(meta, end == std::string::npos ? head.npos : end - meta);
    const std::size_t charset = tag.find("charset");
    if (charset != absl::string_view::npos) {
      if (std::optional<std::string> value = CharsetValueAt(tag, charset); value.has_value()) {
        return *value;
      }
    }
    meta = head.find("<meta", meta + 5);
  }
  return "";
}

absl::StatusOr<std::string> HtmlToUtf8(absl::string_view bytes) {
  const std::string declared = DeclaredHtmlCharset(bytes);
  if (absl::StartsWith(bytes, kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  if (declared == "utf-16le" || declared == "utf-16be") bytes.remove_prefix(2);
  absl::string_view valid;
  if (declared.empty()) {
    if (IsUtf8UpToTruncation(bytes, &valid)) return std::string(valid);
    return Convert(bytes, "GB18030", "GB18030（未声明）/ undeclared");
  }
  const std::string name = IconvName(declared);
  if (name != "UTF-8") return Convert(bytes, name, declared);
  if (IsUtf8UpToTruncation(bytes, &valid)) return std::string(valid);
  const std::size_t bad = FindInvalidUtf8(bytes);
  return CharsetError(
      absl::StrCat("网页声明为 UTF-8，但第", bad + 1, "字节不是有效的 UTF-8（字符集声明有误？）"),
      absl::StrCat("the page declares UTF-8 but byte ", bad + 1,
                   " is not valid UTF-8 (wrong charset declaration?)"));
}

}  // namespace nianbao::codec
