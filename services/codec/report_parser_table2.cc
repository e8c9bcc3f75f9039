// Table 2 (主动公开政府信息情况): item rows ("第二十条第（五）项"), column header rows ("信息内容 |
// 本年处理决定数量") and data rows. Each item's columns decide whether its rows follow the 2021 or
// the 2019 format; without a header the row label and the number of value cells decide.
#include <array>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/codec/parse_error.h"
#include "services/codec/report_cells.h"
#include "services/codec/report_parser_tables.h"

namespace nianbao::codec {
namespace {

using nianbao::v1::ActiveDisclosureTable;
using nianbao::v1::FormatVersion;

enum class RowLabel {
  kRules,
  kNormativeDocuments,
  kLicensing,
  kOtherServices,
  kPunishment,
  kCoercion,
  kFees,
  kProcurement
};

constexpr std::array<std::pair<absl::string_view, RowLabel>, 9> kRowLabels = {{
    {"规章", RowLabel::kRules},
    {"行政规范性文件", RowLabel::kNormativeDocuments},
    {"规范性文件", RowLabel::kNormativeDocuments},
    {"行政许可", RowLabel::kLicensing},
    {"其他对外管理服务事项", RowLabel::kOtherServices},
    {"行政处罚", RowLabel::kPunishment},
    {"行政强制", RowLabel::kCoercion},
    {"行政事业性收费", RowLabel::kFees},
    {"政府集中采购", RowLabel::kProcurement},
}};

constexpr std::array<absl::string_view, 7> kHeaders2021 = {
    "本年制发件数",     "本年废止件数",     "现行有效件数",
    "本年处理决定数量", "本年处理绝对数量", "本年收费金额(单位:万元)",
    "本年收费金额"};
constexpr std::array<absl::string_view, 9> kHeaders2019 = {
    "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
    "处理决定数量",   "采购项目数量",   "采购总金额",     "本年增减"};

template <std::size_t N>
bool IsOneOf(absl::string_view label, const std::array<absl::string_view, N>& options) {
  for (absl::string_view option : options) {
    if (label == option) return true;
  }
  return false;
}

// The format a column header row announces, UNSPECIFIED when it is not a header row.
FormatVersion HeaderVersion(const std::vector<std::string>& labels) {
  bool new_format = false;
  bool old_format = false;
  for (const std::string& label : labels) {
    new_format = new_format || IsOneOf(label, kHeaders2021);
    old_format = old_format || IsOneOf(label, kHeaders2019);
  }
  if (new_format && old_format) return v1::FORMAT_VERSION_MIXED;
  if (new_format) return v1::FORMAT_VERSION_2021;
  if (old_format) return v1::FORMAT_VERSION_2019;
  return v1::FORMAT_VERSION_UNSPECIFIED;
}

struct FoundLabel {
  RowLabel label;
  std::size_t index;  // of the label cell
};

std::optional<FoundLabel> FindRowLabel(const std::vector<std::string>& labels) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    for (const auto& [text, label] : kRowLabels) {
      if (labels[i] == text) return FoundLabel{label, i};
    }
  }
  return std::nullopt;
}

class Table2Builder {
 public:
  absl::Status AddRow(const SourceRow& row) {
    const std::vector<std::string> labels = NormalizedCells(row);
    if (IsBlankRow(labels)) return absl::OkStatus();
    const bool names_item = StartItem(labels);
    if (const FormatVersion header = HeaderVersion(labels);
        header != v1::FORMAT_VERSION_UNSPECIFIED) {
      header_version_ = header;
      return absl::OkStatus();
    }
    const std::optional<FoundLabel> found = FindRowLabel(labels);
    if (found.has_value()) return AddDataRow(row, *found);
    if (names_item || labels.front() == "信息内容") return absl::OkStatus();
    return InputError(RowLocation(row),
                      absl::StrCat("表2中无法识别的行“", row.cells.front().text, "”"),
                      absl::StrCat("unknown row in table 2: \"", row.cells.front().text, "\""));
  }

