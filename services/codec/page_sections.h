// The order and headings in which a publishable page (HTML, Markdown) shows a report's six
// sections. Shared by the page renderers so that both show the same thing; the text-layout
// renderer keeps its own order because it must read back into the same message.
#ifndef NIANBAO_SERVICES_CODEC_PAGE_SECTIONS_H_
#define NIANBAO_SERVICES_CODEC_PAGE_SECTIONS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "nianbao/v1/report.pb.h"

namespace nianbao::codec {

// One section as a page shows it. Pointers refer into the report passed to PageSections().
struct PageSection {
  int number = 0;  // The format's number: 1 (一、总体情况) … 6 (六、其他需要报告的事项).
  const nianbao::v1::SectionHeading* heading = nullptr;  // As written; may be empty.
  absl::string_view standard_heading;                    // The format's own heading.
  // The body of a text section (一、五、六), or the notes above a table (二、三、四).
  const google::protobuf::RepeatedPtrField<nianbao::v1::Paragraph>* paragraphs = nullptr;
  bool in_document = false;  // The document had this section's heading or text.

  bool has_table() const { return number >= 2 && number <= 4; }
  // The heading as written, or the format's when the document wrote none.
  absl::string_view HeadingText() const;
};

// The sections in the order their headings appeared in the document. A section without a heading
// takes its standard place; a text section the document lacks altogether is left out rather than
// shown empty under a made-up heading, while the three tables always show.
std::vector<PageSection> PageSections(const nianbao::v1::AnnualReport& report);

// The title as written, or one composed from the agency and year when the document had none.
std::string PageTitle(const nianbao::v1::ReportMetadata& metadata);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_PAGE_SECTIONS_H_
