#include "services/codec/docx_archive.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace nianbao::codec {
namespace {

constexpr absl::string_view kMainPart = "word/document.xml";
constexpr absl::string_view kPackageRels = "_rels/.rels";
// _rels/.rels is a few hundred bytes in practice; anything far larger is not a real package.
constexpr std::uint64_t kMaxRelsBytes = 1 << 20;

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
struct XmlDocFreer {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

absl::Status Invalid(absl::string_view chinese, absl::string_view english) {
  return absl::InvalidArgumentError(absl::StrCat(chinese, " / ", english));
}

// An OLE compound file (Word 97-2003 .doc, or a password-protected .docx, which Office wraps in
// one) instead of a zip: say which, so the user knows what to do.
std::optional<absl::Status> RecogniseCompoundFile(absl::string_view bytes) {
  constexpr absl::string_view kCfbSignature("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  if (!absl::StartsWith(bytes, kCfbSignature)) return std::nullopt;
  // Encrypted OOXML stores its key data in a stream named "EncryptionInfo" (UTF-16LE name).
  std::string encryption_info;
  for (char c : absl::string_view("EncryptionInfo")) {
    encryption_info.push_back(c);
    encryption_info.push_back('\0');
  }
  if (absl::StrContains(bytes, encryption_info)) {
    return Invalid("文档已加密（设有打开密码），请去除密码后另存为 .docx 再导入",
                   "the document is password-protected (encrypted); remove the password and save "
                   "it as .docx");
  }
  return Invalid("这是 Word 97-2003 格式（.doc），应为 .docx，请在 Word 中另存为 .docx 再导入",
                 "this is a legacy Word 97-2003 .doc file, expected .docx; save it as .docx");
}

absl::Status ZipOpenError(int code) {
  switch (code) {
    case ZIP_ER_NOZIP:
      return Invalid("不是 DOCX 文件（应为 zip 压缩包，未找到 zip 目录）",
                     "not a .docx file: expected a zip archive, found no zip directory");
    case ZIP_ER_INCONS:
    case ZIP_ER_EOF:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
    case ZIP_ER_CRC:
      return Invalid("DOCX 文件已损坏（zip 结构不一致或被截断）",
                     "the .docx is damaged: its zip structure is inconsistent or truncated");
    case ZIP_ER_MULTIDISK:
      return Invalid("不支持分卷 zip，应为单个 .docx 文件",
                     "multi-volume zip archives are not supported; expected one .docx file");
    case ZIP_ER_MEMORY:
      return absl::ResourceExhaustedError(
          "内存不足，无法打开 DOCX / out of memory opening the .docx");
    default:
      return Invalid(absl::StrCat("无法作为 zip 打开（错误码 ", code, "），应为 .docx 文件"),
                     absl::StrCat("cannot open as a zip archive (libzip error ", code,
                                  "); expected a .docx file"));
  }
}

absl::StatusOr<ZipPtr> OpenArchive(absl::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  // The source only borrows `bytes` (freep = 0); the archive is closed before they go away.
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return absl::ResourceExhaustedError("无法读取输入 / cannot read the input");
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    const int code = zip_error_code_zip(&error);
    zip_source_free(source);
    zip_error_fini(&error);
    return ZipOpenError(code);
  }
  zip_error_fini(&error);
  return ZipPtr(archive);
}

// How much one entry may inflate to, and what to say when it is more.
struct SizeLimit {
  std::uint64_t bytes;
  // Non-zero when what is left of the document's total (this many bytes) is the tighter bound.
  std::uint64_t total_bytes = 0;
};

absl::Status TooLarge(absl::string_view name, const SizeLimit& limit) {
  if (limit.total_bytes != 0) {
    return Invalid(absl::StrCat("DOCX 各部分解压后合计超过 ", limit.total_bytes >> 20,
                                " MiB（读到 ", name, " 时），疑为压缩炸弹，已拒绝"),
                   absl::StrCat("the .docx's parts inflate to more than ", limit.total_bytes >> 20,
                                " MiB together (at ", name, "); refused as a zip bomb"));
  }
  return Invalid(absl::StrCat("DOCX 中的 ", name, " 过大（上限 ", limit.bytes >> 20,
                              " MiB），疑为压缩炸弹，已拒绝"),
                 absl::StrCat(name, " in the .docx is too large (limit ", limit.bytes >> 20,
                              " MiB); refused as a zip bomb"));
}

// Inflates one entry, refusing anything over the limit before and while reading: the sizes in a
// zip's headers are the archive's own claim and a bomb may lie about them.
absl::StatusOr<std::string> ReadEntry(zip_t* archive, zip_int64_t index, absl::string_view name,
                                      const SizeLimit& limit) {
  const std::uint64_t max_bytes = limit.bytes;
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &stat) != 0) {
    return Invalid(absl::StrCat("DOCX 文件已损坏，无法读取 ", name),
                   absl::StrCat("the .docx is damaged: cannot read ", name));
  }
  if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE) {
    return Invalid(absl::StrCat("DOCX 中的 ", name, " 已加密，请去除密码后再导入"),
                   absl::StrCat(name, " in the .docx is encrypted; remove the password first"));
  }
  if (((stat.valid & ZIP_STAT_SIZE) && stat.size > max_bytes) ||
      ((stat.valid & ZIP_STAT_COMP_SIZE) && stat.comp_size > max_bytes)) {
    return TooLarge(name, limit);
  }
  std::unique_ptr<zip_file_t, ZipFileCloser> file(
      zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0));
  if (file == nullptr) {
    const int code = zip_error_code_zip(zip_get_error(archive));
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_ENCRNOTSUPP || code == ZIP_ER_WRONGPASSWD) {
      return Invalid(absl::StrCat("DOCX 中的 ", name, " 已加密，请去除密码后再导入"),
                     absl::StrCat(name, " in the .docx is encrypted; remove the password first"));
    }
    if (code == ZIP_ER_COMPNOTSUPP) {
      return Invalid(absl::StrCat("DOCX 中的 ", name, " 使用了不支持的压缩方法"),
                     absl::StrCat(name, " in the .docx uses an unsupported compression method"));
    }
    return Invalid(absl::StrCat("DOCX 文件已损坏，无法打开 ", name),
                   absl::StrCat("the .docx is damaged: cannot open ", name));
  }
  std::string contents;
  char buffer[64 * 1024];
  while (true) {
    const zip_int64_t read = zip_fread(file.get(), buffer, sizeof buffer);
    if (read < 0) {
      return Invalid(
          absl::StrCat("DOCX 文件已损坏，", name, " 解压失败（数据或校验和错误）"),
          absl::StrCat("the .docx is damaged: ", name, " does not inflate (bad data or checksum)"));
    }
    if (read == 0) break;
    if (contents.size() + static_cast<std::uint64_t>(read) > max_bytes) {
      return TooLarge(name, limit);
    }
    contents.append(buffer, static_cast<size_t>(read));
  }
  return contents;
}

