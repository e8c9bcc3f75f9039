#include "services/gateway/http_server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "services/common/server_bootstrap.h"
#include "services/common/tls_credentials.h"

namespace nianbao::gateway {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

absl::Status Unavailable(const std::string& listen, const std::string& reason) {
  return absl::UnavailableError(
      absl::StrCat("无法监听 ", listen, " (cannot listen on ", listen, "): ", reason));
}

absl::StatusOr<tcp::endpoint> Resolve(net::io_context& io, const std::string& listen) {
  std::string host = listen;
  std::string port;
  const size_t colon = host.rfind(':');
  if (colon == std::string::npos) return Unavailable(listen, "expected host:port");
  port = host.substr(colon + 1);
  host.resize(colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  boost::system::error_code ec;
  tcp::resolver resolver(io);
  auto results = resolver.resolve(host, port, tcp::resolver::passive, ec);
  if (ec || results.empty()) return Unavailable(listen, ec ? ec.message() : "no address");
  return results.begin()->endpoint();
}

absl::Status LoadTls(const nianbao::config::v1::ServerTlsConfig& config, net::ssl::context* tls) {
  // The same checks as the gRPC servers' (readable PEM, the key matching the certificate), so
  // that a wrong file is named the same way.
  if (auto checked = service::MakeServerCredentials(config); !checked.ok()) {
    return checked.status();
  }
  boost::system::error_code ec;
  tls->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                   net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                   net::ssl::context::no_tlsv1_1);
  tls->use_certificate_chain_file(config.cert_file(), ec);
  if (!ec) tls->use_private_key_file(config.key_file(), net::ssl::context::pem, ec);
  if (!ec && !config.client_ca_file().empty()) {
    tls->load_verify_file(config.client_ca_file(), ec);
    tls->set_verify_mode(net::ssl::verify_peer | net::ssl::verify_fail_if_no_peer_cert);
  }
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrCat("TLS 设置无效 (invalid TLS settings): ", ec.message()));
  }
  return absl::OkStatus();
}

absl::Status WritePortFile(const std::string& path, int port) {
  // Written aside and renamed, so that a reader never sees half a port.
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << "\n";
    if (!out.good()) {
      return absl::InternalError(absl::StrCat("无法写入端口文件 cannot write port file ", path));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("无法写入端口文件 cannot write port file ", path));
  }
  return absl::OkStatus();
}

}  // namespace

HttpServer::HttpServer(const GatewayOptions& options, SessionEnvironment* environment)
    : options_(options), environment_(environment), acceptor_(io_) {}

HttpServer::~HttpServer() = default;

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Create(const GatewayOptions& options,
                                                               SessionEnvironment* environment) {
  std::unique_ptr<HttpServer> server(new HttpServer(options, environment));
  if (!options.tls.cert_file().empty()) {
    server->tls_.emplace(net::ssl::context::tls_server);
    if (absl::Status s = LoadTls(options.tls, &*server->tls_); !s.ok()) return s;
  }
  absl::StatusOr<tcp::endpoint> endpoint = Resolve(server->io_, options.listen);
  if (!endpoint.ok()) return endpoint.status();
  boost::system::error_code ec;
  tcp::acceptor& acceptor = server->acceptor_;
  acceptor.open(endpoint->protocol(), ec);
  // SO_REUSEADDR lets a restarted gateway bind while old connections linger in TIME_WAIT; it does
  // not let two processes listen on one port (that would be SO_REUSEPORT).
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(*endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    const std::string reason = service::BindFailureReason(options.listen);
    return Unavailable(options.listen, reason.empty() ? ec.message() : reason);
  }
  server->port_ = acceptor.local_endpoint().port();
  return server;
}

void HttpServer::Accept() {
  // Each connection gets its own strand: its handlers never run concurrently, whichever thread
  // picks them up.
  acceptor_.async_accept(net::make_strand(io_),
                         [this](boost::system::error_code ec, tcp::socket socket) {
                           if (ec) {
                             if (!acceptor_.is_open()) return;  // Stopped.
                             return Accept();
                           }
                           // A response may leave in two writes (header, body): with Nagle's
                           // algorithm the second waits for the client's delayed ACK, ~40 ms a call
                           // (measured: one client's REST GetReport went from 36 calls a second to
                           // hundreds).
                           boost::system::error_code ignored;
                           socket.set_option(tcp::no_delay(true), ignored);
                           if (tls_) {
                             StartTlsSession(std::move(socket), &*tls_, environment_);
                           } else {
                             StartPlainSession(std::move(socket), environment_);
                           }
                           Accept();
                         });
}

void HttpServer::WaitForInFlight(std::chrono::steady_clock::time_point deadline,
                                 std::function<void()> finished) {
  if (environment_->in_flight.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
    return finished();
  }
  auto timer = std::make_shared<net::steady_timer>(io_, std::chrono::milliseconds(20));
  timer->async_wait([this, timer, deadline, finished = std::move(finished)](
                        boost::system::error_code) { WaitForInFlight(deadline, finished); });
}

absl::Status HttpServer::ServeUntilSignal(const std::function<void()>& cancel_backend_calls) {
  if (!options_.port_file.empty()) {
    if (absl::Status s = WritePortFile(options_.port_file, port_); !s.ok()) return s;
  }
  std::cerr << "listening on " << options_.listen << " (port " << port_ << ", "
            << (tls_ ? "TLS" : "plaintext") << ")" << std::endl;
  absl::Notification grace_over;
  net::signal_set signals(io_, SIGTERM, SIGINT);
  signals.async_wait([this, &grace_over](boost::system::error_code ec, int signal_number) {
    if (ec) return;
    std::cerr << "signal " << signal_number << ": shutting down" << std::endl;
    environment_->stopping = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    environment_->CloseIdleSessions();
    const auto grace =
        std::chrono::microseconds(absl::ToInt64Microseconds(options_.shutdown_grace));
    WaitForInFlight(std::chrono::steady_clock::now() + grace,
                    [&grace_over] { grace_over.Notify(); });
  });
  Accept();
  // Keeps the threads running after the acceptor closes, until the streams have been flushed.
  auto work = net::make_work_guard(io_);
  std::vector<std::thread> threads;
  for (int i = 0; i < options_.threads; ++i) threads.emplace_back([this] { io_.run(); });
  grace_over.WaitForNotification();
  // Streams still running (a followed feed) end now; their sessions finish the responses, which
  // the io threads still write.
  cancel_backend_calls();
  const absl::Time flush_deadline = absl::Now() + absl::Seconds(1);
  while (environment_->in_flight.load() > 0 && absl::Now() < flush_deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  work.reset();
  io_.stop();
  for (std::thread& thread : threads) thread.join();
  return absl::OkStatus();
}

}  // namespace nianbao::gateway
