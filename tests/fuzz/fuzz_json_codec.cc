// The proto3 JSON reader: any bytes give a report or INVALID_ARGUMENT. A report read from JSON can
// hold anything an API client sends, so every renderer must take it, and its JSON reads back as
// the same report.
#include <cstddef>
#include <cstdint>
#include <string>

#include "services/codec/codec.h"
#include "services/codec/json_codec.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nianbao::fuzz::Require;
  namespace codec = nianbao::codec;
  absl::StatusOr<nianbao::v1::AnnualReport> report =
      codec::ParseJson(nianbao::fuzz::AsView(data, size));
  if (!report.ok()) {
    nianbao::fuzz::RequireClearError(report.status(), {absl::StatusCode::kInvalidArgument});
    return 0;
  }
  for (codec::OutputFormat format :
       {codec::OutputFormat::kText, codec::OutputFormat::kMarkdown, codec::OutputFormat::kHtml}) {
    // Rendering may refuse content it cannot lay out, but must not crash.
    (void)codec::RenderReport(*report, format);
  }
  absl::StatusOr<std::string> json = codec::RenderJson(*report);
  Require(json.ok(), "a parsed report does not render as JSON");
  absl::StatusOr<nianbao::v1::AnnualReport> again = codec::ParseJson(*json);
  Require(again.ok(), "rendered JSON does not parse: " + again.status().ToString());
  Require(again->SerializeAsString() == report->SerializeAsString(),
          "rendered JSON parses as another report");
  return 0;
}
