// The office's answers laid out as sheets: grids of text and numbers with merged header cells,
// shaped like the national format's tables (the Chinese row and column labels of the format
// layout, services/format), so that one layout feeds the XLSX sent upward (office_xlsx.h), CSV
// and the aligned tables of the terminal (below). Pure functions, thread-safe.
#ifndef NIANBAO_SERVICES_OFFICE_OFFICE_SHEETS_H_
#define NIANBAO_SERVICES_OFFICE_OFFICE_SHEETS_H_

#include <string>
#include <vector>

#include "nianbao/v1/office.pb.h"

namespace nianbao::office {

// One cell: blank, text, or a number (with the exact text CSV and the terminal print, e.g.
// "43.788" for an amount, "62.5%" for a share; `number_format` is the XLSX number format).
struct SheetCell {
  enum class Kind { kBlank, kText, kNumber };
  Kind kind = Kind::kBlank;
  std::string text;
  double number = 0;
  std::string number_format;

  static SheetCell Blank() { return {}; }
  static SheetCell Text(std::string text) { return {Kind::kText, std::move(text), 0, ""}; }
  static SheetCell Number(double number, std::string text, std::string number_format = "0") {
    return {Kind::kNumber, std::move(text), number, std::move(number_format)};
  }
  static SheetCell Count(int64_t count);
};

// A rectangle of cells shown as one; its text is the top-left cell's, the others are blank.
struct SheetMerge {
  int first_row = 0;
  int first_column = 0;
  int last_row = 0;
  int last_column = 0;
};

struct Sheet {
  // The tab's name (at most 31 characters, none of []:*?/\), e.g. "表三 依申请公开".
  std::string name;
  // Row 0 is the title (merged across the sheet); rows 1 .. header_rows are column headers.
  std::vector<std::vector<SheetCell>> rows;
  std::vector<SheetMerge> merges;
  int header_rows = 0;

  int columns() const;
};

// What a sheet's title says besides its table: e.g. "agencies/city 2024年度".
struct SheetScope {
  std::string parent;
  int report_year = 0;
};

// 汇总: one sheet per table (表二, 表三, 表四), laid out as the format prints them (table 3's rows
// in the format of the roll-up's table: 25 rows, or 23 for the 2019 format; a row of the other
// format appears too when the roll-up holds it), and a sheet of the agencies included and missing.
std::vector<Sheet> RollupSheets(const nianbao::v1::GetRollupResponse& rollup,
                                const SheetScope& scope);
// 报送情况: one row per agency, then the totals.
Sheet FilingStatusSheet(const nianbao::v1::GetFilingStatusResponse& status,
                        const SheetScope& scope);
// 同比: one row per agency (the roll-up first) and indicator: this year, last year, change,
// relative change; "—" where a year or a rate is missing.
Sheet ComparisonSheet(const nianbao::v1::CompareYearsResponse& comparison, const SheetScope& scope);
// 重复率: one row per agency in the response's order.
Sheet RepetitionSheet(const nianbao::v1::ListRepetitionResponse& repetition,
                      const SheetScope& scope);

// Columns `text` takes on a terminal: East Asian wide characters two, others one.
int DisplayWidth(const std::string& text);

// RFC 4180 CSV of every row (title and headers included), CRLF line ends; numbers as their text.
std::string SheetCsv(const Sheet& sheet);
// The sheet as aligned columns for a terminal (CJK characters two columns wide), merged cells
// spread over their columns; a line per row, the headers underlined.
std::string SheetText(const Sheet& sheet);

}  // namespace nianbao::office

#endif  // NIANBAO_SERVICES_OFFICE_OFFICE_SHEETS_H_
