// The workflow server's request handling below gRPC: bytes parsed as one of WorkflowService's
// request messages, as the server parses a call's payload, and handed to WorkflowCore with a
// caller whose roles the input picks. Resource names, page tokens, field masks, etags and
// request ids all come from the input. Every refusal is a client error with a bilingual message;
// an INTERNAL, UNKNOWN or DATA_LOSS is a bug.
//
// Input: byte 0 picks the method, byte 1 the caller's roles (bit i: role i + 1), the rest is the
// request in protobuf wire format. An etag of "CURRENT" (in the request or its report) is replaced
// with the named report's current etag, so that inputs get past the etag check.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

#include "nianbao/config/v1/agencies.pb.h"
#include "services/workflow/workflow_core.h"
#include "tests/fuzz/fuzz_checks.h"
#include "tests/fuzz/memory_report_store.h"
#include "workflow/agency_registry.h"
#include "workflow/resource_names.h"

namespace {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;
using ::nianbao::fuzz::MemoryReportStore;
using ::nianbao::fuzz::Require;
using ::nianbao::workflow_service::CallContext;
using ::nianbao::workflow_service::WorkflowCore;

constexpr char kAgency[] = "fuzz-agency";
constexpr char kAgencyName[] = "尖山区教体局";

class PassingValidator : public nianbao::workflow_service::ReportValidator {
 public:
  absl::StatusOr<v1::ValidateResponse> Validate(const v1::ValidateRequest&) override {
    return v1::ValidateResponse();
  }
};

CallContext Caller(const std::string& name, uint8_t role_bits) {
  CallContext call;
  call.principal.name = name;
  for (int role = v1::ROLE_DRAFTER; role <= v1::ROLE_CENTRAL_AUDITOR; ++role) {
    if (role_bits & (1u << (role - 1))) {
      const std::string agency = role == v1::ROLE_CENTRAL_AUDITOR ? "*" : kAgency;
      call.principal.roles_by_agency[agency].insert(static_cast<v1::Role>(role));
    }
  }
  call.client_address = "ipv4:127.0.0.1:1";
  return call;
}

const wf::AgencyRegistry& Registry() {
  static const wf::AgencyRegistry* const registry = [] {
    nianbao::config::v1::AgencyRegistryConfig config;
    auto* agency = config.add_agencies();
    agency->set_agency_id(kAgency);
    agency->set_name(kAgencyName);
    agency->set_kind(v1::AGENCY_KIND_DEPARTMENT);
    auto built = wf::AgencyRegistry::FromConfig(config);
    Require(built.ok(), "the fuzzer's agency registry is invalid");
    return built->release();
  }();
  return *registry;
}

// The state every input starts from: a draft for 2024 with content, so that edits and
// transitions reach their checks.
const MemoryReportStore& StartingStore() {
  static const MemoryReportStore* const store = [] {
    auto* built = new MemoryReportStore();
    PassingValidator validator;
    WorkflowCore core(built, &validator, &Registry());
    v1::CreateReportRequest create;
    create.set_parent(std::string("agencies/") + kAgency);
    create.set_report_year(2024);
    v1::ReportMetadata* metadata = create.mutable_content()->mutable_metadata();
    metadata->set_agency_name(kAgencyName);
    metadata->set_agency_kind(v1::AGENCY_KIND_DEPARTMENT);
    metadata->set_report_year(2024);
    metadata->set_title("尖山区教体局2024年政府信息公开工作年度报告");
    v1::Report created;
    const absl::Status status = core.CreateReport(Caller("setup", 1), create, &created);
    Require(status.ok(), "the fuzzer's starting report cannot be created: " + status.ToString());
    return built;
  }();
  return *store;
}

// Replaces an etag "CURRENT" in `message` with the current etag of the report it names.
void ResolveCurrentEtag(google::protobuf::Message* message, MemoryReportStore* store) {
  const auto* descriptor = message->GetDescriptor();
  const auto* etag = descriptor->FindFieldByName("etag");
  const auto* name = descriptor->FindFieldByName("name");
  const auto* reflection = message->GetReflection();
  if (etag == nullptr || name == nullptr || etag->is_repeated() || name->is_repeated() ||
      reflection->GetString(*message, etag) != "CURRENT") {
    return;
  }
  absl::StatusOr<wf::ParsedReportName> parsed =
      wf::ParseReportName(reflection->GetString(*message, name), "name");
  if (!parsed.ok()) return;
  absl::StatusOr<v1::Report> report = store->GetReport({parsed->agency_id, parsed->report_year});
  if (report.ok()) reflection->SetString(message, etag, report->etag());
}

template <typename Request, typename Response>
void Run(absl::Status (WorkflowCore::*method)(const CallContext&, const Request&, Response*),
         WorkflowCore& core, MemoryReportStore* store, const CallContext& call,
         absl::string_view bytes) {
  Request request;
  // A payload that does not parse is refused by gRPC before the handler; nothing to run.
  if (!request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return;
  ResolveCurrentEtag(&request, store);
  if constexpr (std::is_same_v<Request, v1::UpdateReportRequest>) {
    ResolveCurrentEtag(request.mutable_report(), store);
  }
  Response response;
  const absl::Status status = (core.*method)(call, request, &response);
  if (status.ok()) return;
  const absl::StatusCode code = status.code();
  Require(code != absl::StatusCode::kInternal && code != absl::StatusCode::kUnknown &&
              code != absl::StatusCode::kDataLoss,
          "a request gave a server error: " + status.ToString());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  MemoryReportStore store = StartingStore();
  PassingValidator validator;
  WorkflowCore core(&store, &validator, &Registry());
  const CallContext call = Caller("caller", data[1]);
  const absl::string_view bytes = nianbao::fuzz::AsView(data + 2, size - 2);
  switch (data[0] % 12) {
    case 0:
      Run(&WorkflowCore::CreateReport, core, &store, call, bytes);
      break;
    case 1:
      Run(&WorkflowCore::GetReport, core, &store, call, bytes);
      break;
    case 2:
      Run(&WorkflowCore::UpdateReport, core, &store, call, bytes);
      break;
    case 3:
      Run(&WorkflowCore::ListReports, core, &store, call, bytes);
      break;
    case 4:
      Run(&WorkflowCore::ListRevisions, core, &store, call, bytes);
      break;
    case 5:
      Run(&WorkflowCore::SubmitReport, core, &store, call, bytes);
      break;
    case 6:
      Run(&WorkflowCore::ApproveReport, core, &store, call, bytes);
      break;
    case 7:
      Run(&WorkflowCore::RejectReport, core, &store, call, bytes);
      break;
    case 8:
      Run(&WorkflowCore::PublishReport, core, &store, call, bytes);
      break;
    case 9:
      Run(&WorkflowCore::WithdrawReport, core, &store, call, bytes);
      break;
    case 10:
      Run(&WorkflowCore::GetRevision, core, &store, call, bytes);
      break;
    default:
      Run(&WorkflowCore::CorrectReport, core, &store, call, bytes);
      break;
  }
  return 0;
}
