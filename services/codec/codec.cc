// The codecs' public entry points: format detection and dispatch to the readers, the parser and
// the renderers.
#include "services/codec/codec.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/codec/docx_reader.h"
#include "services/codec/html_reader.h"
#include "services/codec/html_renderer.h"
#include "services/codec/json_codec.h"
#include "services/codec/markdown_renderer.h"
#include "services/codec/pdf_reader.h"
#include "services/codec/report_parser.h"
#include "services/codec/text_layout_reader.h"
#include "services/codec/text_normalize.h"
#include "services/codec/text_renderer.h"

namespace nianbao::codec {
namespace {

constexpr absl::string_view kZipSignature = "PK\x03\x04";
constexpr absl::string_view kByteOrderMark = "\xEF\xBB\xBF";
// Files above this size are refused before reading; every format's own limit is lower.
constexpr std::size_t kMaxFileBytes = 64u << 20;

InputFormat DetectFormat(absl::string_view bytes) {
  if (absl::StartsWith(bytes, kZipSignature)) return InputFormat::kDocx;
  if (absl::StartsWith(bytes, "%PDF-")) return InputFormat::kPdf;
  if (absl::StartsWith(bytes, kByteOrderMark)) bytes.remove_prefix(kByteOrderMark.size());
  const std::string head = absl::AsciiStrToLower(TrimSpaces(bytes.substr(0, 1024)));
  if (absl::StartsWith(head, "<!doctype html") || absl::StartsWith(head, "<html") ||
      (absl::StartsWith(head, "<") && absl::StrContains(head, "<html"))) {
    return InputFormat::kHtml;
  }
  return absl::StartsWith(head, "{") ? InputFormat::kJson : InputFormat::kText;
}

absl::StatusOr<ImportResult> ParseSource(absl::StatusOr<SourceDocument> document,
                                         InputFormat format) {
  if (!document.ok()) return document.status();
  ImportResult result;
  result.format = format;
  absl::StatusOr<nianbao::v1::AnnualReport> report = ParseReport(*document, &result.warnings);
  if (!report.ok()) return report.status();
  result.report = *std::move(report);
  return result;
}

}  // namespace

InputFormat InputFormatOfFileName(absl::string_view file_name) {
  const std::string lower = absl::AsciiStrToLower(file_name);
  if (absl::EndsWith(lower, ".html") || absl::EndsWith(lower, ".htm") ||
      absl::EndsWith(lower, ".shtml")) {
    return InputFormat::kHtml;
  }
  if (absl::EndsWith(lower, ".pdf")) return InputFormat::kPdf;
  return InputFormat::kAuto;
}

absl::string_view InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kAuto:
      return "auto";
    case InputFormat::kText:
      return "text";
    case InputFormat::kDocx:
      return "docx";
    case InputFormat::kJson:
      return "json";
    case InputFormat::kHtml:
      return "html";
    case InputFormat::kPdf:
      return "pdf";
  }
  return "auto";
}

absl::StatusOr<ImportResult> ImportDocument(absl::string_view bytes, InputFormat format) {
  if (format == InputFormat::kAuto) format = DetectFormat(bytes);
  switch (format) {
    case InputFormat::kDocx:
      return ParseSource(ReadDocx(bytes), format);
    case InputFormat::kJson: {
      absl::StatusOr<nianbao::v1::AnnualReport> report = ParseJson(bytes);
      if (!report.ok()) return report.status();
      ImportResult result;
      result.report = *std::move(report);
      result.format = format;
      return result;
    }
    case InputFormat::kHtml:
      return ParseSource(ReadHtml(bytes), format);
    case InputFormat::kPdf:
      return ParseSource(ReadPdf(bytes), format);
    case InputFormat::kText:
    case InputFormat::kAuto:
      break;
  }
  return ParseSource(ReadTextLayout(bytes), InputFormat::kText);
}

absl::StatusOr<ImportResult> ImportDocumentFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("无法读取文件 ", path, " / cannot read file ", path));
  }
  std::string bytes;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxFileBytes) {
      return absl::InvalidArgumentError(absl::StrCat("文件过大（超过 ", kMaxFileBytes, " 字节）：",
                                                     path, " / file too large (over ",
                                                     kMaxFileBytes, " bytes): ", path));
    }
  }
  if (in.bad()) {
    return absl::NotFoundError(absl::StrCat("读取文件出错 ", path, " / error reading ", path));
  }
  return ImportDocument(bytes, InputFormatOfFileName(path));
}

absl::StatusOr<nianbao::v1::AnnualReport> ImportReport(absl::string_view bytes,
                                                       InputFormat format) {
  absl::StatusOr<ImportResult> result = ImportDocument(bytes, format);
  if (!result.ok()) return result.status();
  return std::move(result->report);
}

absl::StatusOr<nianbao::v1::AnnualReport> ImportReportFile(const std::string& path) {
  absl::StatusOr<ImportResult> result = ImportDocumentFile(path);
  if (!result.ok()) return result.status();
  return std::move(result->report);
}

absl::StatusOr<std::string> RenderReport(const nianbao::v1::AnnualReport& report,
                                         OutputFormat format) {
  switch (format) {
    case OutputFormat::kText:
      return RenderTextLayout(report);
    case OutputFormat::kMarkdown:
      return RenderMarkdown(report);
    case OutputFormat::kHtml:
      return RenderHtml(report);
    case OutputFormat::kJson:
      return RenderJson(report);
  }
  return absl::InvalidArgumentError("未知的输出格式 / unknown output format");
}

}  // namespace nianbao::codec
