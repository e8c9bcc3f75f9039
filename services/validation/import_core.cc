#include "services/validation/import_core.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "services/codec/codec.h"
#include "services/common/error_details.h"

namespace nianbao::validation {
namespace {

using nianbao::codec::InputFormat;
using nianbao::service::BadRequestError;

constexpr std::size_t kMaxFileNameBytes = 1024;
constexpr std::size_t kMaxMediaTypeBytes = 256;

absl::Status FieldError(absl::string_view field, absl::string_view zh, absl::string_view en) {
  return BadRequestError(absl::StrCat(field, "：", zh), absl::StrCat(field, ": ", en),
                         {{std::string(field), absl::StrCat(zh, " (", en, ")")}});
}

// The codec's format for a media type; nullopt for one it does not read.
std::optional<InputFormat> FormatOfMediaType(absl::string_view media_type) {
  const std::string type =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(media_type.substr(0, media_type.find(';'))));
  if (type == kDocxMediaType) return InputFormat::kDocx;
  if (type == "application/pdf") return InputFormat::kPdf;
  if (type == "text/html") return InputFormat::kHtml;
  if (type == "text/plain") return InputFormat::kText;
  if (type == "application/json") return InputFormat::kJson;
  return std::nullopt;
}

absl::StatusOr<InputFormat> RequestedFormat(const nianbao::v1::ImportDocumentRequest& request) {
  if (request.file_name().size() > kMaxFileNameBytes) {
    return FieldError("file_name", absl::StrCat("文件名超过", kMaxFileNameBytes, "字节"),
                      absl::StrCat("the file name exceeds ", kMaxFileNameBytes, " bytes"));
  }
  if (request.media_type().size() > kMaxMediaTypeBytes) {
    return FieldError("media_type", absl::StrCat("媒体类型超过", kMaxMediaTypeBytes, "字节"),
                      absl::StrCat("the media type exceeds ", kMaxMediaTypeBytes, " bytes"));
  }
  if (!request.media_type().empty()) {
    if (std::optional<InputFormat> format = FormatOfMediaType(request.media_type())) {
      return *format;
    }
    return FieldError("media_type",
                      "不支持的媒体类型，应为 Word（.docx）、PDF、网页、纯文本或 JSON 之一",
                      absl::StrCat("unsupported media type; expected one of ", kDocxMediaType,
                                   ", application/pdf, text/html, text/plain, application/json"));
  }
  return codec::InputFormatOfFileName(request.file_name());
}

// The codec's "中文 / English" message as the two halves a BadRequest wants.
std::pair<std::string, std::string> SplitBilingual(absl::string_view message) {
  const std::size_t slash = message.find(" / ");
  if (slash == absl::string_view::npos) return {std::string(message), std::string(message)};
  return {std::string(message.substr(0, slash)), std::string(message.substr(slash + 3))};
}

absl::Status UnreadableDocument(const absl::Status& status) {
  const auto [zh, en] = SplitBilingual(status.message());
  return FieldError("content", absl::StrCat("无法导入文档：", zh),
                    absl::StrCat("the document cannot be imported: ", en));
}

}  // namespace

absl::Status DocumentTooLargeError(int64_t size, int64_t limit) {
  const absl::Status bad_request =
      FieldError("content", absl::StrCat("文档过大（", size, "字节），上限为", limit, "字节"),
                 absl::StrCat("the document is ", size, " bytes; the limit is ", limit));
  // The same details under the code that says a limit was hit (AIP-193: RESOURCE_EXHAUSTED).
  absl::Status status(absl::StatusCode::kResourceExhausted, bad_request.message());
  bad_request.ForEachPayload(
      [&](absl::string_view url, const absl::Cord& payload) { status.SetPayload(url, payload); });
  service::AttachErrorInfo(status, "DOCUMENT_TOO_LARGE",
                           {{"field", "content"}, {"limit_bytes", absl::StrCat(limit)}});
  return status;
}

absl::Status ImportDocumentCore(const nianbao::v1::ImportDocumentRequest& request,
                                const ValidationLimits& limits,
                                nianbao::v1::ImportDocumentResponse* response) {
  const int64_t size = static_cast<int64_t>(request.content().size());
  if (size == 0) {
    return FieldError("content", "必须提供文档内容", "the document's content is required");
  }
  if (size > limits.max_import_bytes) return DocumentTooLargeError(size, limits.max_import_bytes);
  absl::StatusOr<InputFormat> format = RequestedFormat(request);
  if (!format.ok()) return format.status();
  absl::StatusOr<codec::ImportResult> imported = codec::ImportDocument(request.content(), *format);
  if (!imported.ok()) {
    if (imported.status().code() == absl::StatusCode::kInvalidArgument) {
      return UnreadableDocument(imported.status());
    }
    return imported.status();
  }
  response->Clear();
  nianbao::v1::ValidateRequest validate;
  *validate.mutable_report() = std::move(imported->report);
  if (absl::Status status = ValidateReportRequest(validate, limits, response->mutable_validation());
      !status.ok()) {
    // A report the rules cannot take (a year out of range, too large) came from the document.
    return UnreadableDocument(status);
  }
  *response->mutable_report() = std::move(*validate.mutable_report());
  for (nianbao::v1::ImportWarning& warning : imported->warnings) {
    *response->add_warnings() = std::move(warning);
  }
  response->set_source_format(std::string(codec::InputFormatName(imported->format)));
  return absl::OkStatus();
}

}  // namespace nianbao::validation
