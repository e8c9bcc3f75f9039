// Supplies the test paths when ctest did not set them. gtest_discover_tests passes its PROPERTIES
// on as a flat list, so of nianbao_add_test's ENVIRONMENT "A=…;B=…;C=…" only the first variable
// reaches the test; the build's own paths, compiled in, fill the others (never overriding).
#include <cstdlib>

namespace {

const bool kPathsSet = [] {
  setenv("NIANBAO_SOURCE_DIR", NIANBAO_TEST_SOURCE_DIR, /*overwrite=*/0);
  setenv("NIANBAO_BIN_DIR", NIANBAO_TEST_BIN_DIR, /*overwrite=*/0);
  setenv("NIANBAO_FIXTURES_DIR", NIANBAO_TEST_FIXTURES_DIR, /*overwrite=*/0);
  return true;
}();

}  // namespace
