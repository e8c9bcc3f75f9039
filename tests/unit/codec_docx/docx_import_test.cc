// Importing a report from .docx gives the same AnnualReport as importing its plain-text layout:
// for every fixture, the text layout is read, written as a genuine .docx (merged cells, w:br
// breaks, bookmarks, field codes, split runs) and imported again.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>

#include "services/codec/codec.h"
#include "services/codec/docx_reader.h"
#include "services/codec/text_layout_reader.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"
#include "tests/unit/codec_docx/docx_builder.h"

namespace nianbao::codec {
namespace {

using ::nianbao::testing::BuildDocx;
using ::nianbao::testing::FixtureReportPaths;
using ::nianbao::testing::ReadFileOrDie;

// The fixtures are listed at run time (their directory comes from the environment ctest sets), so
// each test loops over them rather than being parameterised at discovery.
void ExpectDocxImportEqualsTextImport(const std::string& path,
                                      const ::nianbao::testing::DocxBuildOptions& options) {
  SCOPED_TRACE(path);
  const std::string text = ReadFileOrDie(path);
  absl::StatusOr<nianbao::v1::AnnualReport> from_text = ImportReport(text, InputFormat::kText);
  NIANBAO_ASSERT_OK(from_text);
  absl::StatusOr<SourceDocument> layout = ReadTextLayout(text);
  NIANBAO_ASSERT_OK(layout);
  const std::string docx = BuildDocx(*layout, options);
  // Recognised by its zip signature, as a user's file would be.
  absl::StatusOr<nianbao::v1::AnnualReport> from_docx = ImportReport(docx);
  NIANBAO_ASSERT_OK(from_docx);
  std::string differences;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  EXPECT_TRUE(differencer.Compare(*from_text, *from_docx)) << differences;
}

void ExpectDocxHasTheLayoutsTables(const std::string& path) {
  SCOPED_TRACE(path);
  const std::string text = ReadFileOrDie(path);
  absl::StatusOr<SourceDocument> layout = ReadTextLayout(text);
  NIANBAO_ASSERT_OK(layout);
  absl::StatusOr<SourceDocument> read = ReadDocx(BuildDocx(*layout));
  NIANBAO_ASSERT_OK(read);
  std::vector<const SourceBlock*> want_tables, got_tables;
  for (const SourceBlock& block : layout->blocks) {
    if (block.kind == SourceBlock::Kind::kTable) want_tables.push_back(&block);
  }
  for (const SourceBlock& block : read->blocks) {
    if (block.kind == SourceBlock::Kind::kTable) got_tables.push_back(&block);
  }
  ASSERT_EQ(got_tables.size(), want_tables.size());
  ASSERT_GE(got_tables.size(), 3u);
  for (size_t t = 0; t < want_tables.size(); ++t) {
    ASSERT_EQ(got_tables[t]->rows.size(), want_tables[t]->rows.size()) << "table " << t;
    for (size_t r = 0; r < want_tables[t]->rows.size(); ++r) {
      const auto& want = want_tables[t]->rows[r].cells;
      const auto& got = got_tables[t]->rows[r].cells;
      ASSERT_EQ(got.size(), want.size()) << "table " << t << " row " << r;
      for (size_t c = 0; c < want.size(); ++c) {
        EXPECT_EQ(got[c].text, want[c].text) << got[c].where;
      }
    }
  }
}

TEST(DocxImportTest, DocxImportEqualsTextImportForEveryFixture) {
  ASSERT_FALSE(FixtureReportPaths().empty());
  for (const std::string& path : FixtureReportPaths()) ExpectDocxImportEqualsTextImport(path, {});
}

// Headings numbered by Word (numbering.xml and a numbered paragraph style), as many agencies'
// templates do: the numbers are not in the text, and the import must still be the same.
TEST(DocxImportTest, AutoNumberedHeadingsImportAsWrittenForEveryFixture) {
  ::nianbao::testing::DocxBuildOptions options;
  options.auto_number_headings = true;
  for (const std::string& path : FixtureReportPaths()) {
    ExpectDocxImportEqualsTextImport(path, options);
    // The builder really moved the numbers out of the text.
    absl::StatusOr<SourceDocument> layout = ReadTextLayout(ReadFileOrDie(path));
    NIANBAO_ASSERT_OK(layout);
    const std::string xml = ::nianbao::testing::DocumentXml(*layout, options);
    EXPECT_EQ(xml.find(">一、总体情况<"), std::string::npos);
    EXPECT_NE(xml.find("<w:numId w:val=\"1\"/>"), std::string::npos);
    EXPECT_NE(xml.find("CnSubheading"), std::string::npos);
  }
}

TEST(DocxImportTest, DocxHasTheLayoutsTablesCellForCellForEveryFixture) {
  for (const std::string& path : FixtureReportPaths()) ExpectDocxHasTheLayoutsTables(path);
}

}  // namespace
}  // namespace nianbao::codec
