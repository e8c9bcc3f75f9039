// Validation throughput. Prints, each as the median of 5 runs:
//  - in-process validations per second on one core, for a full report (the clean 2024 report built
//    in tests/unit/validation, and each shared fixture), without and with last year's report;
//  - over gRPC on loopback, Validate calls per second with 1 and 8 clients against the real
//    nianbao-validatord in its own process, as a ratio to an empty unary call
//    (grpc.health.v1.Health/Check) measured in the same run against the same server. (Until
//    2026-11-25 the server ran inside the benchmark's process, sharing gRPC's threads with the
//    clients; that flattered the ratio by about 0.1.)
// `--in-process` stops after the in-process figures; `--in-process-calls N` does the same with
// exactly N calls per figure instead of timed runs, so that `valgrind --tool=callgrind` counts
// compare between builds on a noisy machine; `--profile N [validate|empty]` makes only
// that call over gRPC for 10 s; `--smoke` runs everything briefly (for ctest); numbers from a
// sanitizer build mean little.
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/client_unary_call.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "nianbao/v1/validation.grpc.pb.h"
#include "services/codec/codec.h"
#include "services/common/server_bootstrap.h"
#include "services/validation/rule_catalog.h"
#include "services/validation/rules.h"
#include "services/validation/validator.h"
#include "tests/support/bench_timing.h"
#include "tests/support/server_process.h"
#include "tests/support/test_paths.h"
#include "tests/unit/validation/report_builder.h"

