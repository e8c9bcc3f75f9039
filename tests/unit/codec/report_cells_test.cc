// Cell values: counts, exact amounts, text, blanks, and misplaced content.
#include "services/codec/report_cells.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"

namespace nianbao::codec {
namespace {

using ::testing::HasSubstr;
using testing::StatusIs;

SourceCell Cell(const std::string& text) { return SourceCell{text, "第9行"}; }

TEST(CodecCells, Counts) {
  struct Case {
    std::string text;
    v1::CountCell::ContentCase content;
    int number;
    std::string written;
  };
  const std::vector<Case> cases = {
      {"26", v1::CountCell::kNumber, 26, ""},
      {" ２６ ", v1::CountCell::kNumber, 26, ""},
      {"-3", v1::CountCell::kNumber, -3, ""},
      {"+3", v1::CountCell::kNumber, 3, ""},
      {"1,234", v1::CountCell::kNumber, 1234, ""},
      {"１，２３４", v1::CountCell::kNumber, 1234, ""},
      {"12,34", v1::CountCell::kText, 0, "12,34"},
      {"", v1::CountCell::CONTENT_NOT_SET, 0, ""},
      {"　", v1::CountCell::CONTENT_NOT_SET, 0, ""},
      {"/", v1::CountCell::kText, 0, "/"},
      {"—", v1::CountCell::kText, 0, "—"},
      {"5件", v1::CountCell::kText, 0, "5件"},
      {"十二", v1::CountCell::kText, 0, "十二"},
      {"99999999999", v1::CountCell::kText, 0, "99999999999"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<v1::CountCell> cell = ParseCountCell(Cell(c.text));
    ASSERT_THAT(cell, testing::IsOk()) << c.text;
    EXPECT_EQ(cell->content_case(), c.content) << c.text;
    if (c.content == v1::CountCell::kNumber) {
      EXPECT_EQ(cell->number(), c.number) << c.text;
    }
    if (c.content == v1::CountCell::kText) {
      EXPECT_EQ(cell->text(), c.written) << c.text;
    }
    EXPECT_EQ(FormatCountCell(*cell),
              c.content == v1::CountCell::kNumber ? std::to_string(c.number) : c.written);
  }
}

TEST(CodecCells, AmountsAreExactDecimals) {
  absl::StatusOr<v1::AmountCell> cell = ParseAmountCell(Cell("43.788万元"));
  ASSERT_THAT(cell, testing::IsOk());
  EXPECT_EQ(cell->amount().units(), 43);
  EXPECT_EQ(cell->amount().nanos(), 788000000);
  EXPECT_EQ(cell->written(), "43.788万元");
  EXPECT_EQ(FormatAmountCell(*cell), "43.788万元");

  cell = ParseAmountCell(Cell("0.1"));
  ASSERT_THAT(cell, testing::IsOk());
  EXPECT_EQ(cell->amount().units(), 0);
  EXPECT_EQ(cell->amount().nanos(), 100000000);
  EXPECT_EQ(cell->written(), "");
  EXPECT_EQ(FormatAmountCell(*cell), "0.1");

  cell = ParseAmountCell(Cell("１２３４５６７８９０１２３４５６７８.000000001"));
  ASSERT_THAT(cell, testing::IsOk());
  EXPECT_EQ(cell->amount().units(), 123456789012345678);
  EXPECT_EQ(cell->amount().nanos(), 1);
  EXPECT_EQ(FormatDecimal(cell->amount()), "123456789012345678.000000001");

  cell = ParseAmountCell(Cell("251,000元"));
  ASSERT_THAT(cell, testing::IsOk());
  EXPECT_EQ(cell->amount().units(), 251000);
  EXPECT_EQ(cell->written(), "251,000元");

  cell = ParseAmountCell(Cell("1-2万元"));
  ASSERT_THAT(cell, testing::IsOk());
  EXPECT_EQ(cell->text(), "1-2万元");

  cell = ParseAmountCell(Cell("无"));
  ASSERT_THAT(cell, testing::IsOk());
  EXPECT_EQ(cell->text(), "无");
  cell = ParseAmountCell(Cell(""));
  ASSERT_THAT(cell, testing::IsOk());
  EXPECT_EQ(cell->content_case(), v1::AmountCell::CONTENT_NOT_SET);
}

TEST(CodecCells, DecimalEdgeCases) {
  EXPECT_FALSE(ParseDecimal("1.0000000001").has_value());  // ten fractional digits
  EXPECT_FALSE(ParseDecimal("1234567890123456789").has_value());
  EXPECT_FALSE(ParseDecimal("").has_value());
  EXPECT_FALSE(ParseDecimal("-").has_value());
  EXPECT_FALSE(ParseDecimal("1.").has_value());
  std::optional<v1::Decimal> negative = ParseDecimal("-0.5");
  ASSERT_TRUE(negative.has_value());
  EXPECT_EQ(negative->units(), 0);
  EXPECT_EQ(negative->nanos(), -500000000);
  EXPECT_EQ(FormatDecimal(*negative), "-0.5");
  v1::Decimal extreme;
  extreme.set_units(std::numeric_limits<int64_t>::min());
  extreme.set_nanos(std::numeric_limits<int32_t>::min());
  EXPECT_EQ(FormatDecimal(extreme), "-9223372036854775808.2147483648");
}

TEST(CodecCells, MisplacedContentNamesTheCell) {
  for (const std::string text : {"abc", "1.属于国家秘密", "（一）予以公开",
                                 "这是一段很长的文字，不可能是一个表格里的数值单元格"}) {
    EXPECT_THAT(ParseCountCell(Cell(text)),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("第9行"), HasSubstr("应为数值"))))
        << text;
    EXPECT_THAT(ParseAmountCell(Cell(text)),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("第9行")))
        << text;
  }
  EXPECT_THAT(ParseCountCell(Cell("N/A")), testing::IsOk());
}

}  // namespace
}  // namespace nianbao::codec
