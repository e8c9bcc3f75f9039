#include "services/codec/page_sections.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace nianbao::codec {
namespace {

namespace v1 = nianbao::v1;

// Sort key: headings by their position in the document; a section without one after any section
// whose heading stood at its number or before.
int SortKey(const PageSection& section) {
  const int position = section.heading->position();
  return position > 0 ? position * 8 : section.number * 8 + 7;
}

PageSection TextSection(const v1::TextSection& section, int number, absl::string_view standard) {
  return {number, &section.heading(), standard, &section.paragraphs(),
          section.has_heading() || !section.paragraphs().empty()};
}

template <typename TableSection>
PageSection TableSectionOf(const TableSection& section, int number, absl::string_view standard) {
  return {number, &section.heading(), standard, &section.notes(), section.has_heading()};
}

}  // namespace

absl::string_view PageSection::HeadingText() const {
  return heading->text().empty() ? standard_heading : absl::string_view(heading->text());
}

std::vector<PageSection> PageSections(const v1::AnnualReport& report) {
  std::vector<PageSection> sections = {
      TextSection(report.overview(), 1, "一、总体情况"),
      TableSectionOf(report.active_disclosure(), 2, "二、主动公开政府信息情况"),
      TableSectionOf(report.applications(), 3, "三、收到和处理政府信息公开申请情况"),
      TableSectionOf(report.review_litigation(), 4, "四、政府信息公开行政复议、行政诉讼情况"),
      TextSection(report.problems_and_improvements(), 5, "五、存在的主要问题及改进情况"),
      TextSection(report.other_matters(), 6, "六、其他需要报告的事项"),
  };
  const auto lacking = [](const PageSection& section) {
    return !section.has_table() && !section.in_document;
  };
  sections.erase(std::remove_if(sections.begin(), sections.end(), lacking), sections.end());
  std::stable_sort(
      sections.begin(), sections.end(),
      [](const PageSection& a, const PageSection& b) { return SortKey(a) < SortKey(b); });
  return sections;
}

std::string PageTitle(const v1::ReportMetadata& metadata) {
  if (!metadata.title().empty()) return metadata.title();
  return absl::StrCat(metadata.agency_name(),
                      metadata.report_year() > 0 ? absl::StrCat(metadata.report_year(), "年") : "",
                      "政府信息公开工作年度报告");
}

}  // namespace nianbao::codec
