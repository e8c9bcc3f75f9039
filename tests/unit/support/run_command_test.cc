// RunCommand hands the child this process's environment with the test's assignments on top, built
// before the fork (a child of a threaded parent must not allocate before exec).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/support/server_process.h"

namespace nianbao::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

CommandResult PrintEnvironment(const std::vector<std::string>& extra_env) {
  return RunCommand({"env"}, "", extra_env);
}

TEST(RunCommandTest, TheChildInheritsTheEnvironmentWithTheAssignmentsOnTop) {
  ASSERT_EQ(setenv("NIANBAO_RUN_COMMAND_INHERITED", "parent", 1), 0);
  ASSERT_EQ(setenv("NIANBAO_RUN_COMMAND_REPLACED", "parent", 1), 0);
  CommandResult result =
      PrintEnvironment({"NIANBAO_RUN_COMMAND_REPLACED=first", "NIANBAO_RUN_COMMAND_ADDED=added",
                        "NIANBAO_RUN_COMMAND_REPLACED=last"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\nNIANBAO_RUN_COMMAND_INHERITED=parent\n"));
  EXPECT_THAT(result.out, HasSubstr("\nNIANBAO_RUN_COMMAND_ADDED=added\n"));
  EXPECT_THAT(result.out, HasSubstr("\nNIANBAO_RUN_COMMAND_REPLACED=last\n"));
  EXPECT_THAT(result.out, Not(HasSubstr("NIANBAO_RUN_COMMAND_REPLACED=parent")));
  EXPECT_THAT(result.out, Not(HasSubstr("NIANBAO_RUN_COMMAND_REPLACED=first")));
  // The parent's own environment is untouched.
  EXPECT_STREQ(std::getenv("NIANBAO_RUN_COMMAND_REPLACED"), "parent");
  EXPECT_EQ(std::getenv("NIANBAO_RUN_COMMAND_ADDED"), nullptr);
}

TEST(RunCommandTest, AnEntryWithoutAnEqualsSignReplacesNothing) {
  ASSERT_EQ(setenv("NIANBAO_RUN_COMMAND_KEPT", "kept", 1), 0);
  CommandResult result = PrintEnvironment({"NIANBAO_RUN_COMMAND_KEPT"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\nNIANBAO_RUN_COMMAND_KEPT=kept\n"));
}

TEST(RunCommandTest, InputOutputAndExitCodeReachTheCaller) {
  CommandResult result = RunCommand({"sh", "-c", "cat; echo oops >&2; exit 3"}, "from stdin");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.out, "from stdin");
  EXPECT_EQ(result.err, "oops\n");
}

TEST(RunCommandTest, AMissingProgramExits127) {
  EXPECT_EQ(RunCommand({"nianbao-no-such-program"}).exit_code, 127);
}

}  // namespace
}  // namespace nianbao::testing
