#include "tests/unit/gateway/api_routes.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "grpc/health/v1/health.pb.h"
#include "nianbao/v1/admin.pb.h"
#include "nianbao/v1/agency.pb.h"
#include "nianbao/v1/audit.pb.h"
#include "nianbao/v1/validation.pb.h"
#include "nianbao/v1/workflow.pb.h"

namespace nianbao::gateway::api_test {

const std::vector<std::string>& ApiServiceNames() {
  static const auto* names = new std::vector<std::string>{
      "nianbao.v1.WorkflowService", "nianbao.v1.AgencyService",     "nianbao.v1.AuditService",
      "nianbao.v1.AdminService",    "nianbao.v1.ValidationService", "grpc.health.v1.Health"};
  return *names;
}

const RouteTable& ApiRoutes() {
  static const RouteTable* table = [] {
    // Referring to one message of each file links its generated code, and so its descriptors,
    // into the binary (a static library's unreferenced objects are dropped).
    const google::protobuf::Descriptor* linked[] = {
        nianbao::v1::GetReportRequest::descriptor(),
        nianbao::v1::GetAgencyRequest::descriptor(),
        nianbao::v1::ListAuditEventsRequest::descriptor(),
        nianbao::v1::ListBackupsRequest::descriptor(),
        nianbao::v1::ValidateRequest::descriptor(),
        grpc::health::v1::HealthCheckRequest::descriptor()};
    (void)linked;
    absl::StatusOr<std::unique_ptr<RouteTable>> built =
        RouteTable::FromPool(google::protobuf::DescriptorPool::generated_pool(), ApiServiceNames());
    if (!built.ok()) {
      ADD_FAILURE() << built.status();
      std::abort();
    }
    return built->release();
  }();
  return *table;
}

RestMatch MustMatch(const std::string& verb, const std::string& path) {
  RestLookup lookup = ApiRoutes().MatchRest(verb, path);
  EXPECT_EQ(lookup.outcome, RestLookup::Outcome::kMatched) << verb << " " << path;
  return lookup.match;
}

const RpcMethod& MustMethod(const std::string& connect_path) {
  const RpcMethod* method = ApiRoutes().MatchConnect(connect_path);
  if (method == nullptr) {
    ADD_FAILURE() << "no method " << connect_path;
    std::abort();
  }
  return *method;
}

TestPool::TestPool(const std::string& service_text) { Build(service_text); }

absl::StatusOr<std::unique_ptr<RouteTable>> TestPool::Routes() const {
  return RouteTable::FromPool(&pool_, {"t.S"});
}

void TestPool::Build(const std::string& service_text) {
  const google::protobuf::DescriptorPool* generated =
      google::protobuf::DescriptorPool::generated_pool();
  for (const char* name : {"google/protobuf/descriptor.proto", "google/api/http.proto",
                           "google/api/annotations.proto"}) {
    const google::protobuf::FileDescriptor* file = generated->FindFileByName(name);
    ASSERT_NE(file, nullptr) << name;
    google::protobuf::FileDescriptorProto proto;
    file->CopyTo(&proto);
    ASSERT_NE(pool_.BuildFile(proto), nullptr) << name;
  }
  google::protobuf::FileDescriptorProto test_file;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(name: "t.proto"
           package: "t"
           syntax: "proto3"
           dependency: "google/api/annotations.proto"
           enum_type {
             name: "Kind"
             value { name: "KIND_UNSPECIFIED" number: 0 }
             value { name: "BIG" number: 1 }
           }
           message_type {
             name: "Req"
             field {
               name: "name"
               number: 1
               type: TYPE_STRING
               label: LABEL_OPTIONAL
               json_name: "name"
             }
             field {
               name: "sub"
               number: 2
               type: TYPE_MESSAGE
               label: LABEL_OPTIONAL
               type_name: ".t.Req"
               json_name: "sub"
             }
             field {
               name: "tags"
               number: 3
               type: TYPE_STRING
               label: LABEL_REPEATED
               json_name: "tags"
             }
             field {
               name: "count"
               number: 4
               type: TYPE_INT64
               label: LABEL_OPTIONAL
               json_name: "count"
             }
             field {
               name: "nums"
               number: 5
               type: TYPE_INT32
               label: LABEL_REPEATED
               json_name: "nums"
             }
             field {
               name: "blob"
               number: 6
               type: TYPE_BYTES
               label: LABEL_OPTIONAL
               json_name: "blob"
             }
             field {
               name: "flag"
               number: 7
               type: TYPE_BOOL
               label: LABEL_OPTIONAL
               json_name: "flag"
             }
             field {
               name: "kind"
               number: 8
               type: TYPE_ENUM
               label: LABEL_OPTIONAL
               type_name: ".t.Kind"
               json_name: "kind"
             }
             field {
               name: "labels"
               number: 9
               type: TYPE_MESSAGE
               label: LABEL_REPEATED
               type_name: ".t.Req.LabelsEntry"
               json_name: "labels"
             }
             nested_type {
               name: "LabelsEntry"
               field {
                 name: "key"
                 number: 1
                 type: TYPE_STRING
                 label: LABEL_OPTIONAL
                 json_name: "key"
               }
               field {
                 name: "value"
                 number: 2
                 type: TYPE_STRING
                 label: LABEL_OPTIONAL
                 json_name: "value"
               }
               options { map_entry: true }
             }
           })pb" +
          service_text,
      &test_file));
  ASSERT_NE(pool_.BuildFile(test_file), nullptr);
}

std::string Service(const std::string& rule) {
  return R"pb(service { name: "S"
                        method { name: "M" input_type: ".t.Req" output_type: ".t.Req"
                                 options {
                                   [google.api.http] {)pb" +
         rule + "} } } }";
}

}  // namespace nianbao::gateway::api_test
