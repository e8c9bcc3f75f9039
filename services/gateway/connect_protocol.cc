// The Connect protocol's requests and framing (connectrpc.com/docs/protocol): unary POST bodies
// in JSON or binary, unary GET with the message in the query, and enveloped server streams.
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/gateway/field_text.h"
#include "services/gateway/json_body.h"
#include "services/gateway/transcoder.h"
#include "services/gateway/wire_strings.h"

namespace nianbao::gateway {
namespace {

using internal::InvalidRequestField;

absl::StatusOr<std::string> DecodeMessage(const RpcMethod& method, ConnectCodec codec,
                                          absl::string_view payload) {
  std::unique_ptr<google::protobuf::Message> request(method.request_prototype->New());
  if (codec == ConnectCodec::kProto) {
    // Strings first: the parser would refuse invalid UTF-8 too, but without saying where, and
    // with an ERROR line on stderr.
    if (absl::Status utf8 =
            internal::CheckWireStringsUtf8(*method.request_prototype->GetDescriptor(), payload);
        !utf8.ok()) {
      return utf8;
    }
    // Parsed only to refuse garbage here, with a 400, rather than at the backend.
    if (!request->ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
      return InvalidRequestField("body", "protobuf 消息无法解析",
                                 "the binary protobuf message does not parse");
    }
    return std::string(payload);
  }
  if (!payload.empty()) {
    if (absl::Status parsed = internal::ParseJsonInto(payload, request.get(), ""); !parsed.ok()) {
      return parsed;
    }
  }
  return request->SerializeAsString();
}

}  // namespace

std::optional<ConnectContentType> ParseConnectContentType(absl::string_view content_type) {
  const std::string media = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(content_type.substr(0, content_type.find(';'))));
  if (media == "application/json") return ConnectContentType{ConnectCodec::kJson, false};
  if (media == "application/proto") return ConnectContentType{ConnectCodec::kProto, false};
  if (media == "application/connect+json") return ConnectContentType{ConnectCodec::kJson, true};
  if (media == "application/connect+proto") return ConnectContentType{ConnectCodec::kProto, true};
  return std::nullopt;
}

absl::StatusOr<std::string> DecodeConnectUnaryRequest(const RpcMethod& method, ConnectCodec codec,
                                                      absl::string_view body) {
  return DecodeMessage(method, codec, body);
}

absl::StatusOr<std::string> DecodeConnectGetRequest(const RpcMethod& method,
                                                    absl::string_view query_string) {
  std::optional<std::string> message;
  std::string encoding;
  bool base64 = false;
  for (absl::string_view pair : absl::StrSplit(query_string, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(pair, '=');
    std::optional<std::string> value = internal::DecodeQueryComponent(parts.second);
    if (!value) {
      return InvalidRequestField(parts.first.empty() ? "query" : parts.first,
                                 "查询串中的百分号编码无效",
                                 "malformed percent-encoding in the query string");
    }
    if (parts.first == "message") message = *value;
    if (parts.first == "encoding") encoding = *value;
    if (parts.first == "base64") base64 = *value == "1";
    if (parts.first == "compression" && *value != "identity") {
      return InvalidRequestField("compression", "不支持压缩", "compression is not supported");
    }
  }
  if (encoding != "json" && encoding != "proto") {
    return InvalidRequestField("encoding", "encoding 须为 json 或 proto",
                               "encoding must be json or proto");
  }
  if (!message) return InvalidRequestField("message", "缺少 message 参数", "message is missing");
  if (base64) {
    std::string decoded;
    if (!absl::WebSafeBase64Unescape(*message, &decoded) &&
        !absl::Base64Unescape(*message, &decoded)) {
      return InvalidRequestField("message", "message 不是 base64", "message is not base64");
    }
    message = std::move(decoded);
  }
  return DecodeMessage(method, encoding == "json" ? ConnectCodec::kJson : ConnectCodec::kProto,
                       *message);
}

absl::StatusOr<std::string> DecodeConnectStreamRequest(const RpcMethod& method, ConnectCodec codec,
                                                       absl::string_view body) {
  absl::StatusOr<std::vector<ConnectFrame>> frames = ParseConnectEnvelopes(body);
  if (!frames.ok()) return frames.status();
  if (frames->size() != 1) {
    return InvalidRequestField("body", "服务端流调用须恰好含一条请求消息",
                               "a server-stream call carries exactly one request message");
  }
  if (((*frames)[0].flags & kConnectCompressedFlag) != 0) {
    return InvalidRequestField("body", "不支持压缩", "compression is not supported");
  }
  return DecodeMessage(method, codec, (*frames)[0].payload);
}

absl::StatusOr<std::string> EncodeConnectMessage(const RpcMethod& method, ConnectCodec codec,
                                                 absl::string_view response_bytes) {
  if (codec == ConnectCodec::kProto) return std::string(response_bytes);
  return ResponseToJson(method, response_bytes);
}

std::string ConnectEnvelope(uint8_t flags, absl::string_view payload) {
  const uint32_t size = static_cast<uint32_t>(payload.size());
  std::string envelope;
  envelope.reserve(5 + payload.size());
  envelope.push_back(static_cast<char>(flags));
  for (int shift = 24; shift >= 0; shift -= 8) {
    envelope.push_back(static_cast<char>((size >> shift) & 0xFF));
  }
  envelope.append(payload.data(), payload.size());
  return envelope;
}

absl::StatusOr<std::vector<ConnectFrame>> ParseConnectEnvelopes(absl::string_view bytes) {
  std::vector<ConnectFrame> frames;
  while (!bytes.empty()) {
    if (bytes.size() < 5) {
      return InvalidRequestField("body", "Connect 信封不完整", "truncated Connect envelope header");
    }
    uint32_t size = 0;
    for (int i = 1; i <= 4; ++i) size = (size << 8) | static_cast<unsigned char>(bytes[i]);
    if (bytes.size() - 5 < size) {
      return InvalidRequestField("body", "Connect 信封不完整",
                                 absl::StrCat("truncated Connect envelope: ", size,
                                              " bytes announced, ", bytes.size() - 5, " sent"));
    }
    frames.push_back({static_cast<uint8_t>(bytes[0]), std::string(bytes.substr(5, size))});
    bytes.remove_prefix(5 + size);
  }
  return frames;
}

}  // namespace nianbao::gateway
