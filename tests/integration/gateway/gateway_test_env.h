// The three real servers for gateway tests: nianbao-validatord and nianbao-workflowd (the
// workflow tests' environment, with its test users and registry) and nianbao-gatewayd in front of
// them on loopback, called with curl as an integrator would.
#ifndef NIANBAO_TESTS_INTEGRATION_GATEWAY_GATEWAY_TEST_ENV_H_
#define NIANBAO_TESTS_INTEGRATION_GATEWAY_GATEWAY_TEST_ENV_H_

#include <google/protobuf/struct.pb.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/server_process.h"
#include "tests/support/test_paths.h"

namespace nianbao::testing {

// What curl got: the final status (after any 100 Continue), the headers (names lower-case) and
// the body.
struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
  std::string curl_error;  // curl's stderr when it failed.
};

class GatewayTestEnv {
 public:
  GatewayTestEnv();
  // Starts validatord, workflowd and the gateway.
  absl::Status Start();
  // (Re)starts the gateway alone, with gateway_args.
  absl::Status StartGateway();
  void set_gateway_args(std::vector<std::string> args) { gateway_args_ = std::move(args); }

  WorkflowTestEnv& backends() { return backends_; }
  ServerProcess& gateway() { return gateway_; }
  // "http://127.0.0.1:PORT" (https with TLS).
  std::string BaseUrl() const;
  void set_scheme(std::string scheme) { scheme_ = std::move(scheme); }
  const std::string& dir() const { return dir_.path(); }

  // curl -X method BaseUrl()+path, with "Authorization: Bearer <user>-token" unless user is
  // empty, the JSON body when not empty (Content-Type: application/json unless `headers` give
  // one), extra headers ("Name: value") and extra curl arguments.
  HttpResult Curl(const std::string& method, const std::string& path, const std::string& user,
                  const std::string& body = "", const std::vector<std::string>& headers = {},
                  const std::vector<std::string>& curl_args = {}) const;

 private:
  TempDir dir_;
  WorkflowTestEnv backends_;
  ServerProcess gateway_;
  std::vector<std::string> gateway_args_;
  std::string scheme_ = "http";
};

// Parses curl -i output: skips 1xx blocks, splits headers and body.
HttpResult ParseCurlOutput(const std::string& output);

// The body as a JSON object (empty Struct, with a test failure, when it is not one).
google::protobuf::Struct JsonObject(const std::string& body);
// A field path ("error.details") into a JSON object; null Value when absent.
google::protobuf::Value JsonAt(const google::protobuf::Struct& object, const std::string& path);
std::string JsonString(const google::protobuf::Struct& object, const std::string& path);

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_INTEGRATION_GATEWAY_GATEWAY_TEST_ENV_H_
