#include "services/codec/pdf_layout.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/codec/pdf_layout_internal.h"
#include "services/codec/section_heading.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec::pdf {
namespace {

double Height(const TextBox& box) { return box.y1 - box.y0; }
double CentreY(const TextBox& box) { return (box.y0 + box.y1) / 2; }

bool IsAsciiAlnumByte(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); }

// Runs are joined without a space (Chinese), except between two ASCII words or numbers.
void AppendRun(absl::string_view run, std::string* text) {
  if (!text->empty() && !run.empty() && IsAsciiAlnumByte(text->back()) &&
      IsAsciiAlnumByte(run.front())) {
    text->push_back(' ');
  }
  absl::StrAppend(text, run);
}

void Extend(TextBox* into, const TextBox& box) {
  into->x0 = std::min(into->x0, box.x0);
  into->y0 = std::min(into->y0, box.y0);
  into->x1 = std::max(into->x1, box.x1);
  into->y1 = std::max(into->y1, box.y1);
}

// Text set vertically in a merged cell ("三" / "、本" / "年" ...): runs at the same x, touching
// from top to bottom, become one run.
std::vector<TextBox> MergeVerticalStacks(std::vector<TextBox> boxes) {
  std::sort(boxes.begin(), boxes.end(), [](const TextBox& a, const TextBox& b) {
    return a.x0 != b.x0 ? a.x0 < b.x0 : a.y0 < b.y0;
  });
  std::vector<TextBox> out;
  for (TextBox& box : boxes) {
    if (!out.empty()) {
      TextBox& last = out.back();
      const double size = std::min(box.x1 - box.x0, last.x1 - last.x0);
      if (std::abs(last.x0 - box.x0) < 1 && std::abs(last.x1 - box.x1) < 1 &&
          box.y0 - last.y1 < 0.25 * size && box.y0 >= last.y0 &&
          Height(box) >= 0.9 * (box.x1 - box.x0)) {
        absl::StrAppend(&last.text, box.text);
        Extend(&last, box);
        continue;
      }
    }
    out.push_back(std::move(box));
  }
  return out;
}

bool IsPageNumber(absl::string_view text) {
  std::string digits;
  for (char c : std::string(NormalizeLabel(text))) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  }
  if (digits.empty() || digits.size() > 4) return false;
  std::string rest = NormalizeLabel(text);
  for (absl::string_view noise : {"-", "—", "–", "第", "页", "共", "/", " "}) {
    std::string::size_type pos;
    while ((pos = rest.find(std::string(noise))) != std::string::npos)
      rest.erase(pos, noise.size());
  }
  return IsAsciiDigits(rest);
}

// The width of one character of `run`: its width over its characters for Chinese text (whose
// glyphs are square), else its height.
double EmOf(const TextBox& run) {
  const std::size_t count = CodePointCount(run.text);
  const bool wide = count > 0 && run.text.size() > count;
  return wide ? (run.x1 - run.x0) / static_cast<double>(count) : Height(run);
}

// Whether `run` continues the cell that ends at `cell_x1` with `previous`. Words of a sentence
// sit a quarter of a character apart; cells of a table further — and a figure right after a label
// (a table's cell padding can be half a character) starts a cell of its own.
bool SameCell(const TextBox& previous, const TextBox& run, double cell_x1) {
  const double gap = run.x0 - cell_x1;
  // Measured in characters, not heights: some producers give runs the line's height.
  if (gap >= 0.6 * std::min(EmOf(previous), EmOf(run))) return false;
  std::string figure;
  const bool run_is_figure = pdf::IsFigure(run.text, &figure);
  if (run_is_figure && !pdf::IsFigure(previous.text, &figure) && gap > 0.4 * EmOf(previous)) {
    return false;
  }
  return true;
}

