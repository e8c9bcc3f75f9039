#include "services/codec/markdown_renderer.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/codec/html_table_rows.h"
#include "services/codec/page_sections.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::Paragraph;
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

void WriteSection(const PageSection& section, const AnnualReport& report, std::string& out) {
  absl::StrAppend(&out, "## ", EscapeText(section.HeadingText()), "\n\n");
  Paragraphs(*section.paragraphs, out);
  switch (section.number) {
    case 2:
      ActiveDisclosureTable(report.active_disclosure().table(), out);
      break;
    case 3:
      ApplicationTable(report.applications().table(), out);
      break;
    case 4:
      ReviewLitigationTable(report.review_litigation().table(), out);
      break;
    default:
      break;
  }
}

}  // namespace

std::string RenderMarkdown(const AnnualReport& report) {
  std::string out = absl::StrCat("# ", EscapeText(PageTitle(report.metadata())), "\n\n");
  for (const v1::DocumentAttribute& attribute : report.metadata().attributes()) {
    absl::StrAppend(&out, "- ", EscapeText(attribute.label()), "：", EscapeText(attribute.value()),
                    "\n");
  }
  if (!report.metadata().attributes().empty()) out += "\n";
  for (const std::string& paragraph : report.opening().paragraphs()) {
    absl::StrAppend(&out, EscapeText(paragraph), "\n\n");
  }
  for (const PageSection& section : PageSections(report)) WriteSection(section, report, out);
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
