// The configuration shipped in deploy/config parses as the servers read it, and never has a server
// that takes bearer tokens listen beyond loopback in plaintext; a server started so warns.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nianbao/config/v1/validation_server.pb.h"
#include "nianbao/config/v1/workflow_server.pb.h"
#include "services/common/server_bootstrap.h"
#include "services/common/tls_credentials.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_paths.h"

namespace nianbao::service {
namespace {

std::string DeployConfig(const std::string& name) {
  return nianbao::testing::SourceDir() + "/deploy/config/" + name;
}

TEST(DeployConfigTest, WorkflowdServesTlsWhereverItListensBeyondLoopback) {
  nianbao::config::v1::WorkflowServerConfig config;
  NIANBAO_ASSERT_OK(LoadTextConfig(DeployConfig("workflowd.textproto"), &config));
  EXPECT_FALSE(config.data_dir().empty());
  EXPECT_FALSE(config.token_file().empty());
  if (!IsLoopbackAddress(config.server().listen())) {
    EXPECT_FALSE(config.server().tls().cert_file().empty());
    EXPECT_FALSE(config.server().tls().key_file().empty());
  }
  // Its call to validatord stays on this machine unless it is encrypted.
  EXPECT_TRUE(IsLoopbackAddress(config.validation_address()) || UsesTls(config.validation_tls()));
}

TEST(DeployConfigTest, ValidatordParsesAndStaysOnLoopbackOrServesTls) {
  nianbao::config::v1::ValidationServerConfig config;
  NIANBAO_ASSERT_OK(LoadTextConfig(DeployConfig("validatord.textproto"), &config));
  EXPECT_TRUE(IsLoopbackAddress(config.server().listen()) ||
              !config.server().tls().cert_file().empty());
}

TEST(TransportWarningTest, WarnsOnlyOfPlaintextBeyondLoopback) {
  ServerOptions options;
  options.listen = "0.0.0.0:7402";
  EXPECT_THAT(TransportWarning(options), ::testing::HasSubstr("0.0.0.0:7402"));
  EXPECT_THAT(TransportWarning(options), ::testing::HasSubstr("server.tls"));
  options.listen = "127.0.0.1:7402";
  EXPECT_EQ(TransportWarning(options), "");
  options.listen = "[::]:7402";
  EXPECT_NE(TransportWarning(options), "");
  options.tls.set_cert_file("/etc/nianbao/tls/server.pem");
  EXPECT_EQ(TransportWarning(options), "");
}

}  // namespace
}  // namespace nianbao::service