  std::optional<ActiveDisclosureTable> Finish() {
    if (!has_data_) return std::nullopt;
    const bool new_format = versions_.count(v1::FORMAT_VERSION_2021) > 0;
    const bool old_format = versions_.count(v1::FORMAT_VERSION_2019) > 0;
    table_.set_format_version(new_format && old_format ? v1::FORMAT_VERSION_MIXED
                              : new_format             ? v1::FORMAT_VERSION_2021
                                                       : v1::FORMAT_VERSION_2019);
    return std::move(table_);
  }

 private:
  // The format of a data row: the item's header if it has one, else the label and cell count.
  FormatVersion RowVersion(const FoundLabel& found, std::size_t cells_after_label) const {
    if (found.label == RowLabel::kOtherServices || found.label == RowLabel::kProcurement) {
      return v1::FORMAT_VERSION_2019;
    }
    if (header_version_ == v1::FORMAT_VERSION_2021 || header_version_ == v1::FORMAT_VERSION_2019) {
      return header_version_;
    }
    switch (found.label) {
      case RowLabel::kRules:
      case RowLabel::kNormativeDocuments:
        // Three columns in both formats (and 规范性文件 is also written under 2021 columns):
        // without a header the current format is assumed.
        return v1::FORMAT_VERSION_2021;
      case RowLabel::kFees:
        return cells_after_label >= 2 ? v1::FORMAT_VERSION_2019 : v1::FORMAT_VERSION_2021;
      default:
        return cells_after_label >= 3 ? v1::FORMAT_VERSION_2019 : v1::FORMAT_VERSION_2021;
    }
  }

  static std::size_t ValueCount(RowLabel label, FormatVersion version) {
    const bool old_format = version == v1::FORMAT_VERSION_2019;
    switch (label) {
      case RowLabel::kRules:
      case RowLabel::kNormativeDocuments:
        return 3;
      case RowLabel::kFees:
        return old_format ? 2 : 1;
      case RowLabel::kProcurement:
        return 2;
      default:
        return old_format ? 3 : 1;
    }
  }

  absl::Status AddDataRow(const SourceRow& row, const FoundLabel& found) {
    const std::size_t after = row.cells.size() - found.index - 1;
    const FormatVersion version = RowVersion(found, after);
    const std::size_t count = ValueCount(found.label, version);
    if (after < count) {
      return TooFewCellsError(row, 2, row.cells[found.index].text, count);
    }
    const int key = static_cast<int>(found.label) * 4 + static_cast<int>(version);
    if (!filled_.insert(key).second) {
      return InputError(
          RowLocation(row), absl::StrCat("表2中“", row.cells[found.index].text, "”行重复出现"),
          absl::StrCat("table 2 row \"", row.cells[found.index].text, "\" appears twice"));
    }
    versions_.insert(version);
    has_data_ = true;
    const std::vector<SourceCell> values(row.cells.end() - count, row.cells.end());
    return version == v1::FORMAT_VERSION_2019 ? FillTrialRow(found.label, values)
                                              : FillRow(found.label, values);
  }

  // A cell naming a 第二十条 item starts that item, whose columns come with it. Merged cells
  // repeat the item's name on its rows; only a different name starts a new item.
  bool StartItem(const std::vector<std::string>& labels) {
    for (const std::string& label : labels) {
      if (!absl::StrContains(label, "第二十条")) continue;
      if (label != current_item_) header_version_ = v1::FORMAT_VERSION_UNSPECIFIED;
      current_item_ = label;
      return true;
    }
    return false;
  }

  absl::Status FillRow(RowLabel label, const std::vector<SourceCell>& values);
  absl::Status FillTrialRow(RowLabel label, const std::vector<SourceCell>& values);

