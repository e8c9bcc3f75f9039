// TLS settings are checked before gRPC sees them: each mistake an operator can make in a config
// file gets an error naming the setting or the file, and a good configuration gives credentials.
#include "services/common/tls_credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"
#include "tests/support/test_certificates.h"
#include "tests/support/test_paths.h"

namespace nianbao::service {
namespace {

using ::nianbao::config::v1::ClientTlsConfig;
using ::nianbao::config::v1::ServerTlsConfig;
using ::nianbao::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

class TlsCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<nianbao::testing::TestCertificates> certs =
        nianbao::testing::MakeTestCertificates(dir_.path());
    ASSERT_TRUE(certs.ok()) << certs.status();
    certs_ = *certs;
  }
  ServerTlsConfig Server(const std::string& cert, const std::string& key,
                         const std::string& client_ca = "") const {
    ServerTlsConfig config;
    config.set_cert_file(cert);
    config.set_key_file(key);
    config.set_client_ca_file(client_ca);
    return config;
  }

  nianbao::testing::TempDir dir_;
  nianbao::testing::TestCertificates certs_;
};

TEST_F(TlsCredentialsTest, NoSettingsMeansPlaintext) {
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> server =
      MakeServerCredentials(ServerTlsConfig());
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_NE(*server, nullptr);
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> client =
      MakeChannelCredentials(ClientTlsConfig());
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_NE(*client, nullptr);
  EXPECT_FALSE(UsesTls(ClientTlsConfig()));
}

TEST_F(TlsCredentialsTest, GoodFilesGiveCredentials) {
  EXPECT_TRUE(MakeServerCredentials(Server(certs_.server_cert, certs_.server_key)).ok());
  EXPECT_TRUE(MakeServerCredentials(Server(certs_.server_cert, certs_.server_key, certs_.ca)).ok());
  ClientTlsConfig client;
  client.set_ca_file(certs_.ca);
  EXPECT_TRUE(UsesTls(client));
  EXPECT_TRUE(MakeChannelCredentials(client).ok());
  client.set_cert_file(certs_.client_cert);
  client.set_key_file(certs_.client_key);
  EXPECT_TRUE(MakeChannelCredentials(client).ok());
}

TEST_F(TlsCredentialsTest, CertificateWithoutKeyOrKeyWithoutCertificateIsNamed) {
  EXPECT_THAT(MakeServerCredentials(Server(certs_.server_cert, "")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tls.key_file")));
  EXPECT_THAT(MakeServerCredentials(Server("", certs_.server_key)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tls.cert_file")));
  EXPECT_THAT(MakeServerCredentials(Server("", "", certs_.ca)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tls.cert_file")));
  ClientTlsConfig client;
  client.set_key_file(certs_.client_key);
  EXPECT_THAT(MakeChannelCredentials(client),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cert_file")));
}

TEST_F(TlsCredentialsTest, UnreadableFileIsNamed) {
  const std::string missing = dir_.File("missing.pem");
  EXPECT_THAT(MakeServerCredentials(Server(missing, certs_.server_key)),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(missing)));
  EXPECT_THAT(MakeServerCredentials(Server(certs_.server_cert, missing)),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(missing)));
  EXPECT_THAT(MakeServerCredentials(Server(certs_.server_cert, certs_.server_key, missing)),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(missing)));
  ClientTlsConfig client;
  client.set_ca_file(missing);
  EXPECT_THAT(MakeChannelCredentials(client),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(missing)));
}

TEST_F(TlsCredentialsTest, FilesThatAreNotPemAreNamed) {
  const std::string text = dir_.File("not-pem.txt");
  nianbao::testing::WriteFileOrDie(text, "not a certificate\n");
  EXPECT_THAT(
      MakeServerCredentials(Server(text, certs_.server_key)),
      StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr(text), HasSubstr("证书"))));
  // A certificate where the key should be.
  EXPECT_THAT(MakeServerCredentials(Server(certs_.server_cert, certs_.server_cert)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(certs_.server_cert), HasSubstr("私钥"))));
  // A key where the CA certificates should be.
  ClientTlsConfig client;
  client.set_ca_file(certs_.server_key);
  EXPECT_THAT(MakeChannelCredentials(client),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(certs_.server_key)));
}

TEST_F(TlsCredentialsTest, KeyOfAnotherCertificateIsRefused) {
  EXPECT_THAT(MakeServerCredentials(Server(certs_.server_cert, certs_.client_key)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(certs_.client_key), HasSubstr(certs_.server_cert),
                             HasSubstr("does not belong"))));
  ClientTlsConfig client;
  client.set_cert_file(certs_.client_cert);
  client.set_key_file(certs_.server_key);
  EXPECT_THAT(MakeChannelCredentials(client),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("不匹配")));
}

TEST(LoopbackAddressTest, OnlyThisMachineIsLoopback) {
  for (const char* address : {"127.0.0.1:7402", "127.1.2.3:1", "localhost:7402", "[::1]:7402",
                              "ipv4:127.0.0.1:80", "dns:///localhost:7402", "unix:/run/nb.sock"}) {
    EXPECT_TRUE(IsLoopbackAddress(address)) << address;
  }
  for (const char* address :
       {"0.0.0.0:7402", "10.1.2.3:7402", "[::]:7402", "[2001:db8::1]:443", "gov.example.cn:443",
        "128.0.0.1:1", "localhost.example.cn:1", "127.0.0:1"}) {
    EXPECT_FALSE(IsLoopbackAddress(address)) << address;
  }
}

}  // namespace
}  // namespace nianbao::service
