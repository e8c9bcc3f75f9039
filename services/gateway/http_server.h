// nianbao-gatewayd's listener: binds the configured address (plaintext, or TLS with the same
// certificate settings as the gRPC servers), accepts connections into sessions (http_session.h)
// on a few threads, writes the port file, and on SIGTERM or SIGINT stops gracefully: no new
// connections, idle ones closed, requests in flight given the grace period, then the backend calls
// still running (followed streams) cancelled.
#ifndef NIANBAO_SERVICES_GATEWAY_HTTP_SERVER_H_
#define NIANBAO_SERVICES_GATEWAY_HTTP_SERVER_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <functional>
#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "services/gateway/gateway_config.h"
#include "services/gateway/http_session.h"

namespace nianbao::gateway {

class HttpServer {
 public:
  // Binds options.listen (port 0 picks one) and loads the TLS files. UNAVAILABLE when the
  // address cannot be bound; TLS file errors as tls_credentials.h gives them. `environment` is
  // borrowed and must outlive the server.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<HttpServer>> Create(
      const GatewayOptions& options, SessionEnvironment* environment);
  ~HttpServer();

  int port() const { return port_; }

  // Accepts connections until SIGTERM or SIGINT, then stops as described above, calling
  // `cancel_backend_calls` once the grace period is over (it must return when the calls have
  // ended). Writes the port file first. INTERNAL when the port file cannot be written.
  [[nodiscard]] absl::Status ServeUntilSignal(const std::function<void()>& cancel_backend_calls);

 private:
  HttpServer(const GatewayOptions& options, SessionEnvironment* environment);
  void Accept();
  void WaitForInFlight(std::chrono::steady_clock::time_point deadline,
                       std::function<void()> finished);

  const GatewayOptions& options_;
  SessionEnvironment* environment_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::optional<boost::asio::ssl::context> tls_;
  int port_ = 0;
};

}  // namespace nianbao::gateway

#endif  // NIANBAO_SERVICES_GATEWAY_HTTP_SERVER_H_
