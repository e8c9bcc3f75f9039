#include "services/codec/markdown_renderer.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "services/codec/page_sections.h"
#include "services/codec/table_cell_values.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::Paragraph;
namespace rows = cell_values;

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

void DisclosureBlocks(const v1::ActiveDisclosureTable& table,
                      absl::Span<const format::DisclosureBlock> blocks, std::string& out) {
  for (const format::DisclosureBlock& block : blocks) {
    absl::StrAppend(&out, "**", block.title_zh, "**\n\n");
    std::vector<std::string> header = {format::kItemContentHeader};
    for (const format::DisclosureColumn& column : block.columns) {
      header.push_back(column.header_zh);
    }
    TableHeader(header, out);
    for (const format::DisclosureRow& row : block.rows) {
      std::vector<std::string> cells = {row.label_zh};
      std::vector<std::string> values = Texts(rows::DisclosureValues(row, table));
      cells.insert(cells.end(), values.begin(), values.end());
      TableRow(cells, out);
    }
    out += "\n";
  }
}

void ActiveDisclosureTable(const v1::ActiveDisclosureTable& table, std::string& out) {
  if (rows::ShowsDisclosure2021(table)) {
    DisclosureBlocks(table, format::DisclosureBlocks2021(), out);
  }
  if (rows::ShowsDisclosure2019(table)) {
    // A mixed table: say which part follows the trial format.
    if (rows::ShowsDisclosure2021(table)) out += "以下按2019年试行格式填报：\n\n";
    DisclosureBlocks(table, format::DisclosureBlocks2019(), out);
  }
}

void ApplicationTable(const v1::ApplicationTable& table, std::string& out) {
  absl::StrAppend(&out, format::kBalanceNote, "\n\n");
  std::vector<std::string> header = {format::kApplicantHeader};
  for (const format::ApplicantColumn& column : format::ApplicantColumns()) {
    header.push_back(column.name_zh);
  }
  TableHeader(header, out);
  absl::string_view previous_part;
  absl::string_view previous_group;
  for (const format::ApplicationRow* row : rows::ApplicationRows(table)) {
    // Labels read like the format's merged cells: each level once, where it starts.
    const absl::string_view part = row->part_zh;
    const absl::string_view group = row->group_zh;
    std::vector<absl::string_view> labels;
    if (part != previous_part) labels.push_back(part);
    if (!group.empty() && group != previous_group) labels.push_back(group);
    if (*row->item_zh != '\0') labels.push_back(row->item_zh);
    previous_part = part;
    previous_group = group;
    std::vector<std::string> cells = {absl::StrJoin(labels, " ")};
    std::vector<std::string> values = Texts(rows::ApplicantValues(*row, table));
    cells.insert(cells.end(), values.begin(), values.end());
    TableRow(cells, out);
  }
  out += "\n（商业企业、科研机构、社会公益组织、法律服务机构、其他均属法人或其他组织）\n\n";
}

void ReviewLitigationTable(const v1::ReviewLitigationTable& table, std::string& out) {
  std::vector<std::string> header;
  std::vector<std::string> values;
  // A flat header: each column names its group on its own (行政诉讼（复议后起诉）) and outcome.
  for (const format::CaseGroup& group : format::CaseGroups()) {
    const std::vector<rows::Value> group_values = rows::OutcomeValues(group, table);
    for (size_t i = 0; i < group_values.size(); ++i) {
      header.push_back(absl::StrCat(group.name_zh, "\n", format::OutcomeColumns()[i].name_zh));
      values.push_back(group_values[i].text);
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
