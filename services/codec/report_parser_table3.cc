// Table 3 (收到和处理政府信息公开申请情况): header rows (申请人情况, 自然人, 商业企业 …) and data
// rows whose label cells name a group ("（三）不予公开") and an item ("1.属于国家秘密"), followed
// by seven values. Labels are matched by keyword so that variants and typos still land on the right
// row of the format layout (services/format), which fills it.
#include <array>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/codec/import_warnings.h"
#include "services/codec/parse_error.h"
#include "services/codec/report_cells.h"
#include "services/codec/report_parser_tables.h"
#include "services/codec/section_heading.h"
#include "services/codec/text_normalize.h"
#include "services/format/application_layout.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::ApplicantCounts;
using nianbao::v1::ApplicationTable;

constexpr std::size_t kValueCount = format::kApplicantColumnCount;

enum class Group { kNone, kResults, kWithheld, kUnavailable, kNotProcessed, kOtherHandling };

constexpr std::array<absl::string_view, 8> kHeaderFragments = {
    "申请人情况", "自然人",       "勾稽关系",     "商业企业",
    "科研机构",   "社会公益组织", "法律服务机构", "法人或其他组织"};

constexpr std::array<std::pair<absl::string_view, Group>, 5> kGroups = {{
    {"本年度办理结果", Group::kResults},
    {"不予公开", Group::kWithheld},
    {"无法提供", Group::kUnavailable},
    {"不予处理", Group::kNotProcessed},
    {"其他处理", Group::kOtherHandling},
}};

using format::ApplicationRow;
using RowId = format::ApplicationRowId;

struct RowKeyword {
  absl::string_view keyword;
  RowId row;
};

// Checked in order; the first keyword contained in the label (numbering removed) wins. The rows
// themselves (labels, accessors) are the format layout's.
constexpr std::array<RowKeyword, 26> kRowKeywords = {{
    {"本年新收", RowId::kNewApplications},
    {"上年结转", RowId::kCarriedOver},
    {"结转下年度", RowId::kCarriedForward},
    {"予以公开", RowId::kDisclosed},
    {"部分公开", RowId::kPartiallyDisclosed},
    {"国家秘密", RowId::kStateSecret},
    {"法律行政", RowId::kProhibitedByLaw},
    {"禁止公开", RowId::kProhibitedByLaw},
    {"三安全", RowId::kEndangersSecurityStability},
    {"第三方", RowId::kThirdPartyRights},
    {"内部事务", RowId::kInternalAffairs},
    {"过程性", RowId::kProcessInformation},
    {"执法案卷", RowId::kLawEnforcementFiles},
    {"查询事项", RowId::kAdministrativeQuery},
    {"不掌握", RowId::kNotHeld},
    {"另行制作", RowId::kNeedsCreation},
    {"仍不明确", RowId::kUnclearAfterCorrection},
    {"信访", RowId::kPetitionComplaint},
    {"重复申请", RowId::kRepeated},
    {"出版物", RowId::kPublicationRequested},
    {"大量反复", RowId::kMassRepeated},
    {"重新出具", RowId::kConfirmationRequested},
    {"逾期不补正", RowId::kCorrectionOverdue},
    {"缴纳费用", RowId::kFeeUnpaid},
    {"收费通知", RowId::kFeeUnpaid},
    {"总计", RowId::kResultsTotal},
}};

// Removes "一、", "(一)", "1." in front of a label.
absl::string_view StripNumbering(absl::string_view label) {
  std::size_t consumed = 0;
  if (absl::StartsWith(label, "(") && ParseChineseNumeral(label.substr(1), consumed) > 0 &&
      label.substr(1 + consumed, 1) == ")") {
    return label.substr(consumed + 2);
  }
  if (ParseChineseNumeral(label, consumed) > 0 && absl::StartsWith(label.substr(consumed), "、")) {
    return label.substr(consumed + std::string("、").size());
  }
  std::size_t digits = 0;
  while (digits < label.size() && label[digits] >= '0' && label[digits] <= '9') ++digits;
  if (digits > 0 && label.substr(digits, 1) == ".") return label.substr(digits + 1);
  return label;
}

std::optional<Group> GroupOf(absl::string_view label) {
  for (const auto& [keyword, group] : kGroups) {
    if (absl::StrContains(label, keyword)) return group;
  }
  return std::nullopt;
}

