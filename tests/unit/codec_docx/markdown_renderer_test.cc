// The Markdown rendering: title, sections and the three tables with the format's rows and columns.
#include "services/codec/markdown_renderer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "services/codec/codec.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::codec {
namespace {

using ::nianbao::testing::FixtureReportPaths;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTable3Header[] =
    "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |";

// The rows of the Markdown table whose header line is `header` (delimiter row excluded).
std::vector<std::string> TableRows(const std::string& markdown, const std::string& header) {
  std::vector<std::string> lines = absl::StrSplit(markdown, '\n');
  std::vector<std::string> rows;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] != header) continue;
    for (size_t j = i + 2; j < lines.size() && absl::StartsWith(lines[j], "|"); ++j) {
      rows.push_back(lines[j]);
    }
    break;
  }
  return rows;
}

nianbao::v1::AnnualReport Fixture(const std::string& name) {
  absl::StatusOr<nianbao::v1::AnnualReport> report =
      ImportReportFile(::nianbao::testing::FixturesDir() + "/reports/" + name);
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *report : nianbao::v1::AnnualReport();
}

TEST(MarkdownRendererTest, EveryFixtureHasTitleSectionsAndTables) {
  for (const std::string& path : FixtureReportPaths()) {
    SCOPED_TRACE(path);
    absl::StatusOr<nianbao::v1::AnnualReport> report = ImportReportFile(path);
    NIANBAO_ASSERT_OK(report);
    const std::string markdown = RenderMarkdown(*report);
    EXPECT_TRUE(absl::StartsWith(markdown, "# " + report->metadata().title() + "\n"));
    EXPECT_THAT(markdown, HasSubstr("## " + report->overview().heading().text()));
    EXPECT_THAT(markdown, HasSubstr("## " + report->other_matters().heading().text()));
    EXPECT_THAT(markdown, HasSubstr("**第二十条第（一）项**"));
    EXPECT_THAT(markdown,
                HasSubstr("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"));
    const bool trial = path.find("2019_") != std::string::npos;
    const std::vector<std::string> table3 = TableRows(markdown, kTable3Header);
    ASSERT_EQ(table3.size(), trial ? 23u : 25u);
    for (const std::string& row : table3) {
      EXPECT_EQ(std::count(row.begin(), row.end(), '|'), 9) << row;
    }
    EXPECT_TRUE(absl::StartsWith(table3[0], "| 一、本年新收政府信息公开申请数量 |"));
    EXPECT_TRUE(absl::StartsWith(table3[2], "| 三、本年度办理结果 （一）予以公开 |"));
    EXPECT_TRUE(absl::StartsWith(table3[4], "| （三）不予公开 1.属于国家秘密 |"));
    EXPECT_TRUE(absl::StartsWith(table3[5], "| 2.其他法律行政法规禁止公开 |"));
    EXPECT_TRUE(absl::StartsWith(table3.back(), "| 四、结转下年度继续办理 |"));
    EXPECT_THAT(markdown, HasSubstr("行政复议<br>结果维持"));
    EXPECT_THAT(markdown, HasSubstr("行政诉讼（复议后起诉）<br>总计"));
  }
}

TEST(MarkdownRendererTest, TheTrialFormatKeepsItsOwnColumnsAndBlanks) {
  const std::string markdown = RenderMarkdown(Fixture("2019_shanghai-gov-office_old-format.txt"));
  EXPECT_THAT(markdown,
              HasSubstr("| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |"));
  EXPECT_THAT(markdown, HasSubstr("| 规范性文件 | 60 | 60 | 368 |"));
  EXPECT_THAT(markdown, HasSubstr("| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |"));
  EXPECT_THAT(markdown, HasSubstr("| 政府集中采购 | 6 | 251000元 |"));
  EXPECT_THAT(markdown, Not(HasSubstr("本年制发件数")));
  const std::vector<std::string> table3 = TableRows(markdown, kTable3Header);
  ASSERT_EQ(table3.size(), 23u);
  EXPECT_EQ(table3[0], "| 一、本年新收政府信息公开申请数量 | 821 | 35 |  |  | 2 | 1 | 859 |");
  EXPECT_EQ(table3[20], "| （六）其他处理 |  |  |  |  |  |  |  |");
  // Table 4: one row of fifteen, blank cells blank.
  EXPECT_THAT(markdown, HasSubstr("| 5 |  |  | 2 | 7 | 8 |  |  | 1 | 9 |  |  |  |  |  |"));
}

TEST(MarkdownRendererTest, TheCurrentFormatHasItsColumns) {
  const std::string markdown = RenderMarkdown(Fixture("2024_jianshan-jiaotiju.txt"));
  EXPECT_THAT(markdown, HasSubstr("| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"));
  EXPECT_THAT(markdown, HasSubstr("| 行政许可 | 1 |"));
  EXPECT_THAT(markdown, HasSubstr("| 信息内容 | 本年收费金额（单位：万元） |"));
  EXPECT_THAT(markdown, HasSubstr("### （一）加强领导，完善机制"));
  EXPECT_THAT(markdown, Not(HasSubstr("对外公开总数量")));
}

TEST(MarkdownRendererTest, MarkupInTextIsEscaped) {
  nianbao::v1::AnnualReport report;
  report.mutable_metadata()->set_title("标题 *强调* <b>");
  report.mutable_applications()->mutable_table()->mutable_disclosed()->mutable_total()->set_text(
      "a|b");
  const std::string markdown = RenderMarkdown(report);
  EXPECT_THAT(markdown, HasSubstr("# 标题 \\*强调\\* \\<b\\>"));
  EXPECT_THAT(markdown, HasSubstr("a\\|b"));
}

}  // namespace
}  // namespace nianbao::codec
