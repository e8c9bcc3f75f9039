#include "services/office/office_xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"

namespace nianbao::office {
namespace {

struct WorkbookCloser {
  void operator()(lxw_workbook* workbook) const {
    if (workbook != nullptr) workbook_close(workbook);
  }
};

absl::Status WriteFailed(const std::string& path, lxw_error error) {
  return absl::UnavailableError(absl::StrCat("无法写入 XLSX 文件 ", path, "：", lxw_strerror(error),
                                             " (cannot write the XLSX file ", path, ": ",
                                             lxw_strerror(error), ")"));
}

// The cell formats a workbook uses, made once per workbook (libxlsxwriter owns them).
class Formats {
 public:
  explicit Formats(lxw_workbook* workbook) : workbook_(workbook) {
    title_ = workbook_add_format(workbook);
    format_set_bold(title_);
    format_set_font_size(title_, 14);
    format_set_align(title_, LXW_ALIGN_CENTER);
    format_set_align(title_, LXW_ALIGN_VERTICAL_CENTER);
    header_ = Bordered();
    format_set_bold(header_);
    format_set_align(header_, LXW_ALIGN_CENTER);
    format_set_text_wrap(header_);
    text_ = Bordered();
    format_set_text_wrap(text_);
  }
  lxw_format* title() const { return title_; }
  lxw_format* header() const { return header_; }
  lxw_format* text() const { return text_; }
  lxw_format* number(const std::string& number_format) {
    auto [it, inserted] = numbers_.try_emplace(number_format, nullptr);
    if (inserted) {
      it->second = Bordered();
      format_set_num_format(it->second, number_format.c_str());
    }
    return it->second;
  }

