#include "services/codec/docx_xml.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <mutex>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace nianbao::codec::docx {
namespace {

// WordprocessingML in its transitional (what Word writes) and strict namespaces.
constexpr absl::string_view kWordNamespace =
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr absl::string_view kStrictWordNamespace =
    "http://purl.oclc.org/ooxml/wordprocessingml/main";

}  // namespace

absl::string_view View(const xmlChar* text) {
  return text == nullptr ? absl::string_view() : reinterpret_cast<const char*>(text);
}

namespace {

bool IsWordElement(const xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->ns == nullptr) return false;
  const absl::string_view ns = View(node->ns->href);
  return ns == kWordNamespace || ns == kStrictWordNamespace;
}

}  // namespace

bool Is(const xmlNode* node, absl::string_view local_name) {
  return IsWordElement(node) && View(node->name) == local_name;
}

std::string WordAttribute(const xmlNode* node, absl::string_view name) {
  for (const xmlAttr* attr = node->properties; attr != nullptr; attr = attr->next) {
    if (View(attr->name) != name || attr->ns == nullptr) continue;
    const absl::string_view ns = View(attr->ns->href);
    if (ns != kWordNamespace && ns != kStrictWordNamespace) continue;
    std::string value;
    for (const xmlNode* child = attr->children; child != nullptr; child = child->next) {
      if (child->type == XML_TEXT_NODE) absl::StrAppend(&value, View(child->content));
    }
    return value;
  }
  return "";
}

const xmlNode* FirstChild(const xmlNode* node, absl::string_view local_name) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (Is(child, local_name)) return child;
  }
  return nullptr;
}

int IntValue(const xmlNode* node, int fallback) {
  int value = 0;
  if (node == nullptr || !absl::SimpleAtoi(WordAttribute(node, "val"), &value)) return fallback;
  return value;
}

namespace {

absl::Status Invalid(absl::string_view chinese, absl::string_view english) {
  return absl::InvalidArgumentError(absl::StrCat(chinese, " / ", english));
}

struct XmlContextFreer {
  void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};

struct FirstXmlError {
  bool seen = false;
  int line = 0;
  std::string message;
};

// libxml2 hands the parser context as `data` (its userData is the context itself).
void RecordFirstXmlError(void* data, xmlError* error) {
  auto* context = static_cast<xmlParserCtxt*>(data);
  if (context == nullptr || context->_private == nullptr || error == nullptr) return;
  if (error->level < XML_ERR_ERROR) return;
  auto* first = static_cast<FirstXmlError*>(context->_private);
  if (first->seen) return;
  first->seen = true;
  first->line = error->line;
  first->message = error->message != nullptr ? error->message : "";
}

}  // namespace

absl::StatusOr<XmlDocPtr> ParsePart(const std::string& xml, absl::string_view part_name) {
  // Word never writes a DTD; refusing one up front rules out entity expansion (billion laughs)
  // and external entities whatever the parser's defaults.
  if (absl::StrContains(xml, "<!DOCTYPE") || absl::StrContains(xml, "<!ENTITY")) {
    return Invalid(absl::StrCat(part_name, " 含有 DOCTYPE/实体声明，不是 Word 生成的文档，已拒绝"),
                   absl::StrCat(part_name,
                                " declares a DOCTYPE or entities, which Word never "
                                "writes; refused"));
  }
  static std::once_flag init_once;
  std::call_once(init_once, [] { xmlInitParser(); });
  std::unique_ptr<xmlParserCtxt, XmlContextFreer> context(xmlNewParserCtxt());
  if (context == nullptr) return absl::ResourceExhaustedError("内存不足 / out of memory");
  // The parser's last error is often a consequence ("premature end of data"); the first one
  // names the real fault, so collect that through the context's structured error hook.
  FirstXmlError first_error;
  context->_private = &first_error;
  context->sax->serror = &RecordFirstXmlError;
  XmlDocPtr doc(xmlCtxtReadMemory(
      context.get(), xml.data(), static_cast<int>(xml.size()), std::string(part_name).c_str(),
      nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA));
  if (doc == nullptr || !context->wellFormed) {
    if (!first_error.seen) {
      const xmlError* last = xmlCtxtGetLastError(context.get());
      first_error.line = last != nullptr ? last->line : 0;
      first_error.message = last != nullptr && last->message != nullptr ? last->message : "";
    }
    const std::string detail = first_error.message.empty()
                                   ? std::string("unknown error")
                                   : std::string(absl::StripAsciiWhitespace(first_error.message));
    const int line = first_error.line;
    return Invalid(
        absl::StrCat(part_name, " 第", line, "行 XML 格式错误（", detail, "），应为格式正确的 XML"),
        absl::StrCat("malformed XML in ", part_name, " at line ", line, ": ", detail,
                     "; expected well-formed XML"));
  }
  return doc;
}

}  // namespace nianbao::codec::docx
