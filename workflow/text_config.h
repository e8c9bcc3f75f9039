// Reading a configuration file written in protobuf text format (the principals file, the agency
// registry): one place that turns a missing file or a parse error into a clear, bilingual status
// with the position of the first error.
#ifndef NIANBAO_WORKFLOW_TEXT_CONFIG_H_
#define NIANBAO_WORKFLOW_TEXT_CONFIG_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace nianbao::workflow {

// Parses the file at `path` into `config`. `what_zh` / `what_en` name the file for people
// ("用户配置文件" / "principals file"). NOT_FOUND when it cannot be read; INVALID_ARGUMENT, with
// line and column, when it does not parse.
[[nodiscard]] absl::Status ParseTextConfigFile(absl::string_view path, absl::string_view what_zh,
                                               absl::string_view what_en,
                                               google::protobuf::Message* config);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_TEXT_CONFIG_H_
