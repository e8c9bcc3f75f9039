#include "services/codec/pdf_streams.h"

#include <zlib.h>

#include <algorithm>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/codec/parse_error.h"

namespace nianbao::codec::pdf {
namespace {

// "64 MiB" when the limit is a whole number of MiB, else bytes.
std::string Size(std::size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return absl::StrCat(bytes >> 20, " MiB");
  return absl::StrCat(bytes, " bytes");
}

struct Inflated {
  std::size_t consumed = 0;  // input bytes zlib read
  std::size_t produced = 0;  // output bytes, counted up to `limit` and a chunk beyond
};

// Inflates `data` as one zlib stream, discarding the output, until it ends, fails or has produced
// more than `limit` bytes.
Inflated Inflate(absl::string_view data, std::size_t limit) {
  Inflated result;
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return result;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in =
      static_cast<uInt>(std::min<std::size_t>(data.size(), std::numeric_limits<uInt>::max()));
  unsigned char chunk[64 * 1024];
  while (result.produced <= limit) {
    z.next_out = chunk;
    z.avail_out = sizeof(chunk);
    const int rc = inflate(&z, Z_NO_FLUSH);
    result.produced += sizeof(chunk) - z.avail_out;
    if (rc != Z_OK) break;  // the end, an error, or no input left (Z_BUF_ERROR next)
    if (z.avail_in == 0 && z.avail_out != 0) break;
  }
  result.consumed = z.total_in;
  inflateEnd(&z);
  return result;
}

}  // namespace

absl::Status CheckInflatedSizes(absl::string_view bytes, std::size_t max_stream_bytes,
                                std::size_t max_total_bytes) {
  constexpr absl::string_view kKeyword = "stream";
  std::size_t total = 0;
  std::size_t pos = 0;
  while ((pos = bytes.find(kKeyword, pos)) != absl::string_view::npos) {
    std::size_t data = pos + kKeyword.size();
    const bool is_end = pos >= 3 && bytes.substr(pos - 3, 3) == "end";
    // The keyword is followed by CRLF or LF, then the data.
    if (data < bytes.size() && bytes[data] == '\r') ++data;
    if (is_end || data >= bytes.size() || bytes[data] != '\n') {
      pos = data;
      continue;
    }
    ++data;
    const std::size_t allowed = std::min(max_stream_bytes, max_total_bytes - total);
    const Inflated inflated = Inflate(bytes.substr(data), allowed);
    if (inflated.produced > max_stream_bytes) {
      return InputError(
          "PDF",
          absl::StrCat("第 ", data, " 字节处的压缩流解压后超过单个流的上限 ",
                       Size(max_stream_bytes), "（可能是压缩炸弹），拒绝导入"),
          absl::StrCat("the compressed stream at byte ", data, " inflates beyond the limit of ",
                       Size(max_stream_bytes), " for one stream (a PDF bomb?); refused"));
    }
    if (inflated.produced > allowed) {
      return InputError(
          "PDF",
          absl::StrCat("压缩流解压后合计超过上限 ", Size(max_total_bytes), "（第 ", data,
                       " 字节处的流超出），拒绝导入"),
          absl::StrCat("the compressed streams inflate beyond the limit of ", Size(max_total_bytes),
                       " in all (exceeded by the stream at byte ", data, "); refused"));
    }
    total += inflated.produced;
    // A stream's data holds no other stream: go on after what zlib read.
    pos = data + std::max<std::size_t>(inflated.consumed, 1);
  }
  return absl::OkStatus();
}

}  // namespace nianbao::codec::pdf
