// The plain-text layout reader: paragraphs, cells, rows, tables, continuation lines, and the
// inputs it refuses.
#include "services/codec/text_layout_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/status_matchers.h"

namespace nianbao::codec {
namespace {

using ::testing::HasSubstr;
using testing::StatusIs;

SourceDocument ReadOrDie(const std::string& text) {
  absl::StatusOr<SourceDocument> document = ReadTextLayout(text);
  EXPECT_THAT(document, testing::IsOk());
  return document.ok() ? *document : SourceDocument();
}

TEST(CodecTextLayoutReader, ParagraphsRowsAndTables) {
  const SourceDocument document =
      ReadOrDie("标题\n\n\t第二十条\n\n\t规章\n\t0\n\t\n\n段落\n\t甲\n");
  ASSERT_EQ(document.blocks.size(), 4u);
  EXPECT_EQ(document.blocks[0].kind, SourceBlock::Kind::kParagraph);
  EXPECT_EQ(document.blocks[0].text, "标题");
  EXPECT_EQ(document.blocks[0].where, "第1行");
  const SourceBlock& table = document.blocks[1];
  ASSERT_EQ(table.kind, SourceBlock::Kind::kTable);
  EXPECT_EQ(table.where, "第3行");
  ASSERT_EQ(table.rows.size(), 2u);
  ASSERT_EQ(table.rows[1].cells.size(), 3u);
  EXPECT_EQ(table.rows[1].cells[0].text, "规章");
  EXPECT_EQ(table.rows[1].cells[1].where, "第6行");
  EXPECT_EQ(table.rows[1].cells[2].text, "");  // a lone tab is a blank cell
  EXPECT_EQ(document.blocks[2].text, "段落");
  EXPECT_EQ(document.blocks[3].rows.size(), 1u);
}

TEST(CodecTextLayoutReader, LineAfterCellContinuesItsLabel) {
  const SourceDocument document = ReadOrDie("\t商业\n企业\n\t科研\n机构\n\t0\n正文\n");
  ASSERT_EQ(document.blocks.size(), 2u);
  const SourceRow& row = document.blocks[0].rows[0];
  ASSERT_EQ(row.cells.size(), 3u);
  EXPECT_EQ(row.cells[0].text, "商业\n企业");
  EXPECT_EQ(row.cells[1].text, "科研\n机构");
  // A line after a number cell is a paragraph, not part of the number.
  EXPECT_EQ(document.blocks[1].text, "正文");
}

TEST(CodecTextLayoutReader, SectionHeadingAfterCellIsAParagraph) {
  const SourceDocument document = ReadOrDie("\t其他\n四、政府信息公开行政复议、行政诉讼情况\n");
  ASSERT_EQ(document.blocks.size(), 2u);
  EXPECT_EQ(document.blocks[0].rows[0].cells[0].text, "其他");
  EXPECT_EQ(document.blocks[1].text, "四、政府信息公开行政复议、行政诉讼情况");
}

TEST(CodecTextLayoutReader, CrLfAndByteOrderMark) {
  const SourceDocument document = ReadOrDie("\xEF\xBB\xBF标题\r\n\t甲\r\n\t1\r\n\r\n尾\r\n");
  ASSERT_EQ(document.blocks.size(), 3u);
  EXPECT_EQ(document.blocks[0].text, "标题");
  EXPECT_EQ(document.blocks[1].rows[0].cells[0].text, "甲");
  EXPECT_EQ(document.blocks[1].rows[0].cells[1].text, "1");
  EXPECT_EQ(document.blocks[2].text, "尾");
}

TEST(CodecTextLayoutReader, InvalidUtf8NamesTheLine) {
  EXPECT_THAT(
      ReadTextLayout("第一行\n第二行\n\xFF\xFE坏\n"),
      StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr("第3行"), HasSubstr("UTF-8"))));
  // An overlong encoding and a lone surrogate are not UTF-8 either.
  EXPECT_THAT(ReadTextLayout("a\n\xC0\xAF"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("第2行")));
  EXPECT_THAT(ReadTextLayout("\xED\xA0\x80"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("第1行")));
}

TEST(CodecTextLayoutReader, NulBytesNameTheLine) {
  EXPECT_THAT(
      ReadTextLayout(std::string("标题\n正文") + std::string(1, '\0') + "正文\n"),
      StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr("第2行"), HasSubstr("NUL"))));
}

TEST(CodecTextLayoutReader, WordPageAndLineBreaksAreWhiteSpace) {
  const SourceDocument document = ReadOrDie("标题\v\n\f\n\t甲\n");
  ASSERT_EQ(document.blocks.size(), 2u);
  EXPECT_THAT(ReadTextLayout("a\n\x01"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("第2行")));
}

TEST(CodecTextLayoutReader, AbsurdlyLongInputIsRefused) {
  const std::string huge(kMaxTextLayoutBytes + 1, 'a');
  EXPECT_THAT(ReadTextLayout(huge), StatusIs(absl::StatusCode::kInvalidArgument,
                                             AllOf(HasSubstr("输入过大"), HasSubstr("too large"))));
}

TEST(CodecTextLayoutReader, LongRunOfContinuationLinesStaysLinear) {
  std::string text = "\t标签\n";
  for (int i = 0; i < 200000; ++i) text += "续\n";
  const SourceDocument document = ReadOrDie(text);
  ASSERT_EQ(document.blocks.size(), 1u);
  EXPECT_EQ(document.blocks[0].rows[0].cells[0].text.size(),
            std::string("标签").size() + 200000 * 4);
}

TEST(CodecTextLayoutReader, EmptyInputIsAnEmptyDocument) {
  EXPECT_TRUE(ReadOrDie("").blocks.empty());
  EXPECT_TRUE(ReadOrDie("\n\n  \n").blocks.empty());
}

}  // namespace
}  // namespace nianbao::codec
