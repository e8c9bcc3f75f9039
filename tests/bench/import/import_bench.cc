// Import speed (issue 20), each figure the median of several runs measured in the same run as its
// baseline:
//  - PDF: `nianbao import FIXTURE.pdf --to json` as a ratio to `pdftotext -layout FIXTURE.pdf`
//    (poppler-utils) on the same file. Both are whole processes started the same way, so the ratio
//    is what parsing beyond poppler's own text extraction costs (target ≤ 1.5×). The in-process
//    time of codec::ImportReportFile is printed beside it.
//  - Batch: `nianbao import FILE... -o DIR` over 200 files (the shared fixtures' text layouts,
//    portal page and PDF, and the LibreOffice prints of tests/data/pdf, repeated) with --jobs 2
//    against --jobs 1: the speed-up on 2 cores (target near 2×).
// `--smoke` runs everything once on few files (for ctest); numbers from a sanitizer build mean
// little: tests/bench/run builds without sanitizers.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/codec/codec.h"
#include "tests/support/bench_timing.h"
#include "tests/support/server_process.h"
#include "tests/support/test_paths.h"

namespace {

namespace fs = std::filesystem;
using ::nianbao::testing::BinDir;
using ::nianbao::testing::FixturesDir;
using ::nianbao::testing::Median;
using ::nianbao::testing::RunCommand;
using ::nianbao::testing::SourceDir;
using Clock = ::nianbao::testing::BenchClock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Runs argv to completion and returns its wall time; a failed command ends the benchmark, since a
// figure of something that failed would mean nothing.
double TimeCommand(const std::vector<std::string>& argv) {
  const auto start = Clock::now();
  auto result = RunCommand(argv);
  const double seconds = SecondsSince(start);
  if (result.exit_code != 0) {
    std::fprintf(stderr, "%s failed (exit %d): %s\n", argv[0].c_str(), result.exit_code,
                 result.err.c_str());
    std::exit(1);
  }
  return seconds;
}

struct Scratch {
  Scratch() {
    char pattern[] = "/tmp/nianbao-import-bench-XXXXXX";
    path = mkdtemp(pattern);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string path;
};

void BenchPdf(const std::string& pdf, int runs, const Scratch& scratch) {
  const std::string cli = BinDir() + "/nianbao";
  const std::string out = scratch.path + "/one.json";
  const std::string text = scratch.path + "/one.txt";
  std::vector<double> ours, poppler, in_process;
  // Alternating, so that a slow moment of the machine falls on both.
  for (int i = 0; i < runs; ++i) {
    poppler.push_back(TimeCommand({"pdftotext", "-layout", pdf, text}));
    ours.push_back(TimeCommand({cli, "import", pdf, "--to", "json", "-o", out}));
    const auto start = Clock::now();
    auto report = nianbao::codec::ImportReportFile(pdf);
    in_process.push_back(SecondsSince(start));
    if (!report.ok()) {
      std::fprintf(stderr, "import of %s failed: %s\n", pdf.c_str(),
                   std::string(report.status().message()).c_str());
      std::exit(1);
    }
  }
  const double ratio = Median(ours) / Median(poppler);
  std::printf(
      "pdf %s: nianbao import %.1f ms, pdftotext -layout %.1f ms: %.2fx (target <= 1.5x); "
      "in-process %.1f ms (median of %d)\n",
      fs::path(pdf).filename().c_str(), Median(ours) * 1e3, Median(poppler) * 1e3, ratio,
      Median(in_process) * 1e3, runs);
}

// The batch's inputs: every fixture the import reads (text, page, PDFs), copied under distinct
// names until there are `count`.
std::vector<std::string> BatchInputs(int count, const Scratch& scratch) {
  std::vector<std::string> sources;
  for (const auto& entry : fs::directory_iterator(FixturesDir() + "/reports")) {
    if (entry.path().extension() == ".txt") sources.push_back(entry.path().string());
  }
  sources.push_back(FixturesDir() + "/reports/html/2023_shuyang-fagaiju.html");
  sources.push_back(FixturesDir() + "/reports/pdf/2024_hongze-district-gov.pdf");
  for (const auto& entry : fs::directory_iterator(SourceDir() + "/tests/data/pdf")) {
    if (entry.path().extension() == ".pdf") sources.push_back(entry.path().string());
  }
  std::sort(sources.begin(), sources.end());
  const std::string dir = scratch.path + "/in";
  fs::create_directories(dir);
  std::vector<std::string> inputs;
  for (int i = 0; i < count; ++i) {
    const fs::path source = sources[i % sources.size()];
    const std::string copy =
        absl::StrCat(dir, "/", i, "_", source.stem().string(), source.extension().string());
    fs::copy_file(source, copy, fs::copy_options::overwrite_existing);
    inputs.push_back(copy);
  }
  return inputs;
}

double TimeBatch(const std::vector<std::string>& inputs, int jobs, const std::string& out) {
  std::error_code ignored;
  fs::remove_all(out, ignored);
  fs::create_directories(out);
  std::vector<std::string> argv = {BinDir() + "/nianbao", "import"};
  argv.insert(argv.end(), inputs.begin(), inputs.end());
  for (const char* flag : {"--to", "json", "-o"}) argv.push_back(flag);
  argv.push_back(out);
  argv.push_back("--jobs");
  argv.push_back(std::to_string(jobs));
  return TimeCommand(argv);
}

void BenchBatch(int files, int runs, const Scratch& scratch) {
  const auto inputs = BatchInputs(files, scratch);
  std::vector<double> one, two;
  for (int i = 0; i < runs; ++i) {
    one.push_back(TimeBatch(inputs, 1, scratch.path + "/out1"));
    two.push_back(TimeBatch(inputs, 2, scratch.path + "/out2"));
  }
  std::printf(
      "batch of %d files: --jobs 1 %.2f s, --jobs 2 %.2f s: speed-up %.2fx on 2 cores "
      "(median of %d)\n",
      files, Median(one), Median(two), Median(one) / Median(two), runs);
}

}  // namespace

int main(int argc, char** argv) {
  const bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
  Scratch scratch;
  BenchPdf(FixturesDir() + "/reports/pdf/2024_hongze-district-gov.pdf", smoke ? 1 : 9, scratch);
  BenchBatch(smoke ? 4 : 200, smoke ? 1 : 5, scratch);
  return 0;
}
