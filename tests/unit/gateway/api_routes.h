// The route table of the real API (every nianbao.v1 service and grpc.health.v1.Health) from the
// generated pool, built once for the gateway's unit tests.
#ifndef NIANBAO_TESTS_UNIT_GATEWAY_API_ROUTES_H_
#define NIANBAO_TESTS_UNIT_GATEWAY_API_ROUTES_H_

#include <string>
#include <vector>

#include "services/gateway/transcoder.h"

namespace nianbao::gateway::api_test {

// The services gatewayd serves, by full name.
const std::vector<std::string>& ApiServiceNames();

// Built on first use; lives for the whole test binary.
const RouteTable& ApiRoutes();

// The match for a REST call that must match (the test fails otherwise).
RestMatch MustMatch(const std::string& verb, const std::string& path);

// The method for a Connect path that must exist.
const RpcMethod& MustMethod(const std::string& connect_path);

// A pool holding descriptor.proto, google/api/http.proto and annotations.proto (copied from the
// generated pool) and a test file "t.proto" (package t): message Req {string name = 1; Req sub = 2;
// repeated string tags = 3; int64 count = 4; repeated int32 nums = 5; bytes blob = 6; bool flag =
// 7; Kind kind = 8; map<string, string> labels = 9} with enum Kind {KIND_UNSPECIFIED = 0; BIG = 1},
// and the service text given (see Service()).
class TestPool {
 public:
  explicit TestPool(const std::string& service_text);
  // Routes of service t.S.
  absl::StatusOr<std::unique_ptr<RouteTable>> Routes() const;

 private:
  void Build(const std::string& service_text);

  google::protobuf::DescriptorPool pool_;
};

// service S { rpc M(Req) returns (Req) { option (google.api.http) = { <rule> }; } } in text format.
std::string Service(const std::string& rule);

}  // namespace nianbao::gateway::api_test

#endif  // NIANBAO_TESTS_UNIT_GATEWAY_API_ROUTES_H_
