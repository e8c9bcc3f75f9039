// The character set of a web page, as the page declares it, and its conversion to UTF-8. Portals
// serve reports in UTF-8 and, still often, in GB2312/GBK/GB18030; libxml2 is then handed UTF-8
// only, so that its own encoding switching never sees a declaration that contradicts the bytes.
#ifndef NIANBAO_SERVICES_CODEC_HTML_CHARSET_H_
#define NIANBAO_SERVICES_CODEC_HTML_CHARSET_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nianbao::codec {

// The charset a page declares: a byte-order mark, else <meta charset=…> or
// <meta http-equiv="Content-Type" content="…; charset=…"> within the first 8 KiB, lower-cased;
// empty when there is none.
std::string DeclaredHtmlCharset(absl::string_view bytes);

// The page's text in UTF-8, without a byte-order mark. GB2312 and GBK are decoded as GB18030 (their
// superset); an undeclared page is UTF-8 when it is valid UTF-8, else GB18030. A multi-byte
// sequence cut by the end of a truncated file is dropped. INVALID_ARGUMENT (Chinese, then English)
// for a charset iconv does not know, or bytes that are not in the declared charset (naming the
// byte offset).
[[nodiscard]] absl::StatusOr<std::string> HtmlToUtf8(absl::string_view bytes);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_HTML_CHARSET_H_
