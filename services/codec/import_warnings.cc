#include "services/codec/import_warnings.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec {
namespace {

constexpr absl::string_view kOrdinal = "第";
constexpr absl::string_view kPage = "页";
constexpr absl::string_view kLine = "行";

// Reads "第<digits><unit>" at the start of `text`, advancing it; false (text unchanged) otherwise.
bool ConsumeOrdinal(absl::string_view& text, absl::string_view unit, int* value) {
  absl::string_view rest = text;
  if (!absl::ConsumePrefix(&rest, kOrdinal)) return false;
  std::size_t digits = 0;
  while (digits < rest.size() && digits < 9 && rest[digits] >= '0' && rest[digits] <= '9') {
    ++digits;
  }
  if (digits == 0 || !absl::SimpleAtoi(rest.substr(0, digits), value)) return false;
  rest.remove_prefix(digits);
  if (!absl::ConsumePrefix(&rest, unit)) return false;
  text = rest;
  return true;
}

// `text` cut to at most `limit` bytes without splitting a UTF-8 character.
std::string Quote(absl::string_view text, std::size_t limit = kMaxWarningTextBytes) {
  constexpr absl::string_view kEllipsis = "…";
  if (text.size() <= limit) return std::string(text);
  std::size_t end = limit - kEllipsis.size();
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(text.substr(0, end), kEllipsis);
}

}  // namespace

void FillPageAndLine(absl::string_view where, nianbao::v1::ImportPosition* position) {
  int page = 0;
  int line = 0;
  absl::string_view rest = where;
  const bool has_page = ConsumeOrdinal(rest, kPage, &page);
  if (ConsumeOrdinal(rest, kLine, &line) && rest.empty()) {
    position->set_page(has_page ? page : 0);
    position->set_line(line);
  }
}

std::string RowText(const SourceRow& row) {
  std::string text;
  for (const SourceCell& cell : row.cells) {
    const absl::string_view trimmed = TrimSpaces(cell.text);
    if (trimmed.empty()) continue;
    if (!text.empty()) text += " | ";
    text.append(trimmed.data(), std::min(trimmed.size(), kMaxWarningTextBytes + 4));
    if (text.size() > kMaxWarningTextBytes) break;
  }
  return Quote(text);
}

ImportWarningSink::ImportWarningSink(const SourceDocument& document) {
  int table = 0;
  for (std::size_t b = 0; b < document.blocks.size(); ++b) {
    const SourceBlock& block = document.blocks[b];
    RowIndex index;
    index.block = static_cast<int>(b) + 1;
    index.source = &block;
    if (block.kind == SourceBlock::Kind::kTable) index.table = ++table;
    blocks_[&block] = index;
    for (std::size_t r = 0; r < block.rows.size(); ++r) {
      index.row = static_cast<int>(r) + 1;
      rows_[&block.rows[r]] = index;
    }
  }
}

nianbao::v1::ImportWarning* ImportWarningSink::Add(absl::string_view code) {
  if (warnings_.size() > kMaxImportWarnings) return nullptr;
  if (warnings_.size() == kMaxImportWarnings) {
    nianbao::v1::ImportWarning& last = warnings_.emplace_back();
    last.set_code(std::string(kTooManyWarnings));
    last.set_message_zh(absl::StrCat("导入警告超过", kMaxImportWarnings, "条，其余从略"));
    last.set_message_en(
        absl::StrCat("more than ", kMaxImportWarnings, " import warnings; the rest are left out"));
    return nullptr;
  }
  nianbao::v1::ImportWarning& warning = warnings_.emplace_back();
  warning.set_code(std::string(code));
  return &warning;
}

