// The .docx reader (zip container, XML parts, numbering) and the report parser behind it: any bytes
// give a SourceDocument or INVALID_ARGUMENT, and a SourceDocument gives a report or
// INVALID_ARGUMENT.
//
// Mutating a zip mostly breaks its checksums, which stops the input at the container. So an input
// that does not start like a zip is taken as the XML of the parts instead (word/document.xml, then
// optionally word/numbering.xml and word/styles.xml after kPartSeparator lines) and packed into a
// valid archive here: mutations then reach the XML parser and the body reader.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "services/codec/docx_reader.h"
#include "services/codec/report_parser.h"
#include "tests/fuzz/fuzz_checks.h"
#include "tests/unit/codec_docx/docx_builder.h"

namespace {

using nianbao::fuzz::RequireClearError;

// Separates the parts of an XML input (the seeds use it too: tests/fuzz/fuzz_seeds.cc).
constexpr char kPartSeparator[] = "\n=====nianbao-part=====\n";

// Small limits so that an input reaches the size checks without inflating tens of MiB each time.
nianbao::codec::DocxReadLimits FuzzLimits() {
  nianbao::codec::DocxReadLimits limits;
  limits.max_part_bytes = 4u << 20;
  limits.max_total_bytes = 6u << 20;
  return limits;
}

std::string PackParts(absl::string_view xml) {
  std::vector<std::string> parts = absl::StrSplit(xml, absl::MaxSplits(kPartSeparator, 2));
  parts.resize(3);
  nianbao::testing::ZipOptions stored;
  stored.deflate = false;
  return nianbao::testing::BuildZip(nianbao::testing::DocxEntries(parts[0], parts[1], parts[2]),
                                    stored);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const nianbao::codec::DocxReadLimits limits = FuzzLimits();
  absl::string_view bytes = nianbao::fuzz::AsView(data, size);
  std::string packed;
  if (!absl::StartsWith(bytes, "PK")) {
    packed = PackParts(bytes);
    bytes = packed;
  }
  absl::StatusOr<nianbao::codec::SourceDocument> document = nianbao::codec::ReadDocx(bytes, limits);
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
