// Sheets as CSV and as aligned terminal text.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/office/office_sheets.h"

namespace nianbao::office {
namespace {

const std::string& CellText(const SheetCell& cell) { return cell.text; }

}  // namespace

// UTF-8 is decoded just enough to tell a wide character (CJK, full-width forms).
int DisplayWidth(const std::string& text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    char32_t c = lead;
    size_t length = 1;
    if (lead >= 0xF0) {
      length = 4;
    } else if (lead >= 0xE0) {
      length = 3;
      if (i + 2 < text.size()) {
        c = ((lead & 0x0F) << 12) | ((text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F);
      }
    } else if (lead >= 0xC0) {
      length = 2;
    }
    const bool wide = length == 4 || (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                      (c >= 0xFFE0 && c <= 0xFFE6);
    width += wide ? 2 : 1;
    i += length;
  }
  return width;
}

int Sheet::columns() const {
  size_t columns = 0;
  for (const auto& row : rows) columns = std::max(columns, row.size());
  return static_cast<int>(columns);
}

std::string SheetCsv(const Sheet& sheet) {
  std::string out;
  for (const auto& row : sheet.rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out += ',';
      const std::string& text = CellText(row[c]);
      if (text.find_first_of(",\"\r\n") == std::string::npos) {
        out += text;
        continue;
      }
      out += '"';
      for (char ch : text) {
        if (ch == '"') out += '"';
        out += ch;
      }
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

std::string SheetText(const Sheet& sheet) {
  const int columns = sheet.columns();
  constexpr int kGap = 2;
  // The horizontal span of each merged top-left cell; 1 for the others.
  std::vector<std::vector<int>> span(sheet.rows.size(), std::vector<int>(columns, 1));
  for (const SheetMerge& merge : sheet.merges) {
    span[merge.first_row][merge.first_column] = merge.last_column - merge.first_column + 1;
  }
  std::vector<int> widths(columns, 0);
  // The title (row 0) is printed on its own line and does not widen the columns.
  for (size_t r = 1; r < sheet.rows.size(); ++r) {
    for (int c = 0; c < static_cast<int>(sheet.rows[r].size()); ++c) {
      if (span[r][c] == 1) widths[c] = std::max(widths[c], DisplayWidth(sheet.rows[r][c].text));
    }
  }
  // A merged cell wider than the columns it spans widens its last column.
  for (size_t r = 1; r < sheet.rows.size(); ++r) {
    for (int c = 0; c < static_cast<int>(sheet.rows[r].size()); ++c) {
      if (span[r][c] == 1) continue;
      const int last = std::min(columns, c + span[r][c]) - 1;
      int available = (last - c) * kGap;
      for (int k = c; k <= last; ++k) available += widths[k];
      const int needed = DisplayWidth(sheet.rows[r][c].text);
      if (needed > available) widths[last] += needed - available;
    }
  }
  std::string out;
  if (!sheet.rows.empty())
    absl::StrAppend(&out, sheet.rows[0].empty() ? "" : sheet.rows[0][0].text, "\n");
  int total_width = 0;
  for (int w : widths) total_width += w + kGap;
  for (size_t r = 1; r < sheet.rows.size(); ++r) {
    std::string line;
    const auto& row = sheet.rows[r];
    for (int c = 0; c < static_cast<int>(row.size());) {
      const int last = std::min(columns, c + span[r][c]) - 1;
      int width = (last - c) * kGap;
      for (int k = c; k <= last; ++k) width += widths[k];
      const std::string& text = row[c].text;
      const int pad = std::max(0, width - DisplayWidth(text));
      // Numbers right-aligned, text left-aligned.
      if (row[c].kind == SheetCell::Kind::kNumber) {
        line.append(pad, ' ');
        line += text;
      } else {
        line += text;
        line.append(pad, ' ');
      }
      c = last + 1;
      if (c < static_cast<int>(row.size())) line.append(kGap, ' ');
    }
    line.erase(line.find_last_not_of(' ') + 1);
    absl::StrAppend(&out, line, "\n");
    if (static_cast<int>(r) == sheet.header_rows) {
      out.append(std::max(0, total_width - kGap), '-');
      out += '\n';
    }
  }
  return out;
}

}  // namespace nianbao::office
