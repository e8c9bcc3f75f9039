// A table's grid from positioned lines: rows anchored on lines with figures, columns where the
// figures stand, labels joined to their row by position.
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/codec/pdf_layout_internal.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec::pdf {
namespace {

double CentreX(const TextBox& box) { return (box.x0 + box.x1) / 2; }

Role RoleOf(const Line& line) {
  for (const TextBox& segment : line.segments) {
    if (IsFigure(segment.text, nullptr)) return Role::kAnchor;
  }
  if (line.segments.size() >= 2) return Role::kOwnRow;
  if (absl::StartsWith(NormalizeLabel(line.segments[0].text), "第二十条第")) return Role::kOwnRow;
  return Role::kLabel;
}

// Column centres of the figures in lines [begin, end) (anchors only), left to right.
std::vector<double> FigureColumns(const std::vector<const Line*>& lines,
                                  const std::vector<Role>& roles, std::size_t begin,
                                  std::size_t end) {
  std::vector<std::pair<double, double>> centres;  // centre, height
  for (std::size_t i = begin; i < end; ++i) {
    if (roles[i] != Role::kAnchor) continue;
    for (const TextBox& segment : lines[i]->segments) {
      if (IsFigure(segment.text, nullptr)) {
        centres.emplace_back(CentreX(segment), segment.y1 - segment.y0);
      }
    }
  }
  std::sort(centres.begin(), centres.end());
  std::vector<double> columns;
  std::vector<int> counts;
  double last = -1e9;
  for (const auto& [centre, height] : centres) {
    if (columns.empty() || centre - last > std::max(6.0, 0.6 * height)) {
      columns.push_back(centre);
      counts.push_back(1);
    } else {
      columns.back() = (columns.back() * counts.back() + centre) / (counts.back() + 1);
      ++counts.back();
    }
    last = centre;
  }
  return columns;
}

// Label runs overlapping in x form one cell, their lines top to bottom.
std::vector<std::string> LabelCells(std::vector<TextBox> labels) {
  std::sort(labels.begin(), labels.end(),
            [](const TextBox& a, const TextBox& b) { return a.x0 < b.x0; });
  std::vector<std::vector<TextBox>> cells;
  double cell_x1 = -1e9;
  for (TextBox& label : labels) {
    if (cells.empty() || label.x0 >= cell_x1) {
      cells.emplace_back();
      cell_x1 = label.x1;
    } else {
      cell_x1 = std::max(cell_x1, label.x1);
    }
    cells.back().push_back(std::move(label));
  }
  std::vector<std::string> texts;
  for (std::vector<TextBox>& cell : cells) {
    std::sort(cell.begin(), cell.end(),
              [](const TextBox& a, const TextBox& b) { return a.y0 < b.y0; });
    std::vector<std::string> lines;
    for (const TextBox& box : cell) lines.push_back(box.text);
    texts.push_back(absl::StrJoin(lines, "\n"));
  }
  return texts;
}

// The cells of header lines [begin, end) when some title is stacked over another (a run right
// below one, centred within it: "结果" over "维持", "结果维" over "持"); empty when none is, so
// that the lines stay rows.
std::vector<std::string> StackedTitles(const std::vector<const Line*>& lines, std::size_t begin,
                                       std::size_t end) {
  struct Stack {
    TextBox last;
    TextBox first;
    std::string text;
    int runs = 1;
  };
  std::vector<Stack> stacks;
  bool stacked = false;
  for (std::size_t i = begin; i < end; ++i) {
    for (const TextBox& run : lines[i]->runs) {
      Stack* above = nullptr;
      for (Stack& stack : stacks) {
        const double overlap = std::min(stack.last.x1, run.x1) - std::max(stack.last.x0, run.x0);
        const double narrower = std::min(stack.last.x1 - stack.last.x0, run.x1 - run.x0);
        const double centre = (run.x0 + run.x1) / 2;
        const double gap = run.y0 - stack.last.y1;
        // A group title spans several columns' titles; a wrapped title sits over one run.
        int below = 0;
        for (const TextBox& other : lines[i]->runs) {
          const double other_centre = (other.x0 + other.x1) / 2;
          if (other_centre > stack.last.x0 && other_centre < stack.last.x1) ++below;
        }
        if (below == 1 && overlap >= 0.6 * narrower && centre > stack.last.x0 &&
            centre < stack.last.x1 && gap >= -1 && gap <= 0.65 * (stack.last.y1 - stack.last.y0)) {
          above = &stack;
        }
      }
      if (above != nullptr) {
        absl::StrAppend(&above->text, "\n", run.text);
        above->last = run;
        ++above->runs;
        stacked = true;
      } else {
        stacks.push_back(Stack{run, run, run.text});
      }
    }
  }
  if (!stacked) return {};
  // Runs left alone on their baseline, close together, are one title ("总" "计").
  std::vector<Stack> joined;
  for (Stack& stack : stacks) {
    if (!joined.empty() && joined.back().runs == 1 && stack.runs == 1) {
      const TextBox& left = joined.back().last;
      const double size = std::min(left.y1 - left.y0, stack.last.y1 - stack.last.y0);
      if (std::abs(left.y0 - stack.last.y0) < 0.3 * size && stack.last.x0 > left.x1 - 1 &&
          stack.last.x0 - left.x1 < 0.6 * size) {
        absl::StrAppend(&joined.back().text, stack.text);
        joined.back().last.x1 = stack.last.x1;
        continue;
      }
    }
    joined.push_back(std::move(stack));
  }
  stacks = std::move(joined);
  std::sort(stacks.begin(), stacks.end(),
            [](const Stack& a, const Stack& b) { return a.first.x0 < b.first.x0; });
  std::vector<std::string> cells;
  for (Stack& stack : stacks) cells.push_back(std::move(stack.text));
  return cells;
}

SourceRow MakeRow(const TableRow& row, const std::vector<double>& columns) {
  SourceRow out;
  const auto add = [&](std::string text) {
    out.cells.push_back(SourceCell{
        std::move(text), absl::StrCat(row.line->Where(), "第", out.cells.size() + 1, "列")});
  };
  if (!row.titles.empty()) {
    for (const std::string& title : row.titles) add(title);
    return out;
  }
  for (std::string& text : LabelCells(row.labels)) add(std::move(text));
  std::vector<std::string> values(columns.size());
  for (const TextBox& figure : row.figures) {
    std::size_t best = 0;
    double distance = std::numeric_limits<double>::max();
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const double d = std::abs(columns[c] - CentreX(figure));
      if (d < distance) {
        distance = d;
        best = c;
      }
    }
    if (!columns.empty()) IsFigure(figure.text, &values[best]);
  }
  for (std::string& value : values) add(std::move(value));
  return out;
}

// A label wrapped inside its cell ("三、本年度" over "办理结果", "（三）" over "不予公" over "开")
// is one label: a label run right below a numbered one that it overlaps, not numbered itself
// (a numbered run starts a row of its own), is appended to it.
std::vector<Line> JoinWrappedLabels(const std::vector<const Line*>& lines) {
  std::vector<Line> out;
  for (const Line* line : lines) out.push_back(*line);
  for (std::size_t i = 1; i < out.size(); ++i) {
    std::vector<TextBox>& segments = out[i].segments;
    for (std::size_t k = 0; k < segments.size();) {
      const TextBox& run = segments[k];
      TextBox* above = nullptr;
      if (!IsFigure(run.text, nullptr) && !StartsEnumerated(run.text)) {
        for (std::size_t j = i >= 6 ? i - 6 : 0; j < i && above == nullptr; ++j) {
          if (out[j].page != out[i].page) continue;
          for (TextBox& candidate : out[j].segments) {
            const double overlap = std::min(candidate.x1, run.x1) - std::max(candidate.x0, run.x0);
            const double narrower = std::min(candidate.x1 - candidate.x0, run.x1 - run.x0);
            const double gap = run.y0 - candidate.y1;
            if (StartsEnumerated(candidate.text) && !IsFigure(candidate.text, nullptr) &&
                overlap >= 0.5 * narrower && gap >= -2 && gap <= 0.8 * (run.y1 - run.y0)) {
              above = &candidate;
              break;
            }
          }
        }
      }
      if (above == nullptr) {
        ++k;
        continue;
      }
      absl::StrAppend(&above->text, "\n", run.text);
      above->y1 = std::max(above->y1, run.y1);
      above->x0 = std::min(above->x0, run.x0);
      above->x1 = std::max(above->x1, run.x1);
      segments.erase(segments.begin() + static_cast<std::ptrdiff_t>(k));
    }
  }
  return out;
}

}  // namespace

