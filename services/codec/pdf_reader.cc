#include "services/codec/pdf_reader.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/codec/parse_error.h"
#include "services/codec/pdf_layout.h"
#include "services/codec/pdf_streams.h"

namespace nianbao::codec {
namespace {

absl::Status PdfError(absl::string_view zh, absl::string_view en) {
  return InputError("PDF", zh, en);
}

// poppler reports what it recovers from on stderr; a damaged file is judged by the result.
void IgnorePopplerMessage(const std::string&, void*) {}

}  // namespace

absl::StatusOr<SourceDocument> ReadPdf(absl::string_view bytes, const PdfReadLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return PdfError(
        absl::StrCat("文件过大（", bytes.size(), " 字节，上限 ", limits.max_bytes, " 字节）"),
        absl::StrCat("file too large (", bytes.size(), " bytes, limit ", limits.max_bytes, ")"));
  }
  // Readers accept a little junk before the header, as poppler does.
  if (bytes.substr(0, 1024).find("%PDF-") == absl::string_view::npos) {
    return PdfError("不是 PDF 文件（缺少 %PDF- 文件头）", "not a PDF file (no %PDF- header)");
  }
  if (absl::Status status = pdf::CheckInflatedSizes(bytes, limits.max_inflated_stream_bytes,
                                                    limits.max_inflated_total_bytes);
      !status.ok()) {
    return status;
  }
  // Once: a batch import reads PDFs on several threads, and the function is poppler's global.
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function(IgnorePopplerMessage, nullptr); });
  std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (document == nullptr) {
    return PdfError("PDF 文件已损坏或不完整，无法打开", "the PDF is damaged or truncated");
  }
  if (document->is_locked()) {
    return PdfError("PDF 已加密（需要密码），无法导入；请提供未加密的文件",
                    "the PDF is encrypted (needs a password); provide an unencrypted file");
  }
  const int page_count = document->pages();
  if (page_count <= 0) return PdfError("PDF 没有页面", "the PDF has no pages");
  if (page_count > limits.max_pages) {
    return PdfError(
        absl::StrCat("PDF 页数过多（", page_count, " 页，上限 ", limits.max_pages, " 页）"),
        absl::StrCat("too many pages (", page_count, ", limit ", limits.max_pages, ")"));
  }
  std::vector<pdf::Page> pages;
  std::size_t box_count = 0;
  bool any_text = false;
  for (int index = 0; index < page_count; ++index) {
    std::unique_ptr<poppler::page> page(document->create_page(index));
    if (page == nullptr) {
      return PdfError(absl::StrCat("第", index + 1, "页已损坏，无法读取"),
                      absl::StrCat("page ", index + 1, " is damaged"));
    }
    pdf::Page& out = pages.emplace_back();
    const poppler::rectf rect = page->page_rect();
    out.width = rect.width();
    out.height = rect.height();
    for (const poppler::text_box& box : page->text_list()) {
      if (++box_count > limits.max_text_boxes) {
        return PdfError(absl::StrCat("PDF 文字块过多（超过 ", limits.max_text_boxes, " 个）"),
                        absl::StrCat("too many text runs (over ", limits.max_text_boxes, ")"));
      }
      const poppler::byte_array utf8 = box.text().to_utf8();
      std::string text(utf8.begin(), utf8.end());
      if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
      const poppler::rectf bbox = box.bbox();
      out.boxes.push_back(
          pdf::TextBox{std::move(text), bbox.left(), bbox.top(), bbox.right(), bbox.bottom()});
      any_text = true;
    }
  }
  if (!any_text) {
    return PdfError(
        "PDF 没有文字层（可能是扫描件或图片），无法导入；请提供可复制文字的 PDF 或 Word 文件",
        "the PDF has no text layer (a scan or images) and cannot be imported; provide a PDF with "
        "text or a Word file");
  }
  return pdf::LayOut(pages);
}

}  // namespace nianbao::codec