bool IsHeaderRow(const std::vector<std::string>& labels) {
  for (const std::string& label : labels) {
    for (absl::string_view fragment : kHeaderFragments) {
      if (absl::StrContains(label, fragment)) return true;
    }
  }
  return false;
}

class Table3Builder {
 public:
  explicit Table3Builder(ImportWarningSink& warnings) : warnings_(warnings) {}

  absl::Status AddRow(const SourceRow& row) {
    const std::vector<std::string> labels = NormalizedCells(row);
    if (IsBlankRow(labels)) return absl::OkStatus();
    if (IsHeaderRow(labels)) {
      // A header row holds titles only: a figure among them is read nowhere.
      WarnCellsOutsideGrid(row, labels, 0, labels.size(), 3, false, warnings_);
      return absl::OkStatus();
    }
    const std::size_t label_cells =
        row.cells.size() > kValueCount ? row.cells.size() - kValueCount : 0;
    const ApplicationRow* target = nullptr;
    std::string target_text;
    std::string unknown;  // the first label matching no row: the row is left out
    for (std::size_t i = 0; i < label_cells; ++i) {
      if (labels[i].empty()) continue;
      if (IsFigureLabel(labels[i])) {
        // Not a group title either: values after it are not the 2019 single row's.
        last_label_was_group_ = false;
        WarnCellsOutsideGrid(row, labels, i, i + 1, 3, false, warnings_);
        continue;
      }
      const ApplicationRow* matched = nullptr;
      switch (MatchLabel(labels[i], &matched)) {
        case LabelMatch::kGroup:
          break;
        case LabelMatch::kRow:
          target = matched;
          target_text = row.cells[i].text;
          break;
        case LabelMatch::kUnknown:
          if (unknown.empty()) unknown = row.cells[i].text;
          break;
      }
    }
    if (label_cells == 0) return RowWithoutValues(row, labels);
    if (!unknown.empty()) return UnplacedRow(row, unknown);
    if (target == nullptr) {
      if (group_ == Group::kOtherHandling && last_label_was_group_) {
        // The 2019 format's single （六）其他处理 row.
        target = &format::ApplicationRowFor(RowId::kOtherHandling2019);
        target_text = target->group_zh;
        row_2019_ = &row;
      } else if (last_label_was_group_) {
        return GroupTitleWithValues(row, LastLabel(row, label_cells));
      } else {
        return UnplacedRow(row, "");
      }
    }
    if (first_row_ == nullptr) first_row_ = &row;
    return FillRow(row, *target, target_text);
  }

  std::optional<ApplicationTable> Finish() {
    if (filled_.empty()) return std::nullopt;
    const bool new_format = table_.has_other_handling();
    const bool old_format = table_.has_other_handling_2019();
    table_.set_format_version(new_format && old_format ? v1::FORMAT_VERSION_MIXED
                              : new_format             ? v1::FORMAT_VERSION_2021
                              : old_format             ? v1::FORMAT_VERSION_2019
                                                       : v1::FORMAT_VERSION_UNSPECIFIED);
    if (new_format && old_format) WarnMixed();
    if (row_2019_ != nullptr) HoldFormat2019Row();
    return std::move(table_);
  }

 private:
  enum class LabelMatch { kGroup, kRow, kUnknown };

  // A label cell either names a group (and is remembered), or a row (`*row`), or is unknown.
  LabelMatch MatchLabel(absl::string_view label, const ApplicationRow** row) {
    const absl::string_view text = StripNumbering(label);
    if (std::optional<Group> group = GroupOf(text); group.has_value()) {
      group_ = *group;
      last_label_was_group_ = true;
      return LabelMatch::kGroup;
    }
    last_label_was_group_ = false;
    if (text == "其他") {
      // "其他" names a row only under （六）其他处理; elsewhere it is no row of the format.
      if (group_ != Group::kOtherHandling) return LabelMatch::kUnknown;
      *row = &format::ApplicationRowFor(RowId::kOtherHandlingOther);
      return LabelMatch::kRow;
    }
    for (const RowKeyword& keyword : kRowKeywords) {
      if (absl::StrContains(text, keyword.keyword)) {
        *row = &format::ApplicationRowFor(keyword.row);
        return LabelMatch::kRow;
      }
    }
    return LabelMatch::kUnknown;
  }

