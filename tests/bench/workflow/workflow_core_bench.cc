// Durable transitions without the network: WorkflowCore::UpdateReport on a real RocksReportStore
// (synced writes) from 1 and 8 threads, beside the data directory's own ceiling, a loop of 4 KiB
// writes into zeros each followed by fdatasync in the same directory (tests/support/
// disk_sync_probe). The two
// tell where a gRPC figure's time goes: the disk's sync rate, the core's CPU, or the transport.
// Median of several runs.
// `--profile N` only edits from N threads for 10 s, to attach a profiler to.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "services/workflow/workflow_core.h"
#include "storage/rocks_report_store.h"
#include "tests/support/bench_timing.h"
#include "tests/support/disk_sync_probe.h"
#include "tests/support/test_paths.h"
#include "workflow/audit_chain.h"

namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::testing::ConcurrentRate;
using ::nianbao::testing::Median;
using ::nianbao::workflow_service::CallContext;

constexpr char kAgency[] = "bench-agency";

class NoValidator : public nianbao::workflow_service::ReportValidator {
 public:
  absl::StatusOr<v1::ValidateResponse> Validate(const v1::ValidateRequest&) override {
    return v1::ValidateResponse();
  }
};

struct Editor {
  std::string report;
  std::string etag;
  int64_t edits = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
  const int profile_threads =
      argc > 2 && std::strcmp(argv[1], "--profile") == 0 ? std::atoi(argv[2]) : 0;
  const double seconds = smoke ? 0.05 : 1.0;
  const int runs = smoke ? 1 : 5;
  const std::vector<int> thread_counts = {1, 8};

  nianbao::testing::TempDir dir;
  nianbao::storage::RocksReportStoreOptions options;
  options.path = dir.path() + "/db";
  options.audit_sealer = [](v1::AuditEvent* event) {
    *event = nianbao::workflow::SealAuditEvent(*event, event->previous_hash(),
                                               event->report_previous_hash());
  };
  auto store = nianbao::storage::RocksReportStore::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "cannot open the store: %s\n", store.status().ToString().c_str());
    return 1;
  }
  NoValidator validator;
  nianbao::workflow_service::WorkflowCore core(store->get(), &validator);
  CallContext drafter;
  drafter.principal.name = "drafter";
  drafter.principal.roles_by_agency[kAgency] = {v1::ROLE_DRAFTER};

  std::vector<Editor> editors(thread_counts.back());
  for (size_t i = 0; i < editors.size(); ++i) {
    v1::CreateReportRequest create;
    create.set_parent(std::string("agencies/") + kAgency);
    create.set_report_year(2100 + static_cast<int>(i));
    v1::Report created;
    if (absl::Status s = core.CreateReport(drafter, create, &created); !s.ok()) {
      std::fprintf(stderr, "create failed: %s\n", s.ToString().c_str());
      return 1;
    }
    editors[i] = {created.name(), created.etag()};
  }
  auto edit = [&](int i) {
    Editor& editor = editors[i];
    v1::UpdateReportRequest request;
    request.mutable_report()->set_name(editor.report);
    request.mutable_report()->set_etag(editor.etag);
    request.mutable_report()->mutable_content()->mutable_metadata()->set_title(
        "第 " + std::to_string(++editor.edits) + " 稿");
    request.mutable_update_mask()->add_paths("content.metadata.title");
    request.set_request_id(editor.report + "#" + std::to_string(editor.edits));
    v1::Report response;
    if (!core.UpdateReport(drafter, request, &response).ok()) return false;
    editor.etag = response.etag();
    return true;
  };

  if (profile_threads > 0) {
    const double t = ConcurrentRate(profile_threads, 10.0, edit);
    std::printf("%d thread(s): %.0f transitions/s over 10 s\n", profile_threads, t);
    return 0;
  }
  std::printf("durable transitions in-process (median of %d runs of %.2f s each):\n", runs,
              seconds);
  for (int threads : thread_counts) {
    std::vector<double> syncs, transitions, per_sync, per_write;
    for (int run = 0; run < runs; ++run) {
      const double s = nianbao::testing::DiskSyncRate(dir.path(), seconds);
      const int64_t writes_before = (*store)->write_count();
      std::atomic<int64_t> edits{0};
      const double t = ConcurrentRate(threads, seconds, [&](int i) { return edit(i) && ++edits; });
      syncs.push_back(s);
      transitions.push_back(t);
      per_sync.push_back(t / s);
      per_write.push_back(static_cast<double>(edits) /
                          static_cast<double>((*store)->write_count() - writes_before));
    }
    std::printf(
        "  %d thread(s): UpdateReport %6.0f transitions/s (%.1f per synced write); the disk alone "
        "%6.0f fdatasync/s; ratio %.2f\n",
        threads, Median(transitions), Median(per_write), Median(syncs), Median(per_sync));
  }
  return 0;
}
