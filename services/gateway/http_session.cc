#include "services/gateway/http_session.h"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace nianbao::gateway {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr uint32_t kHeaderLimitBytes = 64 * 1024;
// How long a TLS close_notify exchange may take before the socket is simply closed.
constexpr auto kTlsShutdownTimeout = std::chrono::seconds(2);
// How long, and how much, a refused request's unread rest is read and dropped (Linger()).
constexpr auto kLingerTimeout = std::chrono::seconds(3);
constexpr size_t kLingerBytes = 8 << 20;

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
class HttpSession final : public HttpExchange,
                          public SessionControl,
                          public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  template <class... Args>
  HttpSession(SessionEnvironment* environment, tcp::endpoint peer, Args&&... stream_args)
      : environment_(environment),
        peer_(std::move(peer)),
        id_(environment->NextId()),
        stream_(std::forward<Args>(stream_args)...) {}

  ~HttpSession() override { environment_->Remove(id_); }

  void Run() {
    environment_->Add(id_, this->weak_from_this());
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      SetTimer();
      stream_.async_handshake(net::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->Close();
                                self->ReadHeader();
                              });
    } else {
      ReadHeader();
    }
  }

  // ---- HttpExchange ----

  void Send(HttpResponse response) override {
    auto shared = std::make_shared<HttpResponse>(std::move(response));
    Post([self = this->shared_from_this(), shared] {
      shared->keep_alive(self->KeepAlive());
      shared->prepare_payload();
      self->SetTimer();
      http::async_write(self->stream_, *shared,
                        [self, shared](beast::error_code ec, size_t) { self->FinishAnswer(!ec); });
    });
  }

  void StartStream(HttpStreamHeader header, WriteDone done) override {
    auto shared = std::make_shared<HttpStreamHeader>(std::move(header));
    Post([self = this->shared_from_this(), shared, done = std::move(done)] {
      shared->keep_alive(self->KeepAlive());
      shared->chunked(true);
      auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*shared);
      self->SetTimer();
      http::async_write_header(self->stream_, *serializer,
                               [self, shared, serializer, done](beast::error_code ec, size_t) {
                                 self->AfterStreamWrite(!ec, done);
                               });
    });
  }

  void WriteChunk(std::string data, WriteDone done) override {
    auto shared = std::make_shared<std::string>(std::move(data));
    Post([self = this->shared_from_this(), shared, done = std::move(done)] {
      if (self->broken_) return done(false);
      self->SetTimer();
      net::async_write(self->stream_, http::make_chunk(net::buffer(*shared)),
                       [self, shared, done](beast::error_code ec, size_t) {
                         self->AfterStreamWrite(!ec, done);
                       });
    });
  }

  void EndStream() override {
    Post([self = this->shared_from_this()] {
      if (self->broken_) return self->FinishAnswer(false);
      self->SetTimer();
      net::async_write(self->stream_, http::make_chunk_last(),
                       [self](beast::error_code ec, size_t) { self->FinishAnswer(!ec); });
    });
  }

  void Post(std::function<void()> task) override {
    net::dispatch(stream_.get_executor(), std::move(task));
  }

  const std::string& client_address() const override { return client_address_; }

  net::any_io_executor executor() override { return stream_.get_executor(); }

  // ---- SessionControl ----

  void CloseIfIdle() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->idle_) beast::get_lowest_layer(self->stream_).cancel();
    });
  }

 private:
  void SetTimer() {
    beast::get_lowest_layer(stream_).expires_after(
        std::chrono::microseconds(absl::ToInt64Microseconds(environment_->idle_timeout)));
  }
  // Between the chunks of a stream the connection may rightly wait for the backend as long as it
  // likes (the change feed follows); only writes are timed.
  void ClearTimer() { beast::get_lowest_layer(stream_).expires_never(); }

  bool KeepAlive() const { return keep_alive_ && !environment_->stopping.load(); }

  void ReadHeader() {
    if (environment_->stopping.load()) return Close();
    parser_.emplace();
    parser_->body_limit(static_cast<uint64_t>(environment_->max_body_bytes));
    parser_->header_limit(kHeaderLimitBytes);
    idle_ = buffer_.size() == 0;
    SetTimer();
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    idle_ = false;
    if (ec == http::error::body_limit) return RefuseTooLarge();
    if (ec) {
      // A request that does not parse is told so; a client that went away or stalled is not.
      const bool gone = ec == http::error::end_of_stream || ec == beast::error::timeout ||
                        ec == net::error::operation_aborted || ec == net::error::eof ||
                        ec == net::error::connection_reset;
      if (gone || buffer_.size() == 0) return Close();
      return Refuse(http::status::bad_request,
                    absl::StrCat("HTTP 请求无法解析 (malformed HTTP request): ", ec.message()),
                    nullptr);
    }
    const auto expect = parser_->get().find(http::field::expect);
    if (expect != parser_->get().end() &&
        absl::EqualsIgnoreCase(absl::string_view(expect->value().data(), expect->value().size()),
                               "100-continue")) {
      // curl waits for this before it sends a body of more than 1 KiB.
      auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      SetTimer();
      return http::async_write(
          stream_, *go_on, [self = this->shared_from_this(), go_on](beast::error_code e, size_t) {
            if (e) return self->Close();
            self->ReadBody();
          });
    }
    ReadBody();
  }

  void ReadBody() {
    SetTimer();
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec == http::error::body_limit) return RefuseTooLarge();
    if (ec) return Close();
    ClearTimer();
    HttpRequest request = parser_->release();
    keep_alive_ = request.keep_alive();
    client_address_ = ClientAddressFor(peer_, request, environment_->trusted_proxies);
    answering_ = true;
    environment_->in_flight.fetch_add(1);
    environment_->handler(this->shared_from_this(), std::move(request));
  }

  // A body over the limit; its header was read whole (Beast checks Content-Length against the
  // limit once the header is complete, a chunked body as it comes).
  void RefuseTooLarge() {
    Refuse(
        http::status::payload_too_large,
        absl::StrCat("请求体超过 ", environment_->max_body_bytes,
                     " 字节 (request body larger than ", environment_->max_body_bytes, " bytes)"),
        &parser_->get());
  }

  // An answer the session gives itself, after which the connection closes (the rest of the
  // request is not parsed, only drained: see Linger()).
  void Refuse(http::status status, const std::string& message, const HttpRequest* request) {
    keep_alive_ = false;
    answering_ = true;
    linger_ = true;
    environment_->in_flight.fetch_add(1);
    Send(environment_->error_response(status, message, request));
  }

  // After a refusal sent before the request was read whole, the client may still be sending its
  // body; closing a socket with unread bytes makes the kernel answer with a reset, which can
  // destroy the refusal before the client reads it (Node's HTTP client reported EPIPE instead of
  // the 413). So, as servers' "lingering close" does, the refusal is ended (FIN) and the rest read
  // and dropped until the client closes, for at most kLingerTimeout and kLingerBytes. Asynchronous:
  // no thread waits.
  void Linger() {
    if constexpr (!std::is_same_v<Stream, TlsStream>) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    beast::get_lowest_layer(stream_).expires_after(kLingerTimeout);
    DrainSome(std::make_shared<std::array<char, 16384>>(), 0);
  }

  void DrainSome(std::shared_ptr<std::array<char, 16384>> scratch, size_t drained) {
    stream_.async_read_some(net::buffer(*scratch), [self = this->shared_from_this(), scratch,
                                                    drained](beast::error_code ec, size_t read) {
      if (ec || drained + read > kLingerBytes) return self->Close();
      self->DrainSome(scratch, drained + read);
    });
  }

  void AfterStreamWrite(bool ok, const WriteDone& done) {
    ClearTimer();
    if (!ok) broken_ = true;
    done(ok);
  }

  void FinishAnswer(bool ok) {
    if (answering_) {
      answering_ = false;
      environment_->in_flight.fetch_sub(1);
    }
    if (!ok || broken_ || !KeepAlive()) return Close();
    ReadHeader();
  }

  void Close() {
    if (linger_ && !broken_) {
      linger_ = false;
      return Linger();
    }
    broken_ = true;
    beast::error_code ignored;
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      beast::get_lowest_layer(stream_).expires_after(kTlsShutdownTimeout);
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
        beast::error_code unused;
        beast::get_lowest_layer(self->stream_).socket().close(unused);
      });
    } else {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  SessionEnvironment* environment_;
  tcp::endpoint peer_;
  uint64_t id_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string client_address_;
  bool keep_alive_ = true;
  bool idle_ = false;       // Waiting for a request that has not begun.
  bool answering_ = false;  // A request counted in in_flight and not yet answered.
  bool broken_ = false;     // A write failed or the connection is closing.
  bool linger_ = false;     // A refusal was sent before the request was read whole.
};

}  // namespace

