#include "services/format/disclosure_layout.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/unit/format/field_path.h"

namespace nianbao::format {
namespace {

using nianbao::v1::ActiveDisclosureTable;
using nianbao::v1::AmountCell;
using nianbao::v1::AnnualReport;
using nianbao::v1::CountCell;

struct Format {
  const char* name;
  bool trial_2019;
  absl::Span<const DisclosureBlock> blocks;
};

std::vector<Format> Formats() {
  return {{"2021", false, DisclosureBlocks2021()}, {"2019", true, DisclosureBlocks2019()}};
}

std::vector<const DisclosureRow*> RowsOf(absl::Span<const DisclosureBlock> blocks) {
  std::vector<const DisclosureRow*> rows;
  for (const DisclosureBlock& block : blocks) {
    for (const DisclosureRow& row : block.rows) rows.push_back(&row);
  }
  return rows;
}

TEST(DisclosureLayoutTest, BlocksAndRowsOfEachFormat) {
  EXPECT_EQ(DisclosureBlocks2021().size(), 4u);
  EXPECT_EQ(RowsOf(DisclosureBlocks2021()).size(), 6u);
  EXPECT_EQ(DisclosureBlocks2019().size(), 5u);
  EXPECT_EQ(RowsOf(DisclosureBlocks2019()).size(), 8u);
  EXPECT_STREQ(DisclosureBlocks2021()[0].title_zh, "第二十条第（一）项");
  EXPECT_STREQ(DisclosureBlocks2019()[4].title_zh, "第二十条第（九）项");
}

TEST(DisclosureLayoutTest, EveryRowHasOneCellPerColumnOfItsBlock) {
  for (const Format& format : Formats()) {
    for (const DisclosureBlock& block : format.blocks) {
      for (const DisclosureRow& row : block.rows) {
        SCOPED_TRACE(row.path);
        ASSERT_EQ(row.cells.size(), block.columns.size());
        EXPECT_LE(row.cells.size(), kMaxDisclosureColumns);
        EXPECT_EQ(std::string(row.path), absl::StrCat("active_disclosure.table.", row.field));
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
          const char* column = block.columns[i].field;
          EXPECT_EQ(row.cells[i].path,
                    *column == '\0' ? std::string(row.path) : absl::StrCat(row.path, ".", column));
        }
      }
    }
  }
}

TEST(DisclosureLayoutTest, CellPathsResolveByReflectionToTheAccessorsCell) {
  for (const Format& format : Formats()) {
    for (const DisclosureRow* row : RowsOf(format.blocks)) {
      for (const DisclosureCell& cell : row->cells) {
        SCOPED_TRACE(cell.path);
        const bool count = cell.kind == CellKind::kCount;
        EXPECT_EQ(
            reflection::MessageTypeAt(*AnnualReport::descriptor(), cell.path),
            count ? CountCell::descriptor()->full_name() : AmountCell::descriptor()->full_name());
        EXPECT_EQ(cell.count == nullptr, !count);
        EXPECT_EQ(cell.mutable_count == nullptr, !count);
        EXPECT_EQ(cell.amount == nullptr, count);
        EXPECT_EQ(cell.mutable_amount == nullptr, count);
        AnnualReport report;
        ActiveDisclosureTable& table = *report.mutable_active_disclosure()->mutable_table();
        EXPECT_FALSE(cell.has(table));
        EXPECT_FALSE(row->has(table));
        google::protobuf::Message* resolved = reflection::MutableMessageAt(report, cell.path);
        ASSERT_NE(resolved, nullptr);
        if (count) {
          EXPECT_EQ(cell.mutable_count(table), resolved);
          EXPECT_EQ(&cell.count(std::as_const(table)), resolved);
        } else {
          EXPECT_EQ(cell.mutable_amount(table), resolved);
          EXPECT_EQ(&cell.amount(std::as_const(table)), resolved);
        }
        EXPECT_TRUE(cell.has(table));
        EXPECT_TRUE(row->has(table));
      }
    }
  }
}

TEST(DisclosureLayoutTest, EachCellsAccessorsTouchOnlyThatCell) {
  std::vector<const DisclosureCell*> cells;
  for (const Format& format : Formats()) {
    for (const DisclosureRow* row : RowsOf(format.blocks)) {
      for (const DisclosureCell& cell : row->cells) cells.push_back(&cell);
    }
  }
  EXPECT_EQ(cells.size(), 32u);
  for (const DisclosureCell* cell : cells) {
    SCOPED_TRACE(cell->path);
    AnnualReport report;
    ActiveDisclosureTable& table = *report.mutable_active_disclosure()->mutable_table();
    if (cell->kind == CellKind::kCount) {
      cell->mutable_count(table);
    } else {
      cell->mutable_amount(table);
    }
    for (const DisclosureCell* other : cells) {
      EXPECT_EQ(other->has(table), other == cell) << other->path;
      EXPECT_EQ(reflection::HasMessageAt(report, other->path), other == cell) << other->path;
    }
  }
}

TEST(DisclosureLayoutTest, LabelsAreUniqueInEachFormat) {
  for (const Format& format : Formats()) {
    SCOPED_TRACE(format.name);
    std::set<std::string> labels, titles;
    std::set<DisclosureItem> items;
    for (const DisclosureBlock& block : format.blocks) {
      EXPECT_TRUE(titles.insert(block.title_zh).second) << block.title_zh;
      std::set<std::string> headers;
      for (const DisclosureColumn& column : block.columns) {
        EXPECT_TRUE(headers.insert(column.header_zh).second) << column.header_zh;
      }
      for (const DisclosureRow& row : block.rows) {
        EXPECT_TRUE(labels.insert(row.label_zh).second) << row.label_zh;
        EXPECT_TRUE(items.insert(row.item).second) << row.label_zh;
        EXPECT_EQ(FindDisclosureRow(row.item, format.trial_2019), &row);
      }
    }
  }
}

// The cross-year rule reads 本年制发件数, 本年废止件数 and 现行有效件数 of the first 2021 block.
TEST(DisclosureLayoutTest, First2021BlockCountsDocuments) {
  const DisclosureBlock& documents = DisclosureBlocks2021()[0];
  ASSERT_EQ(documents.columns.size(), 3u);
  EXPECT_STREQ(documents.columns[0].field, "issued");
  EXPECT_STREQ(documents.columns[1].field, "repealed");
  EXPECT_STREQ(documents.columns[2].field, "in_force");
  ASSERT_EQ(documents.rows.size(), 2u);
  EXPECT_EQ(documents.rows[0].item, DisclosureItem::kRules);
  EXPECT_EQ(documents.rows[1].item, DisclosureItem::kNormativeDocuments);
}

TEST(DisclosureLayoutTest, TrialOnlyItemsHaveNo2021Row) {
  EXPECT_EQ(FindDisclosureRow(DisclosureItem::kOtherExternalServices, false), nullptr);
  EXPECT_EQ(FindDisclosureRow(DisclosureItem::kProcurement, false), nullptr);
  EXPECT_NE(FindDisclosureRow(DisclosureItem::kProcurement, true), nullptr);
}

TEST(DisclosureLayoutTest, OnlyTheTrialChangeColumnMayBeNegative) {
  for (const Format& format : Formats()) {
    for (const DisclosureBlock& block : format.blocks) {
      for (const DisclosureColumn& column : block.columns) {
        EXPECT_EQ(column.may_be_negative, std::string(column.field) == "change") << column.field;
      }
    }
  }
}

}  // namespace
}  // namespace nianbao::format
