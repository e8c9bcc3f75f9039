// JSON request bodies: a syntax scanner that reports positions, and protobuf's parser with its
// errors turned into field paths.
#include "services/gateway/json_body.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <limits>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/error_details.h"

namespace nianbao::gateway::internal {
namespace {

constexpr size_t kMaxDepth = 100;

// The length of the well-formed UTF-8 sequence `text` starts with (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF), or 0.
size_t Utf8SequenceLength(absl::string_view text) {
  const unsigned char lead = static_cast<unsigned char>(text[0]);
  size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < (i == 1 ? low : 0x80) || c > (i == 1 ? high : 0xBF)) return 0;
  }
  return length;
}

constexpr size_t kMaxQuotedFieldBytes = 128;
constexpr size_t kMaxDescriptionBytes = 512;

// `text` cut to at most `max_bytes` on a character boundary, every byte of an invalid UTF-8
// sequence replaced by '?'.
std::string SafeText(absl::string_view text, size_t max_bytes) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t length = c < 0x80 ? 1 : Utf8SequenceLength(text.substr(i));
    if (out.size() + std::max<size_t>(length, 1) > max_bytes) break;
    if (length == 0) {
      out.push_back('?');
      ++i;
    } else {
      out.append(text.data() + i, length);
      i += length;
    }
  }
  if (i < text.size()) out.append("…");
  return out;
}

// A recursive-descent JSON grammar written as a loop over an explicit stack, so that a body of
// a million "[" cannot exhaust the thread's stack.
class JsonScanner {
 public:
  explicit JsonScanner(absl::string_view text) : text_(text) {}

  // Empty when the text is one JSON value; else why not, with pos() at the offending byte.
  std::string Scan() {
    enum class Next { kValue, kKey, kAfterValue };
    Next next = Next::kValue;
    while (true) {
      SkipSpace();
      if (next == Next::kKey) {
        if (Peek() != '"') return "expected a string key";
        if (std::string error = ScanString(); !error.empty()) return error;
        SkipSpace();
        if (Peek() != ':') return "expected ':' after the key";
        ++pos_;
        next = Next::kValue;
        continue;
      }
      if (next == Next::kAfterValue) {
        if (stack_.empty()) return AtEnd() ? "" : "unexpected data after the value";
        const char close = stack_.back() == '{' ? '}' : ']';
        if (Peek() == ',') {
          ++pos_;
          next = stack_.back() == '{' ? Next::kKey : Next::kValue;
        } else if (Peek() == close) {
          ++pos_;
          stack_.pop_back();
        } else {
          return absl::StrCat("expected ',' or '", std::string(1, close), "'");
        }
        continue;
      }
      // A value.
      if (AtEnd()) return "unexpected end of input, expected a value";
      const char c = Peek();
      if (c == '{' || c == '[') {
        if (stack_.size() >= kMaxDepth) return "nested more than 100 levels deep";
        stack_.push_back(c);
        ++pos_;
        SkipSpace();
        if (Peek() == (c == '{' ? '}' : ']')) {
          ++pos_;
          stack_.pop_back();
          next = Next::kAfterValue;
        } else {
          next = c == '{' ? Next::kKey : Next::kValue;
        }
        continue;
      }
      std::string error;
      if (c == '"') {
        error = ScanString();
      } else if (c == '-' || absl::ascii_isdigit(static_cast<unsigned char>(c))) {
        error = ScanNumber();
      } else if (!ScanLiteral()) {
        error = "unexpected character, expected a value";
      }
      if (!error.empty()) return error;
      next = Next::kAfterValue;
    }
  }

  size_t pos() const { return pos_; }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  void SkipSpace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r')) {
      ++pos_;
    }
  }

  std::string ScanString() {
    ++pos_;  // The opening quote.
    while (!AtEnd()) {
      const unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return "";
      }
      if (c < 0x20) return "control character in a string";
      if (c >= 0x80) {
        const size_t length = Utf8SequenceLength(text_.substr(pos_));
        if (length == 0) return "invalid UTF-8 in a string";
        pos_ += length;
        continue;
      }
      if (c != '\\') {
        ++pos_;
        continue;
      }
      ++pos_;
      if (AtEnd()) break;
      const char escape = text_[pos_];
      if (escape == 'u') {
        for (int i = 1; i <= 4; ++i) {
          if (pos_ + i >= text_.size() ||
              !absl::ascii_isxdigit(static_cast<unsigned char>(text_[pos_ + i]))) {
            return "bad \\u escape";
          }
        }
        pos_ += 5;
      } else if (absl::string_view("\"\\/bfnrt").find(escape) != absl::string_view::npos) {
        ++pos_;
      } else {
        return "bad escape in a string";
      }
    }
    return "unterminated string";
  }

  bool ScanDigits() {
    const size_t start = pos_;
    while (!AtEnd() && absl::ascii_isdigit(static_cast<unsigned char>(Peek()))) ++pos_;
    return pos_ > start;
  }

  std::string ScanNumber() {
    if (Peek() == '-') ++pos_;
    if (Peek() == '0') {
      ++pos_;
    } else if (!ScanDigits()) {
      return "bad number";
    }
    if (Peek() == '.') {
      ++pos_;
      if (!ScanDigits()) return "bad number: digits expected after '.'";
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (Peek() == '+' || Peek() == '-') ++pos_;
      if (!ScanDigits()) return "bad number: digits expected in the exponent";
    }
    return "";
  }

  bool ScanLiteral() {
    for (absl::string_view literal : {"true", "false", "null"}) {
      if (absl::StartsWith(text_.substr(pos_), literal)) {
        pos_ += literal.size();
        return true;
      }
    }
    return false;
  }

  absl::string_view text_;
  size_t pos_ = 0;
  std::vector<char> stack_;
};

