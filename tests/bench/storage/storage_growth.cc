// Growth: report-years written through WorkflowCore (the servers' core, in-process, no gRPC) on a
// real RocksReportStore, then compacted and measured on disk per report-year, as a ratio to the
// report's protobuf size, with the request records live and after they expire; and what each call
// writes to the write-ahead log, with and without a request_id (the request record's cost).
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/workflow/workflow_core.h"
#include "storage/rocks_report_store.h"
#include "tests/bench/storage/storage_bench.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/test_paths.h"
#include "workflow/audit_chain.h"

namespace nianbao::bench {
namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::workflow_service::CallContext;

class NoValidator : public nianbao::workflow_service::ReportValidator {
 public:
  absl::StatusOr<v1::ValidateResponse> Validate(const v1::ValidateRequest&) override {
    return v1::ValidateResponse();
  }
};

CallContext Caller(const std::string& name, const std::string& agency, v1::Role role) {
  CallContext call;
  call.principal.name = name;
  call.principal.roles_by_agency[agency] = {role};
  return call;
}

constexpr int kEdits = 5;
// The calls of one report-year, in order.
const char* const kCalls[] = {"create", "update", "submit", "approve", "publish", "correct"};

// One report-year through the lifecycle; adds each call's WAL bytes to `wal` (by call) and returns
// the report's protobuf size when published, or 0 on failure.
size_t ReportYear(nianbao::workflow_service::WorkflowCore& core, storage::RocksReportStore& store,
                  const v1::AnnualReport& seed, const std::string& agency, bool request_ids,
                  std::map<std::string, std::pair<int64_t, int64_t>>* wal_and_response) {
  const CallContext drafter = Caller("drafter", agency, v1::ROLE_DRAFTER);
  const CallContext approver = Caller("approver", agency, v1::ROLE_APPROVER);
  const CallContext publisher = Caller("publisher", agency, v1::ROLE_PUBLISHER);
  int serial = 0;
  auto id = [&] { return request_ids ? absl::StrCat(agency, "#", ++serial) : std::string(); };
  // Single-threaded here, so the store's byte counter moves by this call's write alone.
  auto run = [&](const char* call, auto&& body) {
    const int64_t before = store.written_bytes();
    const absl::StatusOr<int64_t> response = body();
    if (!response.ok()) {
      std::fprintf(stderr, "%s failed: %s\n", call, response.status().ToString().c_str());
      return false;
    }
    auto& [wal, bytes] = (*wal_and_response)[call];
    wal += store.written_bytes() - before;
    bytes += *response;
    return true;
  };
  v1::Report report;
  const std::string name = absl::StrCat("agencies/", agency, "/reports/2024");
  bool ok = run("create", [&]() -> absl::StatusOr<int64_t> {
    v1::CreateReportRequest request;
    request.set_parent("agencies/" + agency);
    request.set_report_year(2024);
    *request.mutable_content() = seed;
    request.set_request_id(id());
    if (absl::Status s = core.CreateReport(drafter, request, &report); !s.ok()) return s;
    return static_cast<int64_t>(report.ByteSizeLong());
  });
  for (int e = 0; ok && e < kEdits; ++e) {
    ok = run("update", [&]() -> absl::StatusOr<int64_t> {
      v1::UpdateReportRequest request;
      request.mutable_report()->set_name(name);
      request.mutable_report()->set_etag(report.etag());
      request.mutable_report()->mutable_content()->mutable_metadata()->set_title(
          absl::StrCat("第 ", e + 1, " 稿"));
      request.mutable_update_mask()->add_paths("content.metadata.title");
      request.set_request_id(id());
      if (absl::Status s = core.UpdateReport(drafter, request, &report); !s.ok()) return s;
      return static_cast<int64_t>(report.ByteSizeLong());
    });
  }
  size_t published_size = 0;
  ok = ok && run("submit", [&]() -> absl::StatusOr<int64_t> {
         v1::SubmitReportRequest request;
         request.set_name(name);
         request.set_etag(report.etag());
         request.set_request_id(id());
         v1::SubmitReportResponse response;
         if (absl::Status s = core.SubmitReport(drafter, request, &response); !s.ok()) return s;
         report = response.report();
         return static_cast<int64_t>(response.ByteSizeLong());
       });
  ok = ok && run("approve", [&]() -> absl::StatusOr<int64_t> {
         v1::ApproveReportRequest request;
         request.set_name(name);
         request.set_etag(report.etag());
         request.set_request_id(id());
         v1::ApproveReportResponse response;
         if (absl::Status s = core.ApproveReport(approver, request, &response); !s.ok()) return s;
         report = response.report();
         return static_cast<int64_t>(response.ByteSizeLong());
       });
  ok = ok && run("publish", [&]() -> absl::StatusOr<int64_t> {
         v1::PublishReportRequest request;
         request.set_name(name);
         request.set_etag(report.etag());
         request.set_request_id(id());
         v1::PublishReportResponse response;
         if (absl::Status s = core.PublishReport(publisher, request, &response); !s.ok()) return s;
         report = response.report();
         published_size = report.ByteSizeLong();
         return static_cast<int64_t>(response.ByteSizeLong());
       });
  ok = ok && run("correct", [&]() -> absl::StatusOr<int64_t> {
         v1::CorrectReportRequest request;
         request.set_name(name);
         request.set_etag(report.etag());
         request.set_reason("更正统计口径");
         request.set_request_id(id());
         v1::CorrectReportResponse response;
         if (absl::Status s = core.CorrectReport(publisher, request, &response); !s.ok()) return s;
         return static_cast<int64_t>(response.ByteSizeLong());
       });
  return ok ? published_size : 0;
}

}  // namespace

