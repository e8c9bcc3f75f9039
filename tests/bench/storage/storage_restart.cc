// Restart: a database of many reports and audit events, written through RocksReportStore itself
// (so with exactly the keys and values a server writes: CommitAsync, many commits per synced
// batch), then nianbao-workflowd started on it, timed from the start of the process until it has
// answered a GetReport and two ListReports (one agency's reports; every agency's first page).
#include <sys/stat.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/rocks_report_store.h"
#include "tests/bench/storage/storage_bench.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/bench_timing.h"
#include "workflow/audit_chain.h"

namespace nianbao::bench {
namespace {

namespace v1 = ::nianbao::v1;
using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Report i's agency: the test environment's agency for the first, so that its users read it.
std::string AgencyOf(int64_t i) {
  return i == 0 ? std::string(nianbao::testing::kAgency) : absl::StrCat("b", 10000000 + i);
}

// Creates report i with `events` audit events about it (an edit's events, as a year of work
// leaves them).
storage::ReportMutation CreateWithEvents(int64_t i, int events) {
  storage::ReportMutation mutation;
  const std::string agency = AgencyOf(i);
  mutation.report_id = {agency, 2024};
  mutation.plan = [agency, events,
                   i](const std::optional<v1::Report>&) -> absl::StatusOr<storage::MutationPlan> {
    storage::MutationPlan plan;
    v1::Report& report = plan.report.emplace();
    report.set_name(absl::StrCat("agencies/", agency, "/reports/2024"));
    report.set_agency_id(agency);
    report.set_report_year(2024);
    report.set_state(v1::REPORT_STATE_DRAFT);
    report.set_revision(1);
    report.set_etag(absl::StrCat("etag-", i));
    report.mutable_create_time()->set_seconds(1700000000 + i);
    report.mutable_update_time()->set_seconds(1700000000 + i);
    report.mutable_content()->mutable_metadata()->set_title(
        absl::StrCat(agency, " 2024年政府信息公开工作年度报告"));
    report.mutable_content()->mutable_metadata()->set_report_year(2024);
    for (int e = 0; e < events; ++e) {
      v1::AuditEvent& event = plan.audit_events.emplace_back();
      event.set_report(report.name());
      event.set_agency_id(agency);
      event.set_actor("drafter");
      event.set_action(e == 0 ? v1::AUDIT_ACTION_CREATE : v1::AUDIT_ACTION_UPDATE);
      event.set_outcome(v1::AUDIT_OUTCOME_SUCCEEDED);
      event.mutable_time()->set_seconds(1700000000 + i);
      event.set_state_after(v1::REPORT_STATE_DRAFT);
      event.set_revision(1);
    }
    return plan;
  };
  return mutation;
}

bool Build(const std::string& path, int64_t reports, int events) {
  storage::RocksReportStoreOptions options;
  options.path = path;
  options.audit_sealer = [](v1::AuditEvent* event) {
    *event = nianbao::workflow::SealAuditEvent(*event, event->previous_hash(),
                                               event->report_previous_hash());
  };
  auto store = storage::RocksReportStore::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "cannot open the store: %s\n", store.status().ToString().c_str());
    return false;
  }
  // Enough commits in flight that each synced batch holds hundreds of them.
  constexpr int64_t kInFlight = 2048;
  std::mutex mutex;
  std::condition_variable done_cv;
  int64_t in_flight = 0;
  bool failed = false;
  for (int64_t i = 0; i < reports && !failed; ++i) {
    {
      std::unique_lock<std::mutex> lock(mutex);
      done_cv.wait(lock, [&] { return in_flight < kInFlight; });
      ++in_flight;
    }
    (*store)->CommitAsync(
        CreateWithEvents(i, events), [&](absl::StatusOr<storage::CommitResult> result) {
          std::lock_guard<std::mutex> lock(mutex);
          if (!result.ok() && !failed) {
            failed = true;
            std::fprintf(stderr, "commit failed: %s\n", result.status().ToString().c_str());
          }
          --in_flight;
          done_cv.notify_all();
        });
  }
  std::unique_lock<std::mutex> lock(mutex);
  done_cv.wait(lock, [&] { return in_flight == 0; });
  return !failed;
}

