// REST through nianbao-gatewayd as a ratio to the same calls over gRPC straight to
// nianbao-workflowd, in the same run, at 1 and 8 clients: GetReport (BASIC view) and UpdateReport
// (a durable edit of each client's own draft, with the etag of its last answer). Each REST client
// keeps one HTTP/1.1 connection, as an integrator's HTTP library does. Target: >= 0.5 at 8
// clients. `--smoke` runs briefly (for ctest); figures from a sanitizer build mean little.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nianbao/v1/workflow.grpc.pb.h"
#include "tests/integration/gateway/gateway_test_env.h"
#include "tests/integration/gateway/raw_http_client.h"
#include "tests/support/bench_timing.h"

namespace {

namespace v1 = ::nianbao::v1;
using ::nianbao::testing::ConcurrentRate;
using ::nianbao::testing::kAgency;
using ::nianbao::testing::Median;

constexpr int kMaxClients = 8;

std::string ReportPath(int client) {
  return absl::StrCat("/v1/agencies/", kAgency, "/reports/", 2010 + client);
}

// The value of "etag" in a JSON answer (the gateway prints it without spaces).
std::string EtagOf(const std::string& json) {
  const std::string key = "\"etag\":\"";
  const size_t at = json.find(key);
  if (at == std::string::npos) return "";
  const size_t end = json.find('"', at + key.size());
  return json.substr(at + key.size(), end - at - key.size());
}

class Bench {
 public:
  explicit Bench(bool smoke) : smoke_(smoke) {}

  bool Setup() {
    if (absl::Status s = env_.Start(); !s.ok()) {
      std::fprintf(stderr, "start: %s\n", std::string(s.message()).c_str());
      return false;
    }
    stub_ = env_.backends().NewStub();
    for (int c = 0; c < kMaxClients; ++c) {
      v1::CreateReportRequest request;
      request.set_parent(absl::StrCat("agencies/", kAgency));
      request.set_report_year(2010 + c);
      v1::Report report;
      if (!stub_->CreateReport(nianbao::testing::ContextFor("drafter").get(), request, &report)
               .ok()) {
        return false;
      }
      grpc_etags_.push_back(report.etag());
      connections_.push_back(
          std::make_unique<nianbao::testing::RawHttpConnection>(env_.gateway().port()));
      if (!connections_.back()->Connect().ok()) return false;
    }
    return true;
  }

  bool GrpcGet(int c) {
    v1::GetReportRequest request;
    request.set_name(absl::StrCat("agencies/", kAgency, "/reports/", 2010 + c));
    request.set_view(v1::REPORT_VIEW_BASIC);
    v1::Report report;
    return stub_->GetReport(nianbao::testing::ContextFor("reader").get(), request, &report).ok();
  }

  bool RestGet(int c) {
    absl::StatusOr<int> status = connections_[c]->Exchange(
        "GET", ReportPath(c) + "?view=BASIC", "Authorization: Bearer reader-token\r\n", "");
    return status.ok() && *status == 200;
  }

  bool GrpcUpdate(int c) {
    v1::UpdateReportRequest request;
    request.mutable_report()->set_name(absl::StrCat("agencies/", kAgency, "/reports/", 2010 + c));
    request.mutable_report()->set_etag(grpc_etags_[c]);
    request.mutable_report()->mutable_content()->mutable_metadata()->set_agency_name(
        absl::StrCat("尖山区教体局", ++edits_[c]));
    request.mutable_update_mask()->add_paths("content.metadata.agency_name");
    v1::Report report;
    const bool ok =
        stub_->UpdateReport(nianbao::testing::ContextFor("drafter").get(), request, &report).ok();
    if (ok) grpc_etags_[c] = report.etag();
    return ok;
  }

  bool RestUpdate(int c) {
    if (rest_etags_[c].empty()) {
      std::string body;
      (void)connections_[c]->Exchange("GET", ReportPath(c) + "?view=BASIC",
                                      "Authorization: Bearer drafter-token\r\n", "", &body);
      rest_etags_[c] = EtagOf(body);
    }
    std::string body;
    absl::StatusOr<int> status = connections_[c]->Exchange(
        "PATCH", ReportPath(c) + "?updateMask=content.metadata.agencyName",
        "Authorization: Bearer drafter-token\r\nContent-Type: application/json\r\n",
        absl::StrCat(R"({"etag":")", rest_etags_[c], R"(","content":{"metadata":{"agencyName":")",
                     "尖山区教体局", ++edits_[c], R"("}}})"),
        &body);
    rest_etags_[c] = status.ok() && *status == 200 ? EtagOf(body) : "";
    return !rest_etags_[c].empty();
  }

  // The median rate over runs, calls per second.
  template <typename Call>
  double Rate(int clients, Call call) {
    std::vector<double> rates;
    for (int run = 0; run < (smoke_ ? 1 : 5); ++run) {
      rates.push_back(ConcurrentRate(clients, smoke_ ? 0.2 : 2.0, call));
    }
    return Median(rates);
  }

  void Report() {
    for (const int clients : {1, kMaxClients}) {
      // Both kinds of client edit the same drafts: each starts from the current etag.
      const double rest_get = Rate(clients, [&](int c) { return RestGet(c); });
      const double grpc_get = Rate(clients, [&](int c) { return GrpcGet(c); });
      const double rest_update = Rate(clients, [&](int c) { return RestUpdate(c); });
      for (int c = 0; c < kMaxClients; ++c) RefreshGrpcEtag(c);
      const double grpc_update = Rate(clients, [&](int c) { return GrpcUpdate(c); });
      std::printf(
          "%d client(s): GetReport BASIC REST %.0f/s, gRPC %.0f/s, ratio %.2f; UpdateReport "
          "REST %.0f/s, gRPC %.0f/s, ratio %.2f\n",
          clients, rest_get, grpc_get, rest_get / grpc_get, rest_update, grpc_update,
          rest_update / grpc_update);
      for (int c = 0; c < kMaxClients; ++c) rest_etags_[c].clear();
    }
  }

 private:
  void RefreshGrpcEtag(int c) {
    v1::GetReportRequest request;
    request.set_name(absl::StrCat("agencies/", kAgency, "/reports/", 2010 + c));
    request.set_view(v1::REPORT_VIEW_BASIC);
    v1::Report report;
    if (stub_->GetReport(nianbao::testing::ContextFor("drafter").get(), request, &report).ok()) {
      grpc_etags_[c] = report.etag();
    }
  }

  bool smoke_;
  nianbao::testing::GatewayTestEnv env_;
  std::unique_ptr<v1::WorkflowService::Stub> stub_;
  std::vector<std::unique_ptr<nianbao::testing::RawHttpConnection>> connections_;
  std::vector<std::string> grpc_etags_;
  std::vector<std::string> rest_etags_ = std::vector<std::string>(kMaxClients);
  std::vector<int> edits_ = std::vector<int>(kMaxClients);
};

}  // namespace

int main(int argc, char** argv) {
  const bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
  Bench bench(smoke);
  if (!bench.Setup()) return 1;
  bench.Report();
  return 0;
}
