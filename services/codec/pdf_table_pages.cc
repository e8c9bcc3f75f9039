// The parts of a PDF table's grid that pages and blank cells make hard: columns from the header's
// titles when blank columns leave too few figures, and a group's merged label cut by a page break.
// See pdf_layout_internal.h.
#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/codec/pdf_layout_internal.h"

namespace nianbao::codec::pdf {
namespace {

double CentreX(const TextBox& box) { return (box.x0 + box.x1) / 2; }

}  // namespace

// Column centres from the titles of the header above `first_anchor` (the non-figure lines right
// before it): the runs right of the rows' labels, a title over two or more others (a group such as
// 法人或其他组织) left out, runs overlapping in x (a title wrapped over lines) one column. Used
// when some columns hold no figure in any row (blank cells: the figures alone would merge them
// away) and every figure column stands under one of them; else `figure_columns` as they are.
std::vector<double> HeaderColumns(const std::vector<const Line*>& lines,
                                  const std::vector<Role>& roles, std::size_t first_anchor,
                                  std::size_t end, std::vector<double> figure_columns) {
  if (first_anchor >= end || figure_columns.empty()) return figure_columns;
  double labels_right = -1e9;
  for (std::size_t i = first_anchor; i < end; ++i) {
    if (roles[i] != Role::kAnchor) continue;
    for (const TextBox& segment : lines[i]->segments) {
      if (!IsFigure(segment.text, nullptr)) labels_right = std::max(labels_right, segment.x1);
    }
  }
  std::size_t header_begin = first_anchor;
  while (header_begin > 0 && roles[header_begin - 1] != Role::kAnchor &&
         lines[header_begin - 1]->page == lines[first_anchor]->page) {
    --header_begin;
  }
  std::vector<TextBox> titles;
  for (std::size_t i = header_begin; i < first_anchor; ++i) {
    for (const TextBox& run : lines[i]->runs) {
      if (run.x0 >= labels_right - 1 && !IsFigure(run.text, nullptr)) titles.push_back(run);
    }
  }
  std::vector<TextBox> leaves;
  for (const TextBox& title : titles) {
    int under = 0;
    for (const TextBox& other : titles) {
      if (&other != &title && other.y0 > title.y0 && CentreX(other) > title.x0 &&
          CentreX(other) < title.x1) {
        ++under;
      }
    }
    if (under < 2) leaves.push_back(title);
  }
  std::sort(leaves.begin(), leaves.end(),
            [](const TextBox& a, const TextBox& b) { return a.x0 < b.x0; });
  std::vector<std::pair<double, double>> spans;  // x0, x1 of each column's titles
  for (const TextBox& leaf : leaves) {
    if (!spans.empty() && leaf.x0 < spans.back().second - 1) {
      spans.back().second = std::max(spans.back().second, leaf.x1);
    } else {
      spans.emplace_back(leaf.x0, leaf.x1);
    }
  }
  if (spans.size() <= figure_columns.size()) return figure_columns;
  std::vector<double> columns;
  for (const auto& [x0, x1] : spans) columns.push_back((x0 + x1) / 2);
  // Each figure column within its title's span, no two in one.
  std::vector<bool> taken(spans.size(), false);
  for (const double figure : figure_columns) {
    bool placed = false;
    for (std::size_t c = 0; c < spans.size() && !placed; ++c) {
      if (!taken[c] && figure > spans[c].first - 2 && figure < spans[c].second + 2) {
        taken[c] = placed = true;
      }
    }
    if (!placed) return figure_columns;
  }
  return columns;
}

// A group's label in a cell merged over rows that a page break cuts ("（六）" "其他处" at the foot
// of one page, "理" at the head of the next, beside the group's next row) is one label: a label run
// first in the first row of a page, not numbered, with another label after it, and under a
// numbered group label of the page before (the nearest up from its last row) is appended to it.
void JoinGroupLabelsCutByPages(const std::vector<const Line*>& lines,
                               const std::vector<Role>& roles, std::vector<TableRow>* rows) {
  std::vector<std::size_t> anchors;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (roles[i] == Role::kAnchor) anchors.push_back(i);
  }
  for (std::size_t a = 1; a < anchors.size(); ++a) {
    const int page_before = lines[anchors[a - 1]]->page;
    if (page_before == lines[anchors[a]]->page) continue;
    std::vector<TextBox>& labels = (*rows)[anchors[a]].labels;
    if (labels.size() < 2) continue;
    auto first = std::min_element(labels.begin(), labels.end(),
                                  [](const TextBox& x, const TextBox& y) { return x.x0 < y.x0; });
    if (StartsEnumerated(first->text)) continue;
    TextBox* group = nullptr;
    for (std::size_t b = a; b-- > 0 && group == nullptr;) {
      if (lines[anchors[b]]->page != page_before) break;
      for (TextBox& label : (*rows)[anchors[b]].labels) {
        const double overlap = std::min(label.x1, first->x1) - std::max(label.x0, first->x0);
        if (StartsEnumerated(label.text) && overlap >= 0.5 * (first->x1 - first->x0)) {
          group = &label;
          break;
        }
      }
    }
    if (group == nullptr) continue;
    absl::StrAppend(&group->text, "\n", first->text);
    labels.erase(first);
  }
}

}  // namespace nianbao::codec::pdf
