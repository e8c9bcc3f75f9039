#include "services/codec/markdown_renderer.h"

#include <algorithm>
#include <functional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/codec/html_table_rows.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::Paragraph;
using nianbao::v1::SectionHeading;
namespace rows = table_rows;

// Escapes what Markdown would otherwise read as markup, so text appears as written.
std::string EscapeText(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (absl::string_view("\\`*_[]<>|#~").find(c) != absl::string_view::npos) out += '\\';
    out += c;
  }
  // "1. text" or "- text" at the start of a line would become a list.
  size_t digits = 0;
  while (digits < out.size() && absl::ascii_isdigit(out[digits])) ++digits;
  if (digits > 0 && digits < out.size() && (out[digits] == '.' || out[digits] == ')')) {
    out.insert(digits, "\\");
  } else if (!out.empty() && (out[0] == '-' || out[0] == '+' || out[0] == '=')) {
    out.insert(0, "\\");
  }
  return out;
}

// A table cell: escaped, line breaks as <br> (GitHub renders them inside tables).
std::string Cell(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "<br>";
    } else if (c == '\r') {
      continue;
    } else {
      if (absl::string_view("\\`*_[]<>|").find(c) != absl::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

void TableRow(const std::vector<std::string>& cells, std::string& out) {
  out += "|";
  for (const std::string& cell : cells) absl::StrAppend(&out, " ", Cell(cell), " |");
  out += "\n";
}

void TableHeader(const std::vector<std::string>& cells, std::string& out) {
  TableRow(cells, out);
  out += "|";
  for (size_t i = 0; i < cells.size(); ++i) out += i == 0 ? " --- |" : " ---: |";
  out += "\n";
}

std::vector<std::string> Texts(const std::vector<rows::Value>& values) {
  std::vector<std::string> texts;
  for (const rows::Value& value : values) texts.push_back(value.text);
  return texts;
}

void DisclosureBlocks(const std::vector<rows::DisclosureBlock>& blocks, std::string& out) {
  for (const rows::DisclosureBlock& block : blocks) {
    absl::StrAppend(&out, "**", block.title, "**\n\n");
    std::vector<std::string> header = {"信息内容"};
    header.insert(header.end(), block.columns.begin(), block.columns.end());
    TableHeader(header, out);
    for (const rows::DisclosureRow& row : block.rows) {
      std::vector<std::string> cells = {row.label};
      std::vector<std::string> values = Texts(row.values);
      cells.insert(cells.end(), values.begin(), values.end());
      TableRow(cells, out);
    }
    out += "\n";
  }
}

void ActiveDisclosureTable(const v1::ActiveDisclosureTable& table, std::string& out) {
  if (rows::ShowsDisclosure2021(table)) DisclosureBlocks(rows::DisclosureBlocks2021(table), out);
  if (rows::ShowsDisclosure2019(table)) {
    // A mixed table: say which part follows the trial format.
    if (rows::ShowsDisclosure2021(table)) out += "以下按2019年试行格式填报：\n\n";
    DisclosureBlocks(rows::DisclosureBlocks2019(table), out);
  }
}

void ApplicationTable(const v1::ApplicationTable& table, std::string& out) {
  absl::StrAppend(&out, rows::kBalanceNote, "\n\n");
  std::vector<std::string> header = {"申请人情况"};
  for (const rows::ApplicantColumn& column : rows::ApplicantColumns()) {
    header.push_back(column.label);
  }
  TableHeader(header, out);
  std::string previous_part;
  std::string previous_group;
  for (const rows::ApplicationRow& row : rows::ApplicationRows(table)) {
    // Labels read like the format's merged cells: each level once, where it starts.
    std::vector<std::string> labels;
    if (row.part != previous_part) labels.push_back(row.part);
    if (!row.group.empty() && row.group != previous_group) labels.push_back(row.group);
    if (!row.item.empty()) labels.push_back(row.item);
    previous_part = row.part;
    previous_group = row.group;
    std::vector<std::string> cells = {absl::StrJoin(labels, " ")};
    std::vector<std::string> values = Texts(row.values);
    cells.insert(cells.end(), values.begin(), values.end());
    TableRow(cells, out);
  }
  out += "\n（商业企业、科研机构、社会公益组织、法律服务机构、其他均属法人或其他组织）\n\n";
}

void ReviewLitigationTable(const v1::ReviewLitigationTable& table, std::string& out) {
  std::vector<std::string> header;
  std::vector<std::string> values;
  for (const rows::CaseGroup& group : rows::CaseGroups(table)) {
    const std::string prefix =
        group.label == "行政复议" ? group.label : absl::StrCat("行政诉讼（", group.label, "）");
    for (size_t i = 0; i < group.values.size(); ++i) {
      header.push_back(absl::StrCat(prefix, "\n", rows::kOutcomeLabels[i]));
      values.push_back(group.values[i].text);
    }
  }
  TableHeader(header, out);
  TableRow(values, out);
  out += "\n";
}

void Paragraphs(const google::protobuf::RepeatedPtrField<Paragraph>& paragraphs, std::string& out) {
  for (const Paragraph& paragraph : paragraphs) {
    if (paragraph.kind() == v1::PARAGRAPH_KIND_SUBHEADING) {
      absl::StrAppend(&out, "### ", EscapeText(paragraph.text()), "\n\n");
    } else {
      absl::StrAppend(&out, EscapeText(paragraph.text()), "\n\n");
    }
  }
}

void Heading(const SectionHeading& heading, absl::string_view standard, std::string& out) {
  absl::StrAppend(&out, "## ", EscapeText(heading.text().empty() ? standard : heading.text()),
                  "\n\n");
}

struct PlacedSection {
  int position;
  std::function<void(std::string&)> write;
};

std::vector<PlacedSection> PlaceSections(const AnnualReport& report) {
  std::vector<PlacedSection> placed;
  // Sections appear in the order their headings had; one without a heading takes its standard
  // place (after any section that had a heading at that number or before).
  auto position = [](const SectionHeading& heading, int standard) {
    return heading.position() > 0 ? heading.position() * 8 : standard * 8 + 7;
  };
  auto text = [&](const v1::TextSection& section, int standard, const char* title) {
    // A text section the document lacks is left out rather than shown empty under a made-up
    // heading; the tables always show, in the format's layout.
    if (!section.has_heading() && section.paragraphs().empty()) return;
    placed.push_back({position(section.heading(), standard), [&section, title](std::string& out) {
                        Heading(section.heading(), title, out);
                        Paragraphs(section.paragraphs(), out);
                      }});
  };
  text(report.overview(), 1, "一、总体情况");
  const auto& active = report.active_disclosure();
  placed.push_back({position(active.heading(), 2), [&active](std::string& out) {
                      Heading(active.heading(), "二、主动公开政府信息情况", out);
                      Paragraphs(active.notes(), out);
                      ActiveDisclosureTable(active.table(), out);
                    }});
  const auto& applications = report.applications();
  placed.push_back({position(applications.heading(), 3), [&applications](std::string& out) {
                      Heading(applications.heading(), "三、收到和处理政府信息公开申请情况", out);
                      Paragraphs(applications.notes(), out);
                      ApplicationTable(applications.table(), out);
                    }});
  const auto& review = report.review_litigation();
  placed.push_back({position(review.heading(), 4), [&review](std::string& out) {
                      Heading(review.heading(), "四、政府信息公开行政复议、行政诉讼情况", out);
                      Paragraphs(review.notes(), out);
                      ReviewLitigationTable(review.table(), out);
                    }});
  text(report.problems_and_improvements(), 5, "五、存在的主要问题及改进情况");
  text(report.other_matters(), 6, "六、其他需要报告的事项");
  std::stable_sort(placed.begin(), placed.end(),
                   [](const auto& a, const auto& b) { return a.position < b.position; });
  return placed;
}

std::string Title(const v1::ReportMetadata& metadata) {
  if (!metadata.title().empty()) return metadata.title();
  return absl::StrCat(metadata.agency_name(),
                      metadata.report_year() > 0 ? absl::StrCat(metadata.report_year(), "年") : "",
                      "政府信息公开工作年度报告");
}

}  // namespace

std::string RenderMarkdown(const AnnualReport& report) {
  std::string out = absl::StrCat("# ", EscapeText(Title(report.metadata())), "\n\n");
  for (const v1::DocumentAttribute& attribute : report.metadata().attributes()) {
    absl::StrAppend(&out, "- ", EscapeText(attribute.label()), "：", EscapeText(attribute.value()),
                    "\n");
  }
  if (!report.metadata().attributes().empty()) out += "\n";
  for (const std::string& paragraph : report.opening().paragraphs()) {
    absl::StrAppend(&out, EscapeText(paragraph), "\n\n");
  }
  for (const PlacedSection& section : PlaceSections(report)) section.write(out);
  const v1::Signature& signature = report.signature();
  if (!signature.agency().empty() || !signature.date_text().empty()) {
    out += "---\n\n";
    if (!signature.agency().empty()) absl::StrAppend(&out, EscapeText(signature.agency()), "  \n");
    if (!signature.date_text().empty())
      absl::StrAppend(&out, EscapeText(signature.date_text()), "\n");
  }
  return out;
}

}  // namespace nianbao::codec
