// The one parser every `nianbao` command uses (services/cli/command_options.h): words, valued
// options in both spellings, flags, "--", "-", and the three mistakes it refuses.
#include "services/cli/command_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace nianbao::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const OptionSpec kSpec{{"--server", "--year", "-o"}, {"--json", "--all"}};

TEST(CommandOptionsTest, TakesWordsValuesAndFlagsInAnyOrder) {
  CommandLine line;
  ASSERT_EQ(ParseCommandLine(
                {"status", "--year", "2024", "--json", "NAME", "--server=h:1", "-o", "out.xlsx"},
                kSpec, &line),
            "");
  EXPECT_THAT(line.words, ElementsAre("status", "NAME"));
  EXPECT_EQ(line.Value("--year"), "2024");
  EXPECT_EQ(line.Value("--server"), "h:1");
  EXPECT_EQ(line.Value("-o"), "out.xlsx");
  EXPECT_TRUE(line.Flag("--json"));
  EXPECT_FALSE(line.Flag("--all"));
  EXPECT_FALSE(line.Has("--token"));
  EXPECT_EQ(line.Value("--token"), "");
}

TEST(CommandOptionsTest, KeepsEmptyAndEqualsSignValuesAndTheLastOccurrence) {
  CommandLine line;
  ASSERT_EQ(ParseCommandLine({"--server=", "--year=2023", "--year", "a=b"}, kSpec, &line), "");
  EXPECT_TRUE(line.Has("--server"));
  EXPECT_EQ(line.Value("--server"), "");
  EXPECT_EQ(line.Value("--year"), "a=b");
}

TEST(CommandOptionsTest, DashAloneIsAWordAndDoubleDashEndsOptions) {
  CommandLine line;
  ASSERT_EQ(ParseCommandLine({"-", "--", "--json", "-x"}, kSpec, &line), "");
  EXPECT_THAT(line.words, ElementsAre("-", "--json", "-x"));
  EXPECT_THAT(line.flags, IsEmpty());
}

TEST(CommandOptionsTest, RefusesUnknownOptionsNamingThem) {
  CommandLine line;
  EXPECT_EQ(ParseCommandLine({"status", "--yaer", "2024"}, kSpec, &line),
            "未知选项 unknown option --yaer");
  EXPECT_EQ(ParseCommandLine({"-x"}, kSpec, &line), "未知选项 unknown option -x");
}

TEST(CommandOptionsTest, RefusesAMissingValueAndAValueGivenToAFlag) {
  CommandLine line;
  EXPECT_EQ(ParseCommandLine({"status", "--year"}, kSpec, &line), "--year 缺少取值 needs a value");
  EXPECT_EQ(ParseCommandLine({"--json=yes"}, kSpec, &line), "--json 不带取值 takes no value");
}

}  // namespace
}  // namespace nianbao::cli