 private:
  lxw_format* Bordered() {
    lxw_format* format = workbook_add_format(workbook_);
    format_set_border(format, LXW_BORDER_THIN);
    format_set_align(format, LXW_ALIGN_VERTICAL_CENTER);
    return format;
  }
  lxw_workbook* workbook_;
  lxw_format* title_;
  lxw_format* header_;
  lxw_format* text_;
  std::map<std::string, lxw_format*> numbers_;
};

// Column widths (in characters) from the cells that are not merged: wide enough for numbers and
// short labels, long labels wrapped at 40.
std::vector<double> ColumnWidths(const Sheet& sheet, const std::set<std::pair<int, int>>& merged) {
  std::vector<double> widths(sheet.columns(), 6);
  for (int r = 1; r < static_cast<int>(sheet.rows.size()); ++r) {
    for (int c = 0; c < static_cast<int>(sheet.rows[r].size()); ++c) {
      const SheetCell& cell = sheet.rows[r][c];
      if (cell.kind == SheetCell::Kind::kBlank || merged.count({r, c}) != 0) continue;
      widths[c] = std::max(widths[c], std::min(40.0, DisplayWidth(cell.text) + 2.0));
    }
  }
  return widths;
}

lxw_error WriteSheet(const Sheet& sheet, lxw_worksheet* worksheet, Formats& formats) {
  // Cells covered by a merge (its top-left one included) and the merges by their top-left cell.
  std::set<std::pair<int, int>> covered;
  std::map<std::pair<int, int>, const SheetMerge*> merge_at;
  for (const SheetMerge& merge : sheet.merges) {
    merge_at[{merge.first_row, merge.first_column}] = &merge;
    for (int r = merge.first_row; r <= merge.last_row; ++r) {
      for (int c = merge.first_column; c <= merge.last_column; ++c) covered.insert({r, c});
    }
  }
  const std::vector<double> widths = ColumnWidths(sheet, covered);
  for (int c = 0; c < static_cast<int>(widths.size()); ++c) {
    if (lxw_error error = worksheet_set_column(worksheet, c, c, widths[c], nullptr);
        error != LXW_NO_ERROR) {
      return error;
    }
  }
  for (int r = 0; r < static_cast<int>(sheet.rows.size()); ++r) {
    const bool header = r >= 1 && r <= sheet.header_rows;
    int lines = 1;  // Rows are not grown by the reader: a wrapped label needs its height set.
    for (int c = 0; c < static_cast<int>(sheet.rows[r].size()); ++c) {
      const SheetCell& cell = sheet.rows[r][c];
      lxw_format* format = r == 0   ? formats.title()
                           : header ? formats.header()
                           : cell.kind == SheetCell::Kind::kNumber
                               ? formats.number(cell.number_format)
                               : formats.text();
      lxw_error error = LXW_NO_ERROR;
      if (auto it = merge_at.find({r, c}); it != merge_at.end()) {
        const SheetMerge& merge = *it->second;
        error = worksheet_merge_range(worksheet, merge.first_row, merge.first_column,
                                      merge.last_row, merge.last_column, "", format);
        if (error == LXW_NO_ERROR && cell.kind == SheetCell::Kind::kNumber) {
          error = worksheet_write_number(worksheet, r, c, cell.number, format);
        } else if (error == LXW_NO_ERROR && cell.kind == SheetCell::Kind::kText) {
          error = worksheet_write_string(worksheet, r, c, cell.text.c_str(), format);
        }
      } else if (covered.count({r, c}) != 0) {
        continue;
      } else if (cell.kind == SheetCell::Kind::kNumber) {
        error = worksheet_write_number(worksheet, r, c, cell.number, format);
      } else if (cell.kind == SheetCell::Kind::kText) {
        error = worksheet_write_string(worksheet, r, c, cell.text.c_str(), format);
        const int width = std::max(1, static_cast<int>(widths[c]) - 1);
        lines = std::max(lines, (DisplayWidth(cell.text) + width - 1) / width);
      } else if (r > 0) {
        error = worksheet_write_blank(worksheet, r, c, format);  // Keeps the grid's borders.
      }
      if (error != LXW_NO_ERROR) return error;
    }
    if (lines > 1) {
      if (lxw_error error = worksheet_set_row(worksheet, r, 15.0 * lines, nullptr);
          error != LXW_NO_ERROR) {
        return error;
      }
    }
  }
  // Printed as the format's tables are: landscape, one page wide.
  worksheet_set_landscape(worksheet);
  worksheet_fit_to_pages(worksheet, 1, 0);
  return LXW_NO_ERROR;
}

}  // namespace

absl::Status WriteXlsx(const std::vector<Sheet>& sheets, const std::string& path) {
  if (sheets.empty()) {
    return absl::InvalidArgumentError("没有可写入的工作表 (no sheets to write)");
  }
  std::unique_ptr<lxw_workbook, WorkbookCloser> workbook(workbook_new(path.c_str()));
  if (workbook == nullptr) return WriteFailed(path, LXW_ERROR_CREATING_XLSX_FILE);
  Formats formats(workbook.get());
  for (const Sheet& sheet : sheets) {
    if (lxw_error error = workbook_validate_sheet_name(workbook.get(), sheet.name.c_str());
        error != LXW_NO_ERROR) {
      return absl::InvalidArgumentError(absl::StrCat("工作表名称无效：", sheet.name, "（",
                                                     lxw_strerror(error), "） (invalid sheet name ",
                                                     sheet.name, ")"));
    }
    lxw_worksheet* worksheet = workbook_add_worksheet(workbook.get(), sheet.name.c_str());
    if (worksheet == nullptr) return WriteFailed(path, LXW_ERROR_MEMORY_MALLOC_FAILED);
    if (lxw_error error = WriteSheet(sheet, worksheet, formats); error != LXW_NO_ERROR) {
      return WriteFailed(path, error);
    }
  }
  // The file is written when the workbook closes.
  if (lxw_error error = workbook_close(workbook.release()); error != LXW_NO_ERROR) {
    return WriteFailed(path, error);
  }
  return absl::OkStatus();
}

}  // namespace nianbao::office
