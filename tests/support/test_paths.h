// Where tests find the source tree, the shared fixtures and the product binaries, and a temporary
// directory per test that is removed afterwards.
#ifndef NIANBAO_TESTS_SUPPORT_TEST_PATHS_H_
#define NIANBAO_TESTS_SUPPORT_TEST_PATHS_H_

#include <string>
#include <vector>

namespace nianbao::testing {

std::string SourceDir();    // $NIANBAO_SOURCE_DIR
std::string FixturesDir();  // $NIANBAO_FIXTURES_DIR (../shared/fixtures)
std::string BinDir();       // $NIANBAO_BIN_DIR (build/bin)
// The fixture reports: full paths of ../shared/fixtures/reports/*.txt, sorted.
std::vector<std::string> FixtureReportPaths();
std::string ReadFileOrDie(const std::string& path);
void WriteFileOrDie(const std::string& path, const std::string& contents);

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_SUPPORT_TEST_PATHS_H_
