// The report codecs' public entry points: import an agency's document (plain-text layout, .docx,
// web page, text PDF or proto3 JSON) into a nianbao.v1.AnnualReport with the import warnings of
// what could not be placed, and render one back as text layout, Markdown, HTML or proto3 JSON.
// Thread-safe (no shared state). Never crashes or hangs on any input: unreadable input yields
// INVALID_ARGUMENT whose message (Chinese, then English) names the line or cell and what was
// expected.
#ifndef NIANBAO_SERVICES_CODEC_CODEC_H_
#define NIANBAO_SERVICES_CODEC_CODEC_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nianbao/v1/import.pb.h"
#include "nianbao/v1/report.pb.h"

namespace nianbao::codec {

enum class InputFormat { kAuto, kText, kDocx, kJson, kHtml, kPdf };

// What an import gives: the report, and what the readers and the parser could not place or read
// in a way the user should check (import.proto's ImportWarning: a stable code, the position, the
// text concerned, a message in Chinese and English), in document order. A report in the 2019 or a
// mixed format imports; a mixed table and its 2019 rows are among the warnings. A JSON import has
// no warnings.
struct ImportResult {
  nianbao::v1::AnnualReport report;
  std::vector<nianbao::v1::ImportWarning> warnings;
  // The format the bytes were read as (never kAuto).
  InputFormat format = InputFormat::kText;
};

// Imports a document. kAuto recognises a .docx by its zip signature, a PDF by %PDF-, a web page by
// a leading <!DOCTYPE html> or <html> (or an <html> tag near the start), JSON by a leading '{', and
// reads anything else as the plain-text layout of ../shared/fixtures.
absl::StatusOr<ImportResult> ImportDocument(absl::string_view bytes,
                                            InputFormat format = InputFormat::kAuto);
// Reads the file at `path` and imports it (NOT_FOUND when it cannot be read); the format is
// InputFormatOfFileName's for the path, else recognised by the content.
absl::StatusOr<ImportResult> ImportDocumentFile(const std::string& path);

// ImportDocument's report alone, its warnings dropped (for callers that need only the content).
absl::StatusOr<nianbao::v1::AnnualReport> ImportReport(absl::string_view bytes,
                                                       InputFormat format = InputFormat::kAuto);
// ImportDocumentFile's report alone.
absl::StatusOr<nianbao::v1::AnnualReport> ImportReportFile(const std::string& path);

// The format a file name decides (case-insensitive): kHtml for .html, .htm and .shtml, kPdf for
// .pdf; kAuto for any other, whose content tells (a .docx by its zip signature, JSON by '{').
InputFormat InputFormatOfFileName(absl::string_view file_name);

// "text", "docx", "json", "html", "pdf" ("auto" for kAuto).
absl::string_view InputFormatName(InputFormat format);

enum class OutputFormat { kText, kMarkdown, kHtml, kJson };

// Renders a report. Importing the text or JSON output gives back an equal message.
absl::StatusOr<std::string> RenderReport(const nianbao::v1::AnnualReport& report,
                                         OutputFormat format);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_CODEC_H_
