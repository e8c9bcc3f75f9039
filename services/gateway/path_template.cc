// AIP-127 path templates: parsing, matching a request path, and the OpenAPI form.
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/gateway/transcoder.h"

namespace nianbao::gateway {
namespace {

using Kind = PathTemplate::Segment::Kind;

absl::Status TemplateError(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("路径模板无效 (invalid path template) \"", text, "\": ", why));
}

bool IsIdentifier(absl::string_view s) {
  if (s.empty() || absl::ascii_isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// Splits at '/' outside braces, so that "{name=agencies/*}" stays one piece.
std::vector<std::string> SplitTopLevel(absl::string_view s) {
  std::vector<std::string> pieces(1);
  int depth = 0;
  for (char c : s) {
    if (c == '{') ++depth;
    if (c == '}') --depth;
    if (c == '/' && depth == 0) {
      pieces.emplace_back();
    } else {
      pieces.back().push_back(c);
    }
  }
  return pieces;
}

absl::StatusOr<PathTemplate::Segment> ParsePlainSegment(absl::string_view text,
                                                        absl::string_view piece) {
  if (piece == "*") return PathTemplate::Segment{Kind::kSingle, ""};
  if (piece == "**") return PathTemplate::Segment{Kind::kMulti, ""};
  if (piece.empty()) return TemplateError(text, "empty segment");
  if (piece.find_first_of("{}=*:") != absl::string_view::npos) {
    return TemplateError(text, absl::StrCat("bad segment \"", piece, "\""));
  }
  return PathTemplate::Segment{Kind::kLiteral, std::string(piece)};
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_tolower(static_cast<unsigned char>(c));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Percent-decodes one segment; nullopt for a malformed escape. With keep_slash, "%2F" stays
// encoded (a `**` value keeps the segments the client meant).
std::optional<std::string> DecodeSegment(absl::string_view segment, bool keep_slash) {
  std::string out;
  out.reserve(segment.size());
  for (size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] != '%') {
      out.push_back(segment[i]);
      continue;
    }
    if (i + 2 >= segment.size()) return std::nullopt;
    const int high = HexValue(segment[i + 1]);
    const int low = HexValue(segment[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    const char decoded = static_cast<char>(high * 16 + low);
    if (keep_slash && decoded == '/') {
      out.append(segment.data() + i, 3);
    } else {
      out.push_back(decoded);
    }
    i += 2;
  }
  return out;
}

// "agencies" -> "agency", "reports" -> "report": a readable OpenAPI parameter name.
std::string Singular(absl::string_view plural) {
  if (absl::EndsWith(plural, "ies")) return absl::StrCat(plural.substr(0, plural.size() - 3), "y");
  if (absl::EndsWith(plural, "s") && plural.size() > 1) {
    return std::string(plural.substr(0, plural.size() - 1));
  }
  return std::string(plural);
}

}  // namespace

absl::StatusOr<PathTemplate> PathTemplate::Parse(absl::string_view text) {
  if (!absl::StartsWith(text, "/")) return TemplateError(text, "must start with \"/\"");
  PathTemplate result;
  result.text_ = std::string(text);
  std::vector<std::string> pieces = SplitTopLevel(text.substr(1));
  // The verb is a ":" after the last segment (outside any variable).
  std::string& last = pieces.back();
  const size_t brace = last.rfind('}');
  const size_t colon = last.find(':', brace == std::string::npos ? 0 : brace);
  if (colon != std::string::npos) {
    result.verb_ = last.substr(colon + 1);
    last.resize(colon);
    if (result.verb_.empty()) return TemplateError(text, "empty verb");
  }
  for (const std::string& piece : pieces) {
    if (!absl::StartsWith(piece, "{")) {
      absl::StatusOr<Segment> segment = ParsePlainSegment(text, piece);
      if (!segment.ok()) return segment.status();
      result.segments_.push_back(*segment);
      continue;
    }
    if (!absl::EndsWith(piece, "}") || piece.size() < 3) return TemplateError(text, "bad variable");
    absl::string_view inner = absl::string_view(piece).substr(1, piece.size() - 2);
    std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(inner, '=');
    Variable variable{std::string(parts.first), result.segments_.size(), 0};
    for (absl::string_view name : absl::StrSplit(parts.first, '.')) {
      if (!IsIdentifier(name)) return TemplateError(text, "bad variable name");
    }
    const bool has_pattern = inner.find('=') != absl::string_view::npos;
    absl::string_view pattern = has_pattern ? parts.second : "*";
    for (absl::string_view sub : absl::StrSplit(pattern, '/')) {
      absl::StatusOr<Segment> segment = ParsePlainSegment(text, sub);
      if (!segment.ok()) return segment.status();
      result.segments_.push_back(*segment);
    }
    variable.end_segment = result.segments_.size();
    result.variables_.push_back(std::move(variable));
  }
  for (size_t i = 0; i + 1 < result.segments_.size(); ++i) {
    if (result.segments_[i].kind == Kind::kMulti) return TemplateError(text, "\"**\" not last");
  }
  return result;
}

std::optional<std::vector<PathVariableBinding>> PathTemplate::Match(absl::string_view path) const {
  if (!absl::StartsWith(path, "/")) return std::nullopt;
  path.remove_prefix(1);
  if (!verb_.empty()) {
    const std::string suffix = absl::StrCat(":", verb_);
    if (!absl::EndsWith(path, suffix)) return std::nullopt;
    path.remove_suffix(suffix.size());
  }
  std::vector<absl::string_view> raw = absl::StrSplit(path, '/');
  // The decoded value each template segment took (a `**` takes the rest, joined).
  std::vector<std::string> taken(segments_.size());
  size_t next = 0;
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Segment& segment = segments_[i];
    if (segment.kind == Kind::kMulti) {
      std::vector<std::string> rest;
      for (; next < raw.size(); ++next) {
        std::optional<std::string> decoded = DecodeSegment(raw[next], /*keep_slash=*/true);
        if (!decoded || decoded->empty()) return std::nullopt;
        rest.push_back(*std::move(decoded));
      }
      taken[i] = absl::StrJoin(rest, "/");
      continue;
    }
    if (next >= raw.size()) return std::nullopt;
    std::optional<std::string> decoded = DecodeSegment(raw[next++], /*keep_slash=*/false);
    if (!decoded || decoded->empty()) return std::nullopt;
    if (segment.kind == Kind::kLiteral && *decoded != segment.literal) return std::nullopt;
    // A single segment never spans two: "%2F" cannot smuggle a "/" into "agencies/*".
    if (segment.kind == Kind::kSingle && decoded->find('/') != std::string::npos) {
      return std::nullopt;
    }
    taken[i] = *std::move(decoded);
  }
  if (next != raw.size()) return std::nullopt;
  std::vector<PathVariableBinding> bindings;
  for (const Variable& variable : variables_) {
    std::vector<absl::string_view> parts;
    for (size_t i = variable.first_segment; i < variable.end_segment; ++i) {
      if (!taken[i].empty() || segments_[i].kind != Kind::kMulti) parts.push_back(taken[i]);
    }
    bindings.push_back({variable.field_path, absl::StrJoin(parts, "/")});
  }
  return bindings;
}

std::string PathTemplate::OpenApiPath(
    std::vector<std::pair<std::string, std::string>>* parameters) const {
  std::vector<std::string> out;
  std::set<std::string> used;
  auto unique = [&used](std::string name) {
    std::string candidate = name;
    for (int n = 2; used.count(candidate) > 0; ++n) candidate = absl::StrCat(name, n);
    used.insert(candidate);
    return candidate;
  };
  std::vector<const Variable*> owner(segments_.size(), nullptr);
  for (const Variable& variable : variables_) {
    for (size_t i = variable.first_segment; i < variable.end_segment; ++i) owner[i] = &variable;
  }
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Segment& segment = segments_[i];
    if (segment.kind == Kind::kLiteral) {
      out.push_back(segment.literal);
      continue;
    }
    const std::string field = owner[i] != nullptr ? owner[i]->field_path : "";
    std::string name;
    const bool after_literal = i > 0 && segments_[i - 1].kind == Kind::kLiteral &&
                               owner[i] != nullptr && owner[i]->first_segment < i;
    if (segment.kind == Kind::kSingle && after_literal) {
      name = Singular(segments_[i - 1].literal);
    } else {
      name = field.empty() ? "segment" : field;
    }
    name = unique(name);
    out.push_back(absl::StrCat("{", name, "}"));
    if (parameters != nullptr) parameters->emplace_back(name, field);
  }
  std::string result = absl::StrCat("/", absl::StrJoin(out, "/"));
  if (!verb_.empty()) absl::StrAppend(&result, ":", verb_);
  return result;
}

int PathTemplate::Specificity() const {
  int literals = 0;
  for (const Segment& segment : segments_) literals += segment.kind == Kind::kLiteral ? 1 : 0;
  return literals * 2 + (verb_.empty() ? 0 : 1);
}

}  // namespace nianbao::gateway
