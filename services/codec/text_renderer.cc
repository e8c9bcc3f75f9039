#include "services/codec/text_renderer.h"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::AnnualReport;

void AppendLine(absl::string_view line, std::string& out) {
  if (line.empty()) return;
  absl::StrAppend(&out, line, "\n");
}

void AppendParagraphs(const google::protobuf::RepeatedPtrField<v1::Paragraph>& paragraphs,
                      std::string& out) {
  for (const v1::Paragraph& paragraph : paragraphs) AppendLine(paragraph.text(), out);
}

void AppendTable(const std::string& rows, std::string& out) {
  if (rows.empty()) return;
  absl::StrAppend(&out, "\n", rows, "\n");
}

// One section, written where its heading's position puts it.
struct PlacedSection {
  int position;
  std::function<void(std::string&)> write;
};

void AppendFrontMatter(const AnnualReport& report, std::string& out) {
  for (const v1::DocumentAttribute& attribute : report.metadata().attributes()) {
    absl::StrAppend(&out, attribute.label(), "：", attribute.value(), "\n");
  }
  AppendLine(report.metadata().title(), out);
  out += "\n";
  for (const std::string& paragraph : report.opening().paragraphs()) AppendLine(paragraph, out);
}

std::vector<PlacedSection> PlaceSections(const AnnualReport& report) {
  std::vector<PlacedSection> placed;
  auto text_section = [&placed](const v1::TextSection& section) {
    if (!section.has_heading()) return;
    placed.push_back({section.heading().position(), [&section](std::string& out) {
                        AppendLine(section.heading().text(), out);
                        AppendParagraphs(section.paragraphs(), out);
                      }});
  };
  // A table section without a heading (its table was found by its labels) goes last.
  auto table_section = [&placed](const auto& section, auto render_table) {
    if (!section.has_heading() && !section.has_table()) return;
    const int position = section.has_heading() ? section.heading().position() : 1 << 20;
    placed.push_back({position, [&section, render_table](std::string& out) {
                        if (section.has_heading()) AppendLine(section.heading().text(), out);
                        AppendParagraphs(section.notes(), out);
                        AppendTable(render_table(section.table()), out);
                      }});
  };
  text_section(report.overview());
  table_section(report.active_disclosure(), RenderActiveDisclosureTableText);
  table_section(report.applications(), RenderApplicationTableText);
  table_section(report.review_litigation(), RenderReviewLitigationTableText);
  text_section(report.problems_and_improvements());
  text_section(report.other_matters());
  std::stable_sort(
      placed.begin(), placed.end(),
      [](const PlacedSection& a, const PlacedSection& b) { return a.position < b.position; });
  return placed;
}

}  // namespace

std::string RenderTextLayout(const AnnualReport& report) {
  std::string out;
  AppendFrontMatter(report, out);
  for (const PlacedSection& section : PlaceSections(report)) section.write(out);
  if (report.has_signature()) {
    AppendLine(report.signature().agency(), out);
    AppendLine(report.signature().date_text(), out);
  }
  return out;
}

}  // namespace nianbao::codec
