#include "services/format/disclosure_layout.h"

namespace nianbao::format {
namespace {

using nianbao::v1::ActiveDisclosureTable;
using nianbao::v1::AmountCell;
using nianbao::v1::CountCell;
using Table = ActiveDisclosureTable;

constexpr DisclosureCell CountAt(const char* path, bool (*has)(const Table&),
                                 const CountCell& (*get)(const Table&),
                                 CountCell* (*mutable_get)(Table&)) {
  return {path, CellKind::kCount, has, get, mutable_get, nullptr, nullptr};
}

constexpr DisclosureCell AmountAt(const char* path, bool (*has)(const Table&),
                                  const AmountCell& (*get)(const Table&),
                                  AmountCell* (*mutable_get)(Table&)) {
  return {path, CellKind::kAmount, has, nullptr, nullptr, get, mutable_get};
}

// A cell at table.a, table.a.b or table.a.b.c (Kind: Count or Amount). The path, the presence
// test and both accessors are spelled from the same field names, so they cannot disagree.
#define NIANBAO_CELL1(Kind, a)                                                   \
  Kind##At(                                                                      \
      "active_disclosure.table." #a, [](const Table& t) { return t.has_##a(); }, \
      [](const Table& t) -> const auto& { return t.a(); },                       \
      [](Table& t) { return t.mutable_##a(); })
#define NIANBAO_CELL2(Kind, a, b)                                    \
  Kind##At(                                                          \
      "active_disclosure.table." #a "." #b,                          \
      [](const Table& t) { return t.has_##a() && t.a().has_##b(); }, \
      [](const Table& t) -> const auto& { return t.a().b(); },       \
      [](Table& t) { return t.mutable_##a()->mutable_##b(); })
#define NIANBAO_CELL3(Kind, a, b, c)                                                        \
  Kind##At(                                                                                 \
      "active_disclosure.table." #a "." #b "." #c,                                          \
      [](const Table& t) { return t.has_##a() && t.a().has_##b() && t.a().b().has_##c(); }, \
      [](const Table& t) -> const auto& { return t.a().b().c(); },                          \
      [](Table& t) { return t.mutable_##a()->mutable_##b()->mutable_##c(); })

// A row at table.a or table.a.b: its paths and presence test from the same field names.
#define NIANBAO_ROW1(item, label, a, cells)                         \
  DisclosureRow {                                                   \
    DisclosureItem::item, label, "active_disclosure.table." #a, #a, \
        [](const Table& t) { return t.has_##a(); }, cells           \
  }
#define NIANBAO_ROW2(item, label, a, b, cells)                                    \
  DisclosureRow {                                                                 \
    DisclosureItem::item, label, "active_disclosure.table." #a "." #b, #a "." #b, \
        [](const Table& t) { return t.has_##a() && t.a().has_##b(); }, cells      \
  }

// The 2021 format (国办公开办函〔2021〕30号).
constexpr DisclosureColumn kDocumentColumns2021[] = {
    {"issued", "本年制发件数", "本年制发件数", false},
    {"repealed", "本年废止件数", "本年废止件数", false},
    {"in_force", "现行有效件数", "现行有效件数", false},
};
constexpr DisclosureColumn kDecisionColumn2021[] = {
    {"", "本年处理决定数量", "本年处理决定数量", false},
};
constexpr DisclosureColumn kFeeColumn2021[] = {
    {"", "本年收费金额（单位：万元）", "本年收费金额", false},
};

constexpr DisclosureCell kRulesCells2021[] = {
    NIANBAO_CELL2(Count, rules, issued),
    NIANBAO_CELL2(Count, rules, repealed),
    NIANBAO_CELL2(Count, rules, in_force),
};
constexpr DisclosureCell kNormativeCells2021[] = {
    NIANBAO_CELL2(Count, normative_documents, issued),
    NIANBAO_CELL2(Count, normative_documents, repealed),
    NIANBAO_CELL2(Count, normative_documents, in_force),
};
constexpr DisclosureCell kLicensingCells2021[] = {NIANBAO_CELL1(Count, licensing_decisions)};
constexpr DisclosureCell kPunishmentCells2021[] = {NIANBAO_CELL1(Count, punishment_decisions)};
constexpr DisclosureCell kCoercionCells2021[] = {NIANBAO_CELL1(Count, coercion_decisions)};
constexpr DisclosureCell kFeeCells2021[] = {NIANBAO_CELL1(Amount, fee_amount)};

constexpr DisclosureRow kDocumentRows2021[] = {
    NIANBAO_ROW1(kRules, "规章", rules, kRulesCells2021),
    NIANBAO_ROW1(kNormativeDocuments, "行政规范性文件", normative_documents, kNormativeCells2021),
};
constexpr DisclosureRow kLicensingRows2021[] = {
    NIANBAO_ROW1(kLicensing, "行政许可", licensing_decisions, kLicensingCells2021),
};
constexpr DisclosureRow kEnforcementRows2021[] = {
    NIANBAO_ROW1(kPunishment, "行政处罚", punishment_decisions, kPunishmentCells2021),
    NIANBAO_ROW1(kCoercion, "行政强制", coercion_decisions, kCoercionCells2021),
};
constexpr DisclosureRow kFeeRows2021[] = {
    NIANBAO_ROW1(kFees, "行政事业性收费", fee_amount, kFeeCells2021),
};

constexpr DisclosureBlock kBlocks2021[] = {
    {"第二十条第（一）项", kDocumentColumns2021, kDocumentRows2021},
    {"第二十条第（五）项", kDecisionColumn2021, kLicensingRows2021},
    {"第二十条第（六）项", kDecisionColumn2021, kEnforcementRows2021},
    {"第二十条第（八）项", kFeeColumn2021, kFeeRows2021},
};

// The 2019 trial format (国办公开办函〔2019〕60号), all under table.trial_2019.
constexpr DisclosureColumn kDocumentColumns2019[] = {
    {"made", "本年新制作数量", "本年新制作数量", false},
    {"disclosed", "本年新公开数量", "本年新公开数量", false},
    {"total_disclosed", "对外公开总数量", "对外公开总数量", false},
};
// 行政事业性收费 has the first two of these: no 处理决定数量.
constexpr DisclosureColumn kItemColumns2019[] = {
    {"previous_items", "上一年项目数量", "上一年项目数量", false},
    {"change", "本年增/减", "本年增/减", true},
    {"decisions", "处理决定数量", "处理决定数量", false},
};
constexpr DisclosureColumn kProcurementColumns2019[] = {
    {"projects", "采购项目数量", "采购项目数量", false},
    {"total_amount", "采购总金额", "采购总金额", false},
};

#define NIANBAO_TRIAL_DOCUMENT_CELLS(row)                                                          \
  {                                                                                                \
    NIANBAO_CELL3(Count, trial_2019, row, made), NIANBAO_CELL3(Count, trial_2019, row, disclosed), \
        NIANBAO_CELL3(Count, trial_2019, row, total_disclosed)                                     \
  }
#define NIANBAO_TRIAL_ITEM_CELLS(row)                      \
  {                                                        \
    NIANBAO_CELL3(Count, trial_2019, row, previous_items), \
        NIANBAO_CELL3(Count, trial_2019, row, change),     \
        NIANBAO_CELL3(Count, trial_2019, row, decisions)   \
  }

constexpr DisclosureCell kRulesCells2019[] = NIANBAO_TRIAL_DOCUMENT_CELLS(rules);
constexpr DisclosureCell kNormativeCells2019[] = NIANBAO_TRIAL_DOCUMENT_CELLS(normative_documents);
constexpr DisclosureCell kLicensingCells2019[] = NIANBAO_TRIAL_ITEM_CELLS(licensing);
constexpr DisclosureCell kOtherServicesCells2019[] =
    NIANBAO_TRIAL_ITEM_CELLS(other_external_services);
constexpr DisclosureCell kPunishmentCells2019[] = NIANBAO_TRIAL_ITEM_CELLS(punishment);
constexpr DisclosureCell kCoercionCells2019[] = NIANBAO_TRIAL_ITEM_CELLS(coercion);
constexpr DisclosureCell kFeesCells2019[] = {
    NIANBAO_CELL3(Count, trial_2019, fees, previous_items),
    NIANBAO_CELL3(Count, trial_2019, fees, change),
};
constexpr DisclosureCell kProcurementCells2019[] = {
    NIANBAO_CELL3(Count, trial_2019, centralized_procurement, projects),
    NIANBAO_CELL3(Amount, trial_2019, centralized_procurement, total_amount),
};

constexpr DisclosureRow kDocumentRows2019[] = {
    NIANBAO_ROW2(kRules, "规章", trial_2019, rules, kRulesCells2019),
    NIANBAO_ROW2(kNormativeDocuments, "规范性文件", trial_2019, normative_documents,
                 kNormativeCells2019),
};
constexpr DisclosureRow kLicensingRows2019[] = {
    NIANBAO_ROW2(kLicensing, "行政许可", trial_2019, licensing, kLicensingCells2019),
    NIANBAO_ROW2(kOtherExternalServices, "其他对外管理服务事项", trial_2019,
                 other_external_services, kOtherServicesCells2019),
};
constexpr DisclosureRow kEnforcementRows2019[] = {
    NIANBAO_ROW2(kPunishment, "行政处罚", trial_2019, punishment, kPunishmentCells2019),
    NIANBAO_ROW2(kCoercion, "行政强制", trial_2019, coercion, kCoercionCells2019),
};
constexpr DisclosureRow kFeeRows2019[] = {
    NIANBAO_ROW2(kFees, "行政事业性收费", trial_2019, fees, kFeesCells2019),
};
constexpr DisclosureRow kProcurementRows2019[] = {
    NIANBAO_ROW2(kProcurement, "政府集中采购", trial_2019, centralized_procurement,
                 kProcurementCells2019),
};

constexpr DisclosureBlock kBlocks2019[] = {
    {"第二十条第（一）项", kDocumentColumns2019, kDocumentRows2019},
    {"第二十条第（五）项", kItemColumns2019, kLicensingRows2019},
    {"第二十条第（六）项", kItemColumns2019, kEnforcementRows2019},
    {"第二十条第（八）项", absl::Span<const DisclosureColumn>(kItemColumns2019, 2), kFeeRows2019},
    {"第二十条第（九）项", kProcurementColumns2019, kProcurementRows2019},
};

#undef NIANBAO_TRIAL_ITEM_CELLS
#undef NIANBAO_TRIAL_DOCUMENT_CELLS
#undef NIANBAO_ROW2
#undef NIANBAO_ROW1
#undef NIANBAO_CELL3
#undef NIANBAO_CELL2
#undef NIANBAO_CELL1

}  // namespace

absl::Span<const DisclosureBlock> DisclosureBlocks2021() { return kBlocks2021; }

absl::Span<const DisclosureBlock> DisclosureBlocks2019() { return kBlocks2019; }

const DisclosureRow* FindDisclosureRow(DisclosureItem item, bool trial_2019) {
  for (const DisclosureBlock& block :
       trial_2019 ? DisclosureBlocks2019() : DisclosureBlocks2021()) {
    for (const DisclosureRow& row : block.rows) {
      if (row.item == item) return &row;
    }
  }
  return nullptr;
}

}  // namespace nianbao::format
