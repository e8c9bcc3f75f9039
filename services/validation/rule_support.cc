#include "services/validation/rule_support.h"

#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/validation/number_text.h"

namespace nianbao::validation {

using nianbao::v1::ActiveDisclosureTable;
using nianbao::v1::ApplicantCounts;
using nianbao::v1::ApplicationTable;
using nianbao::v1::CaseOutcomes;
using nianbao::v1::CountCell;
using nianbao::v1::ReviewLitigationTable;

void FindingSink::Add(RuleId rule, std::string field_path, std::string column,
                      std::string message_zh, std::string message_en, std::string expected,
                      std::string actual) {
  Finding& finding = out_->emplace_back();
  finding.code = RuleInfoFor(rule).code;
  finding.severity = SeverityAt(rule, stage_);
  finding.field_path = std::move(field_path);
  finding.column = std::move(column);
  finding.message_zh = std::move(message_zh);
  finding.message_en = std::move(message_en);
  finding.expected = std::move(expected);
  finding.actual = std::move(actual);
}

CellValue ReadCountText(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  static constexpr absl::string_view kZeroMarks[] = {"",   "/",  "／", "—",  "——", "-",
                                                     "－", "--", "―",  "无", "\\", "－－"};
  for (absl::string_view mark : kZeroMarks) {
    if (text == mark) return {0, CellState::kZeroMark};
  }
  for (absl::string_view unit : {"件", "个", "项", "条", "次"}) {
    if (absl::ConsumeSuffix(&text, unit)) break;
  }
  int64_t value = 0;
  if (ParseWholeNumber(text, &value)) return {value, CellState::kTextNumber};
  return {0, CellState::kText};
}

std::string DescribeCell(const CountCell& cell) {
  switch (cell.content_case()) {
    case CountCell::kNumber:
      return absl::StrCat(cell.number());
    case CountCell::kText:
      return absl::StrCat("“", cell.text(), "”");
    case CountCell::CONTENT_NOT_SET:
      break;
  }
  return "空白";
}

absl::Span<const ApplicantColumn> ApplicantColumns() {
  static constexpr ApplicantColumn kColumns[] = {
      {"natural_person", "自然人", "natural persons",
       [](const ApplicantCounts& r) -> const CountCell& { return r.natural_person(); }},
      {"commercial_enterprise", "商业企业", "commercial enterprises",
       [](const ApplicantCounts& r) -> const CountCell& { return r.commercial_enterprise(); }},
      {"research_institution", "科研机构", "research institutions",
       [](const ApplicantCounts& r) -> const CountCell& { return r.research_institution(); }},
      {"public_interest_organization", "社会公益组织", "public-interest organisations",
       [](const ApplicantCounts& r) -> const CountCell& {
         return r.public_interest_organization();
       }},
      {"legal_service_institution", "法律服务机构", "legal service institutions",
       [](const ApplicantCounts& r) -> const CountCell& { return r.legal_service_institution(); }},
      {"other_organization", "其他", "other organisations",
       [](const ApplicantCounts& r) -> const CountCell& { return r.other_organization(); }},
      {"total", "总计", "total",
       [](const ApplicantCounts& r) -> const CountCell& { return r.total(); }},
  };
  return kColumns;
}

// Rows are data: a field path, the label as the format writes it, and accessors.
#define NIANBAO_TOP_ROW(name, label, role)                                                        \
  ApplicationRow {                                                                                \
#name, label, role,                                                                           \
        [](const ApplicationTable&                                                                \
               t) { return t.has_##name(); }, [](const ApplicationTable& t)                       \
                                                   -> const ApplicantCounts& { return t.name(); } \
  }
#define NIANBAO_SUB_ROW(group, name, label, role)                                      \
  ApplicationRow {                                                                     \
#group "." #name, label, role,                                                       \
        [](const ApplicationTable& t) { return t.has_##group() && t.group().has_##name(); }, \
        [](const ApplicationTable& t) -> const ApplicantCounts& { return t.group().name(); } \
  }

absl::Span<const ApplicationRow> ApplicationRows() {
  static const ApplicationRow kRows[] = {
      NIANBAO_TOP_ROW(new_applications, "一、本年新收政府信息公开申请数量", RowRole::kNew),
      NIANBAO_TOP_ROW(carried_over, "二、上年结转政府信息公开申请数量", RowRole::kCarriedOver),
      NIANBAO_TOP_ROW(disclosed, "三（一）予以公开", RowRole::kResult),
      NIANBAO_TOP_ROW(partially_disclosed, "三（二）部分公开", RowRole::kResult),
      NIANBAO_SUB_ROW(withheld, state_secret, "三（三）1.属于国家秘密", RowRole::kResult),
      NIANBAO_SUB_ROW(withheld, prohibited_by_law, "三（三）2.其他法律行政法规禁止公开",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(withheld, endangers_security_stability, "三（三）3.危及“三安全一稳定”",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(withheld, third_party_rights, "三（三）4.保护第三方合法权益",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(withheld, internal_affairs, "三（三）5.属于三类内部事务信息",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(withheld, process_information, "三（三）6.属于四类过程性信息",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(withheld, law_enforcement_files, "三（三）7.属于行政执法案卷",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(withheld, administrative_query, "三（三）8.属于行政查询事项",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(unavailable, not_held, "三（四）1.本机关不掌握相关政府信息",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(unavailable, needs_creation, "三（四）2.没有现成信息需要另行制作",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(unavailable, unclear_after_correction, "三（四）3.补正后申请内容仍不明确",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(not_processed, petition_complaint, "三（五）1.信访举报投诉类申请",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(not_processed, repeated, "三（五）2.重复申请", RowRole::kResult),
      NIANBAO_SUB_ROW(not_processed, publication_requested, "三（五）3.要求提供公开出版物",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(not_processed, mass_repeated, "三（五）4.无正当理由大量反复申请",
                      RowRole::kResult),
      NIANBAO_SUB_ROW(not_processed, confirmation_requested,
                      "三（五）5.要求行政机关确认或重新出具已获取信息", RowRole::kResult),
      NIANBAO_SUB_ROW(other_handling, correction_overdue, "三（六）1.申请人逾期不补正",
                      RowRole::kResult2021Only),
      NIANBAO_SUB_ROW(other_handling, fee_unpaid, "三（六）2.申请人逾期未缴纳费用",
                      RowRole::kResult2021Only),
      NIANBAO_SUB_ROW(other_handling, other, "三（六）3.其他", RowRole::kResult2021Only),
      NIANBAO_TOP_ROW(other_handling_2019, "三（六）其他处理", RowRole::kResult2019Only),
      NIANBAO_TOP_ROW(results_total, "三（七）总计", RowRole::kResultsTotal),
      NIANBAO_TOP_ROW(carried_forward, "四、结转下年度继续办理", RowRole::kCarriedForward),
  };
  return kRows;
}
#undef NIANBAO_TOP_ROW
#undef NIANBAO_SUB_ROW

bool Table2IsTrial2019(const ActiveDisclosureTable& table) {
  switch (table.format_version()) {
    case nianbao::v1::FORMAT_VERSION_2019:
      return true;
    case nianbao::v1::FORMAT_VERSION_2021:
    case nianbao::v1::FORMAT_VERSION_MIXED:
      return false;
    default:
      break;
  }
  return table.has_trial_2019() && !table.has_rules() && !table.has_normative_documents();
}

bool Table3IsTrial2019(const ApplicationTable& table) {
  switch (table.format_version()) {
    case nianbao::v1::FORMAT_VERSION_2019:
      return true;
    case nianbao::v1::FORMAT_VERSION_2021:
      return false;
    default:
      break;
  }
  // Unset or mixed: follow the rows actually present.
  return table.has_other_handling_2019() && !table.has_other_handling();
}

bool RowInFormat(const ApplicationRow& row, bool trial_2019) {
  if (row.role == RowRole::kResult2021Only) return !trial_2019;
  if (row.role == RowRole::kResult2019Only) return trial_2019;
  return true;
}

absl::Span<const CaseGroup> CaseGroups() {
  static constexpr CaseGroup kGroups[] = {
      {"administrative_review", "行政复议", "administrative review",
       [](const ReviewLitigationTable& t) -> const CaseOutcomes& {
         return t.administrative_review();
       }},
      {"litigation_direct", "行政诉讼（未经复议直接起诉）", "litigation without prior review",
       [](const ReviewLitigationTable& t) -> const CaseOutcomes& { return t.litigation_direct(); }},
      {"litigation_after_review", "行政诉讼（复议后起诉）", "litigation after review",
       [](const ReviewLitigationTable& t) -> const CaseOutcomes& {
         return t.litigation_after_review();
       }},
  };
  return kGroups;
}

absl::Span<const OutcomeColumn> OutcomeColumns() {
  static constexpr OutcomeColumn kColumns[] = {
      {"upheld", "结果维持", [](const CaseOutcomes& g) -> const CountCell& { return g.upheld(); }},
      {"corrected", "结果纠正",
       [](const CaseOutcomes& g) -> const CountCell& { return g.corrected(); }},
      {"other", "其他结果", [](const CaseOutcomes& g) -> const CountCell& { return g.other(); }},
      {"pending", "尚未审结",
       [](const CaseOutcomes& g) -> const CountCell& { return g.pending(); }},
      {"total", "总计", [](const CaseOutcomes& g) -> const CountCell& { return g.total(); }},
  };
  return kColumns;
}

std::string SectionText(const nianbao::v1::TextSection& section) {
  std::string text;
  for (const auto& paragraph : section.paragraphs()) {
    absl::StrAppend(&text, paragraph.text(), "\n");
  }
  return text;
}

size_t FindText(absl::string_view text, absl::string_view needle, size_t pos) {
  const size_t n = needle.size();
  if (pos > text.size() || text.size() - pos < n) return absl::string_view::npos;
  if (n == 0) return pos;
  // Anchored on the needle's last byte: a UTF-8 continuation byte, far more selective than a lead
  // byte, so memchr skips most of the text and memcmp rarely runs.
  const char last = needle[n - 1];
  const char* p = text.data() + pos + n - 1;
  const char* const end = text.data() + text.size();
  while (p < end) {
    p = static_cast<const char*>(std::memchr(p, last, static_cast<size_t>(end - p)));
    if (p == nullptr) return absl::string_view::npos;
    const char* start = p - (n - 1);
    if (std::memcmp(start, needle.data(), n - 1) == 0) {
      return static_cast<size_t>(start - text.data());
    }
    ++p;
  }
  return absl::string_view::npos;
}

bool ContainsAny(absl::string_view text, absl::Span<const absl::string_view> needles) {
  for (absl::string_view needle : needles) {
    if (HasText(text, needle)) return true;
  }
  return false;
}

}  // namespace nianbao::validation
