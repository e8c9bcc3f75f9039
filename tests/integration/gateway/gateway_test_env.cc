#include "tests/integration/gateway/gateway_test_env.h"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace nianbao::testing {

GatewayTestEnv::GatewayTestEnv() = default;

absl::Status GatewayTestEnv::Start() {
  if (absl::Status s = backends_.Start(); !s.ok()) return s;
  return StartGateway();
}

absl::Status GatewayTestEnv::StartGateway() {
  std::vector<std::string> args = {"--workflow_address=" + backends_.workflow().address(),
                                   "--validation_address=" + backends_.validation().address()};
  args.insert(args.end(), gateway_args_.begin(), gateway_args_.end());
  return gateway_.Start(BinDir() + "/nianbao-gatewayd", args, dir_.File("gatewayd.port"));
}

std::string GatewayTestEnv::BaseUrl() const {
  return absl::StrCat(scheme_, "://127.0.0.1:", gateway_.port());
}

HttpResult GatewayTestEnv::Curl(const std::string& method, const std::string& path,
                                const std::string& user, const std::string& body,
                                const std::vector<std::string>& headers,
                                const std::vector<std::string>& curl_args) const {
  std::vector<std::string> argv = {"curl", "-sS", "-i", "--max-time", "30", "-X", method};
  if (!user.empty()) {
    argv.push_back("-H");
    argv.push_back(absl::StrCat("Authorization: Bearer ", user, "-token"));
  }
  bool has_content_type = false;
  for (const std::string& header : headers) {
    has_content_type =
        has_content_type || absl::StartsWith(absl::AsciiStrToLower(header), "content-type:");
    argv.push_back("-H");
    argv.push_back(header);
  }
  if (!body.empty()) {
    if (!has_content_type) {
      argv.push_back("-H");
      argv.push_back("Content-Type: application/json");
    }
    const std::string body_file = dir_.File("curl-body");
    WriteFileOrDie(body_file, body);
    argv.push_back("--data-binary");
    argv.push_back("@" + body_file);
  }
  argv.insert(argv.end(), curl_args.begin(), curl_args.end());
  argv.push_back(BaseUrl() + path);
  CommandResult result = RunCommand(argv);
  HttpResult http = ParseCurlOutput(result.out);
  if (result.exit_code != 0) http.curl_error = result.err;
  return http;
}

HttpResult ParseCurlOutput(const std::string& output) {
  HttpResult result;
  absl::string_view rest = output;
  while (absl::StartsWith(rest, "HTTP/")) {
    const size_t end = rest.find("\r\n\r\n");
    const absl::string_view head = rest.substr(0, end);
    rest = end == absl::string_view::npos ? "" : rest.substr(end + 4);
    std::vector<absl::string_view> lines = absl::StrSplit(head, "\r\n");
    std::vector<absl::string_view> status_line = absl::StrSplit(lines[0], ' ');
    if (status_line.size() < 2 || !absl::SimpleAtoi(status_line[1], &result.status)) break;
    if (result.status >= 100 && result.status < 200) continue;
    for (size_t i = 1; i < lines.size(); ++i) {
      const size_t colon = lines[i].find(':');
      if (colon == absl::string_view::npos) continue;
      result.headers[absl::AsciiStrToLower(lines[i].substr(0, colon))] =
          std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
    }
    break;
  }
  result.body = std::string(rest);
  return result;
}

google::protobuf::Struct JsonObject(const std::string& body) {
  google::protobuf::Struct object;
  const auto status = google::protobuf::util::JsonStringToMessage(body, &object);
  EXPECT_TRUE(status.ok()) << status.ToString() << " in " << body;
  return object;
}

google::protobuf::Value JsonAt(const google::protobuf::Struct& object, const std::string& path) {
  google::protobuf::Value value;
  *value.mutable_struct_value() = object;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    const google::protobuf::Value current = value;
    int index = 0;
    if (current.has_list_value() && absl::SimpleAtoi(part, &index)) {
      if (index < 0 || index >= current.list_value().values_size()) return {};
      value = current.list_value().values(index);
      continue;
    }
    if (!current.has_struct_value()) return {};
    auto it = current.struct_value().fields().find(std::string(part));
    if (it == current.struct_value().fields().end()) return {};
    value = it->second;
  }
  return value;
}

std::string JsonString(const google::protobuf::Struct& object, const std::string& path) {
  return JsonAt(object, path).string_value();
}

}  // namespace nianbao::testing
