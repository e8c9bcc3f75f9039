// Builds small but genuine .docx files for tests: a SourceDocument becomes word/document.xml with
// the things real reports contain (merged cells, labels broken by w:br, bookmarks, runs split
// mid-word, field codes, tracked deletions), packed with [Content_Types].xml and _rels by libzip.
#ifndef NIANBAO_TESTS_UNIT_CODEC_DOCX_DOCX_BUILDER_H_
#define NIANBAO_TESTS_UNIT_CODEC_DOCX_DOCX_BUILDER_H_

#include <string>
#include <utility>
#include <vector>

#include "services/codec/source_document.h"

namespace nianbao::testing {

// One archive entry: name and contents.
using ZipEntry = std::pair<std::string, std::string>;

struct ZipOptions {
  bool deflate = true;       // false: stored.
  std::string aes_password;  // Non-empty: every entry AES-256 encrypted.
};

// A zip archive holding `entries` in the given order.
std::string BuildZip(const std::vector<ZipEntry>& entries, const ZipOptions& options = {});

struct DocxBuildOptions {
  // Section headings "一、…" and subheadings "（一）…" numbered as Word's automatic numbering does
  // (word/numbering.xml; subheadings through a paragraph style in word/styles.xml), with the
  // number removed from the text — when the written numbers run in sequence as Word would count.
  bool auto_number_headings = false;
};

// word/document.xml for `document`. Paragraph text "[bookmark: NAME]rest" becomes a
// w:bookmarkStart named NAME followed by "rest" (as Word exports show bookmarks in text). In
// tables: a row with fewer cells than the widest row gets w:gridSpan on its last cell; an empty
// cell below a cell becomes a vertical-merge continuation (w:vMerge) of it; '\n' in a cell becomes
// w:br; text is split over several runs, and the first paragraph carries a HYPERLINK field code
// and a tracked deletion that a reader must leave out.
std::string DocumentXml(const nianbao::codec::SourceDocument& document,
                        const DocxBuildOptions& options = {});

// The entries of a minimal valid package around `document_xml`, with word/numbering.xml and
// word/styles.xml when given.
std::vector<ZipEntry> DocxEntries(const std::string& document_xml,
                                  const std::string& numbering_xml = "",
                                  const std::string& styles_xml = "");

// The numbering and styles parts that DocumentXml's auto-numbered headings refer to.
std::string HeadingNumberingXml();
std::string HeadingStylesXml();

// A complete .docx for `document`.
std::string BuildDocx(const nianbao::codec::SourceDocument& document,
                      const DocxBuildOptions& options = {});

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_UNIT_CODEC_DOCX_DOCX_BUILDER_H_
