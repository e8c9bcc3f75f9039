// The fixture reports for the codec tests: $NIANBAO_FIXTURES_DIR/reports, or the directory
// compiled in by CMake when the variable does not reach the test.
#ifndef NIANBAO_TESTS_UNIT_CODEC_CODEC_TEST_PATHS_H_
#define NIANBAO_TESTS_UNIT_CODEC_CODEC_TEST_PATHS_H_

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace nianbao::codec_testing {

inline std::string ReportFixturesDir() {
  const char* from_environment = std::getenv("NIANBAO_FIXTURES_DIR");
  const std::string base = from_environment != nullptr && *from_environment != '\0'
                               ? from_environment
                               : NIANBAO_CODEC_FIXTURES_DIR;
  return base + "/reports";
}

inline std::vector<std::string> ReportFixturePaths() {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(ReportFixturesDir())) {
    if (entry.path().extension() == ".txt") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace nianbao::codec_testing

#endif  // NIANBAO_TESTS_UNIT_CODEC_CODEC_TEST_PATHS_H_