// A justified line spreads its characters up to a character apart; a table's cells stand
// further apart. Such a line is one run of text. Two runs are a label and its figure, however
// close — unless neither is a figure and they span the width of a line of prose (a justified line
// that stretched the gap before a year: "统计时限为" "2023年1月1日至2023").
void JoinJustified(std::vector<TextBox>* segments, double page_width) {
  if (segments->size() < 2) return;
  if (segments->size() == 2) {
    std::string figure;
    for (const TextBox& segment : *segments) {
      if (IsFigure(segment.text, &figure)) return;
    }
    if (segments->back().x1 - segments->front().x0 < 0.75 * page_width) return;
  }
  double em = 0;
  for (const TextBox& segment : *segments) {
    if (segment.text.size() > CodePointCount(segment.text)) em = std::max(em, EmOf(segment));
  }
  if (em <= 0) return;
  for (std::size_t i = 1; i < segments->size(); ++i) {
    if ((*segments)[i].x0 - (*segments)[i - 1].x1 > 1.0 * em) return;
  }
  TextBox joined = segments->front();
  joined.text.clear();
  for (const TextBox& segment : *segments) {
    AppendRun(segment.text, &joined.text);
    Extend(&joined, segment);
  }
  *segments = {std::move(joined)};
}

std::vector<Line> PageLines(const Page& page, int page_number) {
  std::vector<TextBox> boxes = MergeVerticalStacks(page.boxes);
  // A run much taller than the text (a label set vertically in a merged cell) is a line of its
  // own: as a line's measure it would swallow the rows beside it.
  std::vector<double> heights;
  for (const TextBox& box : boxes) heights.push_back(Height(box));
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  const double tall = heights.empty() ? 0 : 2.5 * heights[heights.size() / 2];
  std::sort(boxes.begin(), boxes.end(),
            [](const TextBox& a, const TextBox& b) { return CentreY(a) < CentreY(b); });
  std::vector<Line> lines;
  std::vector<std::vector<TextBox>> runs;
  for (TextBox& box : boxes) {
    if (!lines.empty() && Height(box) <= tall && lines.back().Height() <= tall) {
      Line& line = lines.back();
      const double tolerance = 0.5 * std::min(line.Height(), Height(box));
      if (std::abs(CentreY(box) - line.CentreY()) <= tolerance) {
        line.y0 = std::min(line.y0, box.y0);
        line.y1 = std::max(line.y1, box.y1);
        runs.back().push_back(std::move(box));
        continue;
      }
    }
    Line line;
    line.page = page_number;
    line.y0 = box.y0;
    line.y1 = box.y1;
    lines.push_back(line);
    runs.push_back({std::move(box)});
  }
  std::vector<Line> kept;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::sort(runs[i].begin(), runs[i].end(),
              [](const TextBox& a, const TextBox& b) { return a.x0 < b.x0; });
    // The gap that separates cells is measured against the runs' own size, not the cell's so far.
    lines[i].runs = runs[i];
    const TextBox* last_run = nullptr;
    for (TextBox& run : runs[i]) {
      std::vector<TextBox>& segments = lines[i].segments;
      if (!segments.empty() && SameCell(*last_run, run, segments.back().x1)) {
        AppendRun(run.text, &segments.back().text);
        Extend(&segments.back(), run);
      } else {
        segments.push_back(run);
      }
      last_run = &run;
    }
    JoinJustified(&lines[i].segments, page.width);
    const bool at_edge =
        lines[i].CentreY() > 0.88 * page.height || lines[i].CentreY() < 0.08 * page.height;
    if (at_edge && lines[i].segments.size() == 1 && IsPageNumber(lines[i].segments[0].text)) {
      continue;
    }
    lines[i].number = static_cast<int>(kept.size()) + 1;
    kept.push_back(std::move(lines[i]));
  }
  return kept;
}

bool IsSectionHeading(absl::string_view text) {
  const std::optional<SectionHeadingMatch> heading = MatchSectionHeading(text);
  return heading.has_value() && !heading->parenthesized;
}

// The text column: where full lines of paragraphs start and end.
struct Margins {
  double left = 0;
  double right = 0;
};

Margins TextMargins(const std::vector<Line>& lines, double page_width) {
  Margins margins{page_width, 0};
  for (const Line& line : lines) {
    if (line.segments.size() != 1) continue;
    const TextBox& box = line.segments[0];
    if (box.x1 - box.x0 < 0.6 * page_width) continue;
    margins.left = std::min(margins.left, box.x0);
    margins.right = std::max(margins.right, box.x1);
  }
  if (margins.right <= margins.left) margins = Margins{0, page_width};
  return margins;
}

