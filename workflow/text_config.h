// Reading the files a server is configured with: one place that turns a missing file into a clear,
// bilingual status naming it (keys, certificates), and a text-format file's parse error into one
// with the position of the first error (the principals file, the agency registry, server configs).
#ifndef NIANBAO_WORKFLOW_TEXT_CONFIG_H_
#define NIANBAO_WORKFLOW_TEXT_CONFIG_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace nianbao::workflow {

// The whole file at `path`, bytes as they are. NOT_FOUND, naming the file for people as
// `what_zh` / `what_en` and giving its path, when it cannot be read.
[[nodiscard]] absl::StatusOr<std::string> ReadConfigFile(absl::string_view path,
                                                         absl::string_view what_zh,
                                                         absl::string_view what_en);

// Parses the file at `path` into `config`. `what_zh` / `what_en` name the file for people
// ("用户配置文件" / "principals file"). NOT_FOUND when it cannot be read; INVALID_ARGUMENT, with
// line and column, when it does not parse.
[[nodiscard]] absl::Status ParseTextConfigFile(absl::string_view path, absl::string_view what_zh,
                                               absl::string_view what_en,
                                               google::protobuf::Message* config);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_TEXT_CONFIG_H_
