// What a printed page carries besides the report: running headers and footers repeated on most
// pages, and a portal's attribute list (名称, 索引号, ...) printed as label and value on lines of
// their own. See pdf_layout_internal.h.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/codec/pdf_layout_internal.h"
#include "services/codec/report_parser_internal.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec::pdf {
namespace {

// The share of the page's height, at its top and at its foot, where headers and footers stand.
constexpr double kEdge = 0.12;

bool AtEdge(const Line& line, double page_height) {
  return line.CentreY() < kEdge * page_height || line.CentreY() > (1 - kEdge) * page_height;
}

// The line's text with digits as '#': "第3页 共5页" and "第4页 共5页" are the same footer.
std::string FurnitureKey(const Line& line) {
  std::string key;
  for (const TextBox& segment : line.segments) {
    if (!key.empty()) key += '\t';
    for (const char c : NormalizeLabel(segment.text)) {
      key += absl::ascii_isdigit(static_cast<unsigned char>(c)) ? '#' : c;
    }
  }
  return key;
}

// A segment that is a portal attribute label, with or without its colon ("名称", "索引号：").
bool IsAttributeLabelSegment(absl::string_view text) {
  std::string label = NormalizeLabel(text);
  for (absl::string_view colon : {"：", ":"}) {
    if (absl::EndsWith(label, colon)) label.resize(label.size() - colon.size());
  }
  return codec::IsAttributeLabel(label);
}

// `line` becomes one cell "label：value", the value's cells joined by ideographic spaces (as the
// text layout writes several values, and as the parser splits them).
void JoinAttribute(Line* line, const std::vector<TextBox>& value,
                   const std::vector<TextBox>& runs) {
  TextBox joined = line->segments.front();
  std::string label = NormalizeLabel(joined.text);
  for (absl::string_view colon : {"：", ":"}) {
    if (absl::EndsWith(label, colon)) label.resize(label.size() - colon.size());
  }
  joined.text = absl::StrCat(label, "：");
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (i > 0) joined.text += "\xE3\x80\x80";
    joined.text += value[i].text;
    joined.x0 = std::min(joined.x0, value[i].x0);
    joined.y0 = std::min(joined.y0, value[i].y0);
    joined.x1 = std::max(joined.x1, value[i].x1);
    joined.y1 = std::max(joined.y1, value[i].y1);
  }
  line->segments = {std::move(joined)};
  line->runs.insert(line->runs.end(), runs.begin(), runs.end());
  line->y0 = std::min(line->y0, line->segments[0].y0);
  line->y1 = std::max(line->y1, line->segments[0].y1);
}

}  // namespace

void DropRunningLines(const std::vector<Page>& pages, std::vector<std::vector<Line>>* lines) {
  const std::size_t page_count = lines->size();
  if (page_count < 2) return;
  const std::size_t needed = std::max<std::size_t>(2, (page_count + 1) / 2);
  struct Occurrence {
    std::size_t page;
    std::size_t index;
    double y;
    double height;
  };
  std::map<std::string, std::vector<Occurrence>> by_text;
  for (std::size_t p = 0; p < page_count; ++p) {
    for (std::size_t i = 0; i < (*lines)[p].size(); ++i) {
      const Line& line = (*lines)[p][i];
      if (!AtEdge(line, pages[p].height)) continue;
      by_text[FurnitureKey(line)].push_back({p, i, line.CentreY(), line.Height()});
    }
  }
  std::vector<std::vector<bool>> drop(page_count);
  for (std::size_t p = 0; p < page_count; ++p) drop[p].assign((*lines)[p].size(), false);
  for (const auto& [text, occurrences] : by_text) {
    if (occurrences.size() < needed) continue;
    for (const Occurrence& anchor : occurrences) {
      // Pages holding the line at the anchor's height (within half a line).
      std::vector<const Occurrence*> same;
      for (const Occurrence& other : occurrences) {
        if (std::abs(other.y - anchor.y) <= 0.5 * std::max(anchor.height, other.height)) {
          same.push_back(&other);
        }
      }
      std::vector<std::size_t> pages_holding;
      for (const Occurrence* other : same) pages_holding.push_back(other->page);
      std::sort(pages_holding.begin(), pages_holding.end());
      pages_holding.erase(std::unique(pages_holding.begin(), pages_holding.end()),
                          pages_holding.end());
      if (pages_holding.size() < needed) continue;
      for (const Occurrence* other : same) drop[other->page][other->index] = true;
    }
  }
  for (std::size_t p = 0; p < page_count; ++p) {
    std::vector<Line> kept;
    for (std::size_t i = 0; i < (*lines)[p].size(); ++i) {
      if (!drop[p][i]) kept.push_back(std::move((*lines)[p][i]));
    }
    (*lines)[p] = std::move(kept);
  }
}

void JoinAttributeLines(std::vector<Line>* lines) {
  std::vector<Line> out;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    Line line = std::move((*lines)[i]);
    if (line.segments.empty() || !IsAttributeLabelSegment(line.segments.front().text)) {
      out.push_back(std::move(line));
      continue;
    }
    if (line.segments.size() >= 2) {
      // Label and value side by side: a row of the attribute list, not of a report table.
      const std::vector<TextBox> value(line.segments.begin() + 1, line.segments.end());
      JoinAttribute(&line, value, {});
    } else if (i + 1 < lines->size()) {
      // The value on the next line, indented from its label (a definition list printed without
      // its grid): right below, closer than a line's height.
      const Line& next = (*lines)[i + 1];
      const TextBox& label = line.segments.front();
      if (!next.segments.empty() && next.segments.front().x0 > label.x0 + 0.5 * line.Height() &&
          next.y0 - line.y1 < line.Height() &&
          !IsAttributeLabelSegment(next.segments.front().text)) {
        JoinAttribute(&line, next.segments, next.runs);
        ++i;
      }
    }
    out.push_back(std::move(line));
  }
  *lines = std::move(out);
}

}  // namespace nianbao::codec::pdf
