// Throwaway TLS material for tests, made with the openssl command in a test's own directory: a CA,
// a server certificate it issued for 127.0.0.1 and localhost, a client certificate it issued, and
// a second, unrelated CA with its own server certificate (what an impostor would present).
#ifndef NIANBAO_TESTS_SUPPORT_TEST_CERTIFICATES_H_
#define NIANBAO_TESTS_SUPPORT_TEST_CERTIFICATES_H_

#include <string>

#include "absl/status/statusor.h"

namespace nianbao::testing {

// Paths of PEM files.
struct TestCertificates {
  std::string ca;  // the CA certificate
  std::string server_cert;
  std::string server_key;
  std::string client_cert;
  std::string client_key;
  std::string other_ca;           // an unrelated CA
  std::string other_server_cert;  // issued by other_ca for 127.0.0.1
  std::string other_server_key;
};

// Writes the files into `dir` (which must exist). INTERNAL, with openssl's output, when a step
// fails.
absl::StatusOr<TestCertificates> MakeTestCertificates(const std::string& dir);

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_SUPPORT_TEST_CERTIFICATES_H_
