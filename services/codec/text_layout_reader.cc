#include "services/codec/text_layout_reader.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/codec/parse_error.h"
#include "services/codec/section_heading.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec {
namespace {

constexpr absl::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::string LineLocation(std::size_t line_number) { return absl::StrCat("第", line_number, "行"); }

// 1-based line number of byte `offset`.
std::size_t LineOfOffset(absl::string_view text, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
  }
  return line;
}

// Control characters other than tab, CR, LF and Word's page and line breaks (\f, \v, kept as
// white space) mean binary data, not a report.
std::optional<std::size_t> FindBinaryControl(absl::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return i;
    if (c == 0x7F) return i;
  }
  return std::nullopt;
}

absl::Status CheckBytes(absl::string_view text) {
  if (const std::size_t bad = FindInvalidUtf8(text); bad != absl::string_view::npos) {
    return InputError(LineLocation(LineOfOffset(text, bad)), "不是有效的 UTF-8 文本",
                      "the text is not valid UTF-8");
  }
  if (const std::optional<std::size_t> bad = FindBinaryControl(text); bad.has_value()) {
    const std::string zh =
        text[*bad] == '\0' ? "含有 NUL 字符，不是文本文件" : "含有二进制控制字符，不是文本文件";
    return InputError(LineLocation(LineOfOffset(text, *bad)), zh,
                      "contains NUL or binary control characters; not a text file");
  }
  return absl::OkStatus();
}

// Whether a non-tab line right after `cell` continues its label. Once a cell has been continued
// only the heading test applies, so a long run of lines costs linear time.
bool ContinuesCell(const SourceCell& cell, bool already_continued, absl::string_view line) {
  if (!already_continued) {
    const std::string cell_label = NormalizeLabel(cell.text);
    if (cell_label.empty() || IsAsciiDigits(cell_label)) return false;
  }
  const std::optional<SectionHeadingMatch> heading = MatchSectionHeading(line);
  return !heading.has_value() || heading->parenthesized;
}

// Builds the document line by line.
class LayoutBuilder {
 public:
  void AddLine(absl::string_view line, std::size_t line_number) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const bool previous_was_cell = previous_was_cell_;
    const bool cell_continued = cell_continued_;
    previous_was_cell_ = false;
    cell_continued_ = false;
    if (absl::StartsWith(line, "\t")) {
      AddCell(line.substr(1), line_number);
      previous_was_cell_ = true;
    } else if (TrimSpaces(line).empty()) {
      EndRow();
    } else if (previous_was_cell && ContinuesCell(row_.cells.back(), cell_continued, line)) {
      absl::StrAppend(&row_.cells.back().text, "\n", line);
      previous_was_cell_ = true;
      cell_continued_ = true;
    } else {
      EndTable();
      SourceBlock block;
      block.kind = SourceBlock::Kind::kParagraph;
      block.text = std::string(line);
      block.where = LineLocation(line_number);
      document_.blocks.push_back(std::move(block));
    }
  }

  SourceDocument Finish() {
    EndTable();
    return std::move(document_);
  }

 private:
  void AddCell(absl::string_view text, std::size_t line_number) {
    if (!in_table_) {
      table_ = SourceBlock();
      table_.kind = SourceBlock::Kind::kTable;
      table_.where = LineLocation(line_number);
      in_table_ = true;
    }
    row_.cells.push_back(SourceCell{std::string(text), LineLocation(line_number)});
  }

  void EndRow() {
    if (!row_.cells.empty()) table_.rows.push_back(std::move(row_));
    row_ = SourceRow();
  }

  void EndTable() {
    EndRow();
    if (in_table_) document_.blocks.push_back(std::move(table_));
    in_table_ = false;
  }

  SourceDocument document_;
  SourceBlock table_;
  SourceRow row_;
  bool in_table_ = false;
  bool previous_was_cell_ = false;
  bool cell_continued_ = false;
};

}  // namespace

absl::StatusOr<SourceDocument> ReadTextLayout(absl::string_view text) {
  if (text.size() > kMaxTextLayoutBytes) {
    return InputError(
        "第1行",
        absl::StrCat("输入过大（", text.size(), " 字节，上限 ", kMaxTextLayoutBytes, " 字节）"),
        absl::StrCat("input too large (", text.size(), " bytes, limit ", kMaxTextLayoutBytes, ")"));
  }
  if (absl::StartsWith(text, kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  if (absl::Status status = CheckBytes(text); !status.ok()) return status;
  LayoutBuilder builder;
  std::size_t line_number = 1;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == absl::string_view::npos) end = text.size();
    builder.AddLine(text.substr(start, end - start), line_number);
    start = end + 1;
    ++line_number;
  }
  return builder.Finish();
}

}  // namespace nianbao::codec
