// A plain-socket HTTP/1.1 client for the gateway's hostile-input tests: thousands of requests on
// one kept-alive connection (curl would start a process each), and connections that send half a
// request and stall.
#ifndef NIANBAO_TESTS_INTEGRATION_GATEWAY_RAW_HTTP_CLIENT_H_
#define NIANBAO_TESTS_INTEGRATION_GATEWAY_RAW_HTTP_CLIENT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace nianbao::testing {

class RawHttpConnection {
 public:
  explicit RawHttpConnection(int port) : port_(port) {}
  ~RawHttpConnection();
  RawHttpConnection(const RawHttpConnection&) = delete;
  RawHttpConnection& operator=(const RawHttpConnection&) = delete;

  // Connects (again) with a receive timeout.
  [[nodiscard]] absl::Status Connect(absl::Duration timeout = absl::Seconds(30));
  // Sends bytes as they are.
  [[nodiscard]] absl::Status SendRaw(const std::string& bytes);
  // Sends a request and reads the response's status (body read and dropped, by Content-Length or
  // chunks); reconnects first when the server closed the connection.
  // With `response_body`, the body (not chunked) is kept there.
  absl::StatusOr<int> Exchange(const std::string& method, const std::string& target,
                               const std::string& headers, const std::string& body,
                               std::string* response_body = nullptr);
  // Whether the server closed the connection within `within` (recv returned 0 or reset).
  bool ClosedByServer(absl::Duration within);

 private:
  absl::StatusOr<int> ExchangeOnce(const std::string& method, const std::string& target,
                                   const std::string& headers, const std::string& body,
                                   std::string* response_body);
  absl::StatusOr<std::string> ReadUntil(const std::string& marker);

  [[nodiscard]] absl::Status ReadExactly(size_t count);
  void Close();

  int port_;
  int fd_ = -1;
  bool server_closes_ = false;
  std::string buffer_;
};

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_INTEGRATION_GATEWAY_RAW_HTTP_CLIENT_H_
