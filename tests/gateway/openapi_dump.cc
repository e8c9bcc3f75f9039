// Writes the OpenAPI document gatewayd serves to stdout, for validate_openapi.mjs: from the API's
// descriptor set when one is named (with the proto comments), else from the generated pool.
#include <fstream>
#include <iostream>
#include <sstream>

#include "grpc/health/v1/health.pb.h"
#include "nianbao/v1/admin.pb.h"
#include "nianbao/v1/agency.pb.h"
#include "nianbao/v1/audit.pb.h"
#include "nianbao/v1/validation.pb.h"
#include "nianbao/v1/workflow.pb.h"
#include "services/gateway/transcoder.h"

namespace {

const std::vector<std::string> kServices = {
    "nianbao.v1.WorkflowService", "nianbao.v1.AgencyService",     "nianbao.v1.AuditService",
    "nianbao.v1.AdminService",    "nianbao.v1.ValidationService", "grpc.health.v1.Health"};

int Fail(const std::string& why) {
  std::cerr << "openapi_dump: " << why << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  // One message of each file, so that the generated pool holds them all.
  const google::protobuf::Descriptor* linked[] = {
      nianbao::v1::GetReportRequest::descriptor(),
      nianbao::v1::GetAgencyRequest::descriptor(),
      nianbao::v1::ListAuditEventsRequest::descriptor(),
      nianbao::v1::ListBackupsRequest::descriptor(),
      nianbao::v1::ValidateRequest::descriptor(),
      grpc::health::v1::HealthCheckRequest::descriptor()};
  (void)linked;
  std::unique_ptr<google::protobuf::DescriptorPool> owned_pool;
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  if (argc > 1) {
    std::ifstream file(argv[1], std::ios::binary);
    if (!file) return Fail(std::string("cannot read ") + argv[1]);
    std::stringstream bytes;
    bytes << file.rdbuf();
    auto built = nianbao::gateway::DescriptorPoolFromSet(bytes.str());
    if (!built.ok()) return Fail(built.status().ToString());
    owned_pool = *std::move(built);
    pool = owned_pool.get();
  }
  auto table = nianbao::gateway::RouteTable::FromPool(pool, kServices);
  if (!table.ok()) return Fail(table.status().ToString());
  auto document = nianbao::gateway::OpenApiDocument(**table);
  if (!document.ok()) return Fail(document.status().ToString());
  std::cout << *document << "\n";
  return 0;
}