int RunGrowth(int report_years) {
  const v1::AnnualReport seed = nianbao::testing::SeedContent();
  std::printf(
      "growth: %d report-years through WorkflowCore (create, %d edits of the title, "
      "submit, approve, publish, one correction), the seed report's whole content\n",
      report_years, kEdits);
  int64_t now = absl::ToUnixSeconds(absl::Now());
  for (bool request_ids : {false, true}) {
    nianbao::testing::TempDir dir;
    storage::RocksReportStoreOptions options;
    options.path = dir.path() + "/db";
    options.audit_sealer = [](v1::AuditEvent* event) {
      *event = nianbao::workflow::SealAuditEvent(*event, event->previous_hash(),
                                                 event->report_previous_hash());
    };
    options.clock = [&now] { return absl::FromUnixSeconds(now); };
    auto store = storage::RocksReportStore::Open(options);
    if (!store.ok()) {
      std::fprintf(stderr, "cannot open the store: %s\n", store.status().ToString().c_str());
      return 1;
    }
    NoValidator validator;
    nianbao::workflow_service::WorkflowCore core(store->get(), &validator);
    std::map<std::string, std::pair<int64_t, int64_t>> wal;
    size_t report_bytes = 0;
    for (int i = 0; i < report_years; ++i) {
      const size_t size =
          ReportYear(core, **store, seed, absl::StrCat("g", 100000 + i), request_ids, &wal);
      if (size == 0) return 1;
      report_bytes += size;
    }
    const double report_size = static_cast<double>(report_bytes) / report_years;
    std::printf("%s request_id: WAL bytes per call (and its response's bytes):\n",
                request_ids ? "with a" : "without");
    for (const char* call : kCalls) {
      const double calls = report_years * (std::string(call) == "update" ? kEdits : 1);
      std::printf("  %-8s %8.0f  (response %8.0f)\n", call, wal[call].first / calls,
                  wal[call].second / calls);
    }
    auto measure = [&](const char* when) {
      if (absl::Status s = (*store)->CompactAll(); !s.ok()) {
        std::fprintf(stderr, "compaction failed: %s\n", s.ToString().c_str());
        return false;
      }
      const DiskBytes bytes = MeasureDisk(options.path);
      std::printf(
          "  on disk after compaction%s: %.0f bytes of tables per report-year = %.2f x "
          "the published report's %.0f bytes (besides, fixed: manifest %.1f MiB, "
          "write-ahead log %.1f MiB allocated)\n",
          when, static_cast<double>(bytes.tables) / report_years,
          static_cast<double>(bytes.tables) / report_years / report_size, report_size,
          static_cast<double>(bytes.manifest) / (1 << 20),
          static_cast<double>(bytes.wal) / (1 << 20));
      return true;
    };
    if (!measure(request_ids ? ", request records live" : "")) return 1;
    if (request_ids) {
      now += 25 * 3600;  // past the default TTL of 24 h
      if (!measure(", request records expired (clock +25 h)")) return 1;
    }
  }
  return 0;
}

}  // namespace nianbao::bench