  // A row whose label (`label`; empty: it has none) matches no row of the format: left out.
  absl::Status UnplacedRow(const SourceRow& row, const std::string& label) {
    const std::string text = label.empty() ? RowText(row) : label;
    warnings_.AddRow(
        kUnplacedRow, row,
        label.empty() ? absl::StrCat("表3中的数据行缺少可识别的行标签，未导入")
                      : absl::StrCat("表3中无法识别的行标签“", text, "”，未导入"),
        label.empty() ? absl::StrCat("table 3 data row without a recognisable row label; left out")
                      : absl::StrCat("unknown row label in table 3: \"", text, "\"; left out"));
    return absl::OkStatus();
  }

  void WarnMixed() {
    const SourceRow& first = *first_row_;
    warnings_.AddRow(
        kMixedFormatTable, first,
        absl::StrCat("表3（收到和处理政府信息公开申请情况）混合使用2021年格式和2019年格式"),
        absl::StrCat("table 3 (applications) mixes the 2021 and the 2019 format"));
  }

  // Said when the report turns out mixed (a 2021 table 2 with this 2019 table 3, or this table
  // mixed itself), not for a report wholly in the 2019 format.
  void HoldFormat2019Row() {
    warnings_.AddFormat2019Row(
        *row_2019_,
        absl::StrCat("“（六）其他处理”是2019年格式的单行，按2019年格式导入（2021年格式分为"
                     "逾期不补正、逾期不缴费和其他三行）"),
        absl::StrCat("\"（六）其他处理\" is the 2019 format's single row, imported as such (the "
                     "2021 format splits it into three rows)"));
  }

  // A row too short to hold values: acceptable only when it just names a group.
  absl::Status RowWithoutValues(const SourceRow& row, const std::vector<std::string>& labels) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (labels[i].empty()) continue;
      std::optional<Group> group = GroupOf(StripNumbering(labels[i]));
      if (!group.has_value()) return TooFewCellsError(row, 3, row.cells[i].text, kValueCount);
      group_ = *group;
    }
    return absl::OkStatus();
  }

  static std::string LastLabel(const SourceRow& row, std::size_t label_cells) {
    for (std::size_t i = label_cells; i > 0; --i) {
      if (!TrimSpaces(row.cells[i - 1].text).empty()) return row.cells[i - 1].text;
    }
    return "";
  }

  // The row's values follow a group title such as "（三）不予公开", which the format gives no
  // values of its own (no subtotal row).
  static absl::Status GroupTitleWithValues(const SourceRow& row, const std::string& group) {
    return InputError(
        RowLocation(row),
        absl::StrCat("表3中“", group,
                     "”是分组标题，格式中没有它的小计行；数值应写在其下各项（如“1.…”）"),
        absl::StrCat("table 3 \"", group,
                     "\" is a group title without a subtotal row in the "
                     "format; the values belong to its numbered items"));
  }

  absl::Status FillRow(const SourceRow& row, const ApplicationRow& target,
                       const std::string& label) {
    ApplicantCounts* counts = target.mutable_get(table_);
    if (!filled_.insert(counts).second) {
      return InputError(RowLocation(row), absl::StrCat("表3中“", label, "”行重复出现"),
                        absl::StrCat("table 3 row \"", label, "\" appears twice"));
    }
    const std::size_t first = row.cells.size() - kValueCount;
    for (std::size_t i = 0; i < kValueCount; ++i) {
      absl::StatusOr<v1::CountCell> cell = ParseCountCell(row.cells[first + i]);
      if (!cell.ok()) return cell.status();
      *format::ApplicantColumns()[i].mutable_get(*counts) = *std::move(cell);
    }
    return absl::OkStatus();
  }

  ImportWarningSink& warnings_;
  ApplicationTable table_;
  const SourceRow* first_row_ = nullptr;  // the first data row, where the table's warning goes
  const SourceRow* row_2019_ = nullptr;   // the 2019 format's single （六）其他处理 row
  Group group_ = Group::kNone;
  bool last_label_was_group_ = false;
  std::set<const ApplicantCounts*> filled_;
};

}  // namespace

absl::StatusOr<std::optional<ApplicationTable>> ParseApplicationTable(
    const std::vector<const SourceRow*>& rows, ImportWarningSink& warnings) {
  return BuildTable(Table3Builder(warnings), rows);
}

}  // namespace nianbao::codec
