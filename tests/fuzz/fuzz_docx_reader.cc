// The .docx reader (zip container, XML parts, numbering) and the report parser behind it: any bytes
// give a SourceDocument or INVALID_ARGUMENT, and a SourceDocument gives a report or
// INVALID_ARGUMENT.
#include <cstddef>
#include <cstdint>

#include "services/codec/docx_reader.h"
#include "services/codec/report_parser.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

using nianbao::fuzz::RequireClearError;

// Small limits so that an input reaches the size checks without inflating tens of MiB each time.
nianbao::codec::DocxReadLimits FuzzLimits() {
  nianbao::codec::DocxReadLimits limits;
  limits.max_part_bytes = 4u << 20;
  limits.max_total_bytes = 6u << 20;
  return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const nianbao::codec::DocxReadLimits limits = FuzzLimits();
  absl::StatusOr<nianbao::codec::SourceDocument> document =
      nianbao::codec::ReadDocx(nianbao::fuzz::AsView(data, size), limits);
  if (!document.ok()) {
    // Out of memory is the one refusal that is not the input's fault.
    RequireClearError(document.status(),
                      {absl::StatusCode::kInvalidArgument, absl::StatusCode::kResourceExhausted});
    return 0;
  }
  absl::StatusOr<nianbao::v1::AnnualReport> report = nianbao::codec::ParseReport(*document);
  if (!report.ok()) RequireClearError(report.status(), {absl::StatusCode::kInvalidArgument});
  return 0;
}
