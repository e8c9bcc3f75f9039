// The plain-text layout reader and the report parser, then every renderer on what they produce: any
// bytes give a report or INVALID_ARGUMENT; a report renders in every format, and its text layout
// imports again as the same report (codec.h's promise).
#include <cstddef>
#include <cstdint>
#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "services/codec/codec.h"
#include "services/codec/report_parser.h"
#include "services/codec/text_layout_reader.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nianbao::fuzz::Require;
  using nianbao::fuzz::RequireClearError;
  namespace codec = nianbao::codec;
  absl::StatusOr<codec::SourceDocument> document =
      codec::ReadTextLayout(nianbao::fuzz::AsView(data, size));
  if (!document.ok()) {
    RequireClearError(document.status(), {absl::StatusCode::kInvalidArgument});
    return 0;
  }
  absl::StatusOr<nianbao::v1::AnnualReport> report = codec::ParseReport(*document);
  if (!report.ok()) {
    RequireClearError(report.status(), {absl::StatusCode::kInvalidArgument});
    return 0;
  }
  for (codec::OutputFormat format :
       {codec::OutputFormat::kMarkdown, codec::OutputFormat::kHtml, codec::OutputFormat::kJson}) {
    Require(codec::RenderReport(*report, format).ok(), "a parsed report does not render");
  }
  absl::StatusOr<std::string> text = codec::RenderReport(*report, codec::OutputFormat::kText);
  Require(text.ok(), "a parsed report does not render as text");
  absl::StatusOr<nianbao::v1::AnnualReport> again =
      codec::ImportReport(*text, codec::InputFormat::kText);
  Require(again.ok(), "the rendered text layout does not import: " + again.status().ToString());
  if (again->SerializeAsString() != report->SerializeAsString()) {
    std::string differences;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&differences);
    differencer.Compare(*report, *again);
    Require(false, "the rendered text layout imports as another report:\n" + differences +
                       "\nrendered:\n" + *text);
  }
  return 0;
}