// Builds the blocks line by line.
class Builder {
 public:
  explicit Builder(Margins margins) : margins_(margins) {}

  void Add(const std::vector<Line>& lines) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const Line& line = lines[i];
      const Line* next = i + 1 < lines.size() ? &lines[i + 1] : nullptr;
      if (!table_.empty()) {
        if (EndsTable(line)) {
          EndTable();
        } else {
          table_.push_back(&line);
          continue;
        }
      }
      if (StartsTable(line, next)) {
        EndParagraph();
        table_.push_back(&line);
      } else {
        AddParagraphLine(line);
      }
    }
  }

  SourceDocument Finish() {
    EndTable();
    EndParagraph();
    return std::move(document_);
  }

 private:
  double TextWidth() const { return margins_.right - margins_.left; }

  bool EndsTable(const Line& line) const {
    if (line.segments.size() != 1) return false;
    const TextBox& box = line.segments[0];
    return IsSectionHeading(box.text) || box.x1 - box.x0 >= 0.75 * TextWidth();
  }

  // A line of two cells or more; or a short line just above one (a table's caption row, such as
  // "第二十条第（一）项" or "申请人情况").
  bool StartsTable(const Line& line, const Line* next) const {
    if (line.segments.size() >= 2) return true;
    const TextBox& box = line.segments[0];
    if (absl::StartsWith(NormalizeLabel(box.text), "第二十条第")) return true;
    if (IsSectionHeading(box.text) || box.x1 - box.x0 >= 0.5 * TextWidth()) return false;
    return next != nullptr && next->page == line.page && next->segments.size() >= 2 &&
           next->y0 - line.y1 < 3 * line.Height() && box.x0 > margins_.left + 2 * line.Height();
  }

  void AddParagraphLine(const Line& line) {
    const TextBox& box = line.segments.front();
    const double size = line.Height();
    const bool starts_new = paragraph_.empty() || box.x0 > margins_.left + 0.8 * size ||
                            IsSectionHeading(box.text) ||
                            previous_.x1 < margins_.right - 1.5 * size ||
                            (previous_page_ == line.page && line.y0 - previous_.y1 > 1.5 * size);
    if (starts_new) {
      EndParagraph();
      paragraph_where_ = line.Where();
    }
    for (const TextBox& segment : line.segments) AppendRun(segment.text, &paragraph_);
    previous_ = line.segments.back();
    previous_page_ = line.page;
  }

  void EndParagraph() {
    std::string text = CleanText(paragraph_);
    paragraph_.clear();
    if (text.empty()) return;
    SourceBlock block;
    block.kind = SourceBlock::Kind::kParagraph;
    block.text = std::move(text);
    block.where = paragraph_where_;
    document_.blocks.push_back(std::move(block));
  }

  void EndTable() {
    if (table_.empty()) return;
    document_.blocks.push_back(BuildTable(table_));
    table_.clear();
    previous_ = TextBox();
  }

  Margins margins_;
  SourceDocument document_;
  std::string paragraph_;
  std::string paragraph_where_;
  TextBox previous_;
  int previous_page_ = 0;
  std::vector<const Line*> table_;
};

}  // namespace

SourceDocument LayOut(const std::vector<Page>& pages) {
  std::vector<std::vector<Line>> by_page;
  double width = 0;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    by_page.push_back(PageLines(pages[i], static_cast<int>(i) + 1));
    width = std::max(width, pages[i].width);
  }
  DropRunningLines(pages, &by_page);
  std::vector<Line> lines;
  for (std::vector<Line>& page_lines : by_page) {
    JoinAttributeLines(&page_lines);
    // Locations count the lines the report has, not the furniture dropped.
    for (std::size_t i = 0; i < page_lines.size(); ++i)
      page_lines[i].number = static_cast<int>(i) + 1;
    for (Line& line : page_lines) lines.push_back(std::move(line));
  }
  Builder builder(TextMargins(lines, width));
  builder.Add(lines);
  return builder.Finish();
}

}  // namespace nianbao::codec::pdf