  ActiveDisclosureTable table_;
  FormatVersion header_version_ = v1::FORMAT_VERSION_UNSPECIFIED;
  std::string current_item_;
  std::set<FormatVersion> versions_;
  std::set<int> filled_;
  bool has_data_ = false;
};

// Reads `values` into the count cells `targets`, in order.
absl::Status FillCounts(const std::vector<SourceCell>& values,
                        const std::vector<v1::CountCell*>& targets) {
  for (std::size_t i = 0; i < targets.size(); ++i) {
    absl::StatusOr<v1::CountCell> cell = ParseCountCell(values[i]);
    if (!cell.ok()) return cell.status();
    *targets[i] = *std::move(cell);
  }
  return absl::OkStatus();
}

absl::Status Table2Builder::FillRow(RowLabel label, const std::vector<SourceCell>& values) {
  switch (label) {
    case RowLabel::kRules:
    case RowLabel::kNormativeDocuments: {
      v1::DocumentCounts* counts =
          label == RowLabel::kRules ? table_.mutable_rules() : table_.mutable_normative_documents();
      return FillCounts(values, {counts->mutable_issued(), counts->mutable_repealed(),
                                 counts->mutable_in_force()});
    }
    case RowLabel::kLicensing:
      return FillCounts(values, {table_.mutable_licensing_decisions()});
    case RowLabel::kPunishment:
      return FillCounts(values, {table_.mutable_punishment_decisions()});
    case RowLabel::kCoercion:
      return FillCounts(values, {table_.mutable_coercion_decisions()});
    case RowLabel::kFees: {
      absl::StatusOr<v1::AmountCell> amount = ParseAmountCell(values[0]);
      if (!amount.ok()) return amount.status();
      *table_.mutable_fee_amount() = *std::move(amount);
      return absl::OkStatus();
    }
    default:
      return FillTrialRow(label, values);
  }
}

absl::Status Table2Builder::FillTrialRow(RowLabel label, const std::vector<SourceCell>& values) {
  v1::ActiveDisclosureTable2019* trial = table_.mutable_trial_2019();
  v1::TrialItemCounts* items = nullptr;
  switch (label) {
    case RowLabel::kRules:
    case RowLabel::kNormativeDocuments: {
      v1::TrialDocumentCounts* counts =
          label == RowLabel::kRules ? trial->mutable_rules() : trial->mutable_normative_documents();
      return FillCounts(values, {counts->mutable_made(), counts->mutable_disclosed(),
                                 counts->mutable_total_disclosed()});
    }
    case RowLabel::kProcurement: {
      v1::TrialProcurement* procurement = trial->mutable_centralized_procurement();
      if (absl::Status status = FillCounts(values, {procurement->mutable_projects()});
          !status.ok()) {
        return status;
      }
      absl::StatusOr<v1::AmountCell> amount = ParseAmountCell(values[1]);
      if (!amount.ok()) return amount.status();
      *procurement->mutable_total_amount() = *std::move(amount);
      return absl::OkStatus();
    }
    case RowLabel::kFees:
      items = trial->mutable_fees();
      return FillCounts(values, {items->mutable_previous_items(), items->mutable_change()});
    case RowLabel::kLicensing:
      items = trial->mutable_licensing();
      break;
    case RowLabel::kOtherServices:
      items = trial->mutable_other_external_services();
      break;
    case RowLabel::kPunishment:
      items = trial->mutable_punishment();
      break;
    case RowLabel::kCoercion:
      items = trial->mutable_coercion();
      break;
  }
  return FillCounts(values, {items->mutable_previous_items(), items->mutable_change(),
                             items->mutable_decisions()});
}

}  // namespace

absl::StatusOr<std::optional<ActiveDisclosureTable>> ParseActiveDisclosureTable(
    const std::vector<const SourceRow*>& rows) {
  Table2Builder builder;
  for (const SourceRow* row : rows) {
    if (absl::Status status = builder.AddRow(*row); !status.ok()) return status;
  }
  return builder.Finish();
}

}  // namespace nianbao::codec