// Starts workflowd and waits until it answers; the seconds from start to serving.
absl::StatusOr<double> StartAndServe(nianbao::testing::WorkflowTestEnv& env) {
  const Clock::time_point start = Clock::now();
  if (absl::Status s = env.StartWorkflow(); !s.ok()) return s;
  auto stub = env.NewStub();
  const std::string agency = nianbao::testing::kAgency;
  for (int attempt = 0;; ++attempt) {
    v1::GetReportRequest get;
    get.set_name(absl::StrCat("agencies/", agency, "/reports/2024"));
    v1::Report report;
    grpc::Status status =
        stub->GetReport(nianbao::testing::ContextFor("drafter").get(), get, &report);
    if (status.ok()) break;
    if (attempt > 10000) return absl::InternalError("GetReport: " + status.error_message());
  }
  v1::ListReportsRequest list;
  list.set_parent("agencies/" + agency);
  v1::ListReportsResponse listed;
  grpc::Status status =
      stub->ListReports(nianbao::testing::ContextFor("drafter").get(), list, &listed);
  if (!status.ok() || listed.reports_size() != 1) {
    return absl::InternalError("ListReports: " + status.error_message());
  }
  v1::ListReportsRequest every;
  every.set_parent("agencies/-");
  every.set_page_size(50);
  v1::ListReportsResponse first_page;
  status = stub->ListReports(nianbao::testing::ContextFor("central").get(), every, &first_page);
  if (!status.ok() || first_page.reports_size() != 50) {
    return absl::InternalError(absl::StrCat("ListReports agencies/-: ", status.error_message(),
                                            " (", first_page.reports_size(), " reports)"));
  }
  return SecondsSince(start);
}

}  // namespace

DiskBytes MeasureDisk(const std::string& path) {
  DiskBytes bytes;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    struct stat st;
    if (stat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const int64_t allocated = static_cast<int64_t>(st.st_blocks) * 512;
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".sst") {
      bytes.tables += allocated;
    } else if (name.rfind("MANIFEST-", 0) == 0) {
      bytes.manifest += allocated;
    } else if (entry.path().extension() == ".log") {
      bytes.wal += allocated;
    } else {
      bytes.other += allocated;
    }
  }
  return bytes;
}

int RunRestart(int64_t reports, int events_per_report, int restarts, const std::string& keep_dir) {
  nianbao::testing::WorkflowTestEnv env;
  // A kept directory is built once and reused (to compare builds of the server on the same data).
  const std::string data_dir = keep_dir.empty() ? env.data_dir() : keep_dir;
  if (!keep_dir.empty()) env.set_workflow_args({"--data_dir=" + keep_dir});
  const bool built_before = std::filesystem::exists(data_dir + "/CURRENT");
  std::printf(
      "restart: %lld reports with %d audit events each (%lld events), written through "
      "RocksReportStore::CommitAsync\n",
      static_cast<long long>(reports), events_per_report,
      static_cast<long long>(reports * events_per_report));
  const Clock::time_point build_start = Clock::now();
  if (!built_before && !Build(data_dir, reports, events_per_report)) return 1;
  const double build_seconds = SecondsSince(build_start);
  const DiskBytes bytes = MeasureDisk(data_dir);
  if (built_before) std::printf("  (built before, in %s)\n", data_dir.c_str());
  std::printf("  built in %.0f s: %.2f GiB of tables, %.1f MiB of write-ahead log allocated\n",
              build_seconds, static_cast<double>(bytes.tables) / (1 << 30),
              static_cast<double>(bytes.wal) / (1 << 20));
  if (absl::Status s = env.StartValidation(); !s.ok()) {
    std::fprintf(stderr, "validatord: %s\n", s.ToString().c_str());
    return 1;
  }
  std::vector<double> seconds;
  // The first start also builds the office's roll-up records once (a database written by the
  // store alone has none): timed apart from the restarts.
  for (int run = 0; run <= restarts; ++run) {
    absl::StatusOr<double> served = StartAndServe(env);
    if (!served.ok()) {
      std::fprintf(stderr, "start %d: %s\n%s\n", run, served.status().ToString().c_str(),
                   env.workflow().Log().c_str());
      return 1;
    }
    if (run == 0) {
      std::printf("  first start (with the one-time roll-up check): %.2f s to serving\n", *served);
    } else {
      seconds.push_back(*served);
      std::printf("  restart %d: %.2f s to serving\n", run, *served);
    }
    if (absl::StatusOr<int> stopped = env.workflow().Stop(); !stopped.ok() || *stopped != 0) {
      std::fprintf(stderr, "workflowd did not stop cleanly\n%s\n", env.workflow().Log().c_str());
      return 1;
    }
  }
  std::printf("  restart to serving: median %.2f s of %d (target < 2 s)\n",
              nianbao::testing::Median(seconds), restarts);
  return 0;
}

}  // namespace nianbao::bench
