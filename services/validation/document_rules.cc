// Rules about the document as a whole: which format it follows, its six sections, the statistics
// period, and the publication deadline (条例 第四十九条).
#include <array>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "services/validation/number_text.h"
#include "services/validation/rules.h"

namespace nianbao::validation {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::FormatVersion;

constexpr int kFirstYearOfCurrentFormat = 2021;

bool CitesTrialFormat(const AnnualReport& report) {
  auto cites = [](absl::string_view text) {
    return (HasText(text, "格式（试行）") || HasText(text, "格式(试行)"));
  };
  for (const auto& paragraph : report.opening().paragraphs()) {
    if (cites(paragraph)) return true;
  }
  return cites(report.metadata().title());
}

std::string DateText(int year, int month, int day) {
  return absl::StrCat(year, "年", month, "月", day, "日");
}

std::string IsoDate(int year, int month, int day) {
  return absl::StrFormat("%04d-%02d-%02d", year, month, day);
}

struct SectionSlot {
  const char* field;
  const char* number_zh;
  const char* title_zh;
  bool (*present)(const AnnualReport&);
  const nianbao::v1::SectionHeading& (*heading)(const AnnualReport&);
};

#define NIANBAO_SECTION(field, number, title)                                                        \
  SectionSlot {                                                                                      \
#field, number, title,                                                                           \
        [](const AnnualReport&                                                                       \
               r) { return r.has_##field(); },                                                       \
                                            [](const AnnualReport& r)                                \
                                                 -> const nianbao::v1::                              \
                                                     SectionHeading& { return r.field().heading(); } \
  }
constexpr std::array<SectionSlot, 6> kSections = {
    NIANBAO_SECTION(overview, "一", "总体情况"),
    NIANBAO_SECTION(active_disclosure, "二", "主动公开政府信息情况"),
    NIANBAO_SECTION(applications, "三", "收到和处理政府信息公开申请情况"),
    NIANBAO_SECTION(review_litigation, "四", "政府信息公开行政复议、行政诉讼情况"),
    NIANBAO_SECTION(problems_and_improvements, "五", "存在的主要问题及改进情况"),
    NIANBAO_SECTION(other_matters, "六", "其他需要报告的事项"),
};
#undef NIANBAO_SECTION

// "全文分为六部分" / "共6个部分": the number of parts the opening says the report has; 0 if none.
int64_t StatedPartCount(absl::string_view text) {
  for (size_t at = FindText(text, "部分"); at != absl::string_view::npos;
       at = FindText(text, "部分", at + 1)) {
    size_t end = at;
    if (end >= 3 && text.substr(end - 3, 3) == "个") end -= 3;
    // Numbers are at most a few characters; try each start that ends exactly at `end`.
    for (size_t back = 3; back <= 9 && back <= end; back += 3) {
      NumberInText number;
      const size_t start = end - back;
      if (!ReadNumberAt(text, start, &number) || number.end != end) continue;
      const absl::string_view before = text.substr(0, start);
      for (absl::string_view lead : {"分为", "共", "包括", "包含", "由"}) {
        if (absl::EndsWith(before, lead)) return number.value;
      }
    }
  }
  return 0;
}

}  // namespace

void CheckFormatVersion(const AnnualReport& report, const ValidationContext&, FindingSink& sink) {
  const int year = report.metadata().report_year();
  if (year < kFirstYearOfCurrentFormat) return;
  std::vector<const char*> parts_zh;
  std::vector<const char*> parts_en;
  const char* path = "metadata.format_version";
  bool mixed = report.metadata().format_version() == nianbao::v1::FORMAT_VERSION_MIXED;
  if (report.has_active_disclosure() && report.active_disclosure().has_table()) {
    const auto& table = report.active_disclosure().table();
    mixed = mixed || table.format_version() == nianbao::v1::FORMAT_VERSION_MIXED;
    if (Table2IsTrial2019(table) || table.format_version() == nianbao::v1::FORMAT_VERSION_MIXED) {
      parts_zh.push_back("表二");
      parts_en.push_back("table 2");
      path = "active_disclosure.table.format_version";
    }
  }
  if (report.has_applications() && report.applications().has_table()) {
    const auto& table = report.applications().table();
    mixed = mixed || table.format_version() == nianbao::v1::FORMAT_VERSION_MIXED;
    if (Table3IsTrial2019(table) || table.format_version() == nianbao::v1::FORMAT_VERSION_MIXED) {
      parts_zh.push_back("表三");
      parts_en.push_back("table 3");
      path = parts_zh.size() == 1 ? "applications.table.format_version" : "metadata.format_version";
    }
  }
  const bool cites = CitesTrialFormat(report);
  if (cites) {
    parts_zh.push_back("导语引用的（试行）格式");
    parts_en.push_back("the opening's citation of the （试行） format");
  }
  if (parts_zh.empty() && report.metadata().format_version() == nianbao::v1::FORMAT_VERSION_2019) {
    parts_zh.push_back("全文");
    parts_en.push_back("the document");
  }
  if (parts_zh.empty() && !mixed) return;
  if (parts_zh.size() > 1 || mixed) path = "metadata.format_version";
  const char* verdict_zh = mixed ? "新旧格式混用" : "使用了已废止的2019年（试行）格式";
  const char* verdict_en =
      mixed ? "mixes the 2019 and 2021 formats" : "uses the superseded 2019 format";
  sink.Add(
      RuleId::kFormatVersion, path, "",
      absl::StrCat(year, "年度报告", verdict_zh, parts_zh.empty() ? "" : "：",
                   absl::StrJoin(parts_zh, "、"), "；应使用国办公开办函〔2021〕30号规定的格式"),
      absl::StrCat("The report for ", year, " ", verdict_en, parts_en.empty() ? "" : " (",
                   absl::StrJoin(parts_en, ", "), parts_en.empty() ? "" : ")",
                   "; reports for 2021 on use the format of 国办公开办函〔2021〕30号"),
      "2021", mixed ? "mixed" : "2019");
}

void CheckSections(const AnnualReport& report, const ValidationContext&, FindingSink& sink) {
  int last_position = 0;
  for (size_t i = 0; i < kSections.size(); ++i) {
    const SectionSlot& slot = kSections[i];
    const int expected_number = static_cast<int>(i) + 1;
    if (!slot.present(report)) {
      sink.Add(RuleId::kSections, slot.field, "",
               absl::StrCat("缺少第", slot.number_zh, "部分“", slot.title_zh, "”"),
               absl::StrCat("Section ", expected_number, " (", slot.title_zh, ") is missing"),
               slot.title_zh, "");
      continue;
    }
    const auto& heading = slot.heading(report);
    if (heading.written_number() != expected_number) {
      sink.Add(RuleId::kSections, absl::StrCat(slot.field, ".heading.written_number"), "",
               absl::StrCat("“", slot.title_zh, "”应编号为", slot.number_zh, "，实际编号为",
                            heading.written_number() == 0 ? "空（无编号）"
                                                          : absl::StrCat(heading.written_number()),
                            "（标题：", heading.text(), "）"),
               absl::StrCat("Section \"", slot.title_zh, "\" should be numbered ", expected_number,
                            " but is numbered ", heading.written_number()),
               absl::StrCat(expected_number), absl::StrCat(heading.written_number()));
    }
    if (heading.position() != 0 && heading.position() <= last_position) {
      sink.Add(
          RuleId::kSections, absl::StrCat(slot.field, ".heading.position"), "",
          absl::StrCat("第", slot.number_zh, "部分“", slot.title_zh,
                       "”的位置在前一部分之前，顺序错乱"),
          absl::StrCat("Section ", expected_number, " appears before the section preceding it"),
          absl::StrCat("> ", last_position), absl::StrCat(heading.position()));
    }
    if (heading.position() != 0) last_position = heading.position();
  }
  for (int i = 0; i < report.opening().paragraphs_size(); ++i) {
    const int64_t stated = StatedPartCount(report.opening().paragraphs(i));
    if (stated == 0 || stated == 6) continue;
    sink.Add(RuleId::kSections, absl::StrCat("opening.paragraphs[", i, "]"), "",
             absl::StrCat("导语称报告共", stated, "部分，格式要求并实际应为6部分"),
             absl::StrCat("The opening says the report has ", stated, " parts; the format has 6"),
             "6", absl::StrCat(stated));
  }
}

void CheckPeriod(const AnnualReport& report, const ValidationContext&, FindingSink& sink) {
  const int year = report.metadata().report_year();
  if (!report.opening().has_statistics_period()) {
    sink.Add(RuleId::kPeriod, "opening.statistics_period", "",
             absl::StrCat("导语未说明统计期限（应为", year, "年1月1日至12月31日）"),
             absl::StrCat("The opening does not state the statistics period (1 January to 31 "
                          "December ",
                          year, ")"),
             absl::StrCat(IsoDate(year, 1, 1), "/", IsoDate(year, 12, 31)), "");
    return;
  }
  const auto& period = report.opening().statistics_period();
  const auto& s = period.start();
  const auto& e = period.end();
  const bool ok = s.year() == year && s.month() == 1 && s.day() == 1 && e.year() == year &&
                  e.month() == 12 && e.day() == 31;
  if (ok) return;
  sink.Add(RuleId::kPeriod, "opening.statistics_period", "",
           absl::StrCat("统计期限应为", DateText(year, 1, 1), "至", DateText(year, 12, 31),
                        "，报告写的是", DateText(s.year(), s.month(), s.day()), "至",
                        DateText(e.year(), e.month(), e.day())),
           absl::StrCat("The statistics period should be ", IsoDate(year, 1, 1), " to ",
                        IsoDate(year, 12, 31), " but the report states ",
                        IsoDate(s.year(), s.month(), s.day()), " to ",
                        IsoDate(e.year(), e.month(), e.day())),
           absl::StrCat(IsoDate(year, 1, 1), "/", IsoDate(year, 12, 31)),
           absl::StrCat(IsoDate(s.year(), s.month(), s.day()), "/",
                        IsoDate(e.year(), e.month(), e.day())));
}

void CheckDeadline(const AnnualReport& report, const ValidationContext& context,
                   FindingSink& sink) {
  const nianbao::v1::Date* published = context.publication_date;
  if (published == nullptr && report.metadata().has_publication_date()) {
    published = &report.metadata().publication_date();
  }
  if (published == nullptr) return;
  const int year = report.metadata().report_year();
  int month = 0;
  const char* kind_zh = "";
  const char* kind_en = "";
  switch (report.metadata().agency_kind()) {
    case nianbao::v1::AGENCY_KIND_DEPARTMENT:
      month = 1;
      kind_zh = "县级以上人民政府部门";
      kind_en = "A department";
      break;
    case nianbao::v1::AGENCY_KIND_GOVERNMENT:
      month = 3;
      kind_zh = "县级以上地方人民政府";
      kind_en = "A government";
      break;
    default:
      return;  // Townships have no statutory date; an unknown kind cannot be judged.
  }
  const absl::CivilDay deadline(year + 1, month, 31);
  const absl::CivilDay actual(published->year(), published->month(), published->day());
  if (actual <= deadline) return;
  const int64_t late_days = actual - deadline;
  // A date from the request stands for the one the page will state, hence the same path.
  sink.Add(RuleId::kDeadline, "metadata.publication_date", "",
           absl::StrCat(kind_zh, "应于", DateText(year + 1, month, 31), "前发布", year,
                        "年度报告，发布日期为",
                        DateText(published->year(), published->month(), published->day()), "，逾期",
                        late_days, "天"),
           absl::StrCat(kind_en, " publishes its report for ", year, " by ",
                        IsoDate(year + 1, month, 31), "; published on ",
                        IsoDate(published->year(), published->month(), published->day()), ", ",
                        late_days, " days late"),
           IsoDate(year + 1, month, 31),
           IsoDate(published->year(), published->month(), published->day()));
}

}  // namespace nianbao::validation
