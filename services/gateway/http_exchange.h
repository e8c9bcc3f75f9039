// One HTTP request's way back to its client, as the router sees it: a whole response, or a
// streamed one (headers, then chunks, then the end). The session (http_session.h) implements it
// over a plain or a TLS connection; the router and the stream relays (sse_stream.h,
// connect_stream.h) use it without knowing which, from any thread.
#ifndef NIANBAO_SERVICES_GATEWAY_HTTP_EXCHANGE_H_
#define NIANBAO_SERVICES_GATEWAY_HTTP_EXCHANGE_H_

#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <string>

namespace nianbao::gateway {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;
using HttpStreamHeader = http::response<http::empty_body>;

class HttpExchange {
 public:
  using WriteDone = std::function<void(bool ok)>;  // ok false: the client is gone or timed out.

  virtual ~HttpExchange() = default;

  // Sends the whole response (once). Content-Length is set here.
  virtual void Send(HttpResponse response) = 0;

  // A streamed response: the header goes out chunked; then each WriteChunk sends one chunk
  // (flushed, so an event reaches the client at once); EndStream sends the last chunk. `done`
  // runs on the connection's strand once the bytes are written; write the next chunk only then.
  // A write that the client does not take within the idle timeout fails (a stalled reader is
  // dropped without holding a thread).
  virtual void StartStream(HttpStreamHeader header, WriteDone done) = 0;
  virtual void WriteChunk(std::string data, WriteDone done) = 0;
  virtual void EndStream() = 0;

  // Runs `task` on the connection's strand (where every write must start).
  virtual void Post(std::function<void()> task) = 0;
  // The connection's strand, for timers whose handlers must run there (heartbeats).
  virtual boost::asio::any_io_executor executor() = 0;

  // The client's address as the backends record it ("ipv4:10.0.0.8:51234"): the TCP peer, or a
  // trusted proxy's X-Forwarded-For.
  virtual const std::string& client_address() const = 0;
};

}  // namespace nianbao::gateway

#endif  // NIANBAO_SERVICES_GATEWAY_HTTP_EXCHANGE_H_
