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

// The nightly backup: the server writes outside its data directory (which the systemd unit lets it
// write), keeps a bounded number of backups, and the timer's job carries its token in a file.
TEST(DeployConfigTest, NightlyBackupGoesOutsideTheDataDirectoryWithATokenFile) {
  nianbao::config::v1::WorkflowServerConfig config;
  NIANBAO_ASSERT_OK(LoadTextConfig(DeployConfig("workflowd.textproto"), &config));
  ASSERT_FALSE(config.backup_dir().empty());
  EXPECT_EQ(config.backup_dir().front(), '/');
  EXPECT_NE(config.backup_dir().rfind(config.data_dir(), 0), 0u) << "backup_dir inside data_dir";
  EXPECT_GT(config.backup_keep(), 0);
  const std::string systemd = nianbao::testing::SourceDir() + "/deploy/systemd/";
  EXPECT_THAT(nianbao::testing::ReadFileOrDie(systemd + "nianbao-workflowd.service"),
              ::testing::HasSubstr("ReadWritePaths=-" + config.backup_dir()));
  const std::string job = nianbao::testing::ReadFileOrDie(systemd + "nianbao-backup.service");
  EXPECT_THAT(job, ::testing::HasSubstr("nianbao admin backup"));
  EXPECT_THAT(job, ::testing::HasSubstr("--token-file"));
  EXPECT_THAT(job, ::testing::Not(::testing::HasSubstr("--token ")));
  const std::string timer = nianbao::testing::ReadFileOrDie(systemd + "nianbao-backup.timer");
  EXPECT_THAT(timer, ::testing::HasSubstr("Persistent=true"));
  EXPECT_THAT(timer, ::testing::HasSubstr("Unit=nianbao-backup.service"));
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
