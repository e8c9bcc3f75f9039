#include "workflow/text_config.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace nianbao::workflow {
namespace {

// Collects the first text-format parse error with its position.
class ParseErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty())
      first_ = absl::StrCat("line ", line + 1, ", column ", column + 1, ": ", message);
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

}  // namespace

absl::StatusOr<std::string> ReadConfigFile(absl::string_view path, absl::string_view what_zh,
                                           absl::string_view what_en) {
  std::ifstream in{std::string(path), std::ios::binary};
  std::stringstream contents;
  if (in) contents << in.rdbuf();
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("无法读取", what_zh, " (cannot read ", what_en, ") ", path));
  }
  return contents.str();
}

absl::Status ParseTextConfigFile(absl::string_view path, absl::string_view what_zh,
                                 absl::string_view what_en, google::protobuf::Message* config) {
  absl::StatusOr<std::string> text = ReadConfigFile(path, what_zh, what_en);
  if (!text.ok()) return text.status();
  google::protobuf::TextFormat::Parser parser;
  ParseErrorCollector errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(*text, config)) {
    return absl::InvalidArgumentError(absl::StrCat(
        what_zh, "格式错误 (", what_en, " does not parse) ", path, ": ", errors.first()));
  }
  return absl::OkStatus();
}

}  // namespace nianbao::workflow
