// Building a Sheet row by row (internal to services/office's sheet files).
#ifndef NIANBAO_SERVICES_OFFICE_SHEET_BUILDER_H_
#define NIANBAO_SERVICES_OFFICE_SHEET_BUILDER_H_

#include <deque>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "services/office/office_sheets.h"

namespace nianbao::office {

// Appends rows to a sheet and records merges; the title is row 0. A row returned by Row() stays
// valid while later rows are added (a deque), so a header's rows can be filled together.
class SheetBuilder {
 public:
  SheetBuilder(std::string name, std::string title, int columns) : columns_(columns) {
    sheet_.name = std::move(name);
    Row()[0] = SheetCell::Text(std::move(title));
    Merge(0, 0, 0, columns - 1);
  }
  std::vector<SheetCell>& Row() {
    rows_.emplace_back(columns_);
    return rows_.back();
  }
  int last_row() const { return static_cast<int>(rows_.size()) - 1; }
  void Merge(int first_row, int first_column, int last_row, int last_column) {
    if (first_row == last_row && first_column == last_column) return;
    sheet_.merges.push_back({first_row, first_column, last_row, last_column});
  }
  void SetHeaderRows(int rows) { sheet_.header_rows = rows; }
  Sheet Finish() {
    sheet_.rows.assign(std::make_move_iterator(rows_.begin()),
                       std::make_move_iterator(rows_.end()));
    return std::move(sheet_);
  }

 private:
  int columns_;
  std::deque<std::vector<SheetCell>> rows_;
  Sheet sheet_;
};

}  // namespace nianbao::office

#endif  // NIANBAO_SERVICES_OFFICE_SHEET_BUILDER_H_
