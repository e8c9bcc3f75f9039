// The generator's front matter, sections and signature.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/unit/codec/report_generator.h"
#include "tests/unit/codec/report_generator_parts.h"

namespace nianbao::codec_testing {
namespace {

using nianbao::v1::AnnualReport;

constexpr std::array<const char*, 10> kNumerals = {"一", "二", "三", "四", "五",
                                                   "六", "七", "八", "九", "十"};

void GenerateMetadata(Generator& g, AnnualReport& report) {
  static const std::vector<std::pair<std::string, v1::AgencyKind>> kinds = {
      {"交通运输局", v1::AGENCY_KIND_DEPARTMENT},
      {"人民政府", v1::AGENCY_KIND_GOVERNMENT},
      {"镇人民政府", v1::AGENCY_KIND_TOWNSHIP},
      {"街道办事处", v1::AGENCY_KIND_TOWNSHIP},
      {"教育体育局", v1::AGENCY_KIND_DEPARTMENT}};
  const auto& [suffix, kind] = kinds[g.Uniform(0, static_cast<int>(kinds.size()) - 1)];
  v1::ReportMetadata* metadata = report.mutable_metadata();
  metadata->set_agency_name(g.Prose(2, 4) + suffix);
  metadata->set_agency_kind(kind);
  metadata->set_report_year(g.Uniform(2019, 2025));
  metadata->set_title(
      absl::StrCat(metadata->agency_name(), metadata->report_year(), "年政府信息公开工作年度报告"));
  if (g.Chance(50)) {
    v1::DocumentAttribute* index = metadata->add_attributes();
    index->set_label("索引号");
    index->set_value(absl::StrCat("0143", g.Uniform(10000, 99999), "/", metadata->report_year() + 1,
                                  "-000", g.Uniform(1, 9)));
    v1::DocumentAttribute* category = metadata->add_attributes();
    category->set_label("分类");
    category->set_value("信息公开年报　其他");
    v1::DocumentAttribute* date = metadata->add_attributes();
    date->set_label("公开日期");
    const int day = g.Uniform(10, 28);
    date->set_value(absl::StrCat(metadata->report_year() + 1, "-01-", day));
    metadata->mutable_publication_date()->set_year(metadata->report_year() + 1);
    metadata->mutable_publication_date()->set_month(1);
    metadata->mutable_publication_date()->set_day(day);
  }
}

std::string BodyText(Generator& g) { return g.Prose(8, 60) + "。"; }

void GenerateOpening(Generator& g, AnnualReport& report) {
  if (g.Chance(20)) return;
  v1::OpeningBlock* opening = report.mutable_opening();
  const int year = report.metadata().report_year();
  const int site = g.Uniform(1, 999);
  const std::string address = absl::StrCat(g.Prose(2, 6), "路", g.Uniform(1, 300), "号");
  const std::string postcode = std::to_string(g.Uniform(100000, 999999));
  const std::string telephone =
      absl::StrCat("0", g.Uniform(100, 999), "-", g.Uniform(1000000, 9999999));
  const std::string email = absl::StrCat("a", site, "@163.com");
  opening->add_paragraphs(
      absl::StrCat("本年度报告根据《中华人民共和国政府信息公开条例》编制。统计期限自", year,
                   "年1月1日起至", year, "年12月31日止。本报告可在网站（http://www.x", site,
                   ".gov.cn/）查阅。如有疑问请联系，地址：", address, "，邮编：", postcode,
                   "，联系电话：", telephone, "，邮箱：", email, "。"));
  for (int i = g.Uniform(0, 2); i > 0; --i) opening->add_paragraphs(BodyText(g));
  opening->set_legal_basis("《中华人民共和国政府信息公开条例》");
  for (v1::Date* date : {opening->mutable_statistics_period()->mutable_start(),
                         opening->mutable_statistics_period()->mutable_end()}) {
    date->set_year(year);
  }
  opening->mutable_statistics_period()->mutable_start()->set_month(1);
  opening->mutable_statistics_period()->mutable_start()->set_day(1);
  opening->mutable_statistics_period()->mutable_end()->set_month(12);
  opening->mutable_statistics_period()->mutable_end()->set_day(31);
  opening->set_portal_url(absl::StrCat("http://www.x", site, ".gov.cn/"));
  opening->set_contact_address(address);
  opening->set_postcode(postcode);
  opening->set_telephone(telephone);
  opening->set_email(email);
}

void FillParagraphs(Generator& g, google::protobuf::RepeatedPtrField<v1::Paragraph>* paragraphs,
                    int max_count) {
  for (int i = g.Uniform(0, max_count); i > 0; --i) {
    v1::Paragraph* paragraph = paragraphs->Add();
    if (g.Chance(30)) {
      paragraph->set_kind(v1::PARAGRAPH_KIND_SUBHEADING);
      paragraph->set_text(absl::StrCat("（", kNumerals[g.Uniform(0, 9)], "）", g.Prose(3, 12)));
    } else {
      paragraph->set_kind(v1::PARAGRAPH_KIND_BODY);
      paragraph->set_text(BodyText(g));
    }
  }
}

// A heading for section `kind` (1..6) in one of the ways agencies write it.
void FillHeading(Generator& g, int kind, int position, v1::SectionHeading* heading) {
  static const std::array<std::vector<std::string>, 7> titles = {{
      {},
      {"总体情况"},
      {"主动公开政府信息情况"},
      {"收到和处理政府信息公开申请情况"},
      {"政府信息公开行政复议、行政诉讼情况"},
      {"存在的主要问题及改进情况", "存在的主要问题及整改措施",
       "政府信息公开工作存在的主要问题及改进情况"},
      {"其他需要报告的事项"},
  }};
  const std::vector<std::string>& options = titles[kind];
  heading->set_position(position);
  if (g.Chance(10)) {
    heading->set_written_number(0);
    heading->set_text(options.front());
    return;
  }
  const int number = g.Chance(90) ? kind : g.Uniform(1, 6);
  static const std::array<const char*, 3> separators = {"、", "．", "."};
  heading->set_written_number(number);
  heading->set_text(absl::StrCat(kNumerals[number - 1], separators[g.Uniform(0, 2)],
                                 options[g.Uniform(0, static_cast<int>(options.size()) - 1)]));
}

v1::FormatVersion DocumentVersion(v1::FormatVersion a, v1::FormatVersion b) {
  if (a == v1::FORMAT_VERSION_UNSPECIFIED) return b;
  if (b == v1::FORMAT_VERSION_UNSPECIFIED || a == b) return a;
  return v1::FORMAT_VERSION_MIXED;
}

// Positions of the sections that get a heading: mostly in order, sometimes shuffled.
std::array<int, 7> Positions(Generator& g) {
  std::vector<int> kinds;
  for (int kind = 1; kind <= 6; ++kind) {
    if (g.Chance(85)) kinds.push_back(kind);
  }
  if (g.Chance(20)) std::shuffle(kinds.begin(), kinds.end(), g.rng());
  std::array<int, 7> positions{};
  for (std::size_t i = 0; i < kinds.size(); ++i) positions[kinds[i]] = static_cast<int>(i) + 1;
  return positions;
}

void GenerateSections(Generator& g, AnnualReport& report) {
  const std::array<int, 7> positions = Positions(g);
  std::array<v1::TextSection*, 7> text_sections = {nullptr,
                                                   report.mutable_overview(),
                                                   nullptr,
                                                   nullptr,
                                                   nullptr,
                                                   report.mutable_problems_and_improvements(),
                                                   report.mutable_other_matters()};
  for (int kind : {1, 5, 6}) {
    if (positions[kind] == 0) continue;
    FillHeading(g, kind, positions[kind], text_sections[kind]->mutable_heading());
    FillParagraphs(g, text_sections[kind]->mutable_paragraphs(), 5);
  }
  if (!report.overview().has_heading()) report.clear_overview();
  if (!report.problems_and_improvements().has_heading()) report.clear_problems_and_improvements();
  if (!report.other_matters().has_heading()) report.clear_other_matters();
  v1::FormatVersion t2 = v1::FORMAT_VERSION_UNSPECIFIED;
  v1::FormatVersion t3 = v1::FORMAT_VERSION_UNSPECIFIED;
  if (positions[2] != 0 || g.Chance(50)) {
    v1::ActiveDisclosureSection* section = report.mutable_active_disclosure();
    t2 = FillTable2(g, *section->mutable_table());
    if (positions[2] != 0) {
      FillHeading(g, 2, positions[2], section->mutable_heading());
      FillParagraphs(g, section->mutable_notes(), 2);
    }
  }
  if (positions[3] != 0 || g.Chance(50)) {
    v1::ApplicationSection* section = report.mutable_applications();
    t3 = FillTable3(g, *section->mutable_table());
    if (positions[3] != 0) {
      FillHeading(g, 3, positions[3], section->mutable_heading());
      FillParagraphs(g, section->mutable_notes(), 2);
    }
  }
  if (positions[4] != 0 || g.Chance(50)) {
    v1::ReviewLitigationSection* section = report.mutable_review_litigation();
    v1::ReviewLitigationTable* table = section->mutable_table();
    g.FillOutcomes(table->mutable_administrative_review());
    g.FillOutcomes(table->mutable_litigation_direct());
    g.FillOutcomes(table->mutable_litigation_after_review());
    if (positions[4] != 0) {
      FillHeading(g, 4, positions[4], section->mutable_heading());
      FillParagraphs(g, section->mutable_notes(), 2);
    }
  }
  report.mutable_metadata()->set_format_version(DocumentVersion(t2, t3));
  const bool has_heading = *std::max_element(positions.begin(), positions.end()) > 0;
  if (has_heading && g.Chance(50)) {
    v1::Signature* signature = report.mutable_signature();
    const int year = report.metadata().report_year() + 1;
    const int day = g.Uniform(1, 31);
    signature->set_agency(report.metadata().agency_name());
    signature->set_date_text(absl::StrCat(year, "年1月", day, "日"));
    signature->mutable_date()->set_year(year);
    signature->mutable_date()->set_month(1);
    signature->mutable_date()->set_day(day);
  }
}

}  // namespace

AnnualReport GenerateReport(std::mt19937& rng) {
  Generator g(rng);
  AnnualReport report;
  GenerateMetadata(g, report);
  GenerateOpening(g, report);
  GenerateSections(g, report);
  return report;
}

}  // namespace nianbao::codec_testing