// The main part's name from _rels/.rels (the relationship of type .../officeDocument), for
// packages that do not use the usual word/document.xml.
std::optional<std::string> MainPartFromRels(zip_t* archive) {
  const zip_int64_t index = zip_name_locate(archive, std::string(kPackageRels).c_str(), 0);
  if (index < 0) return std::nullopt;
  absl::StatusOr<std::string> rels =
      ReadEntry(archive, index, kPackageRels, SizeLimit{kMaxRelsBytes});
  if (!rels.ok() || absl::StrContains(*rels, "<!DOCTYPE")) return std::nullopt;
  std::unique_ptr<xmlDoc, XmlDocFreer> doc(
      xmlReadMemory(rels->data(), static_cast<int>(rels->size()), "rels", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (doc == nullptr || xmlDocGetRootElement(doc.get()) == nullptr) return std::nullopt;
  for (xmlNode* node = xmlDocGetRootElement(doc.get())->children; node; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    xmlChar* type = xmlGetProp(node, reinterpret_cast<const xmlChar*>("Type"));
    xmlChar* target = xmlGetProp(node, reinterpret_cast<const xmlChar*>("Target"));
    std::optional<std::string> found;
    if (type != nullptr && target != nullptr &&
        absl::EndsWith(reinterpret_cast<const char*>(type), "/officeDocument")) {
      found = std::string(absl::StripPrefix(reinterpret_cast<const char*>(target), "/"));
    }
    xmlFree(type);
    xmlFree(target);
    if (found) return found;
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<DocxParts> ReadDocxParts(absl::string_view bytes, std::uint64_t max_part_bytes,
                                        std::uint64_t max_total_bytes) {
  if (bytes.empty()) {
    return Invalid("输入为空，应为 .docx 文件", "the input is empty; expected a .docx file");
  }
  if (std::optional<absl::Status> compound = RecogniseCompoundFile(bytes)) return *compound;
  absl::StatusOr<ZipPtr> archive = OpenArchive(bytes);
  if (!archive.ok()) return archive.status();
  DocxParts parts;
  parts.document_name = std::string(kMainPart);
  zip_int64_t index = zip_name_locate(archive->get(), parts.document_name.c_str(), 0);
  if (index < 0) {
    if (std::optional<std::string> from_rels = MainPartFromRels(archive->get())) {
      parts.document_name = *from_rels;
      index = zip_name_locate(archive->get(), parts.document_name.c_str(), 0);
    }
  }
  if (index < 0) {
    return Invalid("zip 压缩包中没有 word/document.xml，不是 Word 文档（.docx）",
                   "the zip archive has no word/document.xml; expected a Word .docx document");
  }
  // Each part may use what the parts before it left of the total: many parts just under the
  // per-part limit are a bomb too.
  std::uint64_t total_left = max_total_bytes;
  const auto limit_for_next_part = [&] {
    return max_part_bytes <= total_left ? SizeLimit{max_part_bytes}
                                        : SizeLimit{total_left, max_total_bytes};
  };
  absl::StatusOr<std::string> document =
      ReadEntry(archive->get(), index, parts.document_name, limit_for_next_part());
  if (!document.ok()) return document.status();
  parts.document = *std::move(document);
  total_left -= parts.document.size();
  // Numbering and styles sit beside the main part (word/numbering.xml, word/styles.xml).
  const size_t slash = parts.document_name.rfind('/');
  const std::string folder =
      slash == std::string::npos ? "" : parts.document_name.substr(0, slash + 1);
  for (auto [name, target] :
       {std::pair{"numbering.xml", &parts.numbering}, std::pair{"styles.xml", &parts.styles}}) {
    const std::string path = folder + name;
    const zip_int64_t part = zip_name_locate(archive->get(), path.c_str(), 0);
    if (part < 0) continue;
    absl::StatusOr<std::string> contents =
        ReadEntry(archive->get(), part, path, limit_for_next_part());
    if (!contents.ok()) return contents.status();
    *target = *std::move(contents);
    total_left -= target->size();
  }
  return parts;
}

}  // namespace nianbao::codec
