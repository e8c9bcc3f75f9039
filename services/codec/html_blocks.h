// The body of a web page as a SourceDocument: block elements become paragraphs, tables become
// rows of cells with rowspan/colspan flattened as the .docx reader flattens merged cells. Private
// to the codec (html_reader.cc uses it).
#ifndef NIANBAO_SERVICES_CODEC_HTML_BLOCKS_H_
#define NIANBAO_SERVICES_CODEC_HTML_BLOCKS_H_

#include <libxml/tree.h>

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/codec/source_document.h"

namespace nianbao::codec::html {

absl::string_view View(const xmlChar* text);
// Whether `node` is the element `name` (libxml2's HTML parser lower-cases names).
bool IsElement(const xmlNode* node, absl::string_view name);
// Elements whose content is never shown as the page's text (scripts, styles, forms' controls,
// navigation).
bool IsSkipped(const xmlNode* node);
// The element's visible text, block elements separated by '\n', white space collapsed as a browser
// does. Callers bound the subtree (the tree's depth is checked before).
std::string VisibleText(const xmlNode* node);

// Adds the blocks of `root`'s content to a document, in order. Paragraphs are located "第N段"
// (counting the paragraphs added), tables "第T个表格第R行第C列".
class BlockWriter {
 public:
  explicit BlockWriter(std::size_t max_cells) : max_cells_(max_cells) {}

  // Adds a paragraph (not blank) as it is.
  void AddParagraph(std::string text);
  // Adds `root`'s content. INVALID_ARGUMENT when the tables hold more than max_cells cells.
  [[nodiscard]] absl::Status AddContent(const xmlNode* root);
  SourceDocument Finish();

 private:
  void Walk(const xmlNode* node);
  void Flush();
  [[nodiscard]] absl::Status AddTable(const xmlNode* table);

  std::size_t max_cells_;
  std::size_t cells_ = 0;
  int paragraphs_ = 0;
  int tables_ = 0;
  std::string line_;
  absl::Status status_;
  SourceDocument document_;
};

}  // namespace nianbao::codec::html

#endif  // NIANBAO_SERVICES_CODEC_HTML_BLOCKS_H_
