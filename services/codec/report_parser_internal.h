// Pieces of the report parser (report_parser.h), one concern per .cc file: the front matter
// (attributes, title, agency), the opening's facts, dates, and paragraph kinds and the signature.
#ifndef NIANBAO_SERVICES_CODEC_REPORT_PARSER_INTERNAL_H_
#define NIANBAO_SERVICES_CODEC_REPORT_PARSER_INTERNAL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nianbao/v1/report.pb.h"

namespace nianbao::codec {

// A paragraph with Word artifacts removed and trimmed (never empty), and where it was.
struct TextLine {
  std::string text;
  std::string where;
};

// What comes before section 一: metadata (attributes, title, year, agency, publication date) and
// the opening paragraphs with the facts they state. format_version is left for the tables.
struct FrontMatter {
  nianbao::v1::ReportMetadata metadata;
  nianbao::v1::OpeningBlock opening;
};

// INVALID_ARGUMENT naming `first_where` when no line is a title with a year.
[[nodiscard]] absl::StatusOr<FrontMatter> ParseFrontMatter(const std::vector<TextLine>& lines,
                                                           absl::string_view first_where);

// Fills the opening's legal basis, statistics period, portal and contact from its paragraphs.
void ExtractOpeningFacts(nianbao::v1::OpeningBlock& opening);

// "2024年1月17日", "2024-01-17", "2024/1/17", "2024.01.17" (half-width or full-width digits),
// possibly followed by a time; nullopt when the text does not start with a valid date.
std::optional<nianbao::v1::Date> ParseDatePrefix(absl::string_view text);

// Whether `label` (no colon) is one of a portal page's attribute labels (信息公开目录的文档属性:
// 名称, 索引号, 发布机构, 公开日期, ...), as the front matter reads them from "名称：…" lines.
bool IsAttributeLabel(absl::string_view label);

// Subheading ("（一）加强领导，完善机制") or body text.
nianbao::v1::ParagraphKind ClassifyParagraph(absl::string_view text);

// Removes the signature block (an agency line, then a date line such as "2024年1月17日") from the
// end of `paragraphs` and returns it; nullopt, leaving the paragraphs alone, when there is none.
std::optional<nianbao::v1::Signature> TakeSignature(std::vector<TextLine>& paragraphs,
                                                    absl::string_view agency_name);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_REPORT_PARSER_INTERNAL_H_