// Line and column (1-based; the column counts characters, not UTF-8 bytes) of a byte offset.
std::pair<int, int> LineAndColumn(absl::string_view text, size_t offset) {
  int line = 1;
  int column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

// protobuf reports "(a.b[0]) key: Cannot find field." and "(a.b): invalid value ..."; the part
// in parentheses and the key make the request field's path.
std::string FieldFromParserMessage(absl::string_view message) {
  std::string path;
  absl::string_view rest = message;
  if (absl::StartsWith(rest, "(")) {
    const size_t close = rest.find(')');
    if (close == absl::string_view::npos) return "";
    path = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
  }
  const size_t suffix = rest.find(": Cannot find field.");
  if (suffix != absl::string_view::npos) {
    absl::string_view key = absl::StripAsciiWhitespace(rest.substr(0, suffix));
    return path.empty() ? std::string(key) : absl::StrCat(path, ".", key);
  }
  return absl::StartsWith(rest, ":") ? path : "";
}

}  // namespace

absl::Status InvalidRequestField(absl::string_view field, absl::string_view description_zh,
                                 absl::string_view description_en) {
  // Field names and descriptions may quote the client's text: they must stay valid UTF-8 (else
  // the details do not even parse) and short.
  const std::string safe_field = SafeText(field, kMaxQuotedFieldBytes);
  const std::string zh = SafeText(description_zh, kMaxDescriptionBytes);
  const std::string en = SafeText(description_en, kMaxDescriptionBytes);
  // The message says what the violation says: an HTTP client often shows the message alone.
  const std::string description = absl::StrCat(zh, " (", en, ")");
  return nianbao::service::BadRequestError(zh, en, {{safe_field, description}});
}

absl::Status CheckJsonSyntax(absl::string_view json) {
  JsonScanner scanner(json);
  const std::string error = scanner.Scan();
  if (error.empty()) return absl::OkStatus();
  auto [line, column] = LineAndColumn(json, scanner.pos());
  return InvalidRequestField(
      "body",
      absl::StrFormat("JSON 格式错误：第 %d 行第 %d 列（字节 %d）", line, column, scanner.pos()),
      absl::StrFormat("malformed JSON at line %d, column %d (byte %d): %s", line, column,
                      scanner.pos(), error));
}

absl::Status ParseJsonInto(absl::string_view json, google::protobuf::Message* message,
                           absl::string_view field_prefix) {
  if (absl::Status syntax = CheckJsonSyntax(json); !syntax.ok()) return syntax;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const google::protobuf::util::Status parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  if (parsed.ok()) return absl::OkStatus();
  // Only the first line: the parser adds a snippet of the input, which need not be UTF-8 and is
  // the client's own text.
  const std::string whole_message(parsed.message());
  const std::string parser_message = whole_message.substr(0, whole_message.find('\n'));
  std::string field = FieldFromParserMessage(parser_message);
  if (!field_prefix.empty()) {
    field = field.empty() ? std::string(field_prefix) : absl::StrCat(field_prefix, ".", field);
  }
  if (field.empty()) field = "body";
  const bool unknown = absl::StrContains(parser_message, "Cannot find field");
  return InvalidRequestField(field, unknown ? "未知字段" : "字段值无效",
                             unknown ? absl::StrCat("unknown field ", field)
                                     : absl::StrCat("invalid value: ", parser_message));
}

std::string JsonQuote(absl::string_view text) {
  // A JSON string must be Unicode: bytes of invalid UTF-8 sequences become '?'.
  const std::string valid = SafeText(text, std::numeric_limits<size_t>::max());
  std::string out = "\"";
  for (char c : valid) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      absl::StrAppend(&out, absl::StrFormat("\\u%04x", byte));
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace nianbao::gateway::internal
