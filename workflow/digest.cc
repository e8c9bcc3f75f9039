#include "workflow/digest.h"

#include <openssl/evp.h>

#include <cstdlib>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace nianbao::workflow {

namespace {

// OpenSSL 3's one-shot SHA256() looks the algorithm up (EVP_MD_fetch, locks and a property query)
// on every call: about 9,000 instructions for a digest of a few hundred bytes, which SHA-NI hashes
// in a few hundred. An update computes six or seven digests (callgrind, workflow_core_bench), so
// the algorithm is fetched once per process and each thread reuses one digest context.
const EVP_MD* Sha256Algorithm() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) std::abort();  // libcrypto without SHA-256: nothing can be hashed
    return fetched;
  }();
  return md;
}

struct DigestContext {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~DigestContext() { EVP_MD_CTX_free(ctx); }
};

}  // namespace

std::string Sha256(absl::string_view data) {
  thread_local DigestContext context;
  std::string digest(kSha256Size, '\0');
  unsigned int size = 0;
  if (context.ctx == nullptr || EVP_DigestInit_ex2(context.ctx, Sha256Algorithm(), nullptr) != 1 ||
      EVP_DigestUpdate(context.ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(context.ctx, reinterpret_cast<unsigned char*>(digest.data()), &size) !=
          1 ||
      size != kSha256Size) {
    std::abort();  // out of memory inside libcrypto; a wrong digest would break every chain
  }
  return digest;
}

std::string HexEncode(absl::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 0xf]);
  }
  return hex;
}

void AppendLengthDelimitedField(int field_number, absl::string_view value, std::string* bytes) {
  const auto append_varint = [bytes](uint64_t v) {
    while (v >= 0x80) {
      bytes->push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    bytes->push_back(static_cast<char>(v));
  };
  append_varint((static_cast<uint64_t>(field_number) << 3) | 2);  // wire type 2: length-delimited
  append_varint(value.size());
  bytes->append(value.data(), value.size());
}

std::string DeterministicSerialize(const google::protobuf::MessageLite& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream raw(&bytes);
    google::protobuf::io::CodedOutputStream coded(&raw);
    coded.SetSerializationDeterministic(true);
    message.SerializePartialToCodedStream(&coded);
  }
  return bytes;
}

}  // namespace nianbao::workflow
