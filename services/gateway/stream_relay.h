// Relays a backend's server stream to an HTTP client as it arrives, in one of three forms:
// - Server-Sent Events (REST with Accept: text/event-stream): each element of the message's
//   repeated field whose elements carry a `cursor` (the feed's changes) is one event with
//   `id: <cursor>` and `data: <its JSON>`; a message's `next_cursor` beyond its last change is an
//   id-only block, so that EventSource's Last-Event-ID moves past changes the filters left out;
//   a comment line every heartbeat interval keeps proxies from closing a quiet stream; an error
//   is an `event: error` with the AIP-193 body.
// - newline-delimited JSON (REST without Accept: text/event-stream): one message per line.
// - the Connect protocol's envelopes (application/connect+json or +proto), ending with the
//   end-of-stream envelope that carries the status.
// The HTTP header goes out with the first message: an error before any (PERMISSION_DENIED, a bad
// cursor) is an ordinary error response, except for Connect, whose errors always end a stream.
#ifndef NIANBAO_SERVICES_GATEWAY_STREAM_RELAY_H_
#define NIANBAO_SERVICES_GATEWAY_STREAM_RELAY_H_

#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "services/gateway/backend_client.h"
#include "services/gateway/http_exchange.h"
#include "services/gateway/transcoder.h"

namespace nianbao::gateway {

enum class StreamForm { kServerSentEvents, kJsonLines, kConnectJson, kConnectProto };

class StreamRelay final : public StreamObserver, public std::enable_shared_from_this<StreamRelay> {
 public:
  // `header` carries what the router decided (CORS); the relay sets the status and content type.
  // `heartbeat`: how often a quiet SSE stream gets a comment line.
  StreamRelay(std::shared_ptr<HttpExchange> exchange, const RpcMethod* method, StreamForm form,
              HttpStreamHeader header, absl::Duration heartbeat = absl::Seconds(15));

  // Starts the backend call. Call once, on the exchange's strand.
  void Start(BackendClient* backend, const BackendCall& call, std::string request);

  void OnMessage(std::string bytes, std::function<void()> next) override;
  void OnDone(const grpc::Status& status) override;

  // The SSE text of one response message (exposed for tests).
  static std::string SseEvents(const google::protobuf::Message& response);

 private:
  std::string Format(const std::string& bytes) const;
  std::string Trailer(const grpc::Status& status) const;
  // Writes on the strand, one at a time, in order; `after` runs once `text` is written.
  void Write(std::string text, std::function<void()> after);
  void WriteNext();
  void ScheduleHeartbeat();
  void Fail();

  std::shared_ptr<HttpExchange> exchange_;
  const RpcMethod* method_;
  StreamForm form_;
  HttpStreamHeader header_;
  absl::Duration heartbeat_interval_;
  std::shared_ptr<StreamHandle> handle_;
  std::optional<boost::asio::steady_timer> heartbeat_;
  // Strand-only state.
  bool started_ = false;
  bool writing_ = false;
  bool failed_ = false;
  bool ended_ = false;
  std::deque<std::pair<std::string, std::function<void()>>> pending_;
};

}  // namespace nianbao::gateway

#endif  // NIANBAO_SERVICES_GATEWAY_STREAM_RELAY_H_
