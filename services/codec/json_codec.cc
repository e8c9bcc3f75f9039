#include "services/codec/json_codec.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "services/codec/text_normalize.h"

namespace nianbao::codec {

absl::StatusOr<std::string> RenderJson(const nianbao::v1::AnnualReport& report) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(report, &json, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("无法生成 JSON：", status.message().ToString(),
                     " / cannot render JSON: ", status.message().ToString()));
  }
  return json;
}

absl::StatusOr<nianbao::v1::AnnualReport> ParseJson(absl::string_view json) {
  if (json.size() > kMaxJsonBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "JSON 过大（", json.size(), " 字节，上限 ", kMaxJsonBytes, " 字节） / JSON too large (",
        json.size(), " bytes, limit ", kMaxJsonBytes, ")"));
  }
  if (FindInvalidUtf8(json) != absl::string_view::npos) {
    return absl::InvalidArgumentError("JSON 不是有效的 UTF-8 文本 / JSON is not valid UTF-8");
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  nianbao::v1::AnnualReport report;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &report, options);
  if (!status.ok()) {
    const std::string reason = status.message().ToString();
    return absl::InvalidArgumentError(absl::StrCat("JSON 无法解析为年度报告：", reason,
                                                   " / JSON is not an annual report: ", reason));
  }
  return report;
}

}  // namespace nianbao::codec
