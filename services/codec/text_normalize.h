// Small UTF-8 text helpers shared by the readers, the report parser and the renderers: decoding,
// validation, trimming, full-width to half-width folding and the removal of Word artifacts. None
// of them fails or allocates more than linear space on any input, valid UTF-8 or not.
#ifndef NIANBAO_SERVICES_CODEC_TEXT_NORMALIZE_H_
#define NIANBAO_SERVICES_CODEC_TEXT_NORMALIZE_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace nianbao::codec {

// One decoded code point and the number of bytes it took. An invalid byte decodes as U+FFFD with
// length 1, so a scan always advances.
struct DecodedCodePoint {
  char32_t code_point;
  std::size_t length;
};
DecodedCodePoint DecodeUtf8At(absl::string_view text, std::size_t pos);

// Appends the UTF-8 encoding of `code_point` to `out`.
void AppendUtf8(char32_t code_point, std::string& out);

// The byte offset of the first byte that is not part of well-formed UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF), or npos when the whole text is valid.
std::size_t FindInvalidUtf8(absl::string_view text);

// The number of code points (invalid bytes count one each).
std::size_t CodePointCount(absl::string_view text);

// Removes leading and trailing white space: ASCII, U+3000 (ideographic space), U+00A0.
absl::string_view TrimSpaces(absl::string_view text);

// Folds full-width ASCII forms (U+FF01..U+FF5E) to ASCII and U+3000 to a space; "１２．５" becomes
// "12.5", "（一）" becomes "(一)".
std::string ToHalfWidth(absl::string_view text);

// Removes what Word and text extraction leave behind: "[bookmark: _GoBack]" and other
// "[bookmark: ...]" markers, zero-width spaces and joiners, byte-order marks and soft hyphens.
std::string StripWordArtifacts(absl::string_view text);

// StripWordArtifacts, then TrimSpaces: the form in which paragraphs are kept.
std::string CleanText(absl::string_view text);

// The comparison key of a table label or heading: artifacts removed, half-width, every kind of
// white space (including line breaks inside a cell) dropped, and "1、" written as "1.".
std::string NormalizeLabel(absl::string_view text);

// True when `text` is non-empty and holds only ASCII digits.
bool IsAsciiDigits(absl::string_view text);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_TEXT_NORMALIZE_H_
