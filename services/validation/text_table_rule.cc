// TEXT_TABLE: the numbers section 一 quotes — applications received (收到/受理…申请N件),
// 予以公开N件, 行政复议N件, 行政诉讼N件 — agree with tables 3 and 4. Numbers may be ASCII,
// full-width or Chinese numerals; "未发生行政复议、行政诉讼" counts as 0. Each kind is reported at
// most once.
#include <array>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/format/application_layout.h"
#include "services/format/review_layout.h"
#include "services/validation/number_text.h"
#include "services/validation/rules.h"

namespace nianbao::validation {
namespace {

using nianbao::v1::AnnualReport;

enum class Quoted { kReceived, kDisclosed, kDisclosedOrPartly, kReview, kLitigation };

struct QuotedNumber {
  Quoted kind;
  int64_t value;
};

bool StartsWithAt(absl::string_view text, size_t pos, absl::string_view word) {
  return text.substr(pos, word.size()) == word;
}

// The end of the clause that starts at `pos`: the next sentence mark (or comma when `comma`), or
// `pos + max_bytes`, whichever comes first. A bounded byte scan: the rule runs on every paragraph.
size_t ClauseEnd(absl::string_view text, size_t pos, bool comma, size_t max_bytes) {
  const size_t limit = std::min(text.size(), pos + max_bytes);
  for (size_t i = pos; i < limit; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || c == ';' || (comma && c == ',')) return i;
    if (i + 2 >= text.size()) continue;
    const unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
    const unsigned char c2 = static_cast<unsigned char>(text[i + 2]);
    if (c == 0xE3 && c1 == 0x80 && c2 == 0x82) return i;  // 。
    if (c == 0xEF && c1 == 0xBC &&
        (c2 == 0x9B || c2 == 0x81 || c2 == 0x9F || (comma && c2 == 0x8C))) {  // ；！？，
      return i;
    }
  }
  return limit;
}

// Where the clause that ends at `end` starts: just after the last 。；， or newline before it,
// looking back at most `max_bytes`. One backward pass over the bytes, as ClauseEnd goes forward.
size_t ClauseStartBefore(absl::string_view text, size_t end, size_t max_bytes) {
  const size_t base = end > max_bytes ? end - max_bytes : 0;
  for (size_t j = end; j > base; --j) {
    if (text[j - 1] == '\n') return j;
    if (j < base + 3) continue;
    const absl::string_view last = text.substr(j - 3, 3);
    if (last == "。" || last == "；" || last == "，") return j;
  }
  return base;
}

// The first "N件" in [pos, limit); N may be preceded by 共/计 and must not be followed by 余 (an
// approximation).
std::optional<NumberInText> FindCount(absl::string_view text, size_t pos, size_t limit) {
  NumberInText number;
  while (pos < limit && FindNumber(text, pos, limit, &number)) {
    if (StartsWithAt(text, number.end, "件")) return number;
    pos = number.end;
  }
  return std::nullopt;
}

// Applications received and 予以公开 counts: "N件" after the phrase.
template <typename Emit>
void ScanCounts(absl::string_view text, Emit&& emit) {
  static constexpr absl::string_view kVerbs[] = {"收到", "受理", "新收", "接收"};
  static constexpr absl::string_view kJoints[] = {"及部分公开", "和部分公开", "、部分公开",
                                                  "与部分公开"};
  // Applications received: 收到/受理/新收/接收 … 申请 … N件, within one sentence and 40 characters.
  // Four scans of the paragraph, so first one for 申请, without which none can match: most of a
  // long section 一 is about other things.
  const bool mentions_applications = HasText(text, "申请");
  for (absl::string_view verb : kVerbs) {
    if (!mentions_applications) break;
    for (size_t at = FindText(text, verb); at != absl::string_view::npos;
         at = FindText(text, verb, at + 1)) {
      const size_t start = at + verb.size();
      const size_t limit = ClauseEnd(text, start, false, 120);
      const auto count = FindCount(text, start, limit);
      if (!count) continue;
      const absl::string_view between = text.substr(start, count->begin - start);
      if (!HasText(between, "申请") || HasText(between, "结转") || HasText(between, "答复") ||
          HasText(between, "办结")) {
        continue;
      }
      emit(QuotedNumber{Quoted::kReceived, count->value});
    }
  }
  // 予以公开N件, or 予以公开及部分公开N件; not 不予以公开.
  for (size_t at = FindText(text, "予以公开"); at != absl::string_view::npos;
       at = FindText(text, "予以公开", at + 1)) {
    if (at >= 3 && text.substr(at - 3, 3) == "不") continue;
    size_t start = at + std::string_view("予以公开").size();
    bool with_partly = false;
    for (absl::string_view joint : kJoints) {
      if (StartsWithAt(text, start, joint)) {
        with_partly = true;
        start += joint.size();
      }
    }
    const size_t limit = ClauseEnd(text, start, true, 30);
    if (const auto count = FindCount(text, start, limit)) {
      emit(QuotedNumber{with_partly ? Quoted::kDisclosedOrPartly : Quoted::kDisclosed,
                        count->value});
    }
  }
}

// 行政复议N件 and (行政)诉讼N件; without `has_count` only the denials can be present.
template <typename Emit>
void ScanReviewLitigation(absl::string_view text, bool has_count, Emit&& emit) {
  static constexpr absl::string_view kNegations[] = {"未发生", "没有发生", "未出现",
                                                     "没有",   "未收到",   "未被"};
  // 行政复议N件 and (行政)诉讼N件, within one clause; a clause that mentions both with one number
  // is ambiguous and skipped. "未发生/没有…行政复议" with no number means 0.
  for (const auto& [word, kind, other] :
       {std::tuple(absl::string_view("行政复议"), Quoted::kReview, absl::string_view("诉讼")),
        std::tuple(absl::string_view("诉讼"), Quoted::kLitigation, absl::string_view("复议"))}) {
    for (size_t at = FindText(text, word); at != absl::string_view::npos;
         at = FindText(text, word, at + 1)) {
      const size_t start = at + word.size();
      const auto count =
          has_count ? FindCount(text, start, ClauseEnd(text, start, true, 45)) : std::nullopt;
      if (count) {
        if (!HasText(text.substr(start, count->begin - start), other)) {
          emit(QuotedNumber{kind, count->value});
        }
        continue;
      }
      // No number: look back (at most 20 characters) within the clause for a negation.
      const size_t clause_start = ClauseStartBefore(text, at, 60);
      const absl::string_view before = text.substr(clause_start, at - clause_start);
      for (absl::string_view negation : kNegations) {
        if (HasText(before, negation)) {
          emit(QuotedNumber{kind, 0});
          break;
        }
      }
    }
  }
}

// Scans one paragraph for quoted numbers, calling `emit(QuotedNumber)` for each.
template <typename Emit>
void ScanParagraph(absl::string_view text, Emit&& emit) {
  // Every quoted number is "N件"; a paragraph without 件 can only deny review or litigation.
  const bool has_count = HasText(text, "件");
  if (has_count) ScanCounts(text, emit);
  ScanReviewLitigation(text, has_count, emit);
}

struct TableValue {
  bool known = false;
  int64_t value = 0;
};

// A row's 总计, or when it was left blank (as 2019-style tables do) the sum of the row's cells.
// A row's total as the table gives it: its 总计 cell, or when that is blank the sum of the other
// cells (the columns in `columns` order, 总计 last, as the format layout lists them).
template <typename Row, typename Columns>
TableValue TotalOrSum(const Row& row, const Columns& columns) {
  const CellValue total = ReadCount(columns.back().get(row));
  if (total.state != CellState::kBlank) return {total.known(), total.value};
  TableValue sum{true, 0};
  for (size_t i = 0; i + 1 < columns.size(); ++i) {
    const CellValue value = ReadCount(columns[i].get(row));
    sum.known = sum.known && value.known();
    sum.value += value.value;
  }
  return sum;
}

// The total of one of table 3's rows, or of one of table 4's case groups.
TableValue Total(const nianbao::v1::ApplicationTable& t3, format::ApplicationRowId id) {
  return TotalOrSum(format::ApplicationRowFor(id).get(t3), format::ApplicantColumns());
}
TableValue Total(const nianbao::v1::ReviewLitigationTable& t4, format::CaseGroupId id) {
  return TotalOrSum(format::CaseGroupFor(id).get(t4), format::OutcomeColumns());
}

TableValue Sum(TableValue a, TableValue b) { return {a.known && b.known, a.value + b.value}; }

}  // namespace

