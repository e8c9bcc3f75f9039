#include "services/codec/text_normalize.h"

#include "absl/strings/match.h"

namespace nianbao::codec {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr std::size_t kMaxBookmarkMarker = 128;

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Expected sequence length from the lead byte, 0 when it cannot start a sequence.
std::size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

bool IsSpaceCodePoint(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
         cp == 0x3000 || cp == 0x00A0;
}

// Zero-width and invisible characters that carry no text.
bool IsInvisible(char32_t cp) {
  return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
         cp == 0x00AD;
}

}  // namespace

DecodedCodePoint DecodeUtf8At(absl::string_view text, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  const std::size_t length = SequenceLength(lead);
  if (length == 1) return {lead, 1};
  if (length == 0 || pos + length > text.size()) return {kReplacement, 1};
  char32_t cp = lead & (0xFF >> (length + 1));
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[pos + i]);
    if (!IsContinuation(byte)) return {kReplacement, 1};
    cp = (cp << 6) | (byte & 0x3F);
  }
  const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (overlong || surrogate || cp > 0x10FFFF) return {kReplacement, 1};
  return {cp, length};
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::size_t FindInvalidUtf8(absl::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const DecodedCodePoint decoded = DecodeUtf8At(text, pos);
    if (decoded.code_point == kReplacement && decoded.length == 1) return pos;
    pos += decoded.length;
  }
  return absl::string_view::npos;
}

std::size_t CodePointCount(absl::string_view text) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); pos += DecodeUtf8At(text, pos).length) ++count;
  return count;
}

absl::string_view TrimSpaces(absl::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    const DecodedCodePoint decoded = DecodeUtf8At(text, begin);
    if (!IsSpaceCodePoint(decoded.code_point)) break;
    begin += decoded.length;
  }
  std::size_t end = text.size();
  while (end > begin) {
    // Step back over continuation bytes to the start of the last code point.
    std::size_t start = end - 1;
    while (start > begin && end - start < 4 &&
           IsContinuation(static_cast<unsigned char>(text[start]))) {
      --start;
    }
    const DecodedCodePoint decoded = DecodeUtf8At(text, start);
    if (start + decoded.length != end || !IsSpaceCodePoint(decoded.code_point)) break;
    end = start;
  }
  return text.substr(begin, end - begin);
}

std::string ToHalfWidth(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const DecodedCodePoint decoded = DecodeUtf8At(text, pos);
    const char32_t cp = decoded.code_point;
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
    } else if (cp == 0x3000) {
      out.push_back(' ');
    } else {
      out.append(text.data() + pos, decoded.length);
    }
    pos += decoded.length;
  }
  return out;
}

std::string StripWordArtifacts(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    if (text[pos] == '[' && absl::StartsWith(text.substr(pos), "[bookmark:")) {
      // A bookmark name is short; a far-away ']' belongs to real text (and bounding the look-ahead
      // keeps the scan linear).
      const std::size_t close = text.substr(pos, kMaxBookmarkMarker).find(']');
      if (close != absl::string_view::npos) {
        pos += close + 1;
        continue;
      }
    }
    const DecodedCodePoint decoded = DecodeUtf8At(text, pos);
    if (!IsInvisible(decoded.code_point)) out.append(text.data() + pos, decoded.length);
    pos += decoded.length;
  }
  return out;
}

std::string CleanText(absl::string_view text) {
  return std::string(TrimSpaces(StripWordArtifacts(text)));
}

std::string NormalizeLabel(absl::string_view text) {
  const std::string half = ToHalfWidth(StripWordArtifacts(text));
  std::string out;
  out.reserve(half.size());
  for (std::size_t pos = 0; pos < half.size();) {
    const DecodedCodePoint decoded = DecodeUtf8At(half, pos);
    const char32_t cp = decoded.code_point;
    if (cp == 0x3001 && !out.empty() && out.back() >= '0' && out.back() <= '9') {
      out.push_back('.');  // "1、" is written for "1.".
    } else if (!IsSpaceCodePoint(cp)) {
      out.append(half.data() + pos, decoded.length);
    }
    pos += decoded.length;
  }
  return out;
}

bool IsAsciiDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace nianbao::codec
