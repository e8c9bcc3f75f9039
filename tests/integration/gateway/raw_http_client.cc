#include "tests/integration/gateway/raw_http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace nianbao::testing {

RawHttpConnection::~RawHttpConnection() { Close(); }

void RawHttpConnection::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  buffer_.clear();
  server_closes_ = false;
}

absl::Status RawHttpConnection::Connect(absl::Duration timeout) {
  Close();
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return absl::InternalError(std::strerror(errno));
  timeval tv = absl::ToTimeval(timeout);
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  const int on = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port_));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    return absl::UnavailableError(std::strerror(errno));
  }
  return absl::OkStatus();
}

absl::Status RawHttpConnection::SendRaw(const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return absl::UnavailableError(absl::StrCat("send: ", std::strerror(errno)));
    sent += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> RawHttpConnection::ReadUntil(const std::string& marker) {
  while (true) {
    if (size_t at = buffer_.find(marker); at != std::string::npos) {
      std::string head = buffer_.substr(0, at);
      buffer_.erase(0, at + marker.size());
      return head;
    }
    char chunk[65536];
    const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return absl::UnavailableError("connection closed or timed out");
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

absl::Status RawHttpConnection::ReadExactly(size_t count) {
  while (buffer_.size() < count) {
    char chunk[65536];
    const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return absl::UnavailableError("connection closed or timed out");
    buffer_.append(chunk, static_cast<size_t>(n));
  }
  buffer_.erase(0, count);
  return absl::OkStatus();
}

absl::StatusOr<int> RawHttpConnection::Exchange(const std::string& method,
                                                const std::string& target,
                                                const std::string& headers, const std::string& body,
                                                std::string* response_body) {
  if (fd_ < 0 || server_closes_) {
    if (absl::Status s = Connect(); !s.ok()) return s;
  }
  absl::StatusOr<int> status = ExchangeOnce(method, target, headers, body, response_body);
  if (status.ok() || !buffer_.empty() || status.status().code() != absl::StatusCode::kUnavailable) {
    return status;
  }
  // The server closed the kept-alive connection while it was idle (its idle timeout), as HTTP
  // clients expect it may: connect again and send the request once more.
  if (absl::Status s = Connect(); !s.ok()) return s;
  return ExchangeOnce(method, target, headers, body, response_body);
}

absl::StatusOr<int> RawHttpConnection::ExchangeOnce(const std::string& method,
                                                    const std::string& target,
                                                    const std::string& headers,
                                                    const std::string& body,
                                                    std::string* response_body) {
  const std::string request =
      absl::StrCat(method, " ", target, " HTTP/1.1\r\nHost: 127.0.0.1\r\n", headers,
                   "Content-Length: ", body.size(), "\r\n\r\n", body);
  if (absl::Status s = SendRaw(request); !s.ok()) return s;
  absl::StatusOr<std::string> head = ReadUntil("\r\n\r\n");
  if (!head.ok()) return head.status();
  std::vector<absl::string_view> lines = absl::StrSplit(*head, "\r\n");
  std::vector<absl::string_view> status_line = absl::StrSplit(lines[0], ' ');
  int status = 0;
  if (status_line.size() < 2 || !absl::SimpleAtoi(status_line[1], &status)) {
    return absl::InternalError(absl::StrCat("bad status line: ", lines[0]));
  }
  size_t length = 0;
  bool chunked = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string line = absl::AsciiStrToLower(lines[i]);
    if (absl::StartsWith(line, "content-length:")) {
      (void)absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(15)), &length);
    }
    if (absl::StartsWith(line, "transfer-encoding:") && absl::StrContains(line, "chunked")) {
      chunked = true;
    }
    if (absl::StartsWith(line, "connection:") && absl::StrContains(line, "close")) {
      server_closes_ = true;
    }
  }
  if (chunked) {
    while (true) {
      absl::StatusOr<std::string> size_line = ReadUntil("\r\n");
      if (!size_line.ok()) return size_line.status();
      size_t size = 0;
      if (!absl::SimpleHexAtoi(*size_line, &size)) return absl::InternalError("bad chunk");
      if (absl::Status s = ReadExactly(size + 2); !s.ok()) return s;
      if (size == 0) break;
    }
  } else {
    if (response_body != nullptr) {
      while (buffer_.size() < length) {
        char chunk[65536];
        const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
        if (n <= 0) return absl::UnavailableError("connection closed or timed out");
        buffer_.append(chunk, static_cast<size_t>(n));
      }
      response_body->assign(buffer_, 0, length);
    }
    if (absl::Status s = ReadExactly(length); !s.ok()) return s;
  }
  return status;
}

bool RawHttpConnection::ClosedByServer(absl::Duration within) {
  pollfd watched = {fd_, POLLIN, 0};
  if (poll(&watched, 1, static_cast<int>(absl::ToInt64Milliseconds(within))) <= 0) return false;
  char byte;
  const ssize_t n = recv(fd_, &byte, 1, MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno == ECONNRESET);
}

}  // namespace nianbao::testing
