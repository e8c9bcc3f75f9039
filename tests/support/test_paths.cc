#include "tests/support/test_paths.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace nianbao::testing {
namespace {

std::string EnvOrDie(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string("environment variable not set (run through ctest): ") +
                             name);
  }
  return value;
}

}  // namespace

std::string SourceDir() { return EnvOrDie("NIANBAO_SOURCE_DIR"); }
std::string FixturesDir() { return EnvOrDie("NIANBAO_FIXTURES_DIR"); }
std::string BinDir() { return EnvOrDie("NIANBAO_BIN_DIR"); }

std::vector<std::string> FixtureReportPaths() {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(FixturesDir() + "/reports")) {
    if (entry.path().extension() == ".txt") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFileOrDie(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  if (!out) throw std::runtime_error("cannot write " + path);
}

TempDir::TempDir() {
  std::string pattern = std::filesystem::temp_directory_path().string() + "/nianbao-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace nianbao::testing