void ImportWarningSink::Place(const SourceRow& row, std::size_t cell, absl::string_view message_zh,
                              absl::string_view message_en,
                              nianbao::v1::ImportWarning* warning) const {
  nianbao::v1::ImportPosition* position = warning->mutable_position();
  const auto it = rows_.find(&row);
  if (it != rows_.end()) {
    position->set_block(it->second.block);
    position->set_table(it->second.table);
    position->set_row(it->second.row);
  }
  const bool has_cell = cell != std::string::npos && cell < row.cells.size();
  if (has_cell) position->set_column(static_cast<int>(cell) + 1);
  const std::size_t located = has_cell ? cell : 0;
  std::string where = located < row.cells.size() ? row.cells[located].where : "";
  if (where.empty() && it != rows_.end()) {
    // A reader that locates only its tables (a PDF's grid): the row in the table, and where the
    // table starts.
    where = absl::StrCat("第", it->second.table, "个表格第", it->second.row, "行",
                         has_cell ? absl::StrCat("第", cell + 1, "列") : "");
    if (!it->second.source->where.empty()) {
      absl::StrAppend(&where, "（表格始于", it->second.source->where, "）");
    }
  }
  FillPageAndLine(where, position);
  position->set_description(where);
  warning->set_message_zh(where.empty() ? std::string(message_zh)
                                        : absl::StrCat(where, "：", message_zh));
  warning->set_message_en(where.empty() ? std::string(message_en)
                                        : absl::StrCat(where, ": ", message_en));
}

void ImportWarningSink::AddRow(absl::string_view code, const SourceRow& row,
                               absl::string_view message_zh, absl::string_view message_en) {
  nianbao::v1::ImportWarning* warning = Add(code);
  if (warning == nullptr) return;
  Place(row, std::string::npos, message_zh, message_en, warning);
  warning->set_text(RowText(row));
}

void ImportWarningSink::AddCell(absl::string_view code, const SourceRow& row, std::size_t cell,
                                absl::string_view message_zh, absl::string_view message_en) {
  nianbao::v1::ImportWarning* warning = Add(code);
  if (warning == nullptr) return;
  Place(row, cell, message_zh, message_en, warning);
  if (cell < row.cells.size()) warning->set_text(Quote(TrimSpaces(row.cells[cell].text)));
}

void ImportWarningSink::AddFormat2019Row(const SourceRow& row, std::string message_zh,
                                         std::string message_en) {
  format_2019_rows_.push_back(HeldRow{&row, std::move(message_zh), std::move(message_en)});
}

void ImportWarningSink::ResolveFormat2019Rows(bool report_is_mixed) {
  if (report_is_mixed) {
    for (const HeldRow& held : format_2019_rows_) {
      AddRow(kFormat2019Row, *held.row, held.message_zh, held.message_en);
    }
  }
  format_2019_rows_.clear();
}

std::vector<nianbao::v1::ImportWarning> ImportWarningSink::Take() {
  const auto key = [](const nianbao::v1::ImportWarning& w) {
    const bool last = w.code() == kTooManyWarnings;
    return std::make_tuple(last, w.position().block(), w.position().row(), w.position().column());
  };
  std::stable_sort(warnings_.begin(), warnings_.end(),
                   [&](const auto& a, const auto& b) { return key(a) < key(b); });
  return std::move(warnings_);
}

void ImportWarningSink::AddBlock(absl::string_view code, const SourceBlock& block,
                                 absl::string_view message_zh, absl::string_view message_en) {
  nianbao::v1::ImportWarning* warning = Add(code);
  if (warning == nullptr) return;
  nianbao::v1::ImportPosition* position = warning->mutable_position();
  if (const auto it = blocks_.find(&block); it != blocks_.end()) {
    position->set_block(it->second.block);
    position->set_table(it->second.table);
  }
  position->set_description(block.where);
  FillPageAndLine(block.where, position);
  warning->set_message_zh(block.where.empty() ? std::string(message_zh)
                                              : absl::StrCat(block.where, "：", message_zh));
  warning->set_message_en(block.where.empty() ? std::string(message_en)
                                              : absl::StrCat(block.where, ": ", message_en));
  for (const SourceRow& row : block.rows) {
    if (std::string text = RowText(row); !text.empty()) {
      warning->set_text(std::move(text));
      break;
    }
  }
}

}  // namespace nianbao::codec