bool StartsEnumerated(absl::string_view text) {
  const std::string label = NormalizeLabel(text);
  if (label.empty()) return false;
  if (label[0] == '(' || absl::ascii_isdigit(static_cast<unsigned char>(label[0]))) return true;
  const std::size_t comma = label.find("、");
  return comma != std::string::npos && comma <= 6;
}

bool IsFigure(absl::string_view text, std::string* clean) {
  const std::string half = NormalizeLabel(text);
  std::string out;
  std::size_t digits_in_group = 0;
  bool comma_seen = false;
  bool point_seen = false;
  for (std::size_t i = 0; i < half.size(); ++i) {
    const char c = half[i];
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      out.push_back(c);
      ++digits_in_group;
    } else if (c == ',' && !point_seen && i > 0 && (!comma_seen || digits_in_group == 3)) {
      if (!comma_seen && digits_in_group > 3) return false;
      comma_seen = true;
      digits_in_group = 0;
    } else if (c == '.' && !point_seen && i > 0 && i + 1 < half.size()) {
      if (comma_seen && digits_in_group != 3) return false;
      point_seen = true;
      comma_seen = false;
      out.push_back(c);
    } else {
      return false;
    }
  }
  if (comma_seen && digits_in_group != 3) return false;
  if (out.empty()) return false;
  if (clean != nullptr) *clean = std::move(out);
  return true;
}

