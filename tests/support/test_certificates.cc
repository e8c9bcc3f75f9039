#include "tests/support/test_certificates.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/support/server_process.h"
#include "tests/support/test_paths.h"

namespace nianbao::testing {
namespace {

absl::Status Openssl(const std::vector<std::string>& arguments) {
  std::vector<std::string> argv = {"openssl"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  CommandResult result = RunCommand(argv);
  if (result.exit_code == 0) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat(absl::StrJoin(argv, " "), " failed (", result.exit_code, "): ", result.err));
}

// A P-256 key and a self-signed CA certificate.
absl::Status MakeCa(const std::string& key, const std::string& cert, const std::string& name) {
  return Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                  "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=" + name});
}

// A P-256 key and a certificate for it issued by the CA, with `extensions` (a file of x509v3
// extension lines).
absl::Status Issue(const std::string& dir, const std::string& ca_cert, const std::string& ca_key,
                   const std::string& key, const std::string& cert, const std::string& name,
                   const std::string& extensions) {
  const std::string request = cert + ".csr";
  if (absl::Status s = Openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=" + name});
      !s.ok()) {
    return s;
  }
  return Openssl({"x509", "-req", "-in", request, "-CA", ca_cert, "-CAkey", ca_key,
                  "-CAcreateserial", "-CAserial", dir + "/serial", "-out", cert, "-days", "2",
                  "-extfile", extensions});
}

}  // namespace

absl::StatusOr<TestCertificates> MakeTestCertificates(const std::string& dir) {
  TestCertificates certs;
  certs.ca = dir + "/ca.pem";
  certs.server_cert = dir + "/server.pem";
  certs.server_key = dir + "/server.key";
  certs.client_cert = dir + "/client.pem";
  certs.client_key = dir + "/client.key";
  certs.other_ca = dir + "/other-ca.pem";
  certs.other_server_cert = dir + "/other-server.pem";
  certs.other_server_key = dir + "/other-server.key";
  const std::string ca_key = dir + "/ca.key";
  const std::string other_ca_key = dir + "/other-ca.key";
  const std::string server_extensions = dir + "/server.ext";
  const std::string client_extensions = dir + "/client.ext";
  WriteFileOrDie(server_extensions,
                 "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  WriteFileOrDie(client_extensions, "extendedKeyUsage=clientAuth\n");
  for (absl::Status s : {
           MakeCa(ca_key, certs.ca, "nianbao test CA"),
           Issue(dir, certs.ca, ca_key, certs.server_key, certs.server_cert, "127.0.0.1",
                 server_extensions),
           Issue(dir, certs.ca, ca_key, certs.client_key, certs.client_cert, "upper-office",
                 client_extensions),
           MakeCa(other_ca_key, certs.other_ca, "impostor CA"),
           Issue(dir, certs.other_ca, other_ca_key, certs.other_server_key, certs.other_server_cert,
                 "127.0.0.1", server_extensions),
       }) {
    if (!s.ok()) return s;
  }
  return certs;
}

}  // namespace nianbao::testing
