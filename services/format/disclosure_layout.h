// Table 2 (主动公开政府信息情况) as the national format lays it out: one block per 第二十条 item,
// each with its value columns and rows, in the 2021 format and in the 2019 trial format. Every
// value cell carries its proto field path and plain function pointers to read and write it, so that
// the importer, the renderers and the validation rules walk the same description.
#ifndef NIANBAO_SERVICES_FORMAT_DISCLOSURE_LAYOUT_H_
#define NIANBAO_SERVICES_FORMAT_DISCLOSURE_LAYOUT_H_

#include <cstddef>

#include "absl/types/span.h"
#include "nianbao/v1/report.pb.h"

namespace nianbao::format {

// The 信息内容 of a row, the same in both formats where both have it (规章 is 规章 in either).
enum class DisclosureItem {
  kRules,                  // 规章
  kNormativeDocuments,     // 行政规范性文件 (2021) / 规范性文件 (2019)
  kLicensing,              // 行政许可
  kOtherExternalServices,  // 其他对外管理服务事项 (2019 only)
  kPunishment,             // 行政处罚
  kCoercion,               // 行政强制
  kFees,                   // 行政事业性收费
  kProcurement,            // 政府集中采购 (2019 only)
};

// What a value cell holds: a count (CountCell) or an amount in 万元 (AmountCell).
enum class CellKind { kCount, kAmount };

// A value column of a block, after 信息内容.
struct DisclosureColumn {
  // The cell's field in the row's message, e.g. "issued"; empty when the row is the cell itself
  // (the 2021 format's one-number rows such as licensing_decisions).
  const char* field;
  // The header as the format prints it, e.g. "本年收费金额（单位：万元）".
  const char* header_zh;
  // The column as a message names it, e.g. "本年收费金额".
  const char* name_zh;
  // Whether a negative number is meaningful (the 2019 format's 本年增/减).
  bool may_be_negative;
};

// One value cell of a row; exactly one accessor pair is set, as `kind` says. The accessors take
// the table (ActiveDisclosureTable); mutable ones create the cell and its parents.
struct DisclosureCell {
  // From the report, e.g. "active_disclosure.table.trial_2019.rules.made".
  const char* path;
  CellKind kind;
  // Whether the cell (and so its row) is in the table.
  bool (*has)(const nianbao::v1::ActiveDisclosureTable&);
  const nianbao::v1::CountCell& (*count)(const nianbao::v1::ActiveDisclosureTable&);
  nianbao::v1::CountCell* (*mutable_count)(nianbao::v1::ActiveDisclosureTable&);
  const nianbao::v1::AmountCell& (*amount)(const nianbao::v1::ActiveDisclosureTable&);
  nianbao::v1::AmountCell* (*mutable_amount)(nianbao::v1::ActiveDisclosureTable&);
};

// A data row: its label and its cells, one per column of its block, in column order.
struct DisclosureRow {
  DisclosureItem item;
  // 信息内容 as the format writes it, e.g. "规章".
  const char* label_zh;
  // The row's message (or, for a one-number row, the cell) from the report, e.g.
  // "active_disclosure.table.rules", and from the table, e.g. "rules".
  const char* path;
  const char* field;
  // Whether the row is in the table.
  bool (*has)(const nianbao::v1::ActiveDisclosureTable&);
  absl::Span<const DisclosureCell> cells;
};

// A 第二十条 item: its title, its value columns and its rows.
struct DisclosureBlock {
  const char* title_zh;  // "第二十条第（一）项".
  absl::Span<const DisclosureColumn> columns;
  absl::Span<const DisclosureRow> rows;
};

// The most value columns a block has (第二十条第（一）项's three).
inline constexpr std::size_t kMaxDisclosureColumns = 3;

// The header of the label column in every block.
inline constexpr char kItemContentHeader[] = "信息内容";

// The four blocks of the 2021 format (items 一, 五, 六, 八) and the five of the 2019 trial format
// (一, 五, 六, 八, 九), in the format's order. Static data: no allocation, safe from any thread.
absl::Span<const DisclosureBlock> DisclosureBlocks2021();
absl::Span<const DisclosureBlock> DisclosureBlocks2019();

// The row of `item` in the 2019 (`trial_2019`) or 2021 format; nullptr when that format has no
// such row (其他对外管理服务事项 and 政府集中采购 exist only in 2019).
const DisclosureRow* FindDisclosureRow(DisclosureItem item, bool trial_2019);

}  // namespace nianbao::format

#endif  // NIANBAO_SERVICES_FORMAT_DISCLOSURE_LAYOUT_H_