void CheckTextTable(const AnnualReport& report, const ValidationContext&, FindingSink& sink) {
  if (!report.has_overview()) return;
  const auto& t3 = report.applications().table();
  const auto& t4 = report.review_litigation().table();
  const bool has_t3 = report.applications().has_table();
  const bool has_t4 = report.review_litigation().has_table();
  std::array<bool, 5> reported{};
  const auto& paragraphs = report.overview().paragraphs();
  for (int i = 0; i < paragraphs.size(); ++i) {
    ScanParagraph(paragraphs[i].text(), [&](const QuotedNumber& quoted) {
      const size_t kind_index = static_cast<size_t>(quoted.kind);
      if (reported[kind_index]) return;
      TableValue expected;
      TableValue alternative;  // A second reading the text may also mean.
      const char* what_zh = "";
      const char* what_en = "";
      const char* table_zh = "";
      switch (quoted.kind) {
        case Quoted::kReceived:
          if (!has_t3) return;
          expected = Total(t3, format::ApplicationRowId::kNewApplications);
          // "收到申请N件" sometimes includes last year's carried-over applications.
          alternative = Sum(expected, Total(t3, format::ApplicationRowId::kCarriedOver));
          what_zh = "收到政府信息公开申请";
          what_en = "applications received";
          table_zh = "表三“一、本年新收政府信息公开申请数量”总计";
          break;
        case Quoted::kDisclosed:
          if (!has_t3) return;
          expected = Total(t3, format::ApplicationRowId::kDisclosed);
          what_zh = "予以公开";
          what_en = "disclosed (予以公开)";
          table_zh = "表三“（一）予以公开”总计";
          break;
        case Quoted::kDisclosedOrPartly:
          if (!has_t3) return;
          expected = Sum(Total(t3, format::ApplicationRowId::kDisclosed),
                         Total(t3, format::ApplicationRowId::kPartiallyDisclosed));
          what_zh = "予以公开及部分公开";
          what_en = "disclosed in full or in part";
          table_zh = "表三“（一）予以公开”与“（二）部分公开”总计之和";
          break;
        case Quoted::kReview:
          if (!has_t4) return;
          expected = Total(t4, format::CaseGroupId::kAdministrativeReview);
          what_zh = "行政复议";
          what_en = "administrative review cases";
          table_zh = "表四“行政复议”总计";
          break;
        case Quoted::kLitigation:
          if (!has_t4) return;
          expected = Sum(Total(t4, format::CaseGroupId::kLitigationDirect),
                         Total(t4, format::CaseGroupId::kLitigationAfterReview));
          what_zh = "行政诉讼";
          what_en = "litigation cases";
          table_zh = "表四“行政诉讼”两组总计之和";
          break;
      }
      if (!expected.known || expected.value == quoted.value) return;
      if (alternative.known && alternative.value == quoted.value) return;
      reported[kind_index] = true;
      sink.Add(RuleId::kTextTable, absl::StrCat("overview.paragraphs[", i, "].text"), "",
               absl::StrCat("第一部分文字称", what_zh, quoted.value, "件，", table_zh, "为",
                            expected.value),
               absl::StrCat("Section 一 quotes ", quoted.value, " ", what_en, " but the table has ",
                            expected.value),
               absl::StrCat(expected.value), absl::StrCat(quoted.value));
    });
  }
}

}  // namespace nianbao::validation
