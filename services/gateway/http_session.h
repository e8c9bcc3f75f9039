// The connections of nianbao-gatewayd: each accepted socket becomes a session that reads HTTP/1.1
// requests (Boost.Beast's parser: no hand-written HTTP parsing), hands each one to the router and
// writes its answer, over plaintext or TLS. Everything is asynchronous on the connection's strand:
// a client that sends slowly, or stops reading, is timed out by the stream's own timer (the idle
// timeout) instead of holding a thread.
#ifndef NIANBAO_SERVICES_GATEWAY_HTTP_SESSION_H_
#define NIANBAO_SERVICES_GATEWAY_HTTP_SESSION_H_

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/gateway/http_exchange.h"

namespace nianbao::gateway {

// A session as the server sees it at shutdown.
class SessionControl {
 public:
  virtual ~SessionControl() = default;
  // Closes the connection if it is waiting for a request; one answering finishes first and then
  // closes (no keep-alive once the server is stopping).
  virtual void CloseIfIdle() = 0;
};

// What every session shares with the server.
struct SessionEnvironment {
  int64_t max_body_bytes = 0;
  absl::Duration idle_timeout;
  std::vector<std::string> trusted_proxies;  // Peers whose X-Forwarded-For is believed.
  // Answers a request; runs on the session's strand.
  std::function<void(std::shared_ptr<HttpExchange>, HttpRequest)> handler;
  // The body of an error the session answers itself (413, 400 for a request that does not
  // parse); `request` is the request's header when it was read whole (a body over the limit), else
  // nullptr.
  std::function<HttpResponse(http::status status, const std::string& message,
                             const HttpRequest* request)>
      error_response;

  std::atomic<int> in_flight{0};  // Requests read and not yet fully answered.
  std::atomic<bool> stopping{false};

  // Live sessions, so that a stop can close the idle ones.
  void Add(uint64_t id, std::weak_ptr<SessionControl> session);
  void Remove(uint64_t id);
  void CloseIdleSessions();
  uint64_t NextId() { return next_id_.fetch_add(1); }

 private:
  std::atomic<uint64_t> next_id_{1};
  absl::Mutex mutex_;
  std::map<uint64_t, std::weak_ptr<SessionControl>> sessions_ ABSL_GUARDED_BY(mutex_);
};

// Starts serving one accepted connection; the session keeps itself alive while it has work.
void StartPlainSession(boost::asio::ip::tcp::socket socket, SessionEnvironment* environment);
void StartTlsSession(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls,
                     SessionEnvironment* environment);

// "ipv4:10.0.0.8:51234" / "ipv6:[::1]:51234", as gRPC writes a peer.
std::string PeerAddress(const boost::asio::ip::tcp::endpoint& endpoint);

// The address to pass on for a request from `peer`: the last X-Forwarded-For entry when the peer
// is a trusted proxy and the header is present, else the peer itself.
std::string ClientAddressFor(const boost::asio::ip::tcp::endpoint& peer, const HttpRequest& request,
                             const std::vector<std::string>& trusted_proxies);

}  // namespace nianbao::gateway

#endif  // NIANBAO_SERVICES_GATEWAY_HTTP_SESSION_H_
