// The report parser's outline: paragraphs are sorted into the opening and the six sections by
// their headings, tables by their labels; then each part is read by its own file.
#include "services/codec/report_parser.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/codec/import_warnings.h"
#include "services/codec/parse_error.h"
#include "services/codec/report_parser_internal.h"
#include "services/codec/report_parser_tables.h"
#include "services/codec/section_heading.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::AnnualReport;

constexpr int kSectionCount = 6;

struct SectionDraft {
  bool present = false;
  v1::SectionHeading heading;
  std::string where;
  std::vector<TextLine> paragraphs;
};

// The paragraphs of the document sorted into the opening and the sections.
struct Outline {
  std::vector<TextLine> opening;
  std::array<SectionDraft, kSectionCount + 1> sections;  // indexed by SectionKind; [0] unused
  int last_section = 0;                                  // the section the document ends in
};

class OutlineBuilder {
 public:
  void AddParagraph(TextLine line) {
    if (std::optional<SectionHeadingMatch> match = MatchSectionHeading(line.text);
        match.has_value() && Accepts(*match)) {
      StartSection(*match, std::move(line));
      return;
    }
    if (outline_.last_section == 0) {
      outline_.opening.push_back(std::move(line));
    } else {
      outline_.sections[outline_.last_section].paragraphs.push_back(std::move(line));
    }
  }

  Outline Finish() { return std::move(outline_); }

 private:
  // A section's second heading is text. "（一）…" headings are sections only in a document whose
  // first section heading is "（一）总体情况"; elsewhere they are subheadings.
  bool Accepts(const SectionHeadingMatch& match) const {
    if (outline_.sections[static_cast<int>(match.kind)].present) return false;
    if (!match.parenthesized) return true;
    if (position_ == 0) return match.kind == SectionKind::kOverview;
    return parenthesized_style_;
  }

  void StartSection(const SectionHeadingMatch& match, TextLine line) {
    if (position_ == 0) parenthesized_style_ = match.parenthesized;
    const int index = static_cast<int>(match.kind);
    SectionDraft& section = outline_.sections[index];
    section.present = true;
    section.heading.set_text(line.text);
    section.heading.set_written_number(match.written_number);
    section.heading.set_position(++position_);
    section.where = std::move(line.where);
    outline_.last_section = index;
  }

  Outline outline_;
  int position_ = 0;
  bool parenthesized_style_ = false;
};

void FillTextSection(SectionDraft& draft, v1::TextSection& section) {
  if (!draft.present) return;
  *section.mutable_heading() = draft.heading;
  for (TextLine& line : draft.paragraphs) {
    v1::Paragraph* paragraph = section.add_paragraphs();
    paragraph->set_kind(ClassifyParagraph(line.text));
    paragraph->set_text(std::move(line.text));
  }
}

// Heading and notes of a table section; `table` is the parsed table, if any.
template <typename Section, typename Table>
absl::Status FillTableSection(SectionDraft& draft, std::optional<Table> table,
                              absl::string_view expected, Section& section) {
  if (table.has_value()) *section.mutable_table() = *std::move(table);
  if (!draft.present) return absl::OkStatus();
  if (!section.has_table()) {
    return InputError(draft.where,
                      absl::StrCat("“", draft.heading.text(), "”之后没有可识别的", expected,
                                   "（表格可能以图片形式发布或缺失）"),
                      absl::StrCat("no recognisable table after heading \"", draft.heading.text(),
                                   "\" (the table may be missing or published as an image)"));
  }
  *section.mutable_heading() = draft.heading;
  for (TextLine& line : draft.paragraphs) {
    v1::Paragraph* paragraph = section.add_notes();
    paragraph->set_kind(ClassifyParagraph(line.text));
    paragraph->set_text(std::move(line.text));
  }
  return absl::OkStatus();
}

SectionDraft& Section(Outline& outline, SectionKind kind) {
  return outline.sections[static_cast<int>(kind)];
}

