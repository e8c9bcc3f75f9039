// Renders an AnnualReport as Markdown (GitHub-flavoured tables): for review in a browser or a
// merge request. Blank cells stay blank, text cells appear as written.
#ifndef NIANBAO_SERVICES_CODEC_MARKDOWN_RENDERER_H_
#define NIANBAO_SERVICES_CODEC_MARKDOWN_RENDERER_H_

#include <string>

#include "nianbao/v1/report.pb.h"

namespace nianbao::codec {

// The title, the opening, the six sections with their paragraphs, and tables 2, 3 and 4 with the
// rows and columns of the format each table follows (2021, or the 2019 trial format).
std::string RenderMarkdown(const nianbao::v1::AnnualReport& report);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_MARKDOWN_RENDERER_H_
