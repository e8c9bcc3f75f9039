#include "services/gateway/stream_relay.h"

#include <google/protobuf/util/json_util.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/gateway/local_errors.h"

namespace nianbao::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const char* ContentTypeOf(StreamForm form) {
  switch (form) {
    case StreamForm::kServerSentEvents:
      return "text/event-stream; charset=utf-8";
    case StreamForm::kJsonLines:
      return "application/x-ndjson; charset=utf-8";
    case StreamForm::kConnectJson:
      return "application/connect+json";
    case StreamForm::kConnectProto:
      return "application/connect+proto";
  }
  return "application/octet-stream";
}

// The repeated field whose elements can be resumed after one by one (they carry a `cursor`), or
// nullptr. Found by shape, not by name of method or message.
const FieldDescriptor* ResumableElements(const google::protobuf::Descriptor* type) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (!field->is_repeated() || field->message_type() == nullptr) continue;
    const FieldDescriptor* cursor = field->message_type()->FindFieldByName("cursor");
    if (cursor != nullptr && cursor->type() == FieldDescriptor::TYPE_STRING) return field;
  }
  return nullptr;
}

std::string OneLineJson(const Message& message) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json);
  return json;  // The printer writes one line unless asked to indent.
}

std::string StringField(const Message& message, const char* name) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr || field->is_repeated() || field->type() != FieldDescriptor::TYPE_STRING) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

}  // namespace

StreamRelay::StreamRelay(std::shared_ptr<HttpExchange> exchange, const RpcMethod* method,
                         StreamForm form, HttpStreamHeader header, absl::Duration heartbeat)
    : exchange_(std::move(exchange)),
      method_(method),
      form_(form),
      header_(std::move(header)),
      heartbeat_interval_(heartbeat) {
  header_.result(http::status::ok);
  header_.set(http::field::content_type, ContentTypeOf(form));
  header_.set(http::field::cache_control, "no-cache");
  // nginx buffers responses unless told not to; events must reach the client as they happen.
  header_.set("X-Accel-Buffering", "no");
}

void StreamRelay::Start(BackendClient* backend, const BackendCall& call, std::string request) {
  handle_ = backend->CallServerStream(call, std::move(request), shared_from_this());
}

std::string StreamRelay::SseEvents(const Message& response) {
  std::string text;
  std::string last_id;
  const FieldDescriptor* elements = ResumableElements(response.GetDescriptor());
  if (elements == nullptr) {
    const std::string id = StringField(response, "next_cursor");
    if (!id.empty()) absl::StrAppend(&text, "id: ", id, "\n");
    absl::StrAppend(&text, "data: ", OneLineJson(response), "\n\n");
    return text;
  }
  const auto* reflection = response.GetReflection();
  for (int i = 0; i < reflection->FieldSize(response, elements); ++i) {
    const Message& element = reflection->GetRepeatedMessage(response, elements, i);
    last_id = StringField(element, "cursor");
    absl::StrAppend(&text, "id: ", last_id, "\ndata: ", OneLineJson(element), "\n\n");
  }
  // An id without data moves EventSource's Last-Event-ID without firing an event.
  if (const std::string next = StringField(response, "next_cursor");
      !next.empty() && next != last_id) {
    absl::StrAppend(&text, "id: ", next, "\n\n");
  }
  return text;
}

std::string StreamRelay::Format(const std::string& bytes) const {
  if (form_ == StreamForm::kConnectJson || form_ == StreamForm::kConnectProto) {
    const ConnectCodec codec =
        form_ == StreamForm::kConnectJson ? ConnectCodec::kJson : ConnectCodec::kProto;
    absl::StatusOr<std::string> payload = EncodeConnectMessage(*method_, codec, bytes);
    return payload.ok() ? ConnectEnvelope(0, *payload) : "";
  }
  if (form_ == StreamForm::kJsonLines) {
    absl::StatusOr<std::string> json = ResponseToJson(*method_, bytes);
    return json.ok() ? absl::StrCat(absl::StrReplaceAll(*json, {{"\n", " "}}), "\n") : "";
  }
  std::unique_ptr<Message> response(method_->response_prototype->New());
  if (!response->ParseFromString(bytes)) return "";
  return SseEvents(*response);
}