absl::Status FillTables(const SourceDocument& document, Outline& outline, AnnualReport& report,
                        ImportWarningSink& warnings) {
  const TableRowsByKind rows = SortTableRows(document, warnings);
  auto table2 = ParseActiveDisclosureTable(rows.active_disclosure, warnings);
  if (!table2.ok()) return table2.status();
  auto table3 = ParseApplicationTable(rows.applications, warnings);
  if (!table3.ok()) return table3.status();
  auto table4 = ParseReviewLitigationTable(rows.review_litigation, warnings);
  if (!table4.ok()) return table4.status();
  if (absl::Status s =
          FillTableSection(Section(outline, SectionKind::kActiveDisclosure), *std::move(table2),
                           "表2（主动公开政府信息情况表）", *report.mutable_active_disclosure());
      !s.ok()) {
    return s;
  }
  if (absl::Status s = FillTableSection(
          Section(outline, SectionKind::kApplications), *std::move(table3),
          "表3（收到和处理政府信息公开申请情况表）", *report.mutable_applications());
      !s.ok()) {
    return s;
  }
  return FillTableSection(Section(outline, SectionKind::kReviewLitigation), *std::move(table4),
                          "表4（行政复议、行政诉讼情况表）", *report.mutable_review_litigation());
}

// Parts the document does not have stay unset rather than present-but-empty.
void ClearEmptySections(AnnualReport& report) {
  if (report.opening().ByteSizeLong() == 0) report.clear_opening();
  if (report.overview().ByteSizeLong() == 0) report.clear_overview();
  if (report.problems_and_improvements().ByteSizeLong() == 0) {
    report.clear_problems_and_improvements();
  }
  if (report.other_matters().ByteSizeLong() == 0) report.clear_other_matters();
  if (report.active_disclosure().ByteSizeLong() == 0) report.clear_active_disclosure();
  if (report.applications().ByteSizeLong() == 0) report.clear_applications();
  if (report.review_litigation().ByteSizeLong() == 0) report.clear_review_litigation();
}

v1::FormatVersion DocumentVersion(const AnnualReport& report) {
  const v1::FormatVersion a = report.active_disclosure().table().format_version();
  const v1::FormatVersion b = report.applications().table().format_version();
  if (a == v1::FORMAT_VERSION_UNSPECIFIED) return b;
  if (b == v1::FORMAT_VERSION_UNSPECIFIED || a == b) return a;
  return v1::FORMAT_VERSION_MIXED;
}

}  // namespace

absl::StatusOr<AnnualReport> ParseReport(const SourceDocument& document,
                                         std::vector<v1::ImportWarning>* warnings) {
  OutlineBuilder builder;
  for (const SourceBlock& block : document.blocks) {
    if (block.kind != SourceBlock::Kind::kParagraph) continue;
    // A line break inside a paragraph (Word's w:br) separates lines as the text layout does, so
    // that a title or signature broken over lines reads the same from every source.
    for (absl::string_view line : absl::StrSplit(block.text, '\n')) {
      std::string text = CleanText(line);
      if (!text.empty()) builder.AddParagraph(TextLine{std::move(text), block.where});
    }
  }
  Outline outline = builder.Finish();
  if (outline.opening.empty() && outline.last_section == 0) {
    return InputError(document.blocks.empty() ? "第1行" : document.blocks.front().where,
                      "文档为空或只有表格，没有标题和正文",
                      "the document is empty or holds only tables: no title and no text");
  }
  const std::string first_where = outline.opening.empty() ? "第1行" : outline.opening.front().where;
  absl::StatusOr<FrontMatter> front = ParseFrontMatter(outline.opening, first_where);
  if (!front.ok()) return front.status();
  AnnualReport report;
  *report.mutable_metadata() = std::move(front->metadata);
  *report.mutable_opening() = std::move(front->opening);
  if (outline.last_section != 0) {
    std::optional<v1::Signature> signature = TakeSignature(
        outline.sections[outline.last_section].paragraphs, report.metadata().agency_name());
    if (signature.has_value()) *report.mutable_signature() = *std::move(signature);
  }
  FillTextSection(Section(outline, SectionKind::kOverview), *report.mutable_overview());
  FillTextSection(Section(outline, SectionKind::kProblems),
                  *report.mutable_problems_and_improvements());
  FillTextSection(Section(outline, SectionKind::kOtherMatters), *report.mutable_other_matters());
  ImportWarningSink sink(document);
  if (absl::Status status = FillTables(document, outline, report, sink); !status.ok()) {
    return status;
  }
  ClearEmptySections(report);
  report.mutable_metadata()->set_format_version(DocumentVersion(report));
  sink.ResolveFormat2019Rows(report.metadata().format_version() == v1::FORMAT_VERSION_MIXED);
  if (warnings != nullptr) *warnings = sink.Take();
  return report;
}

}  // namespace nianbao::codec
