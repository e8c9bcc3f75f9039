// WordprocessingML helpers shared by the .docx reader's files: safe parsing of a part and
// namespace-aware element and attribute access. Private to the codec.
#ifndef NIANBAO_SERVICES_CODEC_DOCX_XML_H_
#define NIANBAO_SERVICES_CODEC_DOCX_XML_H_

#include <libxml/tree.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nianbao::codec::docx {

struct XmlDocFreer {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFreer>;

// Parses a part without network access, entity expansion or any DTD (a part that declares one is
// refused: Word never writes one). INVALID_ARGUMENT, Chinese then English, naming `part_name` and
// the line of the first error.
absl::StatusOr<XmlDocPtr> ParsePart(const std::string& xml, absl::string_view part_name);

absl::string_view View(const xmlChar* text);
// An element in the WordprocessingML namespace (transitional or strict) named `local_name`.
bool Is(const xmlNode* node, absl::string_view local_name);
// The w:-namespaced attribute `name` of `node`; empty when absent.
std::string WordAttribute(const xmlNode* node, absl::string_view name);
// The first w: child named `local_name`, or null.
const xmlNode* FirstChild(const xmlNode* node, absl::string_view local_name);
// WordAttribute(node, "val") parsed as an integer, or `fallback`.
int IntValue(const xmlNode* node, int fallback);

}  // namespace nianbao::codec::docx

#endif  // NIANBAO_SERVICES_CODEC_DOCX_XML_H_
