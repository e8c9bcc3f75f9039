// Reads a report published as a web page (a government portal's article page) into a
// SourceDocument, so that the one report parser reads it as it reads the text layout and .docx.
#ifndef NIANBAO_SERVICES_CODEC_HTML_READER_H_
#define NIANBAO_SERVICES_CODEC_HTML_READER_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/codec/source_document.h"

namespace nianbao::codec {

// Bounds that keep a hostile page cheap: real report pages are under 1 MiB, a few dozen elements
// deep, and hold a few hundred table cells.
struct HtmlReadLimits {
  std::size_t max_bytes = 16u << 20;
  // libxml2 itself stops at 256 levels (without XML_PARSE_HUGE, which is never set).
  int max_depth = 256;
  std::size_t max_cells = 100000;
};

// Reads the page in `bytes` (charset as declared, see html_charset.h) with libxml2's HTML parser
// (no network, recovering from the tag soup portals serve). The report is the content container
// that holds its tables (the innermost element around every table that reads like a report table:
// 信息内容, 申请人情况, 行政复议), widened to take in 总体情况 when the tables sit in an inner
// wrapper; navigation, scripts, footers and everything outside it are left out. Before its blocks
// come the page's metadata as header lines ("索引号：…　分类：…", from a table of labelled cells
// or labelled lines outside the container) and the article's title heading when the container
// does not begin with it. Block elements become paragraphs; tables become rows whose merged cells
// are flattened as the .docx reader flattens them (a colspan cell once, a rowspan continuation
// as an empty cell). Without any report table the whole body is read.
//
// INVALID_ARGUMENT (Chinese, then English) for a page over max_bytes, nested deeper than
// max_depth, with more than max_cells table cells, in an unknown charset or bytes not in its
// declared charset, or that is not HTML at all.
[[nodiscard]] absl::StatusOr<SourceDocument> ReadHtml(absl::string_view bytes,
                                                      const HtmlReadLimits& limits = {});

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_HTML_READER_H_
