// The office's lists as sheets: filing status (报送情况) with its totals, the year-over-year
// comparison (同比) one indicator a row, and the repetition list (重复率).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "services/office/office_sheets.h"
#include "services/office/sheet_builder.h"

namespace nianbao::office {
namespace {

using nianbao::v1::FilingState;

// Times are shown in China Standard Time, as the deadlines are judged.
std::string TimeText(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(time.seconds()),
                          absl::FixedTimeZone(8 * 3600));
}

std::string DateText(const nianbao::v1::Date& date) {
  if (date.year() == 0) return "";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

const char* KindText(nianbao::v1::AgencyKind kind) {
  switch (kind) {
    case nianbao::v1::AGENCY_KIND_DEPARTMENT:
      return "部门";
    case nianbao::v1::AGENCY_KIND_GOVERNMENT:
      return "政府";
    case nianbao::v1::AGENCY_KIND_TOWNSHIP:
      return "乡镇街道";
    default:
      return "其他";
  }
}

const char* StateText(FilingState state) {
  switch (state) {
    case nianbao::v1::FILING_STATE_NO_REPORT:
      return "未创建";
    case nianbao::v1::FILING_STATE_DRAFT:
      return "草稿";
    case nianbao::v1::FILING_STATE_IN_REVIEW:
      return "审核中";
    case nianbao::v1::FILING_STATE_APPROVED:
      return "已批准";
    case nianbao::v1::FILING_STATE_PUBLISHED:
      return "已发布";
    default:
      return "";
  }
}

SheetCell Share(double fraction) {
  return SheetCell::Number(fraction, absl::StrFormat("%.1f%%", fraction * 100), "0.0%");
}

std::string ListTitle(const SheetScope& scope, const char* what) {
  return absl::StrCat(scope.parent, " ", scope.report_year, "年度", what);
}

void HeaderRow(SheetBuilder& builder, const std::vector<const char*>& names) {
  auto& row = builder.Row();
  for (size_t i = 0; i < names.size(); ++i) row[i] = SheetCell::Text(names[i]);
}

// One indicator of OfficeIndicators: its label and how to read it (a count or an optional rate).
struct IndicatorColumn {
  const char* label;
  bool rate;
  int64_t (nianbao::v1::OfficeIndicators::*count)() const;
  bool (nianbao::v1::OfficeIndicators::*has_rate)() const;
  double (nianbao::v1::OfficeIndicators::*rate_value)() const;
  bool (nianbao::v1::IndicatorRelativeChange::*has_relative)() const;
  double (nianbao::v1::IndicatorRelativeChange::*relative)() const;
};

#define NIANBAO_COUNT(label, name)                                        \
  {                                                                       \
    label, false, &nianbao::v1::OfficeIndicators::name, nullptr, nullptr, \
        &nianbao::v1::IndicatorRelativeChange::has_##name,                \
        &nianbao::v1::IndicatorRelativeChange::name                       \
  }
#define NIANBAO_RATE(label, name)                                     \
  {                                                                   \
    label, true, nullptr, &nianbao::v1::OfficeIndicators::has_##name, \
        &nianbao::v1::OfficeIndicators::name, nullptr, nullptr        \
  }

const IndicatorColumn kIndicators[] = {
    NIANBAO_COUNT("本年新收申请", new_applications),
    NIANBAO_COUNT("办理结果总计", results_total),
    NIANBAO_COUNT("予以公开", disclosed),
    NIANBAO_COUNT("部分公开", partially_disclosed),
    NIANBAO_RATE("公开率（予以公开+部分公开）", granted_share),
    NIANBAO_COUNT("行政复议", reconsiderations),
    NIANBAO_COUNT("行政复议结果纠正", reconsiderations_corrected),
    NIANBAO_RATE("行政复议纠错率", reconsideration_correction_rate),
    NIANBAO_COUNT("行政诉讼", lawsuits),
    NIANBAO_COUNT("行政诉讼结果纠正", lawsuits_corrected),
    NIANBAO_RATE("行政诉讼纠错率", lawsuit_correction_rate),
    NIANBAO_COUNT("规章制发", rules_issued),
    NIANBAO_COUNT("行政规范性文件制发", normative_documents_issued),
    NIANBAO_COUNT("行政许可决定", licensing_decisions),
    NIANBAO_COUNT("行政处罚决定", punishment_decisions),
    NIANBAO_COUNT("行政强制决定", coercion_decisions),
};
#undef NIANBAO_COUNT
#undef NIANBAO_RATE

SheetCell IndicatorCell(const IndicatorColumn& column, const nianbao::v1::OfficeIndicators& value,
                        bool present) {
  if (!present) return SheetCell::Text("—");
  if (!column.rate) return SheetCell::Count((value.*column.count)());
  if (!(value.*column.has_rate)()) return SheetCell::Text("—");
  return Share((value.*column.rate_value)());
}

void ComparisonRows(SheetBuilder& builder, const nianbao::v1::IndicatorComparison& comparison) {
  const std::string who =
      comparison.agency().empty()
          ? std::string("汇总")
          : absl::StrCat(comparison.display_name().empty() ? comparison.agency()
                                                           : comparison.display_name());
  const bool both = comparison.has_current() && comparison.has_previous();
  for (const IndicatorColumn& column : kIndicators) {
    auto& row = builder.Row();
    row[0] = SheetCell::Text(who);
    row[1] = SheetCell::Text(comparison.agency());
    row[2] = SheetCell::Text(column.label);
    row[3] = IndicatorCell(column, comparison.current(), comparison.has_current());
    row[4] = IndicatorCell(column, comparison.previous(), comparison.has_previous());
    if (column.rate) {
      // A rate changes in percentage points.
      const bool has = both && (comparison.change().*column.has_rate)();
      const double points = has ? (comparison.change().*column.rate_value)() * 100 : 0;
      row[5] = has ? SheetCell::Number(points, absl::StrFormat("%+.1f个百分点", points), "0.0")
                   : SheetCell::Text("—");
      row[6] = SheetCell::Text("—");
      continue;
    }
    row[5] = both ? SheetCell::Number(static_cast<double>((comparison.change().*column.count)()),
                                      absl::StrFormat("%+d", (comparison.change().*column.count)()),
                                      "+0;-0;0")
                  : SheetCell::Text("—");
    const auto& relative = comparison.relative_change();
    if (both && (relative.*column.has_relative)()) {
      const double fraction = (relative.*column.relative)();
      row[6] = SheetCell::Number(fraction, absl::StrFormat("%+.1f%%", fraction * 100), "+0.0%");
    } else {
      row[6] = SheetCell::Text("—");
    }
  }
}

}  // namespace

Sheet FilingStatusSheet(const nianbao::v1::GetFilingStatusResponse& status,
                        const SheetScope& scope) {
  const std::vector<const char*> headers = {
      "机关",     "机关名称", "类型",     "上级机关", "状态",     "已更正",  "提交时间",
      "批准时间", "发布时间", "截止日期", "是否逾期", "逾期天数", "剩余天数"};
  const int columns = static_cast<int>(headers.size());
  SheetBuilder builder("报送情况", ListTitle(scope, "报送情况"), columns);
  HeaderRow(builder, headers);
  builder.SetHeaderRows(1);
  for (const auto& agency : status.agencies()) {
    auto& row = builder.Row();
    row[0] = SheetCell::Text(agency.agency());
    row[1] = SheetCell::Text(agency.display_name());
    row[2] = SheetCell::Text(KindText(agency.kind()));
    row[3] = SheetCell::Text(agency.parent_agency());
    row[4] = SheetCell::Text(StateText(agency.state()));
    row[5] = SheetCell::Text(agency.corrected() ? "是" : "");
    row[6] = SheetCell::Text(TimeText(agency.submit_time()));
    row[7] = SheetCell::Text(TimeText(agency.approve_time()));
    row[8] = SheetCell::Text(TimeText(agency.publish_time()));
    row[9] = SheetCell::Text(agency.has_deadline() ? DateText(agency.deadline()) : "无");
    row[10] = SheetCell::Text(agency.overdue() ? "逾期" : "");
    row[11] = agency.overdue() ? SheetCell::Count(agency.days_overdue()) : SheetCell::Blank();
    const bool pending = !agency.overdue() &&
                         agency.state() != nianbao::v1::FILING_STATE_PUBLISHED &&
                         agency.has_deadline();
    row[12] = pending ? SheetCell::Count(agency.days_left()) : SheetCell::Blank();
  }
  builder.Row();  // A blank line before the totals.
  const auto& totals = status.totals();
  const std::pair<const char*, int32_t> lines[] = {{"合计：机关数", totals.agencies()},
                                                   {"未创建", totals.no_report()},
                                                   {"草稿", totals.draft()},
                                                   {"审核中", totals.in_review()},
                                                   {"已批准", totals.approved()},
                                                   {"已发布", totals.published()},
                                                   {"其中已更正", totals.corrected()},
                                                   {"逾期", totals.overdue()}};
  for (const auto& [label, count] : lines) {
    auto& row = builder.Row();
    row[0] = SheetCell::Text(label);
    row[1] = SheetCell::Count(count);
  }
  return builder.Finish();
}

Sheet ComparisonSheet(const nianbao::v1::CompareYearsResponse& comparison,
                      const SheetScope& scope) {
  SheetBuilder builder(
      "同比", ListTitle(scope, absl::StrCat("与", scope.report_year - 1, "年度对比").c_str()), 7);
  HeaderRow(builder, {"机关名称", "机关", "指标", "本年", "上年", "增减", "增减率"});
  builder.SetHeaderRows(1);
  ComparisonRows(builder, comparison.rollup());
  for (const auto& agency : comparison.agencies()) ComparisonRows(builder, agency);
  return builder.Finish();
}

Sheet RepetitionSheet(const nianbao::v1::ListRepetitionResponse& repetition,
                      const SheetScope& scope) {
  SheetBuilder builder("重复率", ListTitle(scope, "报告与上年重复率（第一、五部分）"), 8);
  HeaderRow(builder, {"机关", "机关名称", "类型", "一和五重复率", "一、总体情况",
                      "五、存在的主要问题", "本年版本", "上年版本"});
  builder.SetHeaderRows(1);
  for (const auto& agency : repetition.agencies()) {
    auto& row = builder.Row();
    row[0] = SheetCell::Text(agency.agency());
    row[1] = SheetCell::Text(agency.display_name());
    row[2] = SheetCell::Text(KindText(agency.kind()));
    row[3] = Share(agency.repeated_share());
    row[4] = Share(agency.overview_repeated_share());
    row[5] = Share(agency.problems_repeated_share());
    row[6] = SheetCell::Text(agency.revision());
    row[7] = SheetCell::Text(agency.previous_revision());
  }
  return builder.Finish();
}

}  // namespace nianbao::office