void SessionEnvironment::Add(uint64_t id, std::weak_ptr<SessionControl> session) {
  absl::MutexLock lock(&mutex_);
  sessions_[id] = std::move(session);
}

void SessionEnvironment::Remove(uint64_t id) {
  absl::MutexLock lock(&mutex_);
  sessions_.erase(id);
}

void SessionEnvironment::CloseIdleSessions() {
  std::vector<std::shared_ptr<SessionControl>> live;
  {
    absl::MutexLock lock(&mutex_);
    for (const auto& [id, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (const auto& session : live) session->CloseIfIdle();
}

std::string PeerAddress(const tcp::endpoint& endpoint) {
  const net::ip::address address = endpoint.address();
  if (address.is_v6()) return absl::StrCat("ipv6:[", address.to_string(), "]:", endpoint.port());
  return absl::StrCat("ipv4:", address.to_string(), ":", endpoint.port());
}

std::string ClientAddressFor(const tcp::endpoint& peer, const HttpRequest& request,
                             const std::vector<std::string>& trusted_proxies) {
  const std::string peer_ip = peer.address().to_string();
  const auto forwarded = request.find("x-forwarded-for");
  bool trusted = false;
  for (const std::string& proxy : trusted_proxies) trusted = trusted || proxy == peer_ip;
  if (!trusted || forwarded == request.end()) return PeerAddress(peer);
  // Each proxy appends the address it received the request from: the last entry is the one the
  // trusted proxy saw, the earlier ones are the client's own claims.
  const absl::string_view value(forwarded->value().data(), forwarded->value().size());
  std::vector<absl::string_view> entries = absl::StrSplit(value, ',');
  const absl::string_view last = absl::StripAsciiWhitespace(entries.back());
  // Bounded, as everything recorded in the audit trail is.
  if (last.empty() || last.size() > 64) return PeerAddress(peer);
  return absl::StrCat("forwarded:", last, " via ", PeerAddress(peer));
}

void StartPlainSession(tcp::socket socket, SessionEnvironment* environment) {
  boost::system::error_code ec;
  tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return;
  auto session =
      std::make_shared<HttpSession<beast::tcp_stream>>(environment, peer, std::move(socket));
  session->Run();
}

void StartTlsSession(tcp::socket socket, net::ssl::context* tls, SessionEnvironment* environment) {
  boost::system::error_code ec;
  tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return;
  auto session =
      std::make_shared<HttpSession<TlsStream>>(environment, peer, std::move(socket), *tls);
  session->Run();
}

}  // namespace nianbao::gateway