namespace {

using ::nianbao::testing::ConcurrentRate;
using ::nianbao::testing::Median;
using Clock = ::nianbao::testing::BenchClock;

// With --in-process-calls N: each figure is exactly N calls.
int64_t fixed_calls = 0;

// Calls `body` repeatedly for `seconds` (or fixed_calls times); returns calls per second.
template <typename Body>
double Rate(double seconds, Body&& body) {
  const auto start = Clock::now();
  if (fixed_calls > 0) {
    for (int64_t i = 0; i < fixed_calls; ++i) body();
    return fixed_calls / std::chrono::duration<double>(Clock::now() - start).count();
  }
  const auto end = start + std::chrono::duration<double>(seconds);
  int64_t calls = 0;
  while (Clock::now() < end) {
    for (int i = 0; i < 16; ++i) body();
    calls += 16;
  }
  return calls / std::chrono::duration<double>(Clock::now() - start).count();
}

double InProcessRate(const nianbao::v1::AnnualReport& report,
                     const nianbao::v1::AnnualReport* previous, double seconds, int runs) {
  nianbao::validation::ValidationContext context;
  context.previous_report = previous;
  std::vector<nianbao::validation::Finding> findings;
  std::vector<double> rates;
  for (int run = 0; run < runs; ++run) {
    rates.push_back(
        Rate(seconds, [&] { nianbao::validation::ValidateReport(report, context, &findings); }));
  }
  return Median(rates);
}

// In-process validations per second on one thread: the clean report, with and without last
// year's, and each fixture.
void PrintInProcessRates(const nianbao::v1::AnnualReport& clean,
                         const nianbao::v1::AnnualReport& previous, double seconds, int runs) {
  if (fixed_calls > 0) {
    std::printf("in-process, one thread (median of %d runs of %lld calls):\n", runs,
                static_cast<long long>(fixed_calls));
  } else {
    std::printf("in-process, one thread (median of %d runs of %.2f s):\n", runs, seconds);
  }
  std::printf("  %-48s %12.0f validations/s\n", "clean 2024 report",
              InProcessRate(clean, nullptr, seconds, runs));
  std::printf("  %-48s %12.0f validations/s\n", "clean 2024 report + last year's report",
              InProcessRate(clean, &previous, seconds, runs));
  for (const std::string& path : nianbao::testing::FixtureReportPaths()) {
    auto report = nianbao::codec::ImportReportFile(path);
    if (!report.ok()) continue;
    const std::string name = path.substr(path.rfind('/') + 1);
    std::printf("  %-48s %12.0f validations/s\n", name.c_str(),
                InProcessRate(*report, nullptr, seconds, runs));
  }
}

// Each rule alone on `report`: microseconds per call and the findings it makes.
void PrintRuleCosts(const std::string& name, const nianbao::v1::AnnualReport& report,
                    const nianbao::v1::AnnualReport* previous, double seconds) {
  static constexpr nianbao::validation::RuleCheck kChecks[] = {
      nianbao::validation::CheckT3ColumnBalance, nianbao::validation::CheckT3ResultsSum,
      nianbao::validation::CheckT3RowTotal,      nianbao::validation::CheckT4GroupTotal,
      nianbao::validation::CheckCellNotNumber,   nianbao::validation::CheckT2FeeUnit,
      nianbao::validation::CheckFormatVersion,   nianbao::validation::CheckSections,
      nianbao::validation::CheckPeriod,          nianbao::validation::CheckS5Content,
      nianbao::validation::CheckS6Fee,           nianbao::validation::CheckXCarryOver,
      nianbao::validation::CheckXValidDocs,      nianbao::validation::CheckTextTable,
      nianbao::validation::CheckRepeatLastYear,  nianbao::validation::CheckDeadline};
  nianbao::validation::ValidationContext context;
  context.previous_report = previous;
  std::vector<nianbao::validation::Finding> findings;
  std::printf("each rule alone on %s:\n", name.c_str());
  for (const auto& info : nianbao::validation::RuleCatalog()) {
    const auto check = kChecks[static_cast<size_t>(info.id)];
    const double rate = Rate(seconds / 4, [&] {
      nianbao::validation::FindingSink sink(nianbao::validation::Stage::kDraft, &findings);
      check(report, context, sink);
      sink.Finish();
    });
    std::printf("  %-20s %8.3f us  %2zu finding(s)\n", info.code, 1e6 / rate, findings.size());
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Debian's Abseil checks every mutex for deadlocks; the gRPC clients here lock many. Off, as
  // in the servers, so that the client side costs what it would in a production process.
  nianbao::service::PrepareProcessForServing();
  const bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
  // --in-process: skip the gRPC figures (for profiling the rules).
  const bool in_process_only = argc > 1 && (std::strcmp(argv[1], "--in-process") == 0 ||
                                            std::strcmp(argv[1], "--in-process-calls") == 0);
  if (argc > 2 && std::strcmp(argv[1], "--in-process-calls") == 0)
    fixed_calls = std::atoll(argv[2]);
  // --profile N [validate|empty]: only that call over gRPC from N clients for 10 s.
  const int profile_clients =
      argc > 2 && std::strcmp(argv[1], "--profile") == 0 ? std::atoi(argv[2]) : 0;
  const double seconds = smoke ? 0.02 : 1.0;
  const int runs = smoke ? 1 : 5;

  const nianbao::v1::AnnualReport clean = nianbao::testing::CleanReport2024();
  const nianbao::v1::AnnualReport previous = nianbao::testing::CleanReport2023();
  if (profile_clients == 0) PrintInProcessRates(clean, previous, seconds, runs);

  if (in_process_only) {
    // Where the time goes: each rule alone, on the clean report (with last year's) and on each
    // fixture (the ones with many findings spend it building their messages).
    PrintRuleCosts("clean 2024 report + last year's report", clean, &previous, seconds);
    for (const std::string& path : nianbao::testing::FixtureReportPaths()) {
      auto report = nianbao::codec::ImportReportFile(path);
      if (report.ok()) PrintRuleCosts(path.substr(path.rfind('/') + 1), *report, nullptr, seconds);
    }
    return 0;
  }

  // The real server, as deployed: nianbao-validatord in its own process on loopback.
  nianbao::testing::TempDir dir;
  nianbao::testing::ServerProcess server;
  if (absl::Status s =
          server.Start(nianbao::testing::BinDir() + "/nianbao-validatord", {}, dir.File("port"));
      !s.ok()) {
    std::fprintf(stderr, "cannot start nianbao-validatord: %s\n", s.ToString().c_str());
    return 1;
  }
  const std::string address = server.address();
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int c = 0; c < 8; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("nianbao.bench.client", c);  // A distinct argument: a connection per client.
    channels.push_back(
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
  }
  nianbao::v1::ValidateRequest request;
  *request.mutable_report() = clean;
  // One stub per client, made once, as a real client keeps it (the empty call needs none).
  std::vector<std::unique_ptr<nianbao::v1::ValidationService::Stub>> stubs;
  for (const auto& channel : channels)
    stubs.push_back(nianbao::v1::ValidationService::NewStub(channel));
  auto validate = [&](int client) {
    grpc::ClientContext context;
    nianbao::v1::ValidateResponse response;
    return stubs[client]->Validate(&context, request, &response).ok();
  };
  auto health = [&](const std::shared_ptr<grpc::Channel>& channel) {
    grpc::ClientContext context;
    grpc::Slice empty("");
    grpc::ByteBuffer request_bytes(&empty, 1);
    grpc::ByteBuffer response_bytes;
    return grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
               channel.get(),
               grpc::internal::RpcMethod("/grpc.health.v1.Health/Check",
                                         grpc::internal::RpcMethod::NORMAL_RPC),
               &context, request_bytes, &response_bytes)
        .ok();
  };
  size_t response_size = 0;
  {
    grpc::ClientContext context;
    nianbao::v1::ValidateResponse response;
    if (!stubs[0]->Validate(&context, request, &response).ok()) return 1;
    response_size = response.ByteSizeLong();
  }
  if (profile_clients > 0) {
    const bool empty = argc > 3 && std::strcmp(argv[3], "empty") == 0;
    const double rate = ConcurrentRate(profile_clients, 10.0, [&](int c) {
      return empty ? health(channels[c % channels.size()]) : validate(c % stubs.size());
    });
    std::printf("%d client(s): %.0f %s calls/s over 10 s\n", profile_clients, rate,
                empty ? "empty" : "Validate");
    (void)server.Stop();
    return 0;
  }
  std::printf(
      "over gRPC on loopback (median of %d runs of %.2f s each; request %zu bytes, response "
      "%zu):\n",
      runs, seconds, request.ByteSizeLong(), response_size);
  for (int clients : {1, 8}) {
    std::vector<double> validate_rates, health_rates, ratios;
    for (int run = 0; run < runs; ++run) {
      const double h = ConcurrentRate(clients, seconds, [&](int c) { return health(channels[c]); });
      const double v = ConcurrentRate(clients, seconds, validate);
      health_rates.push_back(h);
      validate_rates.push_back(v);
      ratios.push_back(v / h);
    }
    std::printf(
        "  %d client(s): Validate %9.0f calls/s, empty call (health Check) %9.0f calls/s, "
        "ratio %.2f\n",
        clients, Median(validate_rates), Median(health_rates), Median(ratios));
  }
  (void)server.Stop();
  return 0;
}