std::string StreamRelay::Trailer(const grpc::Status& status) const {
  const int code = status.error_code();
  switch (form_) {
    case StreamForm::kConnectJson:
    case StreamForm::kConnectProto:
      return ConnectEndOfStream(code, status.error_message(), status.error_details());
    case StreamForm::kJsonLines:
    case StreamForm::kServerSentEvents: {
      if (status.ok()) return "";
      const std::string body = absl::StrReplaceAll(
          HttpErrorFor(code, status.error_message(), status.error_details()).json_body,
          {{"\n", " "}});
      return form_ == StreamForm::kJsonLines ? absl::StrCat(body, "\n")
                                             : absl::StrCat("event: error\ndata: ", body, "\n\n");
    }
  }
  return "";
}

void StreamRelay::OnMessage(std::string bytes, std::function<void()> next) {
  exchange_->Post([self = shared_from_this(), bytes = std::move(bytes), next = std::move(next)] {
    if (self->failed_) return;
    self->Write(self->Format(bytes), next);
  });
}

void StreamRelay::OnDone(const grpc::Status& status) {
  exchange_->Post([self = shared_from_this(), status] {
    if (self->failed_ || self->ended_) return;
    if (self->heartbeat_) self->heartbeat_->cancel();
    const bool connect =
        self->form_ == StreamForm::kConnectJson || self->form_ == StreamForm::kConnectProto;
    if (!self->started_ && !status.ok() && !connect) {
      // Nothing sent yet: the error is the response, with its proper HTTP status.
      self->ended_ = true;
      return self->exchange_->Send(ErrorFromGrpc(status.error_code(), status.error_message(),
                                                 status.error_details(), /*connect=*/false));
    }
    self->Write(self->Trailer(status), [self] {
      self->ended_ = true;
      self->exchange_->EndStream();
    });
  });
}

void StreamRelay::Write(std::string text, std::function<void()> after) {
  pending_.emplace_back(std::move(text), std::move(after));
  if (started_) return WriteNext();
  started_ = true;
  writing_ = true;
  exchange_->StartStream(header_, [self = shared_from_this()](bool ok) {
    self->writing_ = false;
    if (!ok) return self->Fail();
    if (self->form_ == StreamForm::kServerSentEvents) self->ScheduleHeartbeat();
    self->WriteNext();
  });
}

void StreamRelay::WriteNext() {
  while (!writing_ && !failed_ && !pending_.empty()) {
    auto [text, after] = std::move(pending_.front());
    pending_.pop_front();
    if (text.empty()) {  // An empty chunk would end the response: nothing to write.
      if (after) after();
      continue;
    }
    writing_ = true;
    exchange_->WriteChunk(std::move(text),
                          [self = shared_from_this(), after = std::move(after)](bool ok) {
                            self->writing_ = false;
                            if (!ok) return self->Fail();
                            if (after) after();
                            self->WriteNext();
                          });
  }
}

void StreamRelay::ScheduleHeartbeat() {
  if (!heartbeat_) heartbeat_.emplace(exchange_->executor());
  heartbeat_->expires_after(
      std::chrono::milliseconds(absl::ToInt64Milliseconds(heartbeat_interval_)));
  heartbeat_->async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec || self->failed_ || self->ended_) return;
    if (!self->writing_ && self->pending_.empty()) self->Write(": heartbeat\n\n", nullptr);
    self->ScheduleHeartbeat();
  });
}

void StreamRelay::Fail() {
  // The client is gone or stopped reading: end the backend stream and the response.
  if (failed_) return;
  failed_ = true;
  pending_.clear();
  if (heartbeat_) heartbeat_->cancel();
  if (handle_) handle_->Cancel();
  if (!ended_) {
    ended_ = true;
    exchange_->EndStream();
  }
}

}  // namespace nianbao::gateway
