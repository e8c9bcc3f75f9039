// What sections 五 and 六 must say (report-format.md): 五 the problems, the improvements and how
// last year's problems were put right; 六 the 信息处理费 charged, from 2021 reports on. Keyword
// rules: they look for the vocabulary every such statement uses, paragraph by paragraph, without
// copying text.
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/validation/rules.h"

namespace nianbao::validation {
namespace {

using nianbao::v1::AnnualReport;
using nianbao::v1::TextSection;

bool SectionContainsAny(const TextSection& section, absl::Span<const absl::string_view> needles) {
  for (const auto& paragraph : section.paragraphs()) {
    if (ContainsAny(paragraph.text(), needles)) return true;
  }
  return false;
}

// Whether one paragraph contains a word of each list.
bool ParagraphContainsBoth(const TextSection& section, absl::Span<const absl::string_view> first,
                           absl::Span<const absl::string_view> second) {
  for (const auto& paragraph : section.paragraphs()) {
    if (ContainsAny(paragraph.text(), first) && ContainsAny(paragraph.text(), second)) return true;
  }
  return false;
}

// "无", "无。", "暂无", "本年度无其他需要报告的事项" or nothing at all: the section says nothing.
bool SaysNothing(const TextSection& section) {
  static constexpr absl::string_view kFillers[] = {
      "其他需要报告的", "本年度", "事项", "。", "．", ".", "暂", "无"};
  for (const auto& paragraph : section.paragraphs()) {
    // Anything longer than the longest filler sentence says something (and stays cheap).
    if (paragraph.text().size() > 60) return false;
    std::string rest(absl::StripAsciiWhitespace(paragraph.text()));
    for (absl::string_view filler : kFillers) {
      for (size_t at = rest.find(filler.data(), 0, filler.size()); at != std::string::npos;
           at = rest.find(filler.data(), 0, filler.size())) {
        rest.erase(at, filler.size());
      }
    }
    if (!absl::StripAsciiWhitespace(rest).empty()) return false;
  }
  return true;
}

}  // namespace

void CheckS5Content(const AnnualReport& report, const ValidationContext&, FindingSink& sink) {
  if (!report.has_problems_and_improvements()) return;  // SECTIONS reports a missing section.
  const TextSection& section = report.problems_and_improvements();
  constexpr char kPath[] = "problems_and_improvements";
  if (SaysNothing(section)) {
    sink.Add(RuleId::kS5Content, kPath, "",
             "第五部分只写了“无”或为空；应写明存在的主要问题、改进措施及上年度问题的整改情况",
             "Section 五 is empty or says only \"无\"; it must name the problems, the improvements "
             "and how last year's problems were put right",
             "", "无");
    return;
  }
  static constexpr absl::string_view kProblemWords[] = {"问题", "不足", "短板", "差距",
                                                        "薄弱", "欠缺", "有待"};
  static constexpr absl::string_view kImprovementWords[] = {
      "改进", "整改", "措施", "加强", "提升", "完善", "下一步", "推进", "深化", "强化"};
  static constexpr absl::string_view kRemedyWords[] = {"整改", "改进", "落实", "解决", "完善"};
  std::vector<const char*> missing_zh;
  std::vector<const char*> missing_en;
  if (!SectionContainsAny(section, kProblemWords)) {
    missing_zh.push_back("存在的主要问题");
    missing_en.push_back("the main problems");
  }
  if (!SectionContainsAny(section, kImprovementWords)) {
    missing_zh.push_back("改进措施");
    missing_en.push_back("the improvements");
  }
  // "2023年" in a report on 2024 refers to last year too.
  char last_year[16];
  const int length =
      absl::SNPrintF(last_year, sizeof(last_year), "%d年", report.metadata().report_year() - 1);
  const absl::string_view last_year_words[] = {"上年", "上一年", "去年", "往年",
                                               absl::string_view(last_year, length)};
  if (!ParagraphContainsBoth(section, last_year_words, kRemedyWords)) {
    missing_zh.push_back("上年度问题的整改情况");
    missing_en.push_back("how last year's problems were put right");
  }
  if (missing_zh.empty()) return;
  sink.Add(RuleId::kS5Content, kPath, "",
           absl::StrCat("第五部分未写明：", absl::StrJoin(missing_zh, "、")),
           absl::StrCat("Section 五 does not state ", absl::StrJoin(missing_en, ", ")), "",
           absl::StrJoin(missing_zh, "、"));
}

void CheckS6Fee(const AnnualReport& report, const ValidationContext&, FindingSink& sink) {
  if (report.metadata().report_year() < 2021 || !report.has_other_matters()) return;
  const TextSection& section = report.other_matters();
  // 信息处理费 under 国办函〔2020〕109号; "收费" alone would also match table 2's 行政事业性收费.
  static constexpr absl::string_view kFeeWords[] = {"信息处理费", "处理费"};
  if (SectionContainsAny(section, kFeeWords)) return;
  const bool nothing = SaysNothing(section);
  sink.Add(RuleId::kS6Fee, "other_matters", "",
           nothing ? "第六部分只写了“无”，未说明信息处理费的收取情况（收取与否、金额）"
                   : "第六部分未说明信息处理费的收取情况（收取与否、金额）",
           nothing
               ? "Section 六 says only \"无\" and omits the 信息处理费 statement (charged or not, "
                 "how much)"
               : "Section 六 does not state the 信息处理费 charged (or that none was)",
           "", nothing ? "无" : "");
}

}  // namespace nianbao::validation
