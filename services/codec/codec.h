// The report codecs' public entry points: import an agency's document (plain-text layout or .docx)
// into a nianbao.v1.AnnualReport, and render one back as text layout, Markdown, HTML or proto3
// JSON. Thread-safe (no shared state). Never crashes or hangs on any input: unreadable input yields
// INVALID_ARGUMENT whose message (Chinese, then English) names the line or cell and what was
// expected.
#ifndef NIANBAO_SERVICES_CODEC_CODEC_H_
#define NIANBAO_SERVICES_CODEC_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nianbao/v1/report.pb.h"

namespace nianbao::codec {

enum class InputFormat { kAuto, kText, kDocx, kJson, kHtml, kPdf };

// Imports a document. kAuto recognises a .docx by its zip signature, a PDF by %PDF-, a web page by
// a leading
// <!DOCTYPE html> or <html> (or an <html> tag near the start), JSON by a leading '{', and reads
// anything else as the plain-text layout of ../shared/fixtures.
absl::StatusOr<nianbao::v1::AnnualReport> ImportReport(absl::string_view bytes,
                                                       InputFormat format = InputFormat::kAuto);
// Reads the file at `path` and imports it (NOT_FOUND when it cannot be read). A name ending in
// .html/.htm/.shtml is read as a web page, one in .pdf as a PDF; any other is recognised by its
// content.
absl::StatusOr<nianbao::v1::AnnualReport> ImportReportFile(const std::string& path);

enum class OutputFormat { kText, kMarkdown, kHtml, kJson };

// Renders a report. Importing the text or JSON output gives back an equal message.
absl::StatusOr<std::string> RenderReport(const nianbao::v1::AnnualReport& report,
                                         OutputFormat format);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_CODEC_H_