SourceBlock BuildTable(const std::vector<const Line*>& original) {
  std::vector<Line> joined = JoinWrappedLabels(original);
  std::vector<const Line*> lines;
  for (const Line& line : joined) {
    if (!line.segments.empty()) lines.push_back(&line);
  }
  SourceBlock block;
  block.kind = SourceBlock::Kind::kTable;
  block.where = lines.front()->Where();
  std::vector<Role> roles;
  for (const Line* line : lines) roles.push_back(RoleOf(*line));
  // Each line's row: its own, or (a label line) the nearest anchor's on its page.
  std::vector<TableRow> rows(lines.size());
  std::vector<int> row_of(lines.size(), -1);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    rows[i].line = lines[i];
    if (roles[i] != Role::kLabel) row_of[i] = static_cast<int>(i);
  }
  // Where the rows' labels end: a label line left of it, under a header repeated on a new page,
  // is a row's label cut by the page break, not a column title.
  double labels_right = -1e9;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (roles[i] != Role::kAnchor) continue;
    for (const TextBox& segment : lines[i]->segments) {
      if (!IsFigure(segment.text, nullptr)) labels_right = std::max(labels_right, segment.x1);
    }
  }
  // A label line between a header row and the first row of figures is part of the header.
  bool figures_since_header = false;
  int last_anchor = -1;
  std::vector<bool> carried(lines.size(), false);  // continues a row of the page before
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (roles[i] == Role::kOwnRow) figures_since_header = false;
    if (roles[i] == Role::kAnchor) {
      figures_since_header = true;
      last_anchor = static_cast<int>(i);
    }
    if (roles[i] != Role::kLabel) continue;
    const bool cut_label = last_anchor >= 0 && lines[last_anchor]->page != lines[i]->page &&
                           lines[i]->segments.back().x1 <= labels_right + 2;
    if (!figures_since_header && !cut_label) {
      row_of[i] = static_cast<int>(i);
      continue;
    }
    double best = 2.0 * lines[i]->Height();
    for (std::size_t j = 0; j < lines.size(); ++j) {
      if (roles[j] != Role::kAnchor || lines[j]->page != lines[i]->page) continue;
      const double d = std::abs(lines[j]->CentreY() - lines[i]->CentreY());
      if (d <= best) {
        best = d;
        row_of[i] = static_cast<int>(j);
      }
    }
    // No row beside it on its page: the end of the last row's label, wrapped onto this page.
    if (row_of[i] < 0 && cut_label && !StartsEnumerated(lines[i]->segments.front().text)) {
      row_of[i] = last_anchor;
      carried[i] = true;
    }
    if (row_of[i] < 0) row_of[i] = static_cast<int>(i);  // a caption or header line
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    TableRow& row = rows[row_of[i]];
    for (const TextBox& segment : lines[i]->segments) {
      if (roles[i] == Role::kAnchor && IsFigure(segment.text, nullptr)) {
        row.figures.push_back(segment);
      } else if (carried[i]) {
        // Below the row's other lines, whatever its place on the new page.
        TextBox moved = segment;
        moved.y0 += 1e5;
        moved.y1 += 1e5;
        row.labels.push_back(std::move(moved));
      } else {
        row.labels.push_back(segment);
      }
    }
  }
  JoinGroupLabelsCutByPages(lines, roles, &rows);
  // Column titles wrapped over lines ("商业" over "企业") make one header row of the block of
  // header lines they stand in.
  for (std::size_t i = 0; i < lines.size();) {
    std::size_t end = i;
    while (end < lines.size() && roles[end] != Role::kAnchor &&
           row_of[end] == static_cast<int>(end)) {
      ++end;
    }
    if (end - i >= 2) {
      std::vector<std::string> cells = StackedTitles(lines, i, end);
      if (!cells.empty()) {
        rows[i].titles = std::move(cells);
        for (std::size_t j = i + 1; j < end; ++j) row_of[j] = static_cast<int>(i);
      }
    }
    i = std::max(end, i + 1);
  }
  // Figures' columns per run of rows between header rows (table 2 holds four small tables).
  std::size_t run_begin = 0;
  while (run_begin < lines.size()) {
    std::size_t run_end = run_begin;
    while (run_end < lines.size() && (roles[run_end] != Role::kOwnRow || run_end == run_begin)) {
      ++run_end;
    }
    std::size_t first_anchor = run_begin;
    while (first_anchor < run_end && roles[first_anchor] != Role::kAnchor) ++first_anchor;
    const std::vector<double> columns = HeaderColumns(
        lines, roles, first_anchor, run_end, FigureColumns(lines, roles, run_begin, run_end));
    for (std::size_t i = run_begin; i < run_end; ++i) {
      if (row_of[i] != static_cast<int>(i)) continue;
      SourceRow row = MakeRow(rows[i], roles[i] == Role::kAnchor ? columns : std::vector<double>());
      if (!row.cells.empty()) block.rows.push_back(std::move(row));
    }
    run_begin = run_end;
  }
  return block;
}

}  // namespace nianbao::codec::pdf
