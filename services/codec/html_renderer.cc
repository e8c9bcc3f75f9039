#include "services/codec/html_renderer.h"

#include "absl/strings/str_cat.h"
#include "services/codec/html_tables.h"
#include "services/codec/page_sections.h"

namespace nianbao::codec {
namespace {

using html::Escape;
using nianbao::v1::AnnualReport;
using nianbao::v1::Paragraph;

// Screen and A4 print. Body text in 仿宋, headings in 黑体 and the title in 小标宋, as official
// documents are set (GB/T 9704), with common fallbacks on every platform.
constexpr char kStyle[] = R"css(
:root { --ink: #111; --rule: #444; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f4f1; color: var(--ink);
  font-family: "FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "Songti SC",
    "SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 16pt; line-height: 1.75; }
.report { max-width: 210mm; margin: 12mm auto; padding: 25mm 20mm; background: #fff;
  box-shadow: 0 1px 6px rgba(0, 0, 0, .15); }
h1, h2, h3, caption, th { font-family: "SimHei", "黑体", "Heiti SC", "PingFang SC",
  "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; }
h1 { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "STZhongsong", "华文中宋", "SimHei",
  "Noto Serif CJK SC", serif; font-size: 22pt; font-weight: normal; text-align: center;
  line-height: 1.5; margin: 0 0 1em; }
h2 { font-size: 16pt; font-weight: normal; margin: 1.2em 0 .4em; }
h3 { font-family: "KaiTi", "楷体", "KaiTi_GB2312", "STKaiti", serif; font-size: 16pt;
  font-weight: normal; margin: .6em 0 .2em; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.attributes { display: grid; grid-template-columns: max-content 1fr; gap: 0 1em; font-size: 11pt;
  margin: 0 0 1.5em; padding-bottom: .5em; border-bottom: 1px solid var(--rule); }
.attributes dt { font-weight: bold; } .attributes dd { margin: 0; }
.report-table { width: 100%; border-collapse: collapse; margin: .6em 0 1em; font-size: 10.5pt;
  line-height: 1.4; }
.report-table caption { font-size: 12pt; margin-bottom: .3em; }
.report-table th, .report-table td { border: 1px solid var(--rule); padding: 3px 4px;
  vertical-align: middle; }
.report-table th { font-weight: normal; text-align: center; background: #f3f3f3; }
.report-table th[scope="row"], .report-table th.item { text-align: left; }
.report-table td { text-align: center; font-family: "Times New Roman", "FangSong", serif; }
.report-table td.text { color: #8a1c00; }
.report-table .balance-note { font-size: 9pt; }
.table-4 th, .table-4 td { font-size: 9.5pt; }
.signature { margin-top: 2em; text-align: right; }
.signature p { text-indent: 0; text-align: right; }
@page { size: A4; margin: 25mm 20mm 20mm; }
@media print {
  body { background: none; font-size: 15pt; }
  .report { margin: 0; padding: 0; max-width: none; box-shadow: none; }
  h1, h2, h3 { page-break-after: avoid; break-after: avoid; }
  p { orphans: 2; widows: 2; }
  .report-table { page-break-inside: auto; font-size: 9.5pt; }
  .report-table thead { display: table-header-group; }
  .report-table tr, .report-table caption { page-break-inside: avoid; break-inside: avoid; }
  .report-table caption { page-break-after: avoid; break-after: avoid; }
  .table-4 { page-break-inside: avoid; break-inside: avoid; }
  .signature { page-break-inside: avoid; break-inside: avoid; }
}
)css";

void Paragraphs(const google::protobuf::RepeatedPtrField<Paragraph>& paragraphs, std::string& out) {
  for (const Paragraph& paragraph : paragraphs) {
    if (paragraph.kind() == v1::PARAGRAPH_KIND_SUBHEADING) {
      absl::StrAppend(&out, "<h3 class=\"subheading\">", Escape(paragraph.text()), "</h3>\n");
    } else {
      absl::StrAppend(&out, "<p>", Escape(paragraph.text(), true), "</p>\n");
    }
  }
}

void WriteSection(const PageSection& section, const AnnualReport& report, std::string& out) {
  absl::StrAppend(&out, "<section class=\"report-section\" id=\"section-", section.number,
                  "\">\n<h2>", Escape(section.HeadingText()), "</h2>\n");
  Paragraphs(*section.paragraphs, out);
  switch (section.number) {
    case 2:
      out += html::ActiveDisclosureTableHtml(report.active_disclosure().table());
      break;
    case 3:
      out += html::ApplicationTableHtml(report.applications().table());
      break;
    case 4:
      out += html::ReviewLitigationTableHtml(report.review_litigation().table());
      break;
    default:
      break;
  }
  out += "</section>\n";
}

const char* FormatName(v1::FormatVersion version) {
  switch (version) {
    case v1::FORMAT_VERSION_2021:
      return "2021";
    case v1::FORMAT_VERSION_2019:
      return "2019";
    case v1::FORMAT_VERSION_MIXED:
      return "mixed";
    default:
      return "unspecified";
  }
}

std::string Meta(absl::string_view name, absl::string_view content) {
  return absl::StrCat("<meta name=\"", name, "\" content=\"", Escape(content), "\">\n");
}

void Head(const AnnualReport& report, std::string& out) {
  const v1::ReportMetadata& metadata = report.metadata();
  absl::StrAppend(&out,
                  "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"nianbao\">\n");
  if (!metadata.agency_name().empty()) out += Meta("nianbao:agency-name", metadata.agency_name());
  if (metadata.report_year() > 0)
    out += Meta("nianbao:report-year", absl::StrCat(metadata.report_year()));
  out += Meta("nianbao:format-version", FormatName(metadata.format_version()));
  absl::StrAppend(&out, "<title>", Escape(PageTitle(metadata)), "</title>\n<style>", kStyle,
                  "</style>\n</head>\n");
}

}  // namespace

std::string RenderHtml(const AnnualReport& report) {
  std::string out;
  Head(report, out);
  out += "<body>\n<article class=\"report\">\n<header class=\"report-header\">\n";
  const v1::ReportMetadata& metadata = report.metadata();
  if (!metadata.attributes().empty()) {
    out += "<dl class=\"attributes\">\n";
    for (const v1::DocumentAttribute& attribute : metadata.attributes()) {
      absl::StrAppend(&out, "<dt>", Escape(attribute.label()), "</dt><dd>",
                      Escape(attribute.value()), "</dd>\n");
    }
    out += "</dl>\n";
  }
  absl::StrAppend(&out, "<h1 class=\"report-title\">", Escape(PageTitle(metadata)),
                  "</h1>\n</header>\n");
  if (!report.opening().paragraphs().empty()) {
    out += "<section class=\"opening\" id=\"opening\">\n";
    for (const std::string& paragraph : report.opening().paragraphs()) {
      absl::StrAppend(&out, "<p>", Escape(paragraph, true), "</p>\n");
    }
    out += "</section>\n";
  }
  for (const PageSection& section : PageSections(report)) WriteSection(section, report, out);
  const v1::Signature& signature = report.signature();
  if (!signature.agency().empty() || !signature.date_text().empty()) {
    out += "<footer class=\"signature\">\n";
    if (!signature.agency().empty()) {
      absl::StrAppend(&out, "<p class=\"signature-agency\">", Escape(signature.agency()), "</p>\n");
    }
    if (!signature.date_text().empty()) {
      absl::StrAppend(&out, "<p class=\"signature-date\">", Escape(signature.date_text()),
                      "</p>\n");
    }
    out += "</footer>\n";
  }
  out += "</article>\n</body>\n</html>\n";
  return out;
}

}  // namespace nianbao::codec
