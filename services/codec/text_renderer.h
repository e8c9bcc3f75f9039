// Renders an AnnualReport in the plain-text layout that text_layout_reader.h reads (the shape of
// ../shared/fixtures/reports): header attributes, title, opening, the sections in the order their
// headings appeared, tables as tab-prefixed cells with an empty line after each row and the
// column headers of the format each table (or table 2 item) follows, and the signature.
// Importing the output of a report that came from an import gives back an equal message.
#ifndef NIANBAO_SERVICES_CODEC_TEXT_RENDERER_H_
#define NIANBAO_SERVICES_CODEC_TEXT_RENDERER_H_

#include <string>

#include "nianbao/v1/report.pb.h"

namespace nianbao::codec {

std::string RenderTextLayout(const nianbao::v1::AnnualReport& report);

// The tables alone, each as its rows; empty when the table holds no row.
std::string RenderActiveDisclosureTableText(const nianbao::v1::ActiveDisclosureTable& table);
std::string RenderApplicationTableText(const nianbao::v1::ApplicationTable& table);
std::string RenderReviewLitigationTableText(const nianbao::v1::ReviewLitigationTable& table);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_TEXT_RENDERER_H_
